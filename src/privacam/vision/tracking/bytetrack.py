"""ByteTrack, per class: ids never jump between classes.

Each frame, per class (Zhang et al., ByteTrack, ECCV 2022, with changes noted):

1. every track is predicted forward by the number of frames since it was last
   predicted (so skipped frames and empty frames are handled alike);
2. confirmed and lost tracks are matched to *high*-score detections by IoU
   (Hungarian, ``scipy.optimize.linear_sum_assignment``), the IoU weighted by
   the detection score;
3. tracks still unmatched that were tracked last frame are matched to
   *low*-score detections (occluded people score low): ByteTrack's key idea;
4. tentative tracks are matched to the remaining high-score detections;
5. (addition) lost tracks still unmatched are matched to the remaining
   high-score detections by centre distance in units of box height, which
   re-finds people whose predicted box drifted off their IoU;
6. remaining confident detections start tracks. (Addition) a first detection
   at or above ``confirm_score`` is confirmed at once, so a person's first
   frames are not lost; otherwise the track is confirmed on its second hit.

Unmatched confirmed tracks become *lost* and keep being predicted for
``lost_frames`` frames (or ``lost_seconds``), then *end*; a lost track whose
prediction lies on a live track of its class (IoU > 0.85) ends at once, as
ByteTrack's duplicate removal does, since that live track is the same person.

>>> import numpy as np
>>> tracker = ByteTracker()
>>> d = Detections(xyxy=[[10, 10, 50, 110]], scores=[0.9], class_ids=[0])
>>> out = tracker.update(d, frame_index=0, timestamp=0.0)
>>> out.tracked.tracker_id.tolist(), [e.kind for e in out.events]
([1], ['new'])
>>> out = tracker.update(Detections.empty(), frame_index=1, timestamp=0.04)
>>> [e.kind for e in out.events], out.lost.tracker_id.tolist()
(['lost'], [1])
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from privacam.vision.boxes import box_iou
from privacam.vision.tracking.events import (
    TrackEvent,
    TrackEventKind,
    TrackObservation,
    TrackUpdate,
)
from privacam.vision.tracking.kalman import BoxKalman
from privacam.vision.tracking.matching import centre_distance, match
from privacam.vision.types import Detections

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ByteTrackConfig:
    """Thresholds of the tracker; scores are the detector's, in ``[0, 1]``."""

    high_score: float = 0.5  # first association; below it, second association only
    low_score: float = 0.1  # detections below are ignored
    new_track_score: float = 0.6  # a detection needs this to start a track
    confirm_score: float = 0.7  # a new track this confident is confirmed at once
    match_iou: float = 0.2  # first association gate (ByteTrack's match_thresh 0.8 = 1 - 0.2)
    low_match_iou: float = 0.5  # second association gate
    tentative_match_iou: float = 0.3  # gate for a tentative track's second hit
    fuse_score: bool = True  # weight IoU by detection score in the first association
    lost_frames: int = 30  # frames a lost track is kept and predicted
    lost_seconds: float | None = None  # if set, used instead of lost_frames
    fallback_distance: float = 0.5  # lost-track rescue: centre distance / box height; 0 = off
    fallback_size_ratio: float = 1.5  # ... and heights within this ratio

    def __post_init__(self) -> None:
        if not 0 <= self.low_score <= self.high_score <= self.new_track_score:
            raise ValueError(
                "ByteTrackConfig needs 0 <= low_score <= high_score <= new_track_score"
            )
        if self.lost_frames < 0 or (self.lost_seconds is not None and self.lost_seconds < 0):
            raise ValueError("ByteTrackConfig: the lost buffer cannot be negative")


class _State(Enum):
    TENTATIVE = "tentative"
    TRACKED = "tracked"
    LOST = "lost"


