"""Loading privacam.yaml: one clear line with the field path for every kind of bad input."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import SecretRedactingFilter, load_spec, load_spec_text
from tests.policy.conftest import TEMPLATE_DAY, dump_yaml, load_error, template_data


def test_invalid_yaml_names_line_and_column() -> None:
    message = load_error("schema_version: 1\ncase: [counting\n")
    assert message.startswith("site.yaml: invalid YAML at line 3")


def test_unknown_field_names_its_path() -> None:
    data = template_data("counting")
    data["cameras"][0]["notice"]["befor_capture_area"] = True
    assert load_error(dump_yaml(data)) == (
        "site.yaml: cameras[0].notice.befor_capture_area: unknown field "
        "(check its spelling and indentation)"
    )


def test_wrong_type_names_its_path() -> None:
    data = template_data("counting")
    data["publication"]["k"] = "ten"
    message = load_error(dump_yaml(data))
    assert message.startswith("site.yaml: publication.k: ")
    assert "integer" in message


def test_missing_field_names_its_path() -> None:
    data = template_data("counting")
    del data["operator"]["name"]
    assert load_error(dump_yaml(data)) == "site.yaml: operator.name: missing field"


def test_unknown_case_lists_the_cases() -> None:
    data = template_data("counting")
    data["case"] = "facial_marketing"
    message = load_error(dump_yaml(data))
    assert message.startswith("site.yaml: case: ")
    assert "'counting'" in message and "'crowd'" in message


def test_text_the_public_reads_needs_japanese_and_english() -> None:
    data = template_data("counting")
    data["operator"]["name"] = {"ja": "株式会社テスト"}
    message = load_error(dump_yaml(data))
    assert message.startswith("site.yaml: operator.name: ")
    assert "missing: en" in message


def test_more_languages_are_allowed_but_tags_are_checked() -> None:
    data = template_data("counting")
    data["operator"]["name"]["zh-Hans"] = "测试公司"
    assert load_spec_text(dump_yaml(data)).spec.operator.name.get("zh-Hans") == "测试公司"
    data["operator"]["name"]["Chinese!"] = "x"
    assert "unknown language tag" in load_error(dump_yaml(data))


def test_bad_duration_says_how_to_write_one() -> None:
    data = template_data("counting")
    data["data_items"][0]["retention"] = "forever"
    assert "write a whole number and a unit" in load_error(dump_yaml(data))


def test_unset_environment_variable_fails_only_the_connection_naming_variable_and_path(
    monkeypatch,
) -> None:
    monkeypatch.delenv("CAMERA_PASSWORD")
    loaded = load_spec_text(render_template("crowd", today=TEMPLATE_DAY), source="site.yaml")
    assert loaded.public.cameras[0].source.startswith("rtsp://viewer:${CAMERA_PASSWORD}@")
    assert loaded.store_url == "sqlite:///privacam.db"  # the store needs no variable
    with pytest.raises(InputError) as raised:
        loaded.camera_source(0)
    message = str(raised.value)
    assert "\n" not in message and raised.value.exit_code == 2
    assert message.startswith("site.yaml: cameras[0].source: 環境変数 CAMERA_PASSWORD")
    assert message.endswith(
        "environment variable CAMERA_PASSWORD is not set; "
        "export CAMERA_PASSWORD=... before running privacam"
    )


def test_missing_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="privacam init --case CASE"):
        load_spec(tmp_path / "nope.yaml")


def test_secrets_are_substituted_for_use_and_kept_out_of_public_copy_and_hash(monkeypatch) -> None:
    text = render_template("crowd", today=TEMPLATE_DAY)
    monkeypatch.setenv("CAMERA_PASSWORD", "first-secret")
    first = load_spec_text(text)
    assert "first-secret" in first.camera_source(0)
    monkeypatch.setenv("CAMERA_PASSWORD", "rotated-secret")
    second = load_spec_text(text)
    assert "${CAMERA_PASSWORD}" in first.public.cameras[0].source
    assert "first-secret" not in first.public.model_dump_json()
    # Rotating a password is not a change of purpose: the hash stays.
    assert first.sha256 == second.sha256


def test_hash_ignores_comments_but_not_meaning() -> None:
    text = render_template("counting", today=TEMPLATE_DAY)
    commented = "# a new comment\n" + text
    changed = text.replace("k: 10", "k: 20")
    assert load_spec_text(text).sha256 == load_spec_text(commented).sha256
    assert load_spec_text(text).sha256 != load_spec_text(changed).sha256


def test_logging_filter_redacts_secrets(monkeypatch, caplog) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "hunter2")
    loaded = load_spec_text(render_template("crowd", today=TEMPLATE_DAY))
    logger = logging.getLogger("privacam.test.redaction")
    logger.addFilter(SecretRedactingFilter(loaded))
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("opening %s", loaded.camera_source(0))
    assert "hunter2" not in caplog.text
    assert "${CAMERA_PASSWORD}" in caplog.text


def test_every_case_template_loads_with_its_defaults() -> None:
    for case in ("attributes", "flow", "repeat", "counting", "street", "crowd"):
        spec = load_spec_text(render_template(case, today=TEMPLATE_DAY)).spec
        assert spec.case.value == case
        assert spec.review.next_review.isoformat() == "2027-04-01"
        assert spec.timezone == "Asia/Tokyo"
        settings = getattr(spec.case_settings, case)
        assert settings is not None
    crowd = load_spec_text(render_template("crowd", today=TEMPLATE_DAY)).spec
    assert crowd.case_settings.crowd.overwrite_interval.total_seconds() == 60
    repeat = load_spec_text(render_template("repeat", today=TEMPLATE_DAY)).spec
    assert repeat.data_item("face_features").retention.days == 180
