"""``runtime.anonymize``: case ⑤ through the runtime, preflight first and audited in the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec
from privacam.runtime.anonymize import AnonymizeOptions, anonymize_inputs
from privacam.store import open_store


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))
    monkeypatch.delenv("PRIVACAM_AUDIT_KEY", raising=False)


def street_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "privacam.yaml"
    spec.write_text(render_template("street"), encoding="utf-8")
    return spec


def test_anonymize_refuses_an_output_folder_that_is_a_file_before_opening_the_store(
    keys: None, tmp_path: Path
) -> None:
    spec = street_spec(tmp_path)
    outdir = tmp_path / "out"
    outdir.write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        anonymize_inputs([tmp_path], outdir, AnonymizeOptions(spec=spec, show_progress=False))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "privacam.yaml"]  # no store


@pytest.mark.assets
def test_anonymize_inputs_audits_start_and_end_in_the_deployment_store(
    keys: None, models_dir: Path, media_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    photo = media_dir / "dlib_faces_voc" / "2008_001009.jpg"  # 2 faces
    spec = street_spec(tmp_path)
    options = AnonymizeOptions(spec=spec, workers=1, qa_sheet=False, show_progress=False)
    result = anonymize_inputs([photo], tmp_path / "out", options)
    assert result.exit_code == 0
    assert [c for c in result.complaints() if "remain on disk" not in c] == []
    assert result.report()[0].startswith("anonymized 1 file(s)")
    with open_store(load_spec(spec), create=False) as store:
        entries = [e for e in store.audit.entries() if e.action.startswith("anonymize.")]
    assert [e.action for e in entries] == ["anonymize.start", "anonymize.end"]
    start, end = (json.loads(e.details) for e in entries)
    assert start["inputs"] == 1 and start["engine"] == "process"
    assert end["processed"] == 1 and end["faces"] == 2 and end["problems"] == 0
    assert end["remaining_originals"] == 1  # the photo was not deleted (no --delete-originals)
