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

from rich.console import Console

from privacam.cases.registry import CASES
from privacam.files import write_atomic
from privacam.policy.checks import CheckReport, check_loaded
from privacam.policy.deployment_template import render_template
from privacam.policy.floor_plan import write_sample_floor_plan_beside
from privacam.policy.loader import load_spec
from privacam.policy.spec import Case
from privacam.records import RECORD_KINDS, CrowdInterval, LineCount, Trajectory
from privacam.runtime.run import RunOptions, RunResult, run_deployment
from privacam.runtime.sample_media import SampleMedia
from privacam.store import Store, open_store


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


@dataclass(frozen=True)
class DemoRun:
    """One case's demo run as the CLI reports it: its exit code and its summary lines."""

    exit_code: int
    summary: list[str]


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


def main_kind(case: Case) -> str:
    """The record kind the demo suggests exporting: the case's main one."""
    kinds = CASES[case].record_kinds
    return kinds[0].kind if kinds else "runs"


def deployment_line(files: DemoFiles) -> str:
    """The summary line naming the deployment file: all a case refused by its check shows."""
    return f"  deployment file   {files.deployment}"


def run_prepared_case(
    files: DemoFiles, options: RunOptions, *, console: Console | None = None
) -> DemoRun:
    """Run a case :func:`prepare_case` set up, and summarise where everything went."""
    result = run_deployment(files.deployment, options, console=console)
    with open_store(load_spec(files.deployment), create=False) as store:
        counts = {k: n for k, n in store.counts().items() if n and k in RECORD_KINDS}
        stored = f"{store.display_url}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        found = results_summary(store, files.case)
    return DemoRun(result.exit_code, summary_lines(files, result, stored, found))


def summary_lines(files: DemoFiles, result: RunResult, stored: str, found: str) -> list[str]:
    """Where the demo of one case put everything, and the commands to look further."""
    drawings = sorted(p.name for p in files.outputs.glob("*") if p.is_file())
    return [
        deployment_line(files),
        f"  on-site sign      {files.notice_dir / 'sign-ja.pdf'} (and sign-en.pdf, PNGs)",
        f"  web notice        {files.notice_dir / 'notice-ja.html'} (and notice-en.html)",
        f"  assessment        {', '.join(str(p) for p in files.assessment)}",
        f"  store             {stored}",
        f"  drawings          {files.outputs}/ ({', '.join(drawings) or 'none'})",
        f"  run               {result.run.run_id} {result.run.status}, "
        f"{sum(o.frames for o in result.outcomes)} frames",
        f"  found             {found}",
        f"  export            privacam export {files.deployment} --kind {main_kind(files.case)}"
        " --format csv",
        f"  audit             privacam audit verify {files.deployment}",
    ]
