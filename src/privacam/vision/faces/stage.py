"""The face stage: link faces to person tracks, gate them, read a few per track.

Each frame the runtime hands :class:`FaceStage` the image, the tracker's update and
the frame's face detections (YuNet). The stage

1. **links** each face to the person track whose upper box (the top third of the
   person box, :attr:`FaceStageSettings.upper_share`) holds the face centre. A track
   gets at most one face: when several faces lie in its upper box (a head behind a
   shoulder), the one nearest the expected head position (top centre) wins, solved
   as one assignment over the frame (``scipy.optimize.linear_sum_assignment``) so that
   two overlapping people never share a face;
2. **gates** every face (:mod:`privacam.vision.faces.quality`);
3. **reads** (age and gender, face features, or both) a linked face that passed, at
   most :attr:`~FaceStageSettings.reads_per_track` times per track and at least
   :attr:`~FaceStageSettings.min_frames_between_reads` frames apart: a few good looks
   per person, not one per frame, is what voting (①) and averaging (③) need, and it
   keeps the models' cost per person, not per frame.

A face whose centre lies in no person's upper box (in the lower part of a box, or
outside every box: a poster, a reflection, a person the detector missed) is reported
with track ``-1`` and is **never read**: with no track there is no one to count it
for (①) or to attribute a visit to (③), and reading it would only create features
with nowhere to go.

The stage keeps no pixel: its only state is, per live track, how many reads it made
and in which frame the last one was; a track's entry is dropped when the tracker
reports it ended. What it returns (:class:`~privacam.vision.faces.types.FaceReadings`)
holds boxes, landmarks, measures, estimates and unit feature vectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from privacam.vision.faces.quality import QualityThresholds, assess_faces
from privacam.vision.faces.types import (
    AgeGender,
    AgeGenderEstimator,
    FaceEmbedder,
    FaceReadings,
)
from privacam.vision.tracking import TrackUpdate
from privacam.vision.types import Detections

#: COCO's person class: only person tracks carry faces.
PERSON_CLASS_ID = 0
#: Cost of a face–track pair whose upper box does not hold the face (never assigned).
_OUTSIDE = 1e6


@dataclass(frozen=True, slots=True)
class FaceStageSettings:
    """How faces are linked and how often each track is read.

    The budget is what keeps ① and ③ at or above half the counting case's speed
    (``benchmarks/bench_faces.py`` on TUD-Campus, ``benchmarks/README.md`` "Faces:
    speed": with 3 reads per track and every face readable, ① ran at 0.55 and ③ at 0.64
    of counting's fps; one descriptor costs about one YOLOX frame). Three reads
    give ① a majority vote that survives one wrong estimate and ③ an average of three
    looks; five frames apart (0.2 s at 25 fps) keeps them from being three copies of one
    instant's blur or pose.
    """

    #: Share of the person box's height, from its top, where the face must lie.
    upper_share: float = 1 / 3
    reads_per_track: int = 3
    min_frames_between_reads: int = 5
    quality: QualityThresholds = field(default_factory=QualityThresholds)

    def __post_init__(self) -> None:
        if not 0 < self.upper_share <= 1:
            raise ValueError("FaceStageSettings.upper_share must be in (0, 1]")
        if self.reads_per_track < 1 or self.min_frames_between_reads < 1:
            raise ValueError("FaceStageSettings needs reads_per_track >= 1 and spacing >= 1")


def upper_boxes(persons: Detections, share: float) -> np.ndarray:
    """``(N, 4)`` top ``share`` of each person box.

    >>> upper_boxes(Detections(xyxy=[[10, 0, 50, 90]], scores=[1], class_ids=[0]), 1 / 3)
    array([[10.,  0., 50., 30.]], dtype=float32)
    """
    boxes = persons.xyxy.copy()
    boxes[:, 3] = boxes[:, 1] + share * (persons.xyxy[:, 3] - persons.xyxy[:, 1])
    return boxes


def link_faces(faces: Detections, persons: Detections, share: float = 1 / 3) -> np.ndarray:
    """``(len(faces),)`` the ``tracker_id`` of the person each face belongs to, ``-1`` if none.

    >>> persons = Detections(xyxy=[[0, 0, 40, 120]], scores=[1], class_ids=[0],
    ...                      tracker_id=[7])
    >>> faces = Detections(xyxy=[[14, 4, 26, 18], [14, 80, 26, 94]], scores=[1, 1],
    ...                    class_ids=[100, 100])
    >>> link_faces(faces, persons).tolist()
    [7, -1]
    """
    linked = np.full(len(faces), -1, dtype=np.int64)
    if len(faces) == 0 or len(persons) == 0 or persons.tracker_id is None:
        return linked
    upper = upper_boxes(persons, share)
    centres = (faces.xyxy[:, :2] + faces.xyxy[:, 2:]) / 2
    cx, cy = centres[:, None, 0], centres[:, None, 1]
    inside = (
        (cx >= upper[None, :, 0])
        & (cx <= upper[None, :, 2])
        & (cy >= upper[None, :, 1])
        & (cy <= upper[None, :, 3])
    )
    if not inside.any():
        return linked
    # Distance to where a head sits in a person box, in units of the box's size.
    width = np.maximum(persons.xyxy[:, 2] - persons.xyxy[:, 0], 1.0)
    height = np.maximum(persons.xyxy[:, 3] - persons.xyxy[:, 1], 1.0)
    head_x = (persons.xyxy[:, 0] + persons.xyxy[:, 2]) / 2
    head_y = persons.xyxy[:, 1] + 0.1 * height
    cost = np.abs(cx - head_x[None]) / width[None] + np.abs(cy - head_y[None]) / height[None]
    cost = np.where(inside, cost, _OUTSIDE)
    rows, cols = linear_sum_assignment(cost)
    keep = cost[rows, cols] < _OUTSIDE
    linked[rows[keep]] = persons.tracker_id[cols[keep]]
    return linked


@dataclass(slots=True)
class _Budget:
    reads: int = 0
    last_frame: int = -(10**9)


class FaceStage:
    """Links, gates and reads faces; give it an estimator (①), an embedder (③) or both."""

    def __init__(
        self,
        settings: FaceStageSettings | None = None,
        *,
        estimator: AgeGenderEstimator | None = None,
        embedder: FaceEmbedder | None = None,
    ) -> None:
        self.settings = settings or FaceStageSettings()
        self.estimator = estimator
        self.embedder = embedder
        self._budgets: dict[int, _Budget] = {}

    def can_read(self, track_id: int, frame_index: int) -> bool:
        """Whether a passing face of ``track_id`` would be read in frame ``frame_index``."""
        budget = self._budgets.get(int(track_id))
        if budget is None:
            return True
        return (
            budget.reads < self.settings.reads_per_track
            and frame_index - budget.last_frame >= self.settings.min_frames_between_reads
        )

    @property
    def tracks_with_budget(self) -> int:
        """How many live tracks the stage remembers (their read counts only)."""
        return len(self._budgets)

    def read(self, image: np.ndarray, tracks: TrackUpdate, faces: Detections) -> FaceReadings:
        """What this frame's faces are, to whom they belong and, for a few, what they read."""
        persons = tracks.tracked[tracks.tracked.class_ids == PERSON_CLASS_ID]
        track_ids = link_faces(faces, persons, self.settings.upper_share)
        quality = assess_faces(image, faces, self.settings.quality)
        chosen = self._choose(track_ids, quality, tracks.frame_index)
        age_gender: list[AgeGender | None] = [None] * len(faces)
        embeddings: list[np.ndarray | None] = [None] * len(faces)
        if chosen:
            selected = faces[chosen]
            if self.estimator is not None:
                for index, estimate in zip(
                    chosen, self.estimator.estimate(image, selected), strict=True
                ):
                    age_gender[index] = estimate
            if self.embedder is not None:
                rows = np.asarray(self.embedder.embed(image, selected), dtype=np.float32)
                for index, row in zip(chosen, rows, strict=True):
                    embeddings[index] = row.copy()
        for event in tracks.events:
            if event.kind == "ended":
                self._budgets.pop(event.tracker_id, None)
        return FaceReadings(faces, track_ids, quality, age_gender, embeddings)

    def _choose(self, track_ids: np.ndarray, quality: list, frame_index: int) -> list[int]:
        """Indices of the faces read this frame; spends their tracks' budgets."""
        chosen: list[int] = []
        for index, (track_id, face_quality) in enumerate(zip(track_ids, quality, strict=True)):
            if track_id < 0 or not face_quality.passed:
                continue
            if not self.can_read(track_id, frame_index):
                continue
            budget = self._budgets.setdefault(int(track_id), _Budget())
            budget.reads += 1
            budget.last_frame = frame_index
            chosen.append(index)
        return chosen
