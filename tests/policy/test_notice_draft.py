"""A failing deployment gets no notice; a draft is marked 「案 / DRAFT」 and never current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import yaml

from privacam.policy.checks import run_checks
from privacam.policy.notice import (
    DRAFT_MARK,
    MANIFEST_NAME,
    NoticeRefused,
    notice_is_current,
    render_notice,
)
from tests.policy.conftest import load_data, template_data
from tests.policy.test_notice import NOW, pdf_pages

_EXAMPLE_VALUES = (
    ("privacy@example.jp", "privacy@sample-shop.jp"),
    ("example.jp", "sample-shop.jp"),
    ("example.com", "sample-shop.com"),
    ("（例）", ""),
    ("(例)", ""),
    (" (example)", ""),
    ("Example", "Sample"),
    ("example", "sample"),
)


def _without_examples(value: Any) -> Any:
    if isinstance(value, str):
        for marker, replacement in _EXAMPLE_VALUES:
            value = value.replace(marker, replacement)
        return value
    if isinstance(value, dict):
        return {k: _without_examples(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_examples(v) for v in value]
    return value


def finished_data(case: str) -> dict[str, Any]:
    """The case's template with every example value replaced: nothing for ACC-004."""
    data = _without_examples(template_data(case))
    assert not run_checks(load_data(data).public).for_rule("ACC-004")
    return data


def failing_data() -> dict[str, Any]:
    """A finished deployment that infers emotion: check error PUR-006."""
    data = finished_data("attributes")
    data["inferred_attributes"] = [*data["inferred_attributes"], "emotion"]
    return data


def _pink_pixels(png: Path) -> int:
    """Pixels of the translucent red draft mark (the yellow alert band and navy are not)."""
    image = cv2.imdecode(np.frombuffer(png.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    b, g, r = (image[..., i].astype(int) for i in range(3))
    return int(np.count_nonzero((r > 150) & (r > g + 30) & (np.abs(g - b) < 30)))


def _web(folder: Path, lang: str) -> str:
    return (folder / f"notice-{lang}.html").read_text(encoding="utf-8")


def test_notice_refuses_a_deployment_whose_check_has_errors(tmp_path: Path) -> None:
    out = tmp_path / "notice"
    with pytest.raises(NoticeRefused) as refused:
        render_notice(load_data(failing_data()), out, now=NOW)
    message = str(refused.value)
    assert refused.value.exit_code == 1  # as `privacam run` refuses the same file
    assert "\n" not in message
    assert "PUR-006" in message and "--draft" in message
    assert "エラー" in message and "check error" in message
    assert not out.exists()


def test_cli_notice_refuses_a_failing_deployment_and_writes_nothing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from privacam.cli import main

    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    spec = tmp_path / "privacam.yaml"
    spec.write_text(yaml.safe_dump(failing_data(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["notice", str(spec), "-o", str(tmp_path / "notice")])
    err = capsys.readouterr().err.strip()
    assert done.value.code == 1
    assert err.count("\n") == 0 and err.startswith("privacam: error:")
    assert "PUR-006" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["privacam.yaml"]


def test_a_draft_is_marked_on_every_page_and_never_current(tmp_path: Path) -> None:
    loaded = load_data(failing_data())
    manifest = render_notice(loaded, tmp_path, now=NOW, draft=True)
    assert manifest.draft and manifest.check_errors == ["PUR-006"]
    recorded = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert recorded["draft"] is True and recorded["check_errors"] == ["PUR-006"]
    for lang in ("ja", "en"):
        pages = pdf_pages(tmp_path / f"sign-{lang}.pdf")
        assert len(pages) == 3  # A4, A3 and the label
        assert all(DRAFT_MARK in text for _size, text in pages)
        assert _pink_pixels(tmp_path / f"sign-{lang}.png") > 2000
        web = _web(tmp_path, lang)
        assert f'<div class="draft-mark" role="note">{DRAFT_MARK}</div>' in web
        assert f"<title>【{DRAFT_MARK}】" in web
    assert not notice_is_current(loaded, tmp_path)  # so `privacam run` refuses it


def test_a_draft_of_a_clean_file_is_marked_and_not_current(tmp_path: Path) -> None:
    loaded = load_data(finished_data("counting"))
    manifest = render_notice(loaded, tmp_path, now=NOW, draft=True)
    assert manifest.draft and manifest.check_errors == [] and manifest.placeholders == []
    assert all(DRAFT_MARK in text for _size, text in pdf_pages(tmp_path / "sign-ja.pdf"))
    assert not notice_is_current(loaded, tmp_path)


@pytest.mark.parametrize("case", ["counting", "repeat"])
def test_example_values_mark_the_sign_and_a_finished_file_is_unmarked(
    tmp_path: Path, case: str
) -> None:
    with_examples, finished = tmp_path / "examples", tmp_path / "finished"
    loaded = load_data(template_data(case))
    manifest = render_notice(loaded, with_examples, now=NOW)
    assert not manifest.draft and "operator.name.ja" in manifest.placeholders
    assert notice_is_current(loaded, with_examples)  # check only warns (ACC-004)
    clean = load_data(finished_data(case))
    assert render_notice(clean, finished, now=NOW).placeholders == []
    assert notice_is_current(clean, finished)
    for lang in ("ja", "en"):
        assert all(DRAFT_MARK in t for _s, t in pdf_pages(with_examples / f"sign-{lang}.pdf"))
        assert not any(DRAFT_MARK in t for _s, t in pdf_pages(finished / f"sign-{lang}.pdf"))
        assert _pink_pixels(with_examples / f"sign-{lang}.png") > 2000
        assert _pink_pixels(finished / f"sign-{lang}.png") == 0
        assert 'class="draft-mark"' in _web(with_examples, lang)
        assert "draft-mark" not in _web(finished, lang).split("</style>")[1]


def test_run_refuses_a_deployment_whose_notice_is_a_draft(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from privacam.cli import main
    from privacam.policy.loader import load_spec

    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    spec = tmp_path / "privacam.yaml"
    data = finished_data("counting")
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    render_notice(load_spec(spec), tmp_path / "notice", draft=True)
    with pytest.raises(SystemExit) as done:
        main(["run", str(spec), "--no-progress"])
    err = capsys.readouterr().err
    assert done.value.code == 1
    assert "privacam notice" in err and "is a draft" in err
    assert not (tmp_path / "privacam.db").exists()  # refused before anything was written
    render_notice(load_spec(spec), tmp_path / "notice")  # the finished notice is current
    assert notice_is_current(load_spec(spec), tmp_path / "notice")
