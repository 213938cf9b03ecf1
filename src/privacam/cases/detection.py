"""Which detector and tracker each case wants, as plain settings the runtime builds from.

A :class:`DetectorPlan` names the vision-layer pieces and their thresholds;
:meth:`DetectorPlan.build` turns it into a detector (YOLOX-Nano, optionally on
overlapping tiles, optionally united with YuNet faces, or joined with the MCNN
density model for dense crowds), and :attr:`DetectorPlan.tracker` is the
:class:`ByteTrackConfig` to track with. Cases ① and ③ add a
:class:`~privacam.cases.face_plan.FacePlan` (``face_reading``): the face stage that
runs after the tracker (:meth:`DetectorPlan.build_face_reader`).

>>> plan = DetectorPlan(classes=(0,), tile_size=(416, 416))
>>> plan.tiled, plan.tracker.new_track_score
(True, 0.6)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from privacam.cases.face_plan import FacePlan
from privacam.vision.density import DensityCrowdConfig, DensityCrowdDetector, MCNNDensity
from privacam.vision.density.hybrid import HEADS_PER_BODY
from privacam.vision.detectors import (
    Detector,
    TiledDetector,
    YoloxDetector,
    YunetFaceDetector,
    check_image,
)
from privacam.vision.faces.reader import FaceReader
from privacam.vision.models import ResolvedModel
from privacam.vision.tracking import ByteTrackConfig, DetectionSchedule
from privacam.vision.types import Detections

PERSON = 0


def person_box_from_face(face_xyxy: np.ndarray, width: int, height: int) -> np.ndarray:
    """``(N, 4)`` estimated whole-person boxes below ``(N, 4)`` face boxes (feet included).

    >>> person_box_from_face(np.array([[100, 50, 120, 74]]), 640, 480).round().tolist()
    [[85.0, 45.0, 135.0, 225.0]]
    """
    f = np.asarray(face_xyxy, dtype=np.float32).reshape(-1, 4)
    cx = (f[:, 0] + f[:, 2]) / 2
    face_h = f[:, 3] - f[:, 1]
    top = f[:, 1] - 0.2 * face_h
    bottom = top + HEADS_PER_BODY * face_h
    half_w = 1.25 * (f[:, 2] - f[:, 0])
    boxes = np.stack([cx - half_w, top, cx + half_w, bottom], axis=1)
    return np.clip(boxes, 0, [width, height, width, height]).astype(np.float32)


class PeopleWithFaces:
    """Person boxes, plus a person for every face that lies in no person box.

    In dense crowds bodies hide each other while faces towards the camera stay
    visible; a face whose centre is inside a person box is that person, the
    others are people the body detector missed. Their boxes are estimated from
    the face (:func:`person_box_from_face`), so the feet anchor stays meaningful.
    """

    def __init__(self, people: Detector, faces: Detector, *, face_score_scale: float = 1.0):
        self.people = people
        self.faces = faces
        self.face_score_scale = face_score_scale

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        people = self.people.detect(image)
        faces = self.faces.detect(image)
        if len(faces) == 0:
            return people
        persons = people.xyxy[people.class_ids == PERSON]
        centres = (faces.xyxy[:, :2] + faces.xyxy[:, 2:]) / 2
        inside = (
            (centres[:, None, 0] >= persons[None, :, 0])
            & (centres[:, None, 0] <= persons[None, :, 2])
            & (centres[:, None, 1] >= persons[None, :, 1])
            & (centres[:, None, 1] <= persons[None, :, 3])
        ).any(axis=1)
        extra = faces[~inside]
        if len(extra) == 0:
            return people
        height, width = image.shape[:2]
        added = Detections(
            xyxy=person_box_from_face(extra.xyxy, width, height),
            scores=np.clip(extra.scores * self.face_score_scale, 0, 1),
            class_ids=np.full(len(extra), PERSON),
        )
        return Detections.merge([Detections(people.xyxy, people.scores, people.class_ids), added])


@dataclass(frozen=True)
class DetectorPlan:
    """The detector (and tracker) a case wants; the runtime builds it with :meth:`build`."""

    classes: tuple[int, ...] = (PERSON,)
    score_threshold: float = 0.1  # low: ByteTrack's second association uses weak boxes
    nms_iou: float = 0.45
    #: Tile size (width, height) in pixels for dense or small objects; None = full frame only.
    tile_size: tuple[int, int] | None = None
    tile_overlap: float = 0.25
    include_full_frame: bool = True
    merge_nms_iou: float = 0.5
    #: Also detect faces (YuNet) and add a person for each face outside every person box.
    faces: bool = False
    face_score_threshold: float = 0.6
    #: Hybrid by scene: boxes where the scene is sparse, the MCNN density model where it is
    #: dense (privacam.vision.density.hybrid); the tiles are ``tile_size`` (320 px if None).
    density: DensityCrowdConfig | None = None
    tracker: ByteTrackConfig = field(default_factory=ByteTrackConfig)
    #: Cases ① and ③: find, gate and read faces of the tracked people (needs the tracker).
    face_reading: FacePlan | None = None
    #: Detections per second of video (``None``: every frame); see DetectionSchedule.
    detect_fps: float | None = None

    def schedule(self) -> DetectionSchedule:
        """A fresh detection schedule for one camera's run of this plan."""
        return DetectionSchedule(self.detect_fps)

    @property
    def tiled(self) -> bool:
        return self.tile_size is not None

    @property
    def model_names(self) -> tuple[str, ...]:
        names = ("yolox_nano", "yunet") if self.faces else ("yolox_nano",)
        if self.density is not None:
            names = (*names, "mcnn_shtech_b")
        if self.face_reading is not None:
            names += tuple(n for n in self.face_reading.model_names if n not in names)
        return names

    def build_face_reader(
        self,
        models_dir: str | os.PathLike[str] | None = None,
        *,
        resolved: Mapping[str, ResolvedModel] | None = None,
    ) -> FaceReader | None:
        """The face stage of :attr:`face_reading` (``None`` when the case reads no faces)."""
        if self.face_reading is None:
            return None
        return self.face_reading.build(resolved, models_dir=models_dir)

    def build(
        self,
        models_dir: str | os.PathLike[str] | None = None,
        *,
        intra_op_num_threads: int | None = None,
        resolved: Mapping[str, ResolvedModel] | None = None,
    ) -> Detector:
        """The detector this plan describes; models resolve through ``PRIVACAM_MODELS``
        unless ``models_dir`` is given, or are taken from ``resolved`` (by model name) when
        the caller has resolved them already."""
        resolved = resolved or {}
        yolox_model: ResolvedModel | str | None = resolved.get("yolox_nano")
        if yolox_model is None and models_dir is not None:
            yolox_model = os.path.join(models_dir, "yolox_nano.onnx")
        score = self.score_threshold
        if self.density is not None:
            score = min(score, self.density.dense_score)
        detector: Detector = YoloxDetector(
            yolox_model,
            score_threshold=score,
            nms_iou=self.nms_iou,
            classes=self.classes,
            intra_op_num_threads=intra_op_num_threads,
        )
        if self.density is not None:
            mcnn_model: ResolvedModel | str | None = resolved.get("mcnn_shtech_b")
            if mcnn_model is None and models_dir is not None:
                mcnn_model = os.path.join(models_dir, "mcnn_shtechB_110.onnx")
            detector = DensityCrowdDetector(
                detector,
                MCNNDensity(mcnn_model, intra_op_num_threads=intra_op_num_threads),
                self.density,
                tile_size=self.tile_size or (320, 320),
                tile_overlap=self.tile_overlap,
                merge_nms_iou=self.merge_nms_iou,
            )
        elif self.tile_size is not None:
            detector = TiledDetector(
                detector,
                self.tile_size,
                overlap=self.tile_overlap,
                include_full_frame=self.include_full_frame,
                nms_iou=self.merge_nms_iou,
            )
        if self.faces:
            yunet_model: ResolvedModel | str | None = resolved.get("yunet")
            if yunet_model is None and models_dir is not None:
                yunet_model = os.path.join(models_dir, "face_detection_yunet_2023mar.onnx")
            detector = PeopleWithFaces(
                detector, YunetFaceDetector(yunet_model, score_threshold=self.face_score_threshold)
            )
        return detector
