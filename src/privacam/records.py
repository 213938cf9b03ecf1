"""The record kinds that cases emit and the store keeps: the currency between them.

A case turns tracks into the few records its purpose needs; the store keeps
them by kind, data class and retention. Both import this module and neither
imports the other. Every kind declares, as class attributes:

- ``kind``: its table and export name (``privacam export --kind KIND``);
- ``data_class``: statistics, personal or identifier (GUIDEBOOK.md §1);
- ``retention_key``: the key of :data:`privacam.policy.retention.RETENTION`
  (and of the deployment's ``data_items``) whose period applies to it;
- ``time_field``: the field whose age counts for retention;
- ``suppression``: for published output (k-suppression, invariant 4), which
  count field gates which fields; ``None`` means the kind is never published.

Records are frozen and validated on construction. Times must be timezone-aware
and are normalised to UTC; sequences become tuples. Numeric fields are converted
to the Python types they declare, so a numpy scalar from a case (``np.int64``)
never reaches a database driver (SQLite would store it as an 8-byte blob) or JSON.

>>> from datetime import datetime, timezone, timedelta
>>> jst = timezone(timedelta(hours=9))
>>> c = LineCount(window_start=datetime(2026, 4, 1, 9, tzinfo=jst),
...               window_end=datetime(2026, 4, 1, 9, 15, tzinfo=jst),
...               camera_id="gate", line="L1", direction="in", class_name="person", count=12)
>>> c.window_start.isoformat(), c.data_class.value, c.retention_key
('2026-04-01T00:00:00+00:00', 'statistics', 'statistics')
>>> RECORD_KINDS["line_counts"] is LineCount
True
"""

from __future__ import annotations

import dataclasses
import functools
import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, ClassVar, Literal, TypedDict
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter, ValidationError

from privacam.errors import InputError
from privacam.policy.spec import DataClass
from privacam.processes import ProcessIdentity

Direction = Literal["in", "out"]
RunStatus = Literal["running", "completed", "interrupted", "failed"]
#: A point on a trajectory: seconds since the visit started, then x and y.
TimedPoint = tuple[float, float, float]
#: A zone-to-zone move: seconds since the visit started, from zone, to zone.
Transition = tuple[float, str, str]


#: The longest time window: windows are counted from local midnight and never cross it.
MAX_WINDOW = timedelta(days=1)


def check_window_size(size: timedelta) -> None:
    """InputError unless ``size`` is a window length privacam keeps: over 0 s, at most a day."""
    if size <= timedelta(0):
        raise InputError(
            f"集計の時間枠は 0 秒より長くしてください（{size}） / "
            f"a time window must be longer than 0 s, got {size}"
        )
    if size > MAX_WINDOW:
        raise InputError(
            f"1 日より長い集計の時間枠（{size}）には対応していません / "
            f"a time window longer than a day ({size}) is not supported"
        )


