"""``privacam demo``: a deployment per case, its notice and assessment, then a real run.

For each case asked for (counting and flow by default) the demo writes a
deployment file from the case's template with the sample media as its camera,
checks it, renders the notice and the assessment, and runs it. The first case
goes straight into the output folder (``demo-out/privacam.yaml``), the others
into a sub-folder named after the case (``demo-out/flow/privacam.yaml``).

The floor plan that the flow and crowd maps are drawn on is the sample drawing
``privacam init`` writes too (walls and a grid on a plain background), never a
camera image.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from privacam.files import write_atomic
from privacam.policy.checks import CheckReport, check_loaded
from privacam.policy.deployment_template import render_template
from privacam.policy.floor_plan import write_sample_floor_plan_beside
from privacam.policy.loader import load_spec
from privacam.policy.spec import Case
from privacam.records import CrowdInterval, LineCount, Trajectory
from privacam.runtime.sample_media import SampleMedia
from privacam.store import Store


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


def write_demo_deployment(folder: Path, case: Case, media: SampleMedia) -> Path:
    """Write ``privacam.yaml`` (and the floor plan it names, for flow and crowd)."""
    folder.mkdir(parents=True, exist_ok=True)
    deployment = folder / "privacam.yaml"
    write_atomic(deployment, deployment_text(case, media).encode("utf-8"))
    write_sample_floor_plan_beside(deployment)  # the same sample plan `privacam init` writes
    return deployment


def prepare_case(folder: Path, case: Case, media: SampleMedia) -> DemoFiles:
    """Deployment file, check, notice and assessment for one case (no run yet)."""
    from privacam.policy.assessment import write_assessment
    from privacam.runtime.notice import render_audited_notice

    deployment = write_demo_deployment(folder, case, media)
    loaded = load_spec(deployment)
    report = check_loaded(loaded)
    render_audited_notice(loaded, folder / "notice", draft=False)  # audited, as `notice` is
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