@dataclass(slots=True, eq=False)
class _Track:
    class_id: int
    kalman: BoxKalman
    state: _State
    last_box: tuple[float, float, float, float]
    score: float
    last_frame: int
    last_timestamp: float
    predicted_frame: int
    tracker_id: int = 0  # public id, given at confirmation
    history: list[TrackObservation] = field(default_factory=list)

    def observe(self, box: np.ndarray, score: float, frame: int, timestamp: float) -> None:
        self.kalman.update(box)
        self.last_box = tuple(float(v) for v in box)  # type: ignore[assignment]
        self.score = score
        self.last_frame = frame
        self.last_timestamp = timestamp
        if self.state is _State.TENTATIVE:
            self.history.append(TrackObservation(frame, timestamp, self.last_box, score))

    def event(
        self, kind: TrackEventKind, frame: int, timestamp: float, **extra: object
    ) -> TrackEvent:
        box = self.kalman.xyxy() if kind == "lost" else self.last_box
        return TrackEvent(
            kind=kind,
            tracker_id=self.tracker_id,
            class_id=self.class_id,
            frame_index=frame,
            timestamp=timestamp,
            xyxy=box,
            score=self.score,
            **extra,  # type: ignore[arg-type]
        )


class ByteTracker:
    """Multi-object tracker; call :meth:`update` once per processed frame, in order."""

    def __init__(self, config: ByteTrackConfig | None = None) -> None:
        self.config = config or ByteTrackConfig()
        self._tracks: list[_Track] = []
        self._next_id = 1
        self._frames_seen = 0

    def reset(self) -> None:
        self._tracks.clear()
        self._next_id = 1
        self._frames_seen = 0

    @property
    def unconfirmed(self) -> int:
        """How many tracks are still tentative: started, waiting for their confirming hit."""
        return sum(1 for t in self._tracks if t.state is _State.TENTATIVE)

    def update(self, detections: Detections, frame_index: int, timestamp: float) -> TrackUpdate:
        """Advance to ``frame_index`` (frames in between count as unseen) and match detections."""
        cfg = self.config
        events: list[TrackEvent] = []
        for track in self._tracks:
            steps = frame_index - track.predicted_frame
            track.kalman.predict(steps, freeze_size=track.state is _State.LOST)
            track.predicted_frame = max(frame_index, track.predicted_frame)

        keep = detections.scores >= cfg.low_score
        dets = detections[keep]
        det_index = np.flatnonzero(keep)
        matched_det: dict[int, int] = {}  # id(track) -> row in `detections`
        classes = {t.class_id for t in self._tracks} | set(dets.class_ids.tolist())
        for class_id in sorted(classes):
            in_class = dets.class_ids == class_id
            tracks = [t for t in self._tracks if t.class_id == class_id]
            pairs = self._associate(
                tracks, dets[in_class], frame_index, timestamp, events, first=self._frames_seen == 0
            )
            rows = det_index[in_class]
            for track, j in pairs:
                matched_det[id(track)] = int(rows[j])
        self._frames_seen += 1
        self._end_stale(frame_index, timestamp, events)
        return self._result(detections, matched_det, frame_index, timestamp, events)

    # -- association ---------------------------------------------------------------------------

    def _associate(
        self,
        tracks: list[_Track],
        dets: Detections,
        frame: int,
        ts: float,
        events: list[TrackEvent],
        *,
        first: bool,
    ) -> list[tuple[_Track, int]]:
        """Match one class's tracks to its detections (steps 2-6 of the module docstring)."""
        cfg = self.config
        high = np.flatnonzero(dets.scores >= cfg.high_score)
        low = np.flatnonzero(dets.scores < cfg.high_score)
        pool = [t for t in tracks if t.state is not _State.TENTATIVE]
        tentative = [t for t in tracks if t.state is _State.TENTATIVE]
        matched, unmatched_pool, rest_high = self._match_confident(pool, dets, high)
        recent = [t for t in unmatched_pool if t.state is _State.TRACKED]
        pairs, newly_lost = self._match_occluded(recent, dets, low)
        matched += pairs
        confirmed_now, rest_high = self._match_tentative(tentative, dets, rest_high)
        if cfg.fallback_distance > 0:
            lost = [t for t in pool if t.state is _State.LOST and not _in(t, matched)]
            pairs, rest_high = self._match_lost_by_distance(lost, dets, rest_high)
            matched += pairs
        self._apply_matches(matched, newly_lost, confirmed_now, dets, frame, ts, events)
        matched += confirmed_now
        matched += self._start_tracks(dets, rest_high, frame, ts, events, first=first)
        return matched

    def _match_confident(
        self, pool: list[_Track], dets: Detections, high: np.ndarray
    ) -> tuple[list[tuple[_Track, int]], list[_Track], np.ndarray]:
        """Confirmed and lost tracks against high-score detections, by score-weighted IoU.

        Returns the pairs, the tracks left unmatched and the high-score rows left over.
        """
        cfg = self.config
        iou = box_iou(_predicted(pool), dets.xyxy[high])
        sim = iou * dets.scores[high][None, :] if cfg.fuse_score else iou
        pairs, um_pool, um_high = match(1 - sim, 1 - cfg.match_iou)
        matched = [(pool[i], int(high[j])) for i, j in pairs]
        return matched, [pool[i] for i in um_pool], high[um_high]

    def _match_occluded(
        self, recent: list[_Track], dets: Detections, low: np.ndarray
    ) -> tuple[list[tuple[_Track, int]], list[_Track]]:
        """Tracks tracked last frame against low-score detections: ByteTrack's key idea.

        Returns the pairs and the tracks that become lost now.
        """
        cost = 1 - box_iou(_predicted(recent), dets.xyxy[low])
        pairs, um_recent, _ = match(cost, 1 - self.config.low_match_iou)
        return [(recent[i], int(low[j])) for i, j in pairs], [recent[i] for i in um_recent]

    def _match_tentative(
        self, tentative: list[_Track], dets: Detections, rest_high: np.ndarray
    ) -> tuple[list[tuple[_Track, int]], np.ndarray]:
        """Tentative tracks against the remaining high-score detections; unmatched ones go."""
        cost = 1 - box_iou(_predicted(tentative), dets.xyxy[rest_high])
        pairs, um_tent, um_high = match(cost, 1 - self.config.tentative_match_iou)
        for i in um_tent:
            self._tracks.remove(tentative[i])
        return [(tentative[i], int(rest_high[j])) for i, j in pairs], rest_high[um_high]

    def _match_lost_by_distance(
        self, lost: list[_Track], dets: Detections, rest_high: np.ndarray
    ) -> tuple[list[tuple[_Track, int]], np.ndarray]:
        """Lost tracks against what is left, by centre distance in box heights."""
        cfg = self.config
        pred = _predicted(lost)
        cost = centre_distance(pred, dets.xyxy[rest_high])
        if cost.size:
            h_pred = np.maximum(pred[:, 3] - pred[:, 1], 1.0)[:, None]
            xyxy = dets.xyxy[rest_high]
            h_det = np.maximum(xyxy[:, 3] - xyxy[:, 1], 1.0)[None, :]
            ratio = np.maximum(h_pred / h_det, h_det / h_pred)
            cost = np.where(ratio <= cfg.fallback_size_ratio, cost, np.inf)
        pairs, _, um_high = match(cost, cfg.fallback_distance)
        return [(lost[i], int(rest_high[j])) for i, j in pairs], rest_high[um_high]

    def _apply_matches(
        self,
        matched: list[tuple[_Track, int]],
        newly_lost: list[_Track],
        confirmed_now: list[tuple[_Track, int]],
        dets: Detections,
        frame: int,
        ts: float,
        events: list[TrackEvent],
    ) -> None:
        """Update matched tracks, mark the newly lost and confirm matched tentative tracks."""
        for track, j in matched:
            was_lost = track.state is _State.LOST
            track.observe(dets.xyxy[j], float(dets.scores[j]), frame, ts)
            track.state = _State.TRACKED
            events.append(track.event("updated", frame, ts, reactivated=was_lost))
        for track in newly_lost:
            track.state = _State.LOST
            events.append(track.event("lost", frame, ts))
        for track, j in confirmed_now:
            track.observe(dets.xyxy[j], float(dets.scores[j]), frame, ts)
            self._confirm(track, frame, ts, events)

    def _start_tracks(
        self,
        dets: Detections,
        rest_high: np.ndarray,
        frame: int,
        ts: float,
        events: list[TrackEvent],
        *,
        first: bool,
    ) -> list[tuple[_Track, int]]:
        """New tracks from confident leftovers; returns those confirmed at once."""
        cfg = self.config
        confirmed: list[tuple[_Track, int]] = []
        for j in rest_high:
            score = float(dets.scores[j])
            if score < cfg.new_track_score:
                continue
            box = dets.xyxy[j]
            track = _Track(
                class_id=int(dets.class_ids[j]),
                kalman=BoxKalman.from_xyxy(box),
                state=_State.TENTATIVE,
                last_box=tuple(float(v) for v in box),  # type: ignore[arg-type]
                score=score,
                last_frame=frame,
                last_timestamp=ts,
                predicted_frame=frame,
                history=[TrackObservation(frame, ts, tuple(float(v) for v in box), score)],  # type: ignore[arg-type]
            )
            self._tracks.append(track)
            if first or score >= cfg.confirm_score:
                self._confirm(track, frame, ts, events)
                confirmed.append((track, int(j)))
        return confirmed

    def _confirm(self, track: _Track, frame: int, ts: float, events: list[TrackEvent]) -> None:
        track.state = _State.TRACKED
        track.tracker_id = self._next_id
        self._next_id += 1
        events.append(track.event("new", frame, ts, history=tuple(track.history)))
        track.history = []

    def _end_stale(self, frame: int, ts: float, events: list[TrackEvent]) -> None:
        cfg = self.config
        tracked = [t for t in self._tracks if t.state is _State.TRACKED]
        for track in [t for t in self._tracks if t.state is _State.LOST]:
            twins = [t for t in tracked if t.class_id == track.class_id]
            if twins and box_iou([track.kalman.xyxy()], [t.last_box for t in twins]).max() > 0.85:
                stale = True  # its prediction sits on a live track: it was that person
            elif cfg.lost_seconds is not None:
                stale = ts - track.last_timestamp > cfg.lost_seconds
            else:
                stale = frame - track.last_frame > cfg.lost_frames
            if stale:
                self._tracks.remove(track)
                events.append(track.event("ended", frame, ts))

    def _result(
        self,
        detections: Detections,
        matched_det: dict[int, int],
        frame: int,
        ts: float,
        events: list[TrackEvent],
    ) -> TrackUpdate:
        tracked = [t for t in self._tracks if t.state is _State.TRACKED and id(t) in matched_det]
        tracked.sort(key=lambda t: t.tracker_id)
        rows = np.array([matched_det[id(t)] for t in tracked], dtype=np.int64)
        out = detections[rows].with_tracker_id(np.array([t.tracker_id for t in tracked]))
        lost = sorted(
            (t for t in self._tracks if t.state is _State.LOST), key=lambda t: t.tracker_id
        )
        lost_dets = Detections(
            xyxy=np.array([t.kalman.xyxy() for t in lost], dtype=np.float32).reshape(-1, 4),
            scores=np.zeros(len(lost), dtype=np.float32),
            class_ids=np.array([t.class_id for t in lost], dtype=np.int64),
            tracker_id=np.array([t.tracker_id for t in lost], dtype=np.int64),
        )
        return TrackUpdate(frame, ts, out, lost_dets, events)


def _predicted(tracks: list[_Track]) -> np.ndarray:
    """The tracks' predicted boxes as an ``(n, 4)`` array, ``(0, 4)`` when there are none."""
    return np.array([t.kalman.xyxy() for t in tracks], dtype=np.float64).reshape(-1, 4)


def _in(track: _Track, pairs: list[tuple[_Track, int]]) -> bool:
    return any(t is track for t, _ in pairs)
