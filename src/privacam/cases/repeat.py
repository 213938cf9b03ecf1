"""Case ③ repeat visitors: one decision per person track, through the vault's gallery.

Per track the analyser holds at most :data:`READS_PER_DECISION` face features, taken only
from reads that passed the quality gates (:mod:`privacam.cases.face_reads`). When the
track has that many, or when it ends with at least one, the features are averaged and
brought to unit length, the buffer is emptied, and the one feature is decided:

1. it matches an opted-out person (``gallery.is_excluded``): nothing is recorded at all,
   not even in the window's statistics;
2. it matches an enrolled visitor (``gallery.match``): a :class:`RepeatVisit` with that
   visitor's id and ``repeat=True``, unless the same visitor was already seen within
   ``same_visit_within`` (a broken track, a second camera: the same visit, no new record);
3. it matches no one: while the deployment allows enrolment (``enrol_unmatched``) it is
   enrolled as a new visitor (a :class:`RepeatVisit` with ``repeat=False``); otherwise it
   is discarded at once (PPC 2023), counted only as a visit in the window's statistics.

The feature is dropped as soon as the decision is made: the analyser never keeps a face
feature beyond its track, and only the gallery (the encrypted vault) ever stores one.
A track with no usable read is not a visit: nothing can be said of it.

Per window one :class:`RepeatVisitWindow` per store: the visits decided in it (excluded
ones left out), the repeat visits and the new visitors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

import numpy as np

from privacam.cases.base import Observation
from privacam.cases.face_reads import embedding_reads
from privacam.cases.gallery import VisitorGallery
from privacam.cases.person_tracks import person_track_changes
from privacam.cases.windows import MAX_FRAME_GAP, RecordBatch, WindowClock, WindowedAnalyzer
from privacam.records import Record, RepeatVisit, RepeatVisitWindow, WindowFields, new_visit_id

#: Features averaged into a track's one decision: a few, never every frame.
READS_PER_DECISION = 3


@dataclass(slots=True)
class _Track:
    """A live track: its features until decided (then none), and the visitor it was."""

    features: list[np.ndarray] = field(default_factory=list)
    decided: bool = False
    visitor_id: str | None = None


def average_feature(features: list[np.ndarray]) -> np.ndarray | None:
    """The unit-length mean of ``features``; ``None`` if they cancel out.

    >>> [round(float(x), 3) for x in average_feature([np.array([1.0, 0.0]), np.array([0.0, 1.0])])]
    [0.707, 0.707]
    """
    mean = np.mean(np.stack(features).astype(np.float32), axis=0)
    norm = float(np.linalg.norm(mean))
    if not np.isfinite(norm) or norm < 1e-6:
        return None
    return mean / norm


class RepeatAnalyzer(WindowedAnalyzer):
    """Person tracks → one averaged feature each → excluded, matched, enrolled or discarded."""

    needs_tracks = True
    #: The runtime runs the face stage for this case, reading face features.
    needs_faces = True

    def __init__(
        self,
        camera_id: str,
        gallery: VisitorGallery,
        store_id: str,
        *,
        window: timedelta,
        zone: tzinfo,
        enrol_unmatched: bool = True,
        same_visit_within: timedelta = timedelta(minutes=30),
        reads_per_decision: int = READS_PER_DECISION,
        max_frame_gap: timedelta | None = MAX_FRAME_GAP,
    ) -> None:
        super().__init__(camera_id, WindowClock(window, zone, max_frame_gap=max_frame_gap))
        self.gallery = gallery
        self.store_id = store_id
        self.enrol_unmatched = enrol_unmatched
        self.same_visit_within = same_visit_within
        self.reads_per_decision = reads_per_decision
        self._tracks: dict[int, _Track] = {}
        #: visitor id → when this camera last saw them: a pseudonym and a time, no feature.
        self._last_seen: dict[str, datetime] = {}
        self._reset_window()

    def _reset_window(self) -> None:
        self._visits = self._repeat_visits = self._new_visitors = 0

    def _records(self, window: WindowFields) -> list[Record]:
        return [
            RepeatVisitWindow(
                **window,
                store_id=self.store_id,
                visits=self._visits,
                repeat_visits=self._repeat_visits,
                new_visitors=self._new_visitors,
            )
        ]

    # -- the CaseAnalyzer protocol ------------------------------------------------------------

    def observe(self, observation: Observation) -> RecordBatch:
        if observation.tracks is None:
            raise ValueError("the repeat case needs tracks; run the tracker (needs_tracks)")
        now = observation.captured_at
        previous = self._clock.last
        done = self._clock.advance(now)
        # An outage ends every track at the last frame before it.
        records: list[Record] = self._end_all(previous or now) if self._clock.gapped else []
        windows = self._flush(done)
        changes = person_track_changes(observation.tracks, set(self._tracks))
        for track_id in changes.ended:
            records += self._end(track_id, now)
        for track_id in changes.alive:
            self._tracks.setdefault(track_id, _Track())
            self._seen(track_id, now)
        for track_id, feature in embedding_reads(observation.faces):
            track = self._tracks.setdefault(track_id, _Track())
            if track.decided:
                continue  # decided already: later features are not even held
            track.features.append(np.asarray(feature, dtype=np.float32))
            if len(track.features) >= self.reads_per_decision:
                records += self._decide(track, now)
        return RecordBatch(records + windows.records, windows.spans)

    def gap(self, start: datetime, end: datetime) -> RecordBatch:
        records = self._end_all(start)
        windows = self._flush(self._clock.gap(start, end))
        return RecordBatch(records + windows.records, windows.spans)

    def close(self, at: datetime, *, keep: bool) -> RecordBatch:
        # A dropped window drops its statistics; the visits decided are kept either way,
        # like the vault's enrolments, which cannot be taken back by dropping a window.
        records = self._end_all(at)
        windows = self._flush(self._clock.close(at, keep=keep))
        self._reset_window()
        return RecordBatch(records + windows.records, windows.spans)

    # -- tracks and decisions ------------------------------------------------------------------

    @property
    def held_features(self) -> int:
        """How many face features the analyser holds now (only undecided live tracks')."""
        return sum(len(track.features) for track in self._tracks.values())

    def _seen(self, track_id: int, at: datetime) -> None:
        visitor = self._tracks[track_id].visitor_id
        if visitor is not None:
            self._last_seen[visitor] = at

    def _end(self, track_id: int, at: datetime) -> list[Record]:
        track = self._tracks.pop(track_id)
        if not track.decided and track.features:
            return self._decide(track, at)
        track.features.clear()
        return []

    def _end_all(self, at: datetime) -> list[Record]:
        records: list[Record] = []
        for track_id in list(self._tracks):
            records += self._end(track_id, at)
        return records

    def _decide(self, track: _Track, at: datetime) -> list[Record]:
        feature = average_feature(track.features)
        track.features.clear()  # deleted at once: from here on only the one feature exists
        track.decided = True
        if feature is None or self.gallery.is_excluded(feature):
            return []  # an opted-out person: no record, no statistic
        match = self.gallery.match(feature)
        if match is not None:
            return self._visit(track, match.visitor_id, at, repeat=True)
        if not self.enrol_unmatched:
            self._visits += 1
            return []  # discarded at once: a visit of someone not enrolled, nothing else
        visitor_id = self.gallery.enrol(feature, seen_at=at, store_id=self.store_id)
        self._new_visitors += 1
        return self._visit(track, visitor_id, at, repeat=False)

    def _visit(self, track: _Track, visitor_id: str, at: datetime, *, repeat: bool) -> list[Record]:
        track.visitor_id = visitor_id
        last = self._last_seen.get(visitor_id)
        # Keep only the sightings that can still join a visit: the map stays small.
        self._last_seen = {
            v: t for v, t in self._last_seen.items() if at - t <= self.same_visit_within
        }
        self._last_seen[visitor_id] = at
        if repeat and last is not None and at - last <= self.same_visit_within:
            return []  # the same visit seen again: not a new visit
        self._visits += 1
        self._repeat_visits += int(repeat)
        visit = RepeatVisit(
            visit_id=new_visit_id(),
            visitor_id=visitor_id,
            store_id=self.store_id,
            camera_id=self.camera_id,
            seen_at=at,
            repeat=repeat,
        )
        return [visit]
