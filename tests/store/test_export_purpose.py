"""Each export records the deployment purpose it serves (GB §2 handling): --purpose ID, one
of the file's purposes, required when the file has several, for exact and published exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec
from privacam.store import open_store
from tests.helpers.cli import run

from .conftest import T0, line_count

SECOND_PURPOSE = {
    "id": "planning",
    "data_item": {"ja": "通行者の映像", "en": "video of passers-by"},
    "use": {
        "ja": "時間帯別の通行量を集計して歩道整備を計画",
        "en": "count passers-by per hour to plan pavements",
    },
    "output": {"ja": "時間帯別の通行量の統計", "en": "hourly counts of passers-by"},
}


def _site(tmp_path: Path, *, purposes: int) -> Path:
    data = yaml.safe_load(render_template("counting"))
    if purposes == 2:
        data["purposes"].append(SECOND_PURPOSE)
    path = tmp_path / "privacam.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with open_store(load_spec(path)) as store:
        store.write([line_count(T0, count=20), line_count(T0, camera_id="north", count=3)])
    return path


def _export_entries(path: Path) -> list[dict]:
    with open_store(load_spec(path), create=False) as store:
        return [json.loads(e.details) for e in store.audit.entries() if e.action == "export"]


@pytest.mark.parametrize("published", [False, True])
def test_an_export_records_the_purpose_it_serves(tmp_path: Path, capsys, published: bool) -> None:
    site = _site(tmp_path, purposes=2)
    argv = ["export", str(site), "--kind", "line_counts", "--purpose", "planning"]
    argv += ["--published"] if published else []
    code, _out, err = run(capsys, *argv, "-o", str(tmp_path / "out.csv"))
    assert code == 0, err
    [entry] = _export_entries(site)
    assert (entry["purpose"], entry["purpose_named"], entry["published"]) == (
        "planning",
        True,
        published,
    )


def test_an_export_for_a_purpose_the_file_does_not_announce_is_refused(
    tmp_path: Path, capsys
) -> None:
    site = _site(tmp_path, purposes=2)
    out = tmp_path / "out.csv"
    code, _out, err = run(
        capsys,
        "export",
        str(site),
        "--kind",
        "line_counts",
        "--purpose",
        "marketing",
        "-o",
        str(out),
    )
    assert code == 2
    [line] = [line for line in err.splitlines() if line.startswith("privacam: error:")]
    assert "--purpose marketing is not one of the deployment's purposes (p1, planning)" in line
    assert not out.exists() and _export_entries(site) == []


def test_a_file_with_several_purposes_needs_the_purpose_named(tmp_path: Path, capsys) -> None:
    site = _site(tmp_path, purposes=2)
    code, _out, err = run(capsys, "export", str(site), "--kind", "line_counts")
    assert code == 2
    assert "name the one this export serves with --purpose ID (p1, planning)" in err
    assert _export_entries(site) == []


def test_a_file_with_one_purpose_records_that_purpose_unnamed(tmp_path: Path, capsys) -> None:
    site = _site(tmp_path, purposes=1)
    code, _out, err = run(
        capsys, "export", str(site), "--kind", "line_counts", "-o", str(tmp_path / "a.csv")
    )
    assert code == 0, err
    [entry] = _export_entries(site)
    assert (entry["purpose"], entry["purpose_named"]) == ("p1", False)
