"""The currency types of the vision layer.

Every detector returns :class:`Detections`; every source yields :class:`Frame`.
Like ``supervision.Detections``, one type flows between detectors, trackers,
zones, lines and redaction, so each tool can be swapped without glue code.

>>> import numpy as np
>>> d = Detections(
...     xyxy=np.array([[0, 0, 10, 20], [5, 5, 8, 8]], dtype=np.float32),
...     scores=np.array([0.9, 0.3], dtype=np.float32),
...     class_ids=np.array([0, 2]),
... )
>>> len(d), len(d[d.scores > 0.5])
(2, 1)
>>> d.anchors("bottom_center")[0].tolist()
[5.0, 20.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

import numpy as np

#: COCO class ids of the objects privacam counts, as YOLOX and NanoDet number them.
COCO_CLASSES: dict[int, str] = {
    0: "person",
    1: "bicycle",
    2: "car",
    3: "motorcycle",
    5: "bus",
    7: "truck",
}
#: Class ids used by single-class detectors (faces, plates).
FACE_CLASS_ID = 100
PLATE_CLASS_ID = 101
CLASS_NAMES: dict[int, str] = {**COCO_CLASSES, FACE_CLASS_ID: "face", PLATE_CLASS_ID: "plate"}

Anchor = Literal["bottom_center", "center", "top_center"]


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded image, held in memory only: never written to disk (DESIGN invariant 1).

    ``timestamp`` is seconds from the start of the source: the container's
    presentation time, ``index / fps`` for image folders, or monotonic seconds
    since opening for live sources. ``captured_at`` is the wall-clock capture
    time when it is known (live sources, or a file with a known start time).
    ``skipped_before`` counts the frames just before this one that the source could
    not decode and left out (a corrupt image in a folder): the time since the
    previous frame was not observed.
    """

    image: np.ndarray  # H x W x 3, uint8, BGR (OpenCV order)
    index: int
    timestamp: float
    source_id: str = "0"
    captured_at: datetime | None = None
    skipped_before: int = 0

    @property
    def height(self) -> int:
        return int(self.image.shape[0])

    @property
    def width(self) -> int:
        return int(self.image.shape[1])


def _empty_f32(*shape: int) -> np.ndarray:
    return np.zeros(shape, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Detections:
    """N boxes with scores and classes, and optionally landmarks and tracker ids.

    ``xyxy`` is ``(N, 4)`` float32 in pixels of the frame it was detected on;
    ``landmarks`` is ``(N, K, 2)`` (YuNet gives 5 face points) or ``None``;
    ``tracker_id`` is ``(N,)`` int64 once a tracker has assigned ids, else ``None``.
    """

    xyxy: np.ndarray = field(default_factory=lambda: _empty_f32(0, 4))
    scores: np.ndarray = field(default_factory=lambda: _empty_f32(0))
    class_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    landmarks: np.ndarray | None = None
    tracker_id: np.ndarray | None = None

    def __post_init__(self) -> None:
        xyxy = np.asarray(self.xyxy, dtype=np.float32).reshape(-1, 4)
        n = len(xyxy)
        object.__setattr__(self, "xyxy", xyxy)
        object.__setattr__(self, "scores", np.asarray(self.scores, dtype=np.float32).reshape(n))
        object.__setattr__(self, "class_ids", np.asarray(self.class_ids, dtype=np.int64).reshape(n))
        if self.landmarks is not None:
            lm = np.asarray(self.landmarks, dtype=np.float32)
            # an empty selection keeps K: numpy cannot infer -1 from a size-0 array
            k = lm.shape[1] if lm.ndim == 3 else (-1 if n else 0)
            object.__setattr__(self, "landmarks", lm.reshape(n, k, 2))
        if self.tracker_id is not None:
            tid = np.asarray(self.tracker_id, dtype=np.int64).reshape(n)
            object.__setattr__(self, "tracker_id", tid)

    @classmethod
    def empty(cls) -> Detections:
        return cls()

    def __len__(self) -> int:
        return len(self.xyxy)

    def __getitem__(self, index: np.ndarray | slice | list[int] | int) -> Detections:
        """Select rows by boolean mask, index array or slice; an int keeps a 1-row result."""
        if isinstance(index, int | np.integer):
            index = [int(index)]
        return Detections(
            xyxy=self.xyxy[index],
            scores=self.scores[index],
            class_ids=self.class_ids[index],
            landmarks=None if self.landmarks is None else self.landmarks[index],
            tracker_id=None if self.tracker_id is None else self.tracker_id[index],
        )

    def with_tracker_id(self, tracker_id: np.ndarray) -> Detections:
        return replace(self, tracker_id=np.asarray(tracker_id, dtype=np.int64))

    @property
    def area(self) -> np.ndarray:
        wh = np.clip(self.xyxy[:, 2:] - self.xyxy[:, :2], 0, None)
        return wh[:, 0] * wh[:, 1]

    def anchors(self, anchor: Anchor = "bottom_center") -> np.ndarray:
        """``(N, 2)`` reference points: the bottom centre is where a person stands."""
        x = (self.xyxy[:, 0] + self.xyxy[:, 2]) / 2
        if anchor == "bottom_center":
            y = self.xyxy[:, 3]
        elif anchor == "top_center":
            y = self.xyxy[:, 1]
        elif anchor == "center":
            y = (self.xyxy[:, 1] + self.xyxy[:, 3]) / 2
        else:  # pragma: no cover - Literal guards this for type checkers
            raise ValueError(f"unknown anchor {anchor!r}")
        return np.stack([x, y], axis=1)

    @staticmethod
    def merge(parts: list[Detections]) -> Detections:
        """Concatenate detections; landmarks and tracker ids survive only if every part has them."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return Detections.empty()
        lms = [p.landmarks for p in parts]
        tids = [p.tracker_id for p in parts]
        return Detections(
            xyxy=np.concatenate([p.xyxy for p in parts]),
            scores=np.concatenate([p.scores for p in parts]),
            class_ids=np.concatenate([p.class_ids for p in parts]),
            landmarks=None if any(x is None for x in lms) else np.concatenate(lms),
            tracker_id=None if any(x is None for x in tids) else np.concatenate(tids),
        )
