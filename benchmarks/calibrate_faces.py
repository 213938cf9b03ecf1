"""Calibrate case ③'s match threshold: TAR and FAR of each face embedder over every pair.

Usage (the figures of benchmarks/README.md, section "Faces")::

    PRIVACAM_MODELS=../shared/assets/models .venv/bin/python benchmarks/calibrate_faces.py \\
        ../shared/assets/media/dlib_johns ../shared/assets/media/dlib_faces_voc \\
        ../shared/assets/media/ShanghaiTech_partB_sample --genders benchmarks/face_genders.csv

Each FOLDER is read by its layout (see :mod:`privacam.evaluation.face_sets`): identity
subfolders of crops (``dlib_johns``), an imglab ``training.xml`` of people seen once
(``dlib_faces_voc``), or plain photos whose faces are all different people. Faces are
found with YuNet. For each embedder (``--embedder``, default ``dlib_resnet`` and
``mobilefacenet``) it prints a threshold sweep (TAR over same-person pairs, FAR over
different-person pairs), the safe threshold (the loosest with no false accept), its TAR,
the per-pair false-accept rate f (rule of three, 3/pairs, when none is seen), the gallery
size N up to which N·f < 1 %, and the ``MatchCalibration(...)`` entry for
``privacam/policy/face_matching.py``. Then, for each age/gender estimator, the gender
agreement on faces whose identity starts with a ``--gender PREFIX=female|male`` label,
(or listed in ``--genders``), and the age estimates per folder. Exits 2 when the folders hold no face.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from rich.progress import Progress

from privacam.evaluation.face_pairs import calibrate, pair_scores, sweep
from privacam.evaluation.face_sets import MIN_FACE, FolderFaces, LabelledFace, read_face_folder
from privacam.vision.detectors.yunet import YunetFaceDetector
from privacam.vision.faces import load_age_gender, load_embedder

SWEEP = [round(0.50 + 0.02 * i, 2) for i in range(25)]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument("--embedder", action="append", help="repeatable; default both")
    parser.add_argument("--estimator", action="append", help="repeatable; default both")
    parser.add_argument("--min-face", type=int, default=MIN_FACE, help="box height, px")
    parser.add_argument("--step", type=float, default=0.01, help="grid of the safe threshold")
    parser.add_argument(
        "--gender", action="append", default=[], metavar="PREFIX=GENDER",
        help="label faces whose identity starts with PREFIX (e.g. dlib_johns=male)",
    )  # fmt: skip
    parser.add_argument(
        "--genders", type=Path, metavar="CSV",
        help="PREFIX,GENDER lines (# comments), e.g. benchmarks/face_genders.csv",
    )  # fmt: skip
    return parser.parse_args(argv)


def read_folders(folders: list[Path], min_face: int) -> list[FolderFaces]:
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        sys.exit(f"calibrate_faces: not a folder: {', '.join(missing)}")
    detector = YunetFaceDetector()
    read = [read_face_folder(folder, detector, min_face) for folder in folders]
    for part in read:
        people = len({face.identity for face in part.faces})
        print(
            f"{part.folder.name}: {part.layout}: {len(part.faces)} faces of {people} people, "
            f"{part.missed} expected faces missed or smaller than {min_face} px"
        )
    return read


def embed_all(name: str, faces: list[LabelledFace]) -> np.ndarray:
    embedder = load_embedder(name)
    rows, seconds = [], 0.0
    with Progress(transient=True) as progress:
        task = progress.add_task(f"embedding with {name}", total=len(faces))
        for face in faces:
            start = time.perf_counter()
            rows.append(embedder.embed(face.image, face.face)[0])
            seconds += time.perf_counter() - start
            progress.advance(task)
    print(f"{name}: {1000 * seconds / len(faces):.1f} ms per face (landmarks, alignment, model)")
    return np.stack(rows)


def closest_different_pair(vectors: np.ndarray, faces: list[LabelledFace]) -> str:
    people = np.array([face.identity for face in faces])
    similarity = vectors @ vectors.T
    similarity[people[:, None] == people[None, :]] = -2.0
    a, b = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
    return f"{similarity[a, b]:.4f} ({faces[a].source.name} of {people[a]} vs {faces[b].source.name} of {people[b]})"


def closest_by_folders(vectors: np.ndarray, faces: list[LabelledFace]) -> list[str]:
    """The highest different-person similarity within and between each pair of folders."""
    people = np.array([face.identity for face in faces])
    folders = np.array([identity.split("/")[0] for identity in people])
    similarity = vectors @ vectors.T
    different = people[:, None] != people[None, :]
    lines = []
    names = list(dict.fromkeys(folders))
    for i, first in enumerate(names):
        for second in names[i:]:
            cell = different & (folders[:, None] == first) & (folders[None, :] == second)
            if cell.any():
                lines.append(f"  {first} × {second}: {similarity[cell].max():.4f}")
    return lines


def measured_on(parts: list[FolderFaces], argv: list[str]) -> str:
    sets = ", ".join(
        f"{p.folder.name} ({len(p.faces)} faces, {len({f.identity for f in p.faces})} people)"
        for p in parts
        if p.faces
    )
    return f"{sets}; benchmarks/calibrate_faces.py {shlex.join(argv)}"


def report_embedder(name: str, faces: list[LabelledFace], parts, argv, step: float) -> None:
    vectors = embed_all(name, faces)
    scores = pair_scores(vectors, [face.identity for face in faces])
    print(f"\n## {name}: {len(scores.same)} same-person pairs, {len(scores.different)} different")
    print("threshold  TAR     FAR")
    for threshold, tar, far in sweep(scores, SWEEP):
        print(f"{threshold:9.2f}  {tar:6.4f}  {far:.5f}")
    entry = calibrate(name, scores, measured_on(parts, argv), step)
    unit_euclidean = float(np.sqrt(2 - 2 * entry.safe_threshold))
    print(f"same-person cosine: min {scores.same.min():.4f}, median {np.median(scores.same):.4f}")
    print(f"closest different people: {closest_different_pair(vectors, faces)}")
    print(
        "highest different-person cosine, by folders:",
        *closest_by_folders(vectors, faces),
        sep="\n",
    )
    print(
        f"safe threshold: cosine ≥ {entry.safe_threshold:g} (unit-vector Euclidean ≤ "
        f"{unit_euclidean:.3f}); TAR {entry.true_accept_rate:.4f}; 0 of "
        f"{entry.different_pairs} different-person pairs accepted, so f ≤ 3/"
        f"{entry.different_pairs} = {entry.false_accept_rate:.3g} (rule of three, 95 %); "
        f"N·f < 1 % up to a gallery of {entry.gallery_limit}"
    )
    print(f"{entry!r}".replace("MatchCalibration(", "MatchCalibration(\n    ", 1))


def parse_labels(labels: list[str], csv: Path | None) -> list[tuple[str, str]]:
    if csv is not None:
        if not csv.is_file():
            sys.exit(f"calibrate_faces: no such file: {csv}")
        lines = csv.read_text(encoding="utf-8").splitlines()
        labels = [
            *labels,
            *(ln.replace(",", "=", 1) for ln in lines if ln.strip() and ln[0] != "#"),
        ]
    parsed = []
    for label in labels:
        prefix, _, gender = label.partition("=")
        if gender not in ("female", "male") or not prefix:
            sys.exit(f"calibrate_faces: --gender wants PREFIX=female|male, got {label!r}")
        parsed.append((prefix, gender))
    return parsed


def report_estimator(name: str, faces: list[LabelledFace], labels: list[tuple[str, str]]) -> None:
    estimator = load_age_gender(name)
    start = time.perf_counter()
    readings = [estimator.estimate(face.image, face.face)[0] for face in faces]
    per_face = 1000 * (time.perf_counter() - start) / len(faces)
    print(f"\n## {name}: {per_face:.1f} ms per face (landmarks, both chips, both models)")
    truth = [next((g for p, g in labels if f.identity.startswith(p)), None) for f in faces]
    judged = [(r.gender, t) for r, t in zip(readings, truth, strict=True) if t is not None]
    if judged:
        agree = sum(g == t for g, t in judged)
        print(
            f"gender agreement: {agree}/{len(judged)} = {agree / len(judged):.4f} on labelled faces"
        )
        for wanted in ("female", "male"):
            group = [g for g, t in judged if t == wanted]
            if group:
                print(f"  labelled {wanted}: {sum(g == wanted for g in group)}/{len(group)} agree")
    by_folder: dict[str, list] = {}
    for face, reading in zip(faces, readings, strict=True):
        by_folder.setdefault(face.identity.split("/")[0], []).append(reading)
    for folder, group in by_folder.items():
        ages = np.array([r.age for r in group])
        genders = Counter(r.gender for r in group)
        print(
            f"{folder}: {len(group)} faces, age mean {ages.mean():.1f} (sd {ages.std():.1f}, "
            f"{ages.min():.1f}–{ages.max():.1f}), {dict(sorted(genders.items()))}"
        )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    labels = parse_labels(args.gender, args.genders)
    parts = read_folders(args.folders, args.min_face)
    faces = [face for part in parts for face in part.faces]
    if not faces:
        print("calibrate_faces: no face found in the folders given", file=sys.stderr)
        return 2
    for name in args.embedder or ["dlib_resnet", "mobilefacenet"]:
        report_embedder(name, faces, parts, argv, args.step)
    for name in args.estimator or ["cydral_age_gender", "insightface_genderage"]:
        report_estimator(name, faces, labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
