"""Cases ① and ③ against the counting case on the same frames: fps, and ms per stage and face.

    .venv/bin/python benchmarks/bench_faces.py ../shared/assets/media/TUD-Campus
    .venv/bin/python benchmarks/bench_faces.py SEQ... --passes 5 --min-eye-distance 4

Each SEQUENCE is a folder of frames (its ``img1/`` in MOTChallenge's layout, or the
folder itself); all its frames are decoded into memory first, so the figures are the
vision and case work, not decoding. Per pass, alternated in one process:

- **counting** (④), **attributes** (①) and **repeat** (③) end to end: the case's detector
  plan, tracker, face stage (①, ③) and analyser, frame by frame, as ``privacam run``
  drives them. A case the registry has no analyser for yet runs its face stage without
  one and is labelled so; ③'s gallery is in memory (the vault's cost is not measured).
- **stages**: ms per frame of person detection, tracking, face detection (near the heads
  and on the whole frame, with how many faces each links to a track), the quality gates;
  and ms per face of age/gender and of the embedding, measured on the first 40 faces linked
  to a track whatever their quality (the gates pass few of TUD-Campus's faces: ``--min-eye-distance``
  lowers that gate to see the budget at work).

Prints medians over ``--passes`` and each face case's fps as a share of counting's
(target ≥ 0.50). Exits 2 when a sequence has no frames, or no face is found in any.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
FPS = 25.0
#: Faces per pass the per-face model figures are measured on (dlib's descriptor is slow).
FACE_SAMPLE = 40


def frames_of(sequence: Path) -> list[np.ndarray]:
    folder = sequence / "img1" if (sequence / "img1").is_dir() else sequence
    paths = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    images = [cv2.imread(str(p)) for p in paths]
    return [image for image in images if image is not None]


class MemoryGallery:
    """Case ③'s vault in memory, for speed only: nearest template by cosine."""

    def __init__(self, threshold: float = 0.9) -> None:
        self.threshold = threshold
        self.templates: list[tuple[str, np.ndarray]] = []

    def is_excluded(self, feature: np.ndarray) -> bool:
        return False

    def match(self, feature: np.ndarray):
        from privacam.cases.gallery import GalleryMatch

        best = max(self.templates, key=lambda t: float(t[1] @ feature), default=None)
        if best is None or float(best[1] @ feature) < self.threshold:
            return None
        return GalleryMatch(best[0], float(best[1] @ feature))

    def enrol(self, feature: np.ndarray, *, seen_at: datetime, store_id: str) -> str:
        # Visitor ids are random UUID4s, as the vault gives them (RepeatVisit refuses others).
        self.templates.append((str(uuid.uuid4()), feature))
        return self.templates[-1][0]


@dataclass
class CaseUnderTest:
    name: str
    plan: object
    #: Builds a fresh analyser per pass (each pass is a new run), or None.
    analyzer: Callable[[], object] | None
    label: str
    fps: list[float] = field(default_factory=list)
    reads: int = 0


def _spec(case: str):
    import yaml

    from privacam.policy.deployment_template import render_template
    from privacam.policy.loader import load_spec_text

    data = yaml.safe_load(render_template(case))
    return load_spec_text(yaml.safe_dump(data, allow_unicode=True)).spec


def _face_plan(case: str, min_eye_distance: float | None):
    """The case's registry plan, or the face stage it will run while it has no entry yet."""
    from privacam.cases import registry
    from privacam.cases.detection import DetectorPlan
    from privacam.cases.face_plan import FacePlan
    from privacam.policy.spec import Case

    entry = registry.CASES.get(Case(case))
    if entry is not None:
        plan = entry.detector_plan(entry.settings())
    elif case == "attributes":
        plan = DetectorPlan(face_reading=FacePlan.defaults(age_gender=True))
    else:
        plan = DetectorPlan(face_reading=FacePlan.defaults(embedding=True))
    if min_eye_distance is not None and plan.face_reading is not None:
        stage = plan.face_reading.stage
        quality = replace(stage.quality, min_eye_distance=min_eye_distance)
        plan = replace(
            plan, face_reading=replace(plan.face_reading, stage=replace(stage, quality=quality))
        )
    return plan, entry


