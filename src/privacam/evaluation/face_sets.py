"""Labelled faces from the sample face sets, found with YuNet as the pipeline finds them.

A folder is read by its layout:

- **identity folders** (``dlib_johns/``): one subfolder per person, each holding face
  crops. A crop is too tight for YuNet to see the face whole, so it is placed on a
  black canvas padded by half its size on every side, and the best-scoring face
  found there is the crop's face (a crop where YuNet finds none is counted missed);
- **an imglab file** (``dlib_faces_voc/training.xml``): photos of people seen once;
  every YuNet face that overlaps a truth box (IoU ≥ 0.3) is a different person;
- **plain photos** (the folder's images, or those in its ``images/``): every face is
  taken to be a different person (crowd photos such as ``ShanghaiTech_partB_sample``).

Faces smaller than ``min_face`` pixels (box height) are left out: they would not pass
the face stage's quality gates either. Images stay in memory, never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from privacam.evaluation.detection import match
from privacam.evaluation.truth_boxes import imglab_boxes
from privacam.vision.detectors.base import Detector
from privacam.vision.types import Detections

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")
MIN_FACE = 32


@dataclass(frozen=True, slots=True)
class LabelledFace:
    """One face: who it is, which file it came from, the image it is in, its detection."""

    identity: str
    source: Path
    image: np.ndarray
    face: Detections


@dataclass(frozen=True, slots=True)
class FolderFaces:
    """What a folder gave: its layout, its faces, and how many expected faces were missed."""

    folder: Path
    layout: str
    faces: list[LabelledFace]
    missed: int


def _images(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def _large_enough(faces: Detections, min_face: int) -> Detections:
    return faces[(faces.xyxy[:, 3] - faces.xyxy[:, 1]) >= min_face]


def _read(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"{path}: not a readable image")
    return image


def identity_folders(folder: Path, detector: Detector, min_face: int) -> FolderFaces:
    faces, missed = [], 0
    for person in sorted(p for p in folder.iterdir() if p.is_dir()):
        for path in _images(person):
            crop = _read(path)
            pad_y, pad_x = crop.shape[0] // 2, crop.shape[1] // 2
            canvas = cv2.copyMakeBorder(crop, pad_y, pad_y, pad_x, pad_x, cv2.BORDER_CONSTANT)
            found = _large_enough(detector.detect(canvas), min_face)
            if not len(found):
                missed += 1
                continue
            best = found[[int(np.argmax(found.scores))]]
            faces.append(LabelledFace(f"{folder.name}/{person.name}", path, canvas, best))
    return FolderFaces(folder, "identity folders", faces, missed)


def imglab_photos(folder: Path, detector: Detector, min_face: int) -> FolderFaces:
    faces, missed = [], 0
    for path, truth in imglab_boxes(folder):
        image = _read(path)
        found = detector.detect(image)
        matched, truth_found = match(found.xyxy, found.scores, truth, iou_threshold=0.3)
        missed += int((~truth_found).sum())
        kept = _large_enough(found[matched], min_face)
        missed += int(matched.sum()) - len(kept)
        for index in range(len(kept)):
            identity = f"{folder.name}/{path.name}#{index}"
            faces.append(LabelledFace(identity, path, image, kept[[index]]))
    return FolderFaces(folder, "imglab photos (people seen once)", faces, missed)


def plain_photos(folder: Path, detector: Detector, min_face: int) -> FolderFaces:
    faces = []
    root = folder / "images" if (folder / "images").is_dir() else folder
    for path in _images(root):
        image = _read(path)
        kept = _large_enough(detector.detect(image), min_face)
        for index in range(len(kept)):
            identity = f"{folder.name}/{path.name}#{index}"
            faces.append(LabelledFace(identity, path, image, kept[[index]]))
    return FolderFaces(folder, "photos (every face a different person)", faces, 0)


def read_face_folder(folder: Path, detector: Detector, min_face: int = MIN_FACE) -> FolderFaces:
    """The labelled faces of ``folder``, by its layout (see the module's docstring)."""
    if (folder / "training.xml").is_file():
        return imglab_photos(folder, detector, min_face)
    if any(p.is_dir() and _images(p) for p in folder.iterdir() if p.name != "images"):
        return identity_folders(folder, detector, min_face)
    return plain_photos(folder, detector, min_face)
