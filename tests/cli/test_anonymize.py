"""``privacam anonymize`` end to end with the real models: summary, exit 1 on bad inputs, resume."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.policy.deployment_template import render_template

pytestmark = pytest.mark.assets


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(argv)
    return int(done.value.code or 0)


@pytest.fixture
def env(models_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    monkeypatch.setenv("PRIVACAM_QUARANTINE_KEY_FILE", str(tmp_path / "keys" / "q.key"))
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))
    monkeypatch.delenv("PRIVACAM_AUDIT_KEY", raising=False)
    monkeypatch.delenv("PRIVACAM_QUARANTINE_KEY", raising=False)


def test_anonymize_reports_bad_inputs_exits_1_and_resumes(
    env: None, media_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = media_dir / "dlib_faces_voc" / "2008_001009.jpg"  # 2 faces
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "corrupt.jpg").write_bytes(b"garbage" * 50)
    (bad / "empty.mp4").write_bytes(b"")
    (bad / "notes.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    before = photo.read_bytes()

    code = run(["anonymize", str(photo), str(bad), "-o", str(out), "--workers", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert "anonymized 1 file(s)" in captured.out and "2 face(s)" in captured.out
    for name in ("corrupt.jpg", "empty.mp4"):
        assert f"skipped {bad / name}" in captured.err
    assert "2 input(s) skipped, 1 processed" in captured.err
    assert "ignored 1: " in captured.out  # notes.txt in a walked folder: counted, not a failure
    assert photo.read_bytes() == before  # the input is untouched
    manifest = json.loads((out / "_privacam/manifests/2008_001009.jpg.json").read_text())
    assert manifest["masked"]["faces"] == 2 and manifest["verified"] is True
    assert set(manifest["models"]) == {"yunet", "lpd_yunet", "yolox_nano"}
    assert (out / "_privacam/qa_sheet.jpg").is_file()

    code = run(["anonymize", str(photo), "-o", str(out)])
    assert code == 0
    assert "1 already finished" in capsys.readouterr().out

    spec = tmp_path / "privacam.yaml"
    spec.write_text(render_template("street"), encoding="utf-8")
    code = run(["anonymize", str(photo), "-o", str(out), "--spec", str(spec)])
    assert code == 0
    assert "anonymized 1 file(s)" in capsys.readouterr().out  # a new deployment file: redone
    manifest = json.loads((out / "_privacam/manifests/2008_001009.jpg.json").read_text())
    assert manifest["deployment_sha256"] is not None


def test_quarantine_from_the_deployment_is_purged_by_privacam_purge(
    env: None, media_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = media_dir / "dlib_faces_voc" / "2008_001009.jpg"
    spec = tmp_path / "privacam.yaml"
    text = render_template("street").replace(
        "quarantine_dir: null   # no unmasked original is kept", "quarantine_dir: quarantine"
    )
    spec.write_text(text, encoding="utf-8")
    # a quarantine without a declared retention fails `privacam check`: refused
    assert run(["anonymize", str(photo), "-o", str(tmp_path / "out"), "--spec", str(spec)]) == 1
    assert "quarantine" in capsys.readouterr().err
    assert not (tmp_path / "quarantine").exists()
    item = (
        "  - key: quarantine\n"
        '    description: {ja: "マスク前の元画像", en: "unmasked originals"}\n'
        "    data_class: personal\n"
        "    retention: 72h\n"
    )
    spec.write_text(text.replace("    at_expiry: delete\n", "    at_expiry: delete\n" + item, 1))
    assert run(["anonymize", str(photo), "-o", str(tmp_path / "out"), "--spec", str(spec)]) == 0
    assert "originals quarantined" in capsys.readouterr().out
    entries = list((tmp_path / "quarantine").glob("*.pqar"))
    assert len(entries) == 1
    assert photo.read_bytes()[1000:1064] not in entries[0].read_bytes()
    soon = datetime.now(UTC) + timedelta(hours=1)
    assert run(["purge", str(spec), "--now", soon.isoformat()]) == 0
    assert len(list((tmp_path / "quarantine").glob("*.pqar"))) == 1  # not expired yet
    later = datetime.now(UTC) + timedelta(hours=73)
    assert run(["purge", str(spec), "--now", later.isoformat()]) == 0
    assert "deleted        1 quarantine_files" in capsys.readouterr().out
    assert list((tmp_path / "quarantine").glob("*.pqar")) == []


@pytest.mark.slow
def test_ray_engine_on_a_real_single_node_cluster(
    env: None, media_dir: Path, tmp_path: Path
) -> None:
    ray = pytest.importorskip("ray")
    from privacam.cases.street import job_from_spec
    from privacam.runtime.batch import run_batch

    photos = sorted((media_dir / "dlib_faces_voc").glob("*.jpg"))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        summary = run_batch(photos, job_from_spec(tmp_path / "ray", None), engine="ray", workers=2)
    finally:
        ray.shutdown()
    pooled = run_batch(photos, job_from_spec(tmp_path / "pool", None), engine="process", workers=2)
    assert not summary.problems
    assert len(summary.processed) == len(pooled.processed) == 4
    assert summary.faces == pooled.faces >= 18