def build_cases(min_eye_distance: float | None) -> list[CaseUnderTest]:
    from privacam.cases.base import CaseOutputs
    from privacam.cases.factory import make_analyzer, plan_for

    out = CaseOutputs(Path(os.environ.get("TMPDIR", "/tmp")) / "bench_faces")
    counting = _spec("counting")
    cases = [
        CaseUnderTest(
            "counting",
            plan_for(counting),
            lambda: make_analyzer(counting, counting.cameras[0], out),
            "counting (4), end to end",
        )
    ]
    for name, mark in (("attributes", "1"), ("repeat", "3")):
        plan, entry = _face_plan(name, min_eye_distance)
        analyzer, label = None, f"{name} ({mark}), stage only (no analyser yet)"
        if entry is not None:
            analyzer = _analyzer_factory(_spec(name), out)
            label = f"{name} ({mark}), end to end"
        cases.append(CaseUnderTest(name, plan, analyzer, label))
    return cases


def _analyzer_factory(spec, out) -> Callable[[], object]:
    from privacam.cases.factory import make_analyzer

    def build() -> object:
        try:
            return make_analyzer(spec, spec.cameras[0], out, gallery=MemoryGallery())
        except TypeError:  # a factory that takes no gallery
            return make_analyzer(spec, spec.cameras[0], out)

    return build


def run_case(case: CaseUnderTest, images: list[np.ndarray], built) -> tuple[float, int]:
    """(fps, faces read) of one pass of ``case`` over ``images``."""
    from privacam.cases.base import Observation
    from privacam.vision.tracking import ByteTracker

    detector, faces = built
    tracker = ByteTracker(case.plan.tracker)
    analyzer = case.analyzer() if case.analyzer is not None else None
    if faces is not None:
        faces.stage._budgets.clear()  # a new pass is a new run: nobody has been read yet
    read = 0
    start = time.perf_counter()
    for index, image in enumerate(images):
        at = T0 + timedelta(seconds=index / FPS)
        detections = detector.detect(image)
        tracks = tracker.update(detections, index, index / FPS)
        readings = faces.read(image, tracks) if faces is not None else None
        if readings is not None:
            read += sum(a is not None for a in readings.age_gender)
            read += sum(e is not None for e in readings.embeddings)
        if analyzer is not None:
            h, w = image.shape[:2]
            analyzer.observe(
                Observation("cam1", index, index / FPS, at, w, h, detections, tracks, readings)
            )
    return len(images) / (time.perf_counter() - start), read


@dataclass
class StageTimes:
    """Milliseconds per frame (or per face) of each stage, one list entry per pass."""

    ms: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.ms.setdefault(name, []).append(value)


def _timed(call, *args):
    start = time.perf_counter()
    result = call(*args)
    return result, (time.perf_counter() - start) * 1000


