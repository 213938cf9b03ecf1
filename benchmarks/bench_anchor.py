"""``privacam run`` against the pipeline a user would assemble (the anchor), in one run.

    .venv/bin/python benchmarks/bench_anchor.py                       # TUD-Campus x10 = 710 frames
    .venv/bin/python benchmarks/bench_anchor.py --frames my/frames --fps 30 --line 0,360,1280,360
    .venv/bin/python benchmarks/bench_anchor.py --cameras 1 2 4      # aggregate, one process

The anchor is ``../shared/anchors/anchor_pipeline.py``: YOLOX-Nano (ONNX Runtime, 2
threads) → trackers ByteTrack → supervision LineZone on a folder of frames, run with the
anchors' own venv (``bash ../shared/anchors/setup.sh`` builds it and prints its path).
Its figure is its in-process pipeline rate (imread → letterbox → ORT → NMS → track →
count), its start-up and its own warm-up pass not counted.

privacam's figures are ``privacam run`` as whole processes, from the command to its exit
(imports, check, notice verification, model digests, store and migrations, run record,
audit, the counting case, window batches), on a counting deployment with the same line,
the same frames and the same model, in source frames per second of wall time (frames
given over seconds taken, whatever the case's ``detect_fps`` chose to detect):

- *whole process*: all the frames over the whole process's seconds, start-up included
  (about 1.5–2 s here, which the anchor's figure leaves out);
  The anchor's whole-process figure is its start-up (its process's wall time less its
  warm-up and timed passes) plus one pass;
- *steady rate*: what a camera running for hours sees, start-up excluded the same way
  for both: the run on all frames and the run stopped at half of them (``--max-frames``),
  the difference in frames over the difference in seconds.

``--detect-fps every`` writes the deployment with ``detect_fps: null`` (every frame
detected) for comparison.

Passes alternate (anchor, privacam, anchor, privacam, ...) after one warm-up of each;
medians are printed with the ratio. ``--cameras 1 2 4`` also runs privacam with that many
cameras in one deployment (each on its own view of the frames), and prints the aggregate
source frames per second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from asset_dirs import media_dir, models_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def frame_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def replayed(frames: list[Path], repeats: int, folder: Path) -> Path:
    """``frames`` played forwards then backwards, ``repeats`` times, as symlinks in ``folder``."""
    folder.mkdir(parents=True)
    n = 0
    for k in range(repeats):
        for frame in frames if k % 2 == 0 else frames[::-1]:
            n += 1
            (folder / f"{n:06d}{frame.suffix.lower()}").symlink_to(frame.resolve())
    return folder


def anchor_python(given: str | None) -> Path:
    if given:
        return Path(given)
    setup = SHARED / "anchors" / "setup.sh"
    venv = subprocess.run(["bash", str(setup)], check=True, capture_output=True, text=True)
    return Path(venv.stdout.strip().splitlines()[-1]) / "bin" / "python"


def anchor_pass(
    python: Path, folder: Path, model: Path, line: str, fps: float, out: Path
) -> tuple[float, float]:
    """The anchor's in-process pipeline frames per second (one timed pass after its own
    warm-up), and its start-up in seconds: the process's wall time less its two passes."""
    script = SHARED / "anchors" / "anchor_pipeline.py"
    command = [str(python), str(script), "--frames", str(folder), "--model", str(model)]
    command += ["--line", line, "--fps", f"{fps:g}", "--passes", "1", "--only-pipeline"]
    start = time.perf_counter()
    subprocess.run([*command, "--json", str(out)], check=True, capture_output=True)
    wall = time.perf_counter() - start
    result = json.loads(out.read_text())
    rate = float(result["pipeline"]["fps_median"])
    return rate, max(0.0, wall - 2 * int(result["frames"]) / rate)


def write_deployment(
    site: Path, folder: Path, fps: float, line: list[float], cameras: int, detect_fps: str | None
) -> Path:
    """A counting deployment with ``cameras`` cameras on ``folder``, its notice rendered."""
    from privacam.policy.loader import load_spec
    from privacam.policy.notice import render_notice
    from privacam.policy.spec import Case
    from privacam.runtime.demo import write_demo_deployment
    from privacam.runtime.sample_media import SampleMedia

    deployment = write_demo_deployment(site, Case.counting, SampleMedia(str(folder), fps, "bench"))
    spec = yaml.safe_load(deployment.read_text(encoding="utf-8"))
    first = spec["cameras"][0]
    first["lines"] = [{"name": "line", "start": line[:2], "end": line[2:]}]
    first.pop("zones", None)  # the anchor counts one line and nothing else
    width, height = _image_size(folder)
    first["resolution"] = [width, height]
    spec["cameras"] = [dict(first, id=f"cam{i + 1}") for i in range(cameras)]
    if detect_fps is not None:
        settings = spec.get("case_settings") or {}
        spec["case_settings"] = settings
        counting = settings.get("counting") or {}
        settings["counting"] = counting
        counting["detect_fps"] = None if detect_fps == "every" else float(detect_fps)
    deployment.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    render_notice(load_spec(deployment), deployment.parent / "notice")
    return deployment


def _image_size(folder: Path) -> tuple[int, int]:
    import cv2

    image = cv2.imread(str(frame_files(folder)[0]))
    return int(image.shape[1]), int(image.shape[0])


