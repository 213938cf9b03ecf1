"""Case ① as a user runs it: `privacam run` on TUD-Campus keeps tallies and nothing per person.

After the run the whole database is read, every table and every column, and every file
the run wrote is searched: no row may be about one person (no personal or identifier
record, no track, visitor, face or feature column with a value, no tally row per track)
and no file may hold a face crop or any camera pixel. Published exports suppress the
tallies' small cells.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
from sqlalchemy import MetaData, Table, inspect, select

from privacam.policy.loader import load_spec
from privacam.records import RECORD_KINDS, AttributeTally
from privacam.runtime import RunOptions, run_deployment
from privacam.store import open_store
from privacam.store.tables import TABLES
from tests.helpers.cli import run
from tests.runtime.pixels import IMAGE_SIGNATURES, PixelProbe, camera_pixels_in

pytestmark = [pytest.mark.assets, pytest.mark.slow]

#: Column names that would mean a row is about one person or one face.
PERSONAL_COLUMNS = ("track", "visitor", "visit_id", "face", "feature", "embedding", "template")


@pytest.fixture(scope="module")
def tud(media_dir: Path) -> Path:
    folder = media_dir / "TUD-Campus" / "img1"
    if not folder.is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    return folder


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _every_row(engine) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    with engine.connect() as connection:
        for name in inspect(connection).get_table_names():
            table = TABLES.get(name)
            if table is None:  # a table the records module does not know: read it raw
                table = Table(name, MetaData(), autoload_with=connection)
            rows[name] = [dict(r._mapping) for r in connection.execute(select(table))]
    return rows


def test_a_run_of_case_one_leaves_tallies_only_and_no_face_anywhere(
    make_deployment, tud, media_dir, models_dir, monkeypatch, tmp_path, capsys
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    path = make_deployment(
        "attributes", tud, fps=25, edits=((r"^    window: 1h", "    window: 1s"),)
    )
    site = path.parent.parent
    before = _snapshot(site)
    result = run_deployment(path, RunOptions(show_progress=False))
    assert result.run.status == "completed" and result.records_written > 0

    with open_store(load_spec(path)) as store:
        tables = _every_row(store.engine)
        tallies = store.read(AttributeTally)
    personal = [k for k, kind in RECORD_KINDS.items() if kind.data_class.value != "statistics"]
    assert all(not tables.get(kind) for kind in personal), "a personal or identifier row"
    for name, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                if any(word in column.lower() for word in PERSONAL_COLUMNS):
                    assert value is None, f"{name}.{column} holds a per-person value"
                if isinstance(value, bytes | str):
                    data = value.encode() if isinstance(value, str) else value
                    assert not any(s in data for s in IMAGE_SIGNATURES), f"{name}.{column}"
    # One row per cell and window, whatever the number of people: 4 brackets x 2 + unknown.
    windows = {(t.camera_id, t.window_start) for t in tallies}
    assert len(tallies) == 9 * len(windows) and windows
    assert sum(t.count for t in tallies) >= 5  # TUD-Campus shows 8 people

    probe = PixelProbe([cv2.imread(str(p)) for p in sorted(tud.glob("*.jpg"))[::20]])
    written = [p for p, data in _snapshot(site).items() if before.get(p) != data]
    assert any(p.name == "privacam.db" for p in written)
    for file in written:
        assert camera_pixels_in(file, probe) is None, f"{file.relative_to(site)} holds pixels"

    code, out, _ = run(
        capsys,
        "export",
        str(path),
        "--kind",
        "attribute_tallies",
        "--format",
        "json",
        "--published",
    )
    assert code == 0
    published = json.loads(out)
    k = published["k"]
    assert all(r["count"] is None or r["count"] == 0 or r["count"] >= k for r in published["rows"])
    small = [t for t in tallies if 0 < t.count < k]
    assert sum(r["suppressed"] for r in published["rows"]) == len(small) > 0
