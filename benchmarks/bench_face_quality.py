"""The face quality gates' measures on real faces: what the defaults were chosen on.

    .venv/bin/python benchmarks/bench_face_quality.py ../shared/assets/media/dlib_faces_voc
    .venv/bin/python benchmarks/bench_face_quality.py ../shared/assets/media/dlib_johns --pad 75
    .venv/bin/python benchmarks/bench_face_quality.py ../shared/assets/media/TUD-Campus/img1

Runs YuNet (score >= 0.6) on every image under each FOLDER (recursively; ``--pad`` adds a
black border first, for tight face crops YuNet cannot see whole) and prints, per folder,
the spread of each measure the gates use (eye distance px, |yaw|°, |roll|°, sharpness),
the verdicts under the default :class:`~privacam.vision.faces.quality.QualityThresholds`,
and the sharpness of the same faces after a Gaussian blur of σ = 5 % of the face width.
Exits 2 when a folder has no image or no face is found.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def measure(folder: Path, pad: int, detector) -> tuple[list, list[float]]:
    from privacam.vision.faces.quality import assess_faces, sharpness

    qualities, blurred = [], []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
        image = cv2.imread(str(path))
        if image is None:
            continue
        if pad:
            image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT)
        faces = detector.detect(image)
        qualities += assess_faces(image, faces)
        for box in faces.xyxy:
            sigma = 0.05 * float(box[2] - box[0])
            blurred.append(sharpness(cv2.GaussianBlur(image, (0, 0), sigma), box))
    return qualities, blurred


def spread(values) -> str:
    v = np.asarray(values, dtype=float)
    p10, median, p90 = np.percentile(v, [10, 50, 90])
    return f"min {v.min():7.1f}  p10 {p10:7.1f}  median {median:7.1f}  p90 {p90:7.1f}  max {v.max():7.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument("--pad", type=int, default=0, help="black border in px around each image")
    args = parser.parse_args()
    os.environ.setdefault("PRIVACAM_MODELS", str(REPO.parent / "shared" / "assets" / "models"))
    from privacam.vision.detectors import YunetFaceDetector

    detector = YunetFaceDetector(score_threshold=0.6)
    for folder in args.folders:
        qualities, blurred = measure(folder, args.pad, detector)
        if not qualities:
            print(f"{folder}: no face found (no image, or none YuNet sees)", file=sys.stderr)
            return 2
        verdicts = Counter(q.verdict for q in qualities)
        print(f"{folder.name}: {len(qualities)} faces; verdicts {dict(verdicts)}")
        print(f"  eye distance px  {spread([q.size for q in qualities])}")
        print(f"  |yaw| deg        {spread([abs(q.yaw) for q in qualities])}")
        print(f"  |roll| deg       {spread([abs(q.roll) for q in qualities])}")
        print(f"  sharpness        {spread([q.sharpness for q in qualities])}")
        print(f"  ... blurred 5 %  {spread(blurred)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
