"""Numbers stay numbers: numpy scalars from a case are Python numbers by the time they are
stored (issue 8 item 4), and blobs an older privacam stored are decoded by a migration."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Float, Integer, text

from privacam.cli import main
from privacam.records import RECORD_KINDS, CrowdInterval, FlowWindow, Record, ZoneOccupancy
from privacam.store import Store, open_store
from privacam.store.engine import make_engine, resolve_url
from privacam.store.migrate import upgrade
from privacam.store.tables import table_for

from .conftest import T0, loaded_spec
from .test_store import one_of_each


def numpy_typed(value: Any) -> Any:
    """``value`` as a case computing with numpy would hand it over."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return np.int64(value)
    if isinstance(value, float):
        single = np.float32(value)  # not a float subclass, unlike np.float64
        return single if float(single) == value else np.float64(value)
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        if all(isinstance(x, int | float) for v in value for x in v):
            return np.array(value)
        return [tuple(numpy_typed(x) for x in v) for v in value]
    if isinstance(value, dict):
        return {k: numpy_typed(v) for k, v in value.items()}
    return value


def with_numpy_fields(record: Record) -> Record:
    fields = {f.name: numpy_typed(getattr(record, f.name)) for f in dataclasses.fields(record)}
    return type(record)(**fields)


def test_every_record_kind_stores_numpy_fields_as_numbers_of_the_column_type(
    store: Store,
) -> None:
    plain = one_of_each()
    assert {r.kind for r in plain} == set(RECORD_KINDS)
    store.write([with_numpy_fields(r) for r in plain], run_id="r-1")
    with store.engine.connect() as connection:
        for record in plain:
            table = table_for(type(record))
            (row,) = connection.execute(text(f"SELECT * FROM {table.name}")).mappings().all()
            for column in table.columns:
                value = row[column.name]
                if isinstance(column.type, Integer) and value is not None:
                    assert type(value) is int, f"{table.name}.{column.name}: {value!r}"
                elif isinstance(column.type, Float) and value is not None:
                    assert type(value) is float, f"{table.name}.{column.name}: {value!r}"
    for record in plain:
        (back,) = store.read(type(record))
        assert back == record, record.kind
        for name, value in back.to_dict().items():
            assert type(value).__module__ != "numpy", f"{record.kind}.{name}"


def test_a_numpy_count_in_case_6_exports_as_a_number(tmp_path: Path, capsys) -> None:
    loaded = loaded_spec(tmp_path, "crowd")
    levels = np.array([10, 30, 60]) <= 35  # how the crowd case counts thresholds reached
    with open_store(loaded) as store:
        store.write(
            [
                CrowdInterval(
                    window_start=T0,
                    window_end=T0 + timedelta(minutes=5),
                    camera_id="platform",
                    area="all",
                    moving=np.int64(30),
                    still=np.int64(5),
                    congestion_level=levels.sum(),
                )
            ]
        )
    with pytest.raises(SystemExit) as done:
        main(["export", str(loaded.path), "--kind", "crowd_intervals", "--format", "json"])
    assert done.value.code == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["moving"], row["congestion_level"]) == (30, 2)


def test_a_fractional_value_for_a_count_is_refused() -> None:
    with pytest.raises(ValueError, match=r"crowd_intervals\.moving"):
        CrowdInterval(
            window_start=T0,
            window_end=T0 + timedelta(minutes=5),
            camera_id="c",
            area="all",
            moving=np.float64(2.5),
            still=0,
            congestion_level=0,
        )


def test_the_migration_decodes_numbers_an_older_version_stored_as_blobs(tmp_path: Path) -> None:
    url = resolve_url(str(tmp_path / "old.db"))
    engine = make_engine(url)
    upgrade(engine, "0001")  # the schema before the fix, with rows the bug wrote
    window = {"window_start": "2026-04-01 00:00:00.000000", "window_end": "2026-04-01 00:05:00"}
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO crowd_intervals (window_start, window_end, camera_id, area, moving,"
                " still, congestion_level) VALUES (:window_start, :window_end, 'c', 'all', 12,"
                " :still, :level)"
            ),
            {**window, "still": np.int32(4).tobytes(), "level": np.int64(1).tobytes()},
        )
        connection.execute(
            text(
                "INSERT INTO zone_occupancy (window_start, window_end, camera_id, zone, class_name,"
                " mean, max) VALUES (:window_start, :window_end, 'c', 'z', 'person', :mean, :max)"
            ),
            {**window, "mean": np.float32(2.5).tobytes(), "max": np.int64(7).tobytes()},
        )
        connection.execute(
            text(
                "INSERT INTO flow_windows (window_start, window_end, camera_id, zone, visits,"
                " total_dwell_s) VALUES (:window_start, :window_end, 'c', 'z', :visits, 9.0)"
            ),
            {**window, "visits": np.int64(3).tobytes()},
        )
        assert connection.execute(
            text("SELECT typeof(congestion_level) FROM crowd_intervals")
        ).scalar() == ("blob")
    engine.dispose()

    with Store.open(url) as store:
        (crowd,) = store.read(CrowdInterval)
        (occupancy,) = store.read(ZoneOccupancy)
        (flow,) = store.read(FlowWindow)
        with store.engine.connect() as connection:
            kinds = connection.execute(
                text("SELECT typeof(still), typeof(congestion_level) FROM crowd_intervals")
            ).one()
    assert (crowd.still, crowd.congestion_level) == (4, 1)
    assert type(crowd.congestion_level) is int
    assert (occupancy.mean, occupancy.max) == (2.5, 7)
    assert flow.visits == 3
    assert tuple(kinds) == ("integer", "integer")
