"""Case ① attributes: how many people of each age bracket and gender a camera saw, per window.

Per person track, the analyser keeps the votes of the track's usable face reads (those
that passed the quality gates, :mod:`privacam.cases.face_reads`): one age bracket and one
gender per read. When the track ends, the votes decide the track's bracket and gender,
one :class:`~privacam.records.AttributeTally` cell of the open window goes up by one, and
the votes are dropped: nothing per person survives the track, and nothing per person is
ever a record. A track with no usable read counts as ``unknown`` (bracket and gender),
never as a guess.

Voting: the bracket with the most reads wins; a tie goes to the tied bracket of the read
nearest the median age. Gender is the majority of the reads; a tie goes to the mean
probability (``>= 0.5`` is female, as :class:`~privacam.vision.faces.types.AgeGender`).

Every window emits every cell (each bracket with female and male, and unknown/unknown),
zeros included, so that "nobody of this kind" reads as 0 and not as a missing row.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from privacam.cases.base import Observation
from privacam.cases.face_reads import age_gender_reads
from privacam.cases.person_tracks import person_track_changes
from privacam.cases.windows import MAX_FRAME_GAP, RecordBatch, WindowClock, WindowedAnalyzer
from privacam.policy.age_brackets import AgeBrackets
from privacam.records import UNKNOWN, AttributeTally, Gender, Record, WindowFields
from privacam.vision.faces.types import AgeGender

GENDERS: tuple[Gender, ...] = ("female", "male")


@dataclass(slots=True)
class _Votes:
    """One live track's reads: the only per-person state, dropped when the track ends."""

    ages: list[float] = field(default_factory=list)
    female: list[float] = field(default_factory=list)

    def add(self, estimate: AgeGender) -> None:
        self.ages.append(float(estimate.age))
        self.female.append(float(estimate.female_probability))


def vote(brackets: AgeBrackets, ages: list[float], female: list[float]) -> tuple[str, Gender]:
    """The bracket and gender the reads of one track vote for; unknown without a read.

    >>> b = AgeBrackets.parse(["0-19", "20-39", "40+"])
    >>> vote(b, [25, 31, 45], [0.9, 0.7, 0.2])
    ('20-39', 'female')
    >>> vote(b, [], [])
    ('unknown', 'unknown')
    """
    if not ages:
        return UNKNOWN, UNKNOWN
    votes = Counter(brackets.of(age) for age in ages)
    most = max(votes.values())
    tied = {label for label, n in votes.items() if n == most}
    median = statistics.median(ages)
    nearest = sorted(ages, key=lambda age: abs(age - median))
    bracket = next(brackets.of(age) for age in nearest if brackets.of(age) in tied)
    females = sum(p >= 0.5 for p in female)
    males = len(female) - females
    if females != males:
        gender: Gender = "female" if females > males else "male"
    else:
        gender = "female" if statistics.fmean(female) >= 0.5 else "male"
    return bracket, gender


class AttributeAnalyzer(WindowedAnalyzer):
    """Person tracks → one vote each at their end → attribute tallies per window."""

    needs_tracks = True
    #: The runtime runs the face stage for this case, reading age and gender.
    needs_faces = True

    def __init__(
        self,
        camera_id: str,
        brackets: AgeBrackets,
        *,
        window: timedelta,
        zone: tzinfo,
        max_frame_gap: timedelta | None = MAX_FRAME_GAP,
    ) -> None:
        super().__init__(camera_id, WindowClock(window, zone, max_frame_gap=max_frame_gap))
        self.brackets = brackets
        self._tracks: dict[int, _Votes] = {}
        self._reset_window()

    def _reset_window(self) -> None:
        self._tally: Counter[tuple[str, str]] = Counter()

    def _records(self, window: WindowFields) -> list[Record]:
        cells = [(b, g) for b in self.brackets.labels for g in GENDERS] + [(UNKNOWN, UNKNOWN)]
        return [
            AttributeTally(**window, age_bracket=b, gender=g, count=self._tally[b, g])  # type: ignore[arg-type]
            for b, g in cells
        ]

    # -- the CaseAnalyzer protocol ------------------------------------------------------------

    def observe(self, observation: Observation) -> RecordBatch:
        if observation.tracks is None:
            raise ValueError("the attributes case needs tracks; run the tracker (needs_tracks)")
        done = self._clock.advance(observation.captured_at)
        if self._clock.gapped:
            self._end_all()  # an outage ends every track, counted in the window it closes
        windows = self._flush(done)
        changes = person_track_changes(observation.tracks, set(self._tracks))
        for track_id in changes.ended:
            self._end(track_id)
        for track_id in changes.alive:
            self._tracks.setdefault(track_id, _Votes())
        for track_id, estimate in age_gender_reads(observation.faces):
            self._tracks.setdefault(track_id, _Votes()).add(estimate)
        return windows

    def gap(self, start: datetime, end: datetime) -> RecordBatch:
        self._end_all()
        return self._flush(self._clock.gap(start, end))

    def close(self, at: datetime, *, keep: bool) -> RecordBatch:
        self._end_all()
        windows = self._flush(self._clock.close(at, keep=keep))
        self._reset_window()
        return windows

    # -- tracks --------------------------------------------------------------------------------

    @property
    def live_tracks(self) -> int:
        """How many tracks hold votes now (all are dropped when they end)."""
        return len(self._tracks)

    def _end(self, track_id: int) -> None:
        votes = self._tracks.pop(track_id)
        self._tally[vote(self.brackets, votes.ages, votes.female)] += 1

    def _end_all(self) -> None:
        for track_id in list(self._tracks):
            self._end(track_id)
