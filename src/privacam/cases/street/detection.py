"""The detectors case ⑤ masks with: faces and plates, thresholds chosen for recall.

A missed face is the failure that matters, so thresholds sit below the
detectors' defaults (YuNet 0.6 → 0.5, LPD-YuNet 0.6 → 0.4) and plates are
looked for three ways (:class:`~privacam.vision.detectors.plate_search.PlateSearch`).
Every ONNX Runtime session runs on ``threads`` intra-op threads: one per
worker process, so a pool of N workers uses N cores, not N x cores.

>>> config = DetectorConfig()
>>> config.face_threshold, config.plate_threshold
(0.5, 0.4)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from privacam.vision.detectors import LpdYunetDetector, YoloxDetector, YunetOrtFaceDetector
from privacam.vision.detectors.plate_search import PlateSearch
from privacam.vision.models import ResolvedModel, resolve_model
from privacam.vision.types import FACE_CLASS_ID, PLATE_CLASS_ID, Detections


@dataclass(frozen=True)
class DetectorConfig:
    """What to mask and how hard to look; recorded in every manifest."""

    faces: bool = True
    plates: bool = True
    face_threshold: float = 0.5
    #: YuNet's box stops at the brows and chin: grow it by this fraction of its size per
    #: side to cover the head before the deployment's margin is added (dlib_faces_voc:
    #: 16/18 faces >= 80 % covered without it, 18/18 with it).
    face_grow: float = 0.1
    plate_threshold: float = 0.4
    vehicle_threshold: float = 0.15
    #: YOLOX on the frame padded to a multiple of 32, not to 416x416: same scale, a
    #: quarter less work on 4:3 frames (the boxes agree to within a few hundredths of score)
    vehicle_trim_padding: bool = True
    plate_tiles: tuple[tuple[int, int], ...] = ((320, 240), (480, 360))
    gate_plate_tiles_on_vehicles: bool = True
    #: Tiles also around vehicles small enough for their crop to be seen at scale >= 1
    #: (before: yes; TUD-Campus then spent 43 plate runs on five faint far-away "cars").
    plate_tiles_for_small_vehicles: bool = False
    threads: int = 1
    model_paths: dict[str, str] = field(default_factory=dict)

    def thresholds(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("model_paths")
        data.pop("threads")
        return data


class StreetDetector:
    """Faces and plates in one :class:`Detections` (class ids FACE_CLASS_ID, PLATE_CLASS_ID)."""

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config = config or DetectorConfig()
        self.models: dict[str, str] = {}
        self._faces = None
        self._plates = None
        paths = config.model_paths
        if config.faces:
            model = resolve_model("yunet", paths.get("yunet"), download=False)
            self.models["yunet"] = model.sha256
            # YuNet on ONNX Runtime: OpenCV's own faces, at half OpenCV 5's DNN time
            self._faces = YunetOrtFaceDetector(
                model, score_threshold=config.face_threshold, intra_op_num_threads=config.threads
            )
        if config.plates:
            lpd_model = resolve_model("lpd_yunet", paths.get("lpd_yunet"), download=False)
            yolox_model = resolve_model("yolox_nano", paths.get("yolox_nano"), download=False)
            self.models["lpd_yunet"] = lpd_model.sha256
            self.models["yolox_nano"] = yolox_model.sha256
            vehicles = YoloxDetector(
                yolox_model,
                score_threshold=config.vehicle_threshold,
                classes=(2, 3, 5, 7),
                intra_op_num_threads=config.threads,
                trim_padding=config.vehicle_trim_padding,
            )
            lpd = LpdYunetDetector(
                lpd_model,
                score_threshold=config.plate_threshold,
                intra_op_num_threads=config.threads,
            )
            self._plates = PlateSearch(
                vehicles,
                lpd,
                tile_sizes=config.plate_tiles,
                gate_on_vehicles=config.gate_plate_tiles_on_vehicles,
                tiles_for_small_vehicles=config.plate_tiles_for_small_vehicles,
            )

    def detect(self, image: np.ndarray) -> Detections:
        parts = []
        if self._faces is not None:
            faces = self._faces.detect(image)
            size = faces.xyxy[:, 2:] - faces.xyxy[:, :2]
            grow = self.config.face_grow * size
            xyxy = np.c_[faces.xyxy[:, :2] - grow, faces.xyxy[:, 2:] + grow]
            parts.append(Detections(xyxy, faces.scores, faces.class_ids))
        if self._plates is not None:
            plates = self._plates.detect(image)
            parts.append(Detections(plates.xyxy, plates.scores, plates.class_ids))
        return Detections.merge(parts)

    def describe(self) -> dict[str, Any]:
        """Model digests and thresholds, for the manifest and the resume fingerprint."""
        return {"models": dict(sorted(self.models.items())), "thresholds": self.config.thresholds()}


def resolve_models(config: DetectorConfig) -> dict[str, ResolvedModel]:
    """The models ``config`` needs, found and digest-checked without loading any of them.

    The batch calls this in the parent process: it must not create ONNX Runtime
    or OpenCV thread pools there before forking workers.
    """
    names = (["yunet"] if config.faces else []) + (
        ["lpd_yunet", "yolox_nano"] if config.plates else []
    )
    return {
        name: resolve_model(name, config.model_paths.get(name), download=False)
        for name in sorted(names)
    }


def count_by_class(detections: Detections) -> dict[str, int]:
    return {
        "faces": int((detections.class_ids == FACE_CLASS_ID).sum()),
        "plates": int((detections.class_ids == PLATE_CLASS_ID).sum()),
    }