def window_bounds(
    t: datetime, size: timedelta, timezone: str | tzinfo = "UTC"
) -> tuple[datetime, datetime]:
    """The wall-clock window of ``size`` that contains ``t``, as UTC (start, end).

    This is privacam's one window clock: the cases close their windows at these
    boundaries (:class:`privacam.cases.windows.WindowClock`) and the retention
    sweeper folds expired trajectories into these same windows
    (:mod:`privacam.store.fold`), so the two always name the same windows.

    Windows are counted from local midnight in ``timezone`` (the deployment's), so a
    15-minute window starts at :00, :15, :30 and :45 local time and a daily window
    is a calendar day there. A size that does not divide a day gives a shorter
    last window that ends at midnight, so that every day starts on a boundary.

    >>> t = datetime(2026, 4, 1, 0, 40, tzinfo=UTC)          # 09:40 in Tokyo
    >>> [b.isoformat() for b in window_bounds(t, timedelta(minutes=15), "Asia/Tokyo")]
    ['2026-04-01T00:30:00+00:00', '2026-04-01T00:45:00+00:00']
    >>> window_bounds(t, timedelta(days=1), "Asia/Tokyo")[0].isoformat()
    '2026-03-31T15:00:00+00:00'
    >>> late = datetime(2026, 4, 1, 14, 58, tzinfo=UTC)      # 23:58 in Tokyo
    >>> [b.isoformat() for b in window_bounds(late, timedelta(minutes=7), "Asia/Tokyo")]
    ['2026-04-01T14:55:00+00:00', '2026-04-01T15:00:00+00:00']
    """
    check_window_size(size)
    zone = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
    local = utc(t).astimezone(zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    start = midnight + ((local - midnight) // size) * size
    end = min(start + size, midnight + timedelta(days=1))
    return utc(start), utc(end)


def utc(value: datetime, name: str = "time") -> datetime:
    """``value`` in UTC; a naive datetime is a bug (its zone is unknown), so it is refused.

    >>> utc(datetime(2026, 1, 1, 9, tzinfo=UTC)).tzinfo is UTC
    True
    """
    if not isinstance(value, datetime):
        raise TypeError(f"{name}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name}: naive datetime {value.isoformat()}; give it a time zone")
    return value.astimezone(UTC)


@dataclass(frozen=True, kw_only=True)
class Record:
    """Base of every record kind; see the module docstring for the class attributes."""

    kind: ClassVar[str]
    data_class: ClassVar[DataClass]
    retention_key: ClassVar[str]
    time_field: ClassVar[str]
    #: gate field -> fields suppressed with it when the gate's value is below k.
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = None

    def __post_init__(self) -> None:
        numeric = _numeric_fields(type(self))
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in numeric:
                object.__setattr__(self, f.name, _convert(numeric[f.name], value, self, f.name))
            elif isinstance(value, datetime):
                object.__setattr__(self, f.name, utc(value, f"{self.kind}.{f.name}"))
            elif isinstance(value, list):
                object.__setattr__(self, f.name, _tuples(value))
        self._validate()

    def _validate(self) -> None:
        """Kind-specific checks; raise ValueError for values no case should produce."""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    def to_dict(self) -> dict[str, Any]:
        """Field values by name (times stay datetimes, tuples stay tuples)."""
        return {name: getattr(self, name) for name in self.field_names()}


@functools.cache
def _numeric_fields(record_type: type[Record]) -> dict[str, TypeAdapter[Any]]:
    """A converter for each field whose declared type holds numbers (counts, points, dwell)."""
    hints = typing.get_type_hints(record_type)
    return {
        f.name: TypeAdapter(hints[f.name])
        for f in dataclasses.fields(record_type)
        if _holds_numbers(hints[f.name])
    }


def _holds_numbers(hint: Any) -> bool:
    return hint in (int, float) or any(_holds_numbers(arg) for arg in typing.get_args(hint))


def _convert(adapter: TypeAdapter[Any], value: Any, record: Record, name: str) -> Any:
    """``value`` as the field's declared Python type: ``np.int64(3)`` becomes ``3``, a numpy
    array of cells a tuple of tuples of int; a fractional value for an int is refused."""
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        problem = error.errors()[0]
        raise ValueError(f"{record.kind}.{name}: {problem['msg']} (got {value!r:.60})") from None


def _tuples(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_tuples(v) for v in value)
    return value


def _check_window(record: Any) -> None:
    if record.window_end <= record.window_start:
        raise ValueError(
            f"{record.kind}: window_end {record.window_end.isoformat()} is not after "
            f"window_start {record.window_start.isoformat()}"
        )


def _check_non_negative(record: Record, *names: str) -> None:
    for name in names:
        value = getattr(record, name)
        if value is not None and value < 0:
            raise ValueError(f"{record.kind}.{name}: negative value {value}")


@dataclass(frozen=True, kw_only=True)
class WindowStatistics(Record):
    """Statistics of one camera over one time window: the span actually observed in it."""

    data_class: ClassVar[DataClass] = DataClass.statistics
    retention_key: ClassVar[str] = "statistics"
    time_field: ClassVar[str] = "window_end"

    #: Fields no window can hold a negative value in (counts, means, dwell).
    non_negative: ClassVar[tuple[str, ...]] = ()

    window_start: datetime
    window_end: datetime
    camera_id: str

    def _validate(self) -> None:
        _check_window(self)
        _check_non_negative(self, *self.non_negative)


class WindowFields(TypedDict):
    """The fields every :class:`WindowStatistics` begins with, to unpack into one."""

    window_start: datetime
    window_end: datetime
    camera_id: str


def window_fields(camera_id: str, start: datetime, end: datetime) -> WindowFields:
    """``LineCount(**window_fields(cam, start, end), line=...)``: one window, one camera."""
    return WindowFields(window_start=start, window_end=end, camera_id=camera_id)


# ---------------------------------------------------------------- ④ counting


@dataclass(frozen=True, kw_only=True)
class LineCount(WindowStatistics):
    """Directed crossings of one counting line by one class in one time window (case ④)."""

    kind: ClassVar[str] = "line_counts"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {"count": ("count",)}

    line: str
    direction: Direction
    class_name: str
    count: int

    non_negative: ClassVar[tuple[str, ...]] = ("count",)

    def _validate(self) -> None:
        super()._validate()
        if self.direction not in ("in", "out"):
            raise ValueError(f"line_counts.direction: {self.direction!r} is not 'in' or 'out'")


@dataclass(frozen=True, kw_only=True)
class ZoneOccupancy(WindowStatistics):
    """How many objects of a class were in a zone during a window: mean and max (case ④)."""

    kind: ClassVar[str] = "zone_occupancy"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {"max": ("mean", "max")}

    zone: str
    class_name: str
    mean: float
    max: int

    non_negative: ClassVar[tuple[str, ...]] = ("mean", "max")


# ---------------------------------------------------------------- ② flow lines


@dataclass(frozen=True, kw_only=True)
class Trajectory(Record):
    """One visit's path (case ②): personal data, kept for the trajectories retention.

    ``visit_id`` is a random UUID4 made when the track starts (:func:`new_visit_id`);
    nothing links two visits. Point and transition times are seconds since
    ``started_at``. ``dwell_s`` maps each zone to the seconds spent in it.
    """

    kind: ClassVar[str] = "trajectories"
    data_class: ClassVar[DataClass] = DataClass.personal
    retention_key: ClassVar[str] = "trajectories"
    time_field: ClassVar[str] = "ended_at"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = None  # never published

    visit_id: str
    camera_id: str
    started_at: datetime
    ended_at: datetime
    image_points: tuple[TimedPoint, ...] = ()
    floor_points: tuple[TimedPoint, ...] = ()
    dwell_s: Mapping[str, float] = field(default_factory=dict)
    transitions: tuple[Transition, ...] = ()

    def _validate(self) -> None:
        _check_uuid4(self, "visit_id")
        if self.ended_at < self.started_at:
            raise ValueError("trajectories: ended_at is before started_at")
        for name, seconds in self.dwell_s.items():
            if seconds < 0:
                raise ValueError(f"trajectories.dwell_s[{name!r}]: negative {seconds}")


def _check_uuid4(record: Record, name: str) -> None:
    """ValueError unless ``record.<name>`` is a random UUID4: ids must not carry meaning."""
    value = getattr(record, name)
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValueError(f"{record.kind}.{name}: {value!r} is not a UUID") from None
    if parsed.version != 4:
        raise ValueError(f"{record.kind}.{name}: must be a random UUID4 (new_visit_id())")


def new_visit_id() -> str:
    """A fresh random visit id (UUID4): made when a track starts, dies with the visit.

    >>> uuid.UUID(new_visit_id()).version
    4
    """
    return str(uuid.uuid4())


@dataclass(frozen=True, kw_only=True)
class FlowWindow(WindowStatistics):
    """Visits and dwell per zone in one window (case ②): the statistics kept after expiry."""

    kind: ClassVar[str] = "flow_windows"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {
        "visits": ("visits", "total_dwell_s", "mean_dwell_s")
    }

    zone: str
    visits: int
    total_dwell_s: float
    mean_dwell_s: float | None = None

    def __post_init__(self) -> None:
        if self.mean_dwell_s is None and self.visits:
            object.__setattr__(self, "mean_dwell_s", self.total_dwell_s / self.visits)
        super().__post_init__()

    non_negative: ClassVar[tuple[str, ...]] = ("visits", "total_dwell_s", "mean_dwell_s")


@dataclass(frozen=True, kw_only=True)
class ZoneTransitionCount(WindowStatistics):
    """How many visits moved from one zone to another in one window (case ②)."""

    kind: ClassVar[str] = "zone_transitions"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {"count": ("count",)}

    from_zone: str
    to_zone: str
    count: int

    non_negative: ClassVar[tuple[str, ...]] = ("count",)


@dataclass(frozen=True, kw_only=True)
class HeatmapWindow(WindowStatistics):
    """A grid of counts per cell for one window (case ②); ``counts`` has ``rows`` × ``cols``.

    The grid is in floor-plan coordinates unless the case says otherwise; it is
    never drawn on a camera frame (invariant 1).
    """

    kind: ClassVar[str] = "heatmaps"
    #: Each cell is gated on its own count (see privacam.store.suppression).
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {"counts": ("counts",)}

    rows: int
    cols: int
    counts: tuple[tuple[int, ...], ...]

    def _validate(self) -> None:
        super()._validate()
        if len(self.counts) != self.rows or any(len(r) != self.cols for r in self.counts):
            raise ValueError(f"heatmaps.counts: not a {self.rows}×{self.cols} grid")
        if any(c < 0 for r in self.counts for c in r):
            raise ValueError("heatmaps.counts: negative cell count")


# ---------------------------------------------------------------- ⑥ crowd


@dataclass(frozen=True, kw_only=True)
class CrowdInterval(WindowStatistics):
    """Moving and still people in one area over one interval, and the congestion level (⑥).

    ``congestion_level`` is the number of configured thresholds reached (0 = calm).
    """

    kind: ClassVar[str] = "crowd_intervals"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {
        "moving": ("moving",),
        "still": ("still",),
    }

    area: str
    moving: int
    still: int
    congestion_level: int

    non_negative: ClassVar[tuple[str, ...]] = ("moving", "still", "congestion_level")


# ---------------------------------------------------------------- ① attributes


Gender = Literal["female", "male", "unknown"]
#: The age bracket of a track that never passed the quality gates: counted, never guessed.
UNKNOWN = "unknown"


@dataclass(frozen=True, kw_only=True)
class AttributeTally(WindowStatistics):
    """How many people of one age bracket and gender a camera saw in one window (case ①).

    One increment per person track, made when the track ends; nothing per person
    survives it. A track whose faces never passed the quality gates counts under
    ``age_bracket = gender = "unknown"`` rather than as a guess.
    """

    kind: ClassVar[str] = "attribute_tallies"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {"count": ("count",)}

    age_bracket: str
    gender: Gender
    count: int

    non_negative: ClassVar[tuple[str, ...]] = ("count",)

    def _validate(self) -> None:
        super()._validate()
        if self.gender not in ("female", "male", UNKNOWN):
            raise ValueError(f"attribute_tallies.gender: {self.gender!r}")


# ---------------------------------------------------------------- ③ repeat visitors


@dataclass(frozen=True, kw_only=True)
class RepeatVisit(Record):
    """One visit of a recognised visitor (case ③): personal data, never published.

    ``visitor_id`` is the pseudonymous id the vault gave the visitor's template: random
    (UUID4), never derived from the face. The visit dies with the template (deletion,
    expiry, a stop-use request); ``repeat`` says whether the visitor had been seen before.
    """

    kind: ClassVar[str] = "repeat_visits"
    data_class: ClassVar[DataClass] = DataClass.personal
    retention_key: ClassVar[str] = "visit_history"
    time_field: ClassVar[str] = "seen_at"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = None  # never published

    visit_id: str
    visitor_id: str
    store_id: str
    camera_id: str
    seen_at: datetime
    repeat: bool
    age_bracket: str | None = None
    gender: Gender | None = None

    def _validate(self) -> None:
        _check_uuid4(self, "visit_id")
        _check_uuid4(self, "visitor_id")


@dataclass(frozen=True, kw_only=True)
class RepeatVisitWindow(WindowStatistics):
    """Visits, repeat visits and new visitors of one store in one window (case ③): statistics.

    The case writes one per window; the retention sweeper adds expired visits to these
    same windows before deleting them, so the statistics outlive the personal data.
    """

    kind: ClassVar[str] = "repeat_windows"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {
        "visits": ("visits", "repeat_visits", "new_visitors")
    }

    store_id: str
    visits: int
    repeat_visits: int
    new_visitors: int

    non_negative: ClassVar[tuple[str, ...]] = ("visits", "repeat_visits", "new_visitors")


# ---------------------------------------------------------------- runs and coverage


@dataclass(frozen=True, kw_only=True)
class RunRecord(Record):
    """One ``privacam run``: which deployment (by hash), when, how it ended, from what.

    Writing a RunRecord with an existing ``run_id`` replaces it, so a run is
    written when it starts and again when it ends.

    >>> run = RunRecord.begin(deployment_sha256="ab" * 32, case="counting", source="cam.mp4")
    >>> run.status, run.finished("completed").status
    ('running', 'completed')
    """

    kind: ClassVar[str] = "runs"
    data_class: ClassVar[DataClass] = DataClass.statistics
    retention_key: ClassVar[str] = "statistics"
    time_field: ClassVar[str] = "started_at"

    run_id: str
    deployment_sha256: str
    case: str
    started_at: datetime
    ended_at: datetime | None = None
    status: RunStatus = "running"
    #: The source as written in the public deployment file: secrets redacted.
    source: str = ""
    #: Model name -> SHA-256 of the file used.
    model_digests: Mapping[str, str] = field(default_factory=dict)
    #: The process doing the run (host name, pid, its start time), so that a run whose
    #: process was killed can be told from one still going (privacam.processes).
    host: str = ""
    pid: int | None = None
    process_started_at: datetime | None = None
    #: Camera id -> SHA-256 of the recorded file(s) it read (live cameras have none), and
    #: the time the recordings were placed at: a recording run again is placed there again,
    #: so its counts are refused (or, with --replace, rewritten) rather than stored twice.
    recordings: Mapping[str, str] = field(default_factory=dict)
    recording_start: datetime | None = None

    def _validate(self) -> None:
        if self.status not in ("running", "completed", "interrupted", "failed"):
            raise ValueError(f"runs.status: unknown status {self.status!r}")
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("runs: ended_at is before started_at")

    @classmethod
    def begin(
        cls,
        *,
        deployment_sha256: str,
        case: str,
        source: str,
        model_digests: Mapping[str, str] | None = None,
        recordings: Mapping[str, str] | None = None,
        recording_start: datetime | None = None,
        now: datetime | None = None,
    ) -> RunRecord:
        """A new run with a fresh id, status ``running``, done by this process."""
        process = ProcessIdentity.current()
        return cls(
            run_id=str(uuid.uuid4()),
            deployment_sha256=deployment_sha256,
            case=case,
            started_at=now or datetime.now(UTC),
            source=source,
            model_digests=dict(model_digests or {}),
            recordings=dict(recordings or {}),
            recording_start=recording_start,
            host=process.host,
            pid=process.pid,
            process_started_at=process.started_at,
        )

    @property
    def process(self) -> ProcessIdentity | None:
        """The process that did the run, when it was recorded."""
        if self.pid is None or self.process_started_at is None:
            return None
        return ProcessIdentity(pid=self.pid, host=self.host, started_at=self.process_started_at)

    def finished(self, status: RunStatus, now: datetime | None = None) -> RunRecord:
        """This run, ended now with ``status``."""
        return dataclasses.replace(self, status=status, ended_at=now or datetime.now(UTC))


@dataclass(frozen=True, kw_only=True)
class Coverage(Record):
    """A span during which a camera was actually observed.

    Windows outside every coverage span are gaps (no data), not zeros: a camera
    outage must never read as "nobody passed".
    """

    kind: ClassVar[str] = "coverage"
    data_class: ClassVar[DataClass] = DataClass.statistics
    retention_key: ClassVar[str] = "statistics"
    time_field: ClassVar[str] = "end"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {}  # no counts to hide

    camera_id: str
    start: datetime
    end: datetime

    def _validate(self) -> None:
        if self.end < self.start:
            raise ValueError("coverage: end is before start")


@dataclass(frozen=True, kw_only=True)
class Outage(Record):
    """A span during which a camera gave no frames (dead stream, read errors), with why."""

    kind: ClassVar[str] = "outages"
    data_class: ClassVar[DataClass] = DataClass.statistics
    retention_key: ClassVar[str] = "statistics"
    time_field: ClassVar[str] = "end"
    suppression: ClassVar[Mapping[str, tuple[str, ...]] | None] = {}  # no counts to hide

    camera_id: str
    start: datetime
    end: datetime
    reason: str = ""

    def _validate(self) -> None:
        if self.end < self.start:
            raise ValueError("outages: end is before start")


RECORD_KINDS: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (
        LineCount,
        ZoneOccupancy,
        Trajectory,
        FlowWindow,
        ZoneTransitionCount,
        HeatmapWindow,
        CrowdInterval,
        AttributeTally,
        RepeatVisit,
        RepeatVisitWindow,
        RunRecord,
        Coverage,
        Outage,
    )
}