def time_stages(images, people, tracker_config, near, whole, estimator, embedder, gates, times):
    """One pass of every stage over ``images``, with face counts for the search comparison."""
    from privacam.vision.faces.quality import assess_faces
    from privacam.vision.faces.stage import link_faces
    from privacam.vision.tracking import ByteTracker

    tracker = ByteTracker(tracker_config)
    total = dict.fromkeys(("person", "track", "near", "whole", "gates", "age", "embed"), 0.0)
    faces_read = linked_near = linked_whole = 0
    for index, image in enumerate(images):
        detections, ms = _timed(people.detect, image)
        total["person"] += ms
        tracks, ms = _timed(tracker.update, detections, index, index / FPS)
        total["track"] += ms
        persons = tracks.tracked[tracks.tracked.class_ids == 0]
        faces, ms = _timed(near.detect, image, persons)
        total["near"] += ms
        whole_faces, ms = _timed(whole.detect, image, persons)
        total["whole"] += ms
        _, ms = _timed(assess_faces, image, faces, gates)
        total["gates"] += ms
        linked = faces[link_faces(faces, persons) >= 0]
        linked_near += len(linked)
        linked_whole += int((link_faces(whole_faces, persons) >= 0).sum())
        linked = linked[: max(0, FACE_SAMPLE - faces_read)]  # enough faces for a per-face mean
        if len(linked):
            faces_read += len(linked)
            if estimator is not None:
                total["age"] += _timed(estimator.estimate, image, linked)[1]
            if embedder is not None:
                total["embed"] += _timed(embedder.embed, image, linked)[1]
    n = len(images)
    for name in ("person", "track", "near", "whole", "gates"):
        times.add(name, total[name] / n)
    for name in ("age", "embed"):
        times.add(name, total[name] / max(faces_read, 1))
    times.counts.update(linked_near=linked_near, linked_whole=linked_whole, faces=faces_read)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sequences", nargs="+", type=Path, metavar="SEQUENCE")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument(
        "--min-eye-distance", type=float, help="lower the size gate (px between the eyes)"
    )
    args = parser.parse_args()
    os.environ.setdefault("PRIVACAM_MODELS", str(REPO.parent / "shared" / "assets" / "models"))
    from privacam.errors import InputError

    found_faces = 0
    for sequence in args.sequences:
        images = frames_of(sequence)
        if not images:
            print(
                f"{sequence}: no frames found (a folder of images, or its img1/)", file=sys.stderr
            )
            return 2
        try:
            found_faces += bench_sequence(sequence, images, args)
        except InputError as error:
            print(f"{sequence}: {error}", file=sys.stderr)
            return 2
    if not found_faces:
        print("no face was linked to a person track in any sequence", file=sys.stderr)
        return 2
    return 0


def bench_sequence(sequence: Path, images: list[np.ndarray], args) -> int:
    from privacam.vision.faces.search import FacesNearHeads, WholeFrame

    cases = build_cases(args.min_eye_distance)
    built = {c.name: (c.plan.build(), c.plan.build_face_reader()) for c in cases}
    face_case = next(c for c in cases if c.name == "repeat")
    _, reader = built["repeat"]
    estimator = built["attributes"][1].stage.estimator
    yunet = reader.search.detector
    near, whole = FacesNearHeads(yunet), WholeFrame(yunet)
    times = StageTimes()
    for c in cases:  # warm-up: sessions initialise on their first frame
        run_case(c, images[:2], built[c.name])
    for _ in range(args.passes):
        for c in cases:
            fps, c.reads = run_case(c, images, built[c.name])
            c.fps.append(fps)
        time_stages(
            images,
            built["repeat"][0],
            face_case.plan.tracker,
            near,
            whole,
            estimator,
            reader.stage.embedder,
            reader.stage.settings.quality,
            times,
        )
    report(sequence, images, cases, times, args)
    return times.counts["linked_near"]


def report(sequence, images, cases, times: StageTimes, args) -> None:
    median = statistics.median
    h, w = images[0].shape[:2]
    print(
        f"{sequence.name}: {len(images)} frames {w}x{h}; passes: {args.passes}; "
        f"cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}"
    )
    if args.min_eye_distance is not None:
        print(f"size gate lowered to {args.min_eye_distance} px between the eyes")
    counting = median(cases[0].fps)
    print(f"{'case':<46}{'fps':>8}{'/ counting':>12}{'reads':>7}   passes")
    for c in cases:
        spread = ", ".join(f"{v:.0f}" for v in c.fps)
        print(
            f"{c.label:<46}{median(c.fps):>8.1f}{median(c.fps) / counting:>12.2f}"
            f"{c.reads:>7}   {spread}"
        )
    names = {
        "person": "person detection (YOLOX-Nano), ms/frame",
        "track": "tracking (ByteTrack), ms/frame",
        "near": "face detection near heads (YuNet), ms/frame",
        "whole": "face detection, whole frame (YuNet), ms/frame",
        "gates": "quality gates, ms/frame",
        "age": "age/gender, ms/face",
        "embed": "embedding, ms/face",
    }
    for key, label in names.items():
        print(f"{label:<50}{median(times.ms[key]):>8.2f}")
    c = times.counts
    print(
        f"faces linked to a track: near heads {c['linked_near']}, whole frame "
        f"{c['linked_whole']}; faces read for the per-face figures: {c['faces']}"
    )
    print("target: attributes and repeat >= 0.50 of counting's fps")


if __name__ == "__main__":
    sys.exit(main())