def privacam_seconds(deployment: Path, max_frames: int | None = None) -> float:
    """Wall seconds of one whole ``privacam run`` process (all its cameras)."""
    for stale in deployment.parent.glob("privacam.db*"):
        stale.unlink()
    command = [str(Path(sys.executable).parent / "privacam"), "run", str(deployment)]
    command += ["--no-progress", "--start-time", "2026-04-01T09:00:00+09:00"]
    if max_frames is not None:
        command += ["--max-frames", str(max_frames)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"privacam run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    media = media_dir()
    models = models_dir()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--frames",
        type=Path,
        default=media / "TUD-Campus" / "img1",
        help="a folder of frames (.jpg/.png, sorted by name)",
    )
    parser.add_argument("--fps", type=float, default=25.0, help="the frames' rate")
    parser.add_argument("--line", default=None, help="x1,y1,x2,y2 (default: vertical, middle)")
    parser.add_argument("--repeats", type=int, default=10, help="plays of the folder per pass")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per side (>= 1)")
    parser.add_argument("--model", type=Path, default=models / "yolox_nano.onnx")
    parser.add_argument("--anchor-python", default=None, help="the anchors' venv python")
    parser.add_argument(
        "--detect-fps",
        default=None,
        help="the case's detect_fps in the deployment ('every' = null); "
        "default: the case's default",
    )
    parser.add_argument(
        "--cameras",
        type=int,
        nargs="+",
        default=[1],
        help="privacam camera counts to run in one process (aggregate fps)",
    )
    parser.add_argument("--no-anchor", action="store_true", help="privacam's side only")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.frames.is_dir() or not frame_files(args.frames):
        print(f"bench_anchor: no frames in {args.frames}", file=sys.stderr)
        return 2
    if not args.model.is_file():
        print(f"bench_anchor: no model at {args.model}; set PRIVACAM_MODELS", file=sys.stderr)
        return 2
    os.environ.setdefault("PRIVACAM_MODELS", str(args.model.parent))
    with tempfile.TemporaryDirectory(prefix="bench_anchor_") as scratch_name:
        scratch = Path(scratch_name)
        os.environ.setdefault("PRIVACAM_AUDIT_KEY_FILE", str(scratch / "audit.key"))
        return measure(args, scratch)


def measure(args: argparse.Namespace, scratch: Path) -> int:
    folder = replayed(frame_files(args.frames), args.repeats, scratch / "frames")
    n = len(frame_files(folder))
    width, height = _image_size(folder)
    line = (
        [float(v) for v in args.line.split(",")] if args.line else [width / 2, 0, width / 2, height]
    )
    line_arg = ",".join(f"{v:g}" for v in line)
    python = None if args.no_anchor else anchor_python(args.anchor_python)
    deployments = {
        k: write_deployment(scratch / f"site{k}", folder, args.fps, line, k, args.detect_fps)
        for k in args.cameras
    }
    print(
        f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}  frames: {n} "
        f"({args.frames} x{args.repeats}, {width}x{height})  line: {line_arg}  "
        f"detect_fps: {args.detect_fps or 'the case default'}"
    )
    anchor: list[float] = []
    anchor_whole: list[float] = []
    whole: dict[int, list[float]] = {k: [] for k in args.cameras}
    steady: dict[int, list[float]] = {k: [] for k in args.cameras}
    half = n // 2
    for i in range(max(1, args.passes) + 1):  # pass 0 warms caches and is not counted
        if python is not None:
            a, startup = anchor_pass(
                python, folder, args.model, line_arg, args.fps, scratch / "a.json"
            )
        for k, deployment in deployments.items():
            full, short = privacam_seconds(deployment), privacam_seconds(deployment, half)
            if i:
                whole[k].append(n * k / full)
                steady[k].append((n - half) * k / max(full - short, 1e-9))
        if not i:
            continue
        if python is not None:
            anchor.append(a)
            anchor_whole.append(n / (startup + n / a))
        row = "  ".join(
            f"privacam x{k}: {whole[k][-1]:.1f} whole, {steady[k][-1]:.1f} steady"
            for k in args.cameras
        )
        theirs = f"anchor {anchor[-1]:.1f} steady, {anchor_whole[-1]:.1f} whole  " if anchor else ""
        print(f"  pass {i}: " + theirs + row)
    report(anchor, anchor_whole, whole, steady)
    return 0


def report(
    anchor: list[float],
    anchor_whole: list[float],
    whole: dict[int, list[float]],
    steady: dict[int, list[float]],
) -> None:
    theirs = {"whole process": anchor_whole, "steady rate": anchor}
    for name, values in theirs.items():
        if values:
            print(
                f"median anchor, {name:13s}:                {statistics.median(values):7.1f} frames/s"
            )
    for k in whole:
        for name, values in (("whole process", whole[k]), ("steady rate", steady[k])):
            p = statistics.median(values)
            a = statistics.median(theirs[name]) if theirs[name] else None
            ratio = f"  ratio {p / a:.2f}" if a else ""
            print(f"median privacam, {name:13s}, {k} camera(s): {p:7.1f} frames/s{ratio}")
    if anchor and 1 in steady:
        for name, ours in (("steady rate", steady[1]), ("whole process", whole[1])):
            ratio = statistics.median(ours) / statistics.median(theirs[name])
            print(
                f"target privacam >= 1.4 x anchor, {name}: {'met' if ratio >= 1.4 else 'NOT met'}"
            )


if __name__ == "__main__":
    sys.exit(main())
