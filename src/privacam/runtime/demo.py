"""``privacam demo``: a deployment per case, its notice and assessment, then a real run.

For each case asked for (counting and flow by default) the demo writes a
deployment file from the case's template with the sample media as its camera,
checks it, renders the notice and the assessment, and runs it. The first case
goes straight into the output folder (``demo-out/privacam.yaml``), the others
into a sub-folder named after the case (``demo-out/flow/privacam.yaml``).

The floor plan that the flow and crowd maps are drawn on is a drawing made here
(walls and a grid on a plain background), never a camera image.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.policy.checks import CheckReport, run_checks
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec
from privacam.policy.spec import Case
from privacam.records import CrowdInterval, LineCount, Trajectory
from privacam.runtime.sample_media import SampleMedia
from privacam.store import Store

FLOOR_PLAN_SIZE = (800, 600)  # pixels, for the template's 40 m x 30 m plan


@dataclass(frozen=True)
class DemoFiles:
    """Where one case's demo put everything."""

    case: Case
    folder: Path
    deployment: Path
    notice_dir: Path
    assessment: list[Path]
    outputs: Path
    check: CheckReport


def demo_folder(output: Path, case: Case, first: bool) -> Path:
    return output if first else output / case.value


def deployment_text(case: Case, media: SampleMedia) -> str:
    """The case's template with the sample media as the camera's source."""
    text = render_template(case)
    source_line = re.compile(r"^(    source: ).*$", flags=re.M)
    text, replaced = source_line.subn(lambda m: m.group(1) + json.dumps(media.source), text, 1)
    if replaced != 1:  # the template changed shape; fail loudly rather than run the wrong source
        raise RuntimeError("the deployment template has no camera source line to replace")
    fps_line = re.compile(r"^    fps: .*$\n", flags=re.M)
    text = fps_line.sub("", text)
    if media.fps is not None:
        text = source_line.sub(lambda m: m.group(0) + f"\n    fps: {media.fps:g}", text, 1)
    return text


def draw_floor_plan(path: Path) -> Path:
    """A plain floor plan (walls, a 5 m grid, an entrance gap) drawn from scratch."""
    width, height = FLOOR_PLAN_SIZE
    plan = np.full((height, width, 3), 245, dtype=np.uint8)
    for x in range(0, width, 100):  # 100 px = 5 m
        cv2.line(plan, (x, 0), (x, height), (225, 225, 225), 1)
    for y in range(0, height, 100):
        cv2.line(plan, (0, y), (width, y), (225, 225, 225), 1)
    cv2.rectangle(plan, (10, 10), (width - 10, height - 10), (60, 60, 60), 6)
    cv2.line(plan, (340, height - 10), (460, height - 10), (245, 245, 245), 8)  # entrance
    cv2.rectangle(plan, (100, 100), (260, 220), (150, 150, 150), -1)  # shelves
    cv2.rectangle(plan, (540, 100), (700, 220), (150, 150, 150), -1)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), plan):
        raise InputError(f"cannot write the demo floor plan {path}")
    return path


def write_demo_deployment(folder: Path, case: Case, media: SampleMedia) -> Path:
    """Write ``privacam.yaml`` (and the floor plan it names, for flow and crowd)."""
    folder.mkdir(parents=True, exist_ok=True)
    deployment = folder / "privacam.yaml"
    deployment.write_text(deployment_text(case, media), encoding="utf-8")
    loaded = load_spec(deployment)
    if loaded.public.site.floor_plan:
        draw_floor_plan(folder / loaded.public.site.floor_plan)
    return deployment


def prepare_case(folder: Path, case: Case, media: SampleMedia) -> DemoFiles:
    """Deployment file, check, notice and assessment for one case (no run yet)."""
    from privacam.policy.assessment import write_assessment
    from privacam.policy.notice import render_notice

    deployment = write_demo_deployment(folder, case, media)
    loaded = load_spec(deployment)
    report = run_checks(loaded.public)
    render_notice(loaded, folder / "notice")
    assessment = write_assessment(loaded, folder / "assessment.html")
    return DemoFiles(
        case=case,
        folder=folder,
        deployment=deployment,
        notice_dir=folder / "notice",
        assessment=list(assessment),
        outputs=folder / "outputs",
        check=report,
    )


def results_summary(store: Store, case: Case) -> str:
    """One line of what the run found, read back from the store."""
    if case is Case.counting:
        totals: dict[tuple[str, str], int] = {}
        for row in store.read(LineCount):
            key = (row.line, row.direction)
            totals[key] = totals.get(key, 0) + row.count
        return "; ".join(f"line {line} {d}: {n}" for (line, d), n in sorted(totals.items()))
    if case is Case.flow:
        visits = store.count(Trajectory)
        return f"{visits} visits (trajectories, personal data with their own retention)"
    if case is Case.crowd:
        rows = store.read(CrowdInterval)
        peak = max((r.moving + r.still for r in rows if r.area == "all"), default=0)
        return f"{len(rows)} interval rows; at most {peak} people in view"
    return ""
