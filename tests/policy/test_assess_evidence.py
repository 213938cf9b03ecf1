"""Evidence: dotted field paths of a rule resolved to display values from the public spec."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import yaml

from privacam.policy.assessment.evidence import (
    MISSING,
    display,
    evidence_for,
    mask_credentials,
    resolve,
    resolve_evidence,
)
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.localized import LocalizedText


def _spec(case: str = "counting", change=None):
    data = yaml.safe_load(render_template(case, today=dt.date(2026, 4, 1)))
    if change:
        change(data)
    return load_spec_text(yaml.safe_dump(data, allow_unicode=True)).public


def _two_cameras(data: dict) -> None:
    second = {**data["cameras"][0], "id": "cam2"}
    second["notice"] = {**second["notice"], "before_capture_area": False, "languages": ["ja"]}
    data["cameras"].append(second)


def test_list_expansion_gives_one_value_per_element() -> None:
    spec = _spec(change=_two_cameras)
    found = resolve_evidence(spec, "cameras[].notice.before_capture_area")
    assert [(e.path, e.value.ja, e.value.en) for e in found] == [
        ("cameras[0].notice.before_capture_area", "はい", "yes"),
        ("cameras[1].notice.before_capture_area", "いいえ", "no"),
    ]


def test_explicit_index_and_out_of_range_index() -> None:
    spec = _spec(change=_two_cameras)
    assert [(e.path, e.value.en) for e in resolve_evidence(spec, "cameras[1].id")] == [
        ("cameras[1].id", "cam2")
    ]
    assert resolve_evidence(spec, "cameras[5].id")[0].value.en == MISSING


def test_nested_lists_expand_in_turn() -> None:
    spec = _spec(change=_two_cameras)
    found = resolve_evidence(spec, "cameras[].notice.languages")
    assert [e.value.en for e in found] == ["ja, en", "ja"]
    lines = resolve(spec, "cameras[].lines[].name")
    assert lines == [
        ("cameras[0].lines[0].name", "entrance"),
        ("cameras[1].lines[0].name", "entrance"),
    ]


def test_localized_text_shows_each_language_and_can_be_addressed() -> None:
    spec = _spec()
    name = resolve_evidence(spec, "operator.name")[0].value
    assert (name.ja, name.en) == ("株式会社サンプル（例）", "Example Co., Ltd. (example)")
    assert resolve_evidence(spec, "operator.name.en")[0].value.ja == "Example Co., Ltd. (example)"


def test_missing_optional_values_read_as_a_dash() -> None:
    spec = _spec()
    assert spec.privacy_officer.role is None
    for path in (
        "privacy_officer.role",  # optional field not set
        "case_settings.crowd.overwrite_interval",  # whole optional section absent
        "processing.countries",  # empty list
        "processing.countries[].regime",  # expansion over an empty list
        "no_such_field.anything",  # a path no model has (logged, not raised)
    ):
        values = resolve_evidence(spec, path)
        assert [(v.value.ja, v.value.en) for v in values] == [(MISSING, MISSING)], path


def test_durations_dates_numbers_and_enums_are_readable() -> None:
    spec = _spec("repeat")
    retention = {e.path: e.value.root for e in resolve_evidence(spec, "data_items[].retention")}
    assert retention["data_items[0].retention"] == {
        "ja": "保存しない（メモリ上でのみ処理）",
        "en": "not stored (memory only)",
    }
    assert retention["data_items[1].retention"] == {"ja": "180日", "en": "180 days"}
    assert resolve_evidence(spec, "review.next_review")[0].value.en == "2027-04-01"
    assert resolve_evidence(spec, "case_settings.repeat.match_threshold")[0].value.en == "0.96"
    assert resolve_evidence(spec, "requests.response_days")[0].value.en == "14"
    assert resolve_evidence(spec, "site.space_type")[0].value.en == "private"


def test_evidence_for_keeps_the_rule_field_order() -> None:
    spec = _spec()
    paths = [e.path for e in evidence_for(spec, ("publication.k", "operator.url"))]
    assert paths == ["publication.k", "operator.url"]


def test_display_of_models_lists_and_blank_text() -> None:
    text = LocalizedText({"ja": "鍵", "en": "key"})
    assert display([text, text]).root == {"ja": "鍵、鍵", "en": "key, key"}
    model_text = display(_spec().inquiry).en
    assert "phone: 03-0000-0000" in model_text and "email: privacy@example.jp" in model_text
    assert display("").en == MISSING
    assert display(dt.timedelta(seconds=60)).root == {"ja": "1分", "en": "1 minute"}


def test_plain_objects_and_dicts_resolve() -> None:
    data = {"a": [{"b": {"c": 1}}, {"b": None}]}
    assert resolve(data, "a[].b.c") == [("a[0].b.c", 1), ("a[1].b.c", None)]
    assert resolve(SimpleNamespace(), "x") == [("x", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rtsp://admin:hunter2@10.0.0.2/live", "rtsp://admin:****@10.0.0.2/live"),
        ("postgresql://u:p%40ss@db/x", "postgresql://u:****@db/x"),
        ("rtsp://v:${CAM_PW}@192.0.2.1/s", "rtsp://v:${CAM_PW}@192.0.2.1/s"),
        ("rtsp://10.0.0.2/live", "rtsp://10.0.0.2/live"),
        ("media/shop.mp4", "media/shop.mp4"),
    ],
)
def test_literal_url_passwords_are_masked(text: str, expected: str) -> None:
    assert mask_credentials(text) == expected
    assert display(text).en == expected
