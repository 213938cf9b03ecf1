"""Exports: stable columns, CSV with BOM that round-trips Japanese text, exact operator data,
and k-suppression for published output."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.records import (
    RECORD_KINDS,
    CrowdInterval,
    FlowWindow,
    HeatmapWindow,
    ZoneOccupancy,
)
from privacam.store import AuditLog, Store, publish
from privacam.store.export import export, export_columns

from .conftest import T0, line_count, trajectory

REPO = Path(__file__).resolve().parents[2]
H = timedelta(hours=1)


def read_csv(path: Path) -> tuple[bytes, list[dict[str, str]]]:
    raw = path.read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_starts_with_a_bom_and_round_trips_japanese(store: Store, tmp_path: Path) -> None:
    store.write(
        [line_count(camera_id="駅前カメラ", line="北口改札", count=3), line_count(count=40)],
        run_id="run-1",
    )
    out = tmp_path / "counts.csv"
    result = export(store, "line_counts", "csv", out)
    raw, rows = read_csv(out)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.splitlines()[0].decode("utf-8-sig").split(",") == export_columns(
        RECORD_KINDS["line_counts"]
    )
    assert [(r["camera_id"], r["line"], r["count"]) for r in rows] == [
        ("駅前カメラ", "北口改札", "3"),
        ("gate", "L1", "40"),
    ]
    assert rows[0]["window_start"] == "2026-04-01T00:00:00+00:00"
    assert rows[0]["run_id"] == "run-1"
    assert result.rows == 2
    (entry,) = list(store.audit.entries())
    assert (entry.action, entry.subject) == ("export", "line_counts")
    assert json.loads(entry.details)["rows"] == 2


def test_operator_export_is_exact_even_below_k(store: Store, tmp_path: Path) -> None:
    store.write([line_count(count=1), line_count(count=2)])
    out = tmp_path / "exact.json"
    export(store, "line_counts", "json", out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["published"] is False
    assert [r["count"] for r in document["rows"]] == [1, 2]
    assert "suppressed" not in document["columns"]


def test_published_export_suppresses_small_cells(store: Store, tmp_path: Path) -> None:
    store.write([line_count(count=n) for n in (0, 1, 9, 10, 250)])
    out = tmp_path / "public.csv"
    export(store, "line_counts", "csv", out, published_k=10)
    _, rows = read_csv(out)
    assert [(r["count"], r["suppressed"]) for r in rows] == [
        ("0", "false"),
        ("", "true"),
        ("", "true"),
        ("10", "false"),
        ("250", "false"),
    ]
    assert "run_id" not in rows[0]


def test_nested_values_are_json_in_csv_cells(store: Store, tmp_path: Path) -> None:
    visit = trajectory(dwell={"レジ": 12.5})
    store.write([visit])
    out = tmp_path / "t.csv"
    export(store, "trajectories", "csv", out)
    (row,) = read_csv(out)[1]
    assert json.loads(row["dwell_s"]) == {"レジ": 12.5}
    assert json.loads(row["image_points"]) == [[0.0, 10.0, 20.0], [120.0, 30.0, 40.0]]


def test_publish_gates_each_kind_on_its_counts() -> None:
    window = {"window_start": T0, "window_end": T0 + H, "camera_id": "c"}
    flow, occupancy, crowd, heat = publish(
        [
            FlowWindow(**window, zone="z", visits=4, total_dwell_s=80.0),
            ZoneOccupancy(**window, zone="z", class_name="person", mean=0.4, max=3),
            CrowdInterval(**window, area="a", moving=30, still=2, congestion_level=2),
            HeatmapWindow(**window, rows=1, cols=4, counts=((0, 3, 5, 12),)),
        ],
        k=5,
    )
    assert (flow["visits"], flow["total_dwell_s"], flow["mean_dwell_s"]) == (None, None, None)
    assert (occupancy["mean"], occupancy["max"], occupancy["suppressed"]) == (None, None, True)
    assert (crowd["moving"], crowd["still"], crowd["congestion_level"]) == (30, None, 2)
    assert heat["counts"] == ((0, None, 5, 12),) and heat["suppressed"] is True
    (big,) = publish([FlowWindow(**window, zone="z", visits=5, total_dwell_s=80.0)], k=5)
    assert (big["visits"], big["mean_dwell_s"], big["suppressed"]) == (5, 16.0, False)


def test_personal_data_and_runs_are_never_published(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="never published"):
        publish([trajectory()], k=5)
    store.write([trajectory()])
    with pytest.raises(InputError, match="never published"):
        export(store, "trajectories", "csv", tmp_path / "x.csv", published_k=5)
    assert not (tmp_path / "x.csv").exists()


def test_unknown_kind_is_a_one_line_error(store: Store) -> None:
    with pytest.raises(InputError, match="unknown record kind 'counts'; use one of"):
        export(store, "counts", "csv", None)


def test_docs_list_the_stable_columns_of_every_kind() -> None:
    page = (REPO / "docs" / "store.md").read_text(encoding="utf-8")
    for kind, record_type in RECORD_KINDS.items():
        columns = ", ".join(f"`{c}`" for c in export_columns(record_type))
        assert f"| `{kind}` | {record_type.data_class.value} | {columns} |" in page, kind


def test_an_export_whose_audit_entry_fails_writes_no_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write([line_count(count=3)], run_id="run-1")
    before = len(list(store.audit.entries()))

    def refuse(*args, **kwargs):
        raise InputError("audit refused")

    out = tmp_path / "counts.csv"
    with monkeypatch.context() as patch, pytest.raises(InputError, match="audit refused"):
        patch.setattr(AuditLog, "append", refuse)
        export(store, "line_counts", "csv", out)
    assert not out.exists()  # the entry and the file go together
    assert not [p for p in tmp_path.iterdir() if "counts" in p.name]
    assert len(list(store.audit.entries())) == before


def test_an_export_that_cannot_be_written_is_not_audited(store: Store, tmp_path: Path) -> None:
    store.write([line_count(count=3)], run_id="run-1")
    before = len(list(store.audit.entries()))
    with pytest.raises(InputError, match="does not exist"):
        export(store, "line_counts", "csv", tmp_path / "missing" / "counts.csv")
    assert len(list(store.audit.entries())) == before
