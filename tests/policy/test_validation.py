"""Values the deployment file must hold for what they are: each bad one is one clear line."""

from __future__ import annotations

import time
from typing import Any

import pytest

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import MAX_FILE_BYTES, load_spec_text
from tests.policy.conftest import CASES, TEMPLATE_DAY, dump_yaml, load_error, template_data


def _error_with(case: str, change) -> str:
    data = template_data(case)
    change(data)
    return load_error(dump_yaml(data))


# --- YAML itself ------------------------------------------------------------------------------


def test_duplicate_yaml_key_is_refused_naming_the_key_and_both_lines() -> None:
    text = render_template("counting", today=TEMPLATE_DAY)
    text = text.replace("  k: 10\n", "  k: 10\n  k: 2\n", 1)
    line_of_second = text.splitlines().index("  k: 2") + 1
    message = load_error(text)
    assert f"line {line_of_second}" in message
    assert "duplicate key 'k'" in message and f"also at line {line_of_second - 1}" in message
    assert "重複" in message


def test_keys_merged_in_with_yaml_merge_may_be_overridden() -> None:
    text = render_template("counting", today=TEMPLATE_DAY).replace(
        "  k: 10\n", "  k: 10\n  <<: {k: 5}\n", 1
    )
    assert load_spec_text(text).public.publication.k == 10  # the explicit key wins


def test_an_impossible_date_is_one_line_not_a_traceback() -> None:
    text = render_template("counting", today=TEMPLATE_DAY)
    start = text.split("  start: ", 1)[1].split("\n", 1)[0]
    message = load_error(text.replace(f"  start: {start}", "  start: 2026-02-30", 1))
    assert "2026-02-30" in message and "not a real date" in message
    assert message.startswith("site.yaml: invalid YAML at line ")


def test_a_deployment_file_larger_than_the_limit_is_refused_before_parsing() -> None:
    text = render_template("counting", today=TEMPLATE_DAY)
    huge = text.replace(
        'name: {ja: "株式会社サンプル（例）"', 'name: {ja: "' + "あ" * MAX_FILE_BYTES + '"', 1
    )
    started = time.monotonic()
    message = load_error(huge)
    assert time.monotonic() - started < 10
    assert "too large" in message


# --- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value"),
    [("window", "99999999y"), ("retention", "99999999999y"), ("retention", "101y")],
)
def test_an_overlong_duration_is_one_line_not_an_overflow(where: str, value: str) -> None:
    def change(data: dict[str, Any]) -> None:
        if where == "window":
            data["case_settings"]["counting"]["window"] = value
        else:
            data["data_items"][0]["retention"] = value

    message = _error_with("counting", change)
    assert "longest duration privacam accepts (100y)" in message


@pytest.mark.parametrize("case", ["attributes", "flow", "counting"])
def test_a_window_must_be_longer_than_zero(case: str) -> None:
    message = _error_with(case, lambda d: d["case_settings"][case].update(window="0s"))
    assert f"case_settings.{case}.window" in message and "longer than 0" in message


def test_a_negative_duration_is_refused() -> None:
    message = _error_with("counting", lambda d: d["data_items"][0].update(retention=-5))
    assert "cannot be negative" in message


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("publication.k", lambda d: d["publication"].update(k=True)),
        ("schema_version", lambda d: d.update(schema_version=True)),
        ("requests.response_days", lambda d: d["requests"].update(response_days="14")),
        ("cameras[0].resolution[0]", lambda d: d["cameras"][0].update(resolution=[True, 720])),
        ("cameras[0].fps", lambda d: d["cameras"][0].update(fps=True)),
    ],
)
def test_a_boolean_or_a_quoted_number_is_not_an_integer(path: str, change) -> None:
    assert _error_with("counting", change).startswith(f"site.yaml: {path}: ")


@pytest.mark.parametrize("resolution", [[0, 720], [1280, -1]])
def test_camera_resolution_must_be_positive(resolution: list[int]) -> None:
    message = _error_with("counting", lambda d: d["cameras"][0].update(resolution=resolution))
    assert "cameras[0].resolution" in message and "greater than 0" in message


def test_a_coordinate_must_be_a_finite_number() -> None:
    def change(data: dict[str, Any]) -> None:
        data["cameras"][0]["lines"][0]["start"] = [float("nan"), 0]

    assert "finite number" in _error_with("counting", change)


# --- geometry ---------------------------------------------------------------------------------


def test_a_counting_line_must_have_length() -> None:
    def change(data: dict[str, Any]) -> None:
        line = data["cameras"][0]["lines"][0]
        line["end"] = list(line["start"])

    message = _error_with("counting", change)
    assert message.startswith("site.yaml: cameras[0].lines[0]: ")
    assert "has no length" in message and "始点と終点" in message


@pytest.mark.parametrize(
    ("polygon", "expected"),
    [
        ([[100, 100], [540, 380], [540, 100], [100, 380]], "crosses itself"),
        ([[100, 100], [300, 100], [540, 100]], "crosses itself"),  # flat: doubles back
        ([[100, 100], [540, 100], [540, 100], [100, 380]], "corner is repeated"),
    ],
)
def test_a_zone_must_be_a_simple_polygon(polygon: list[list[int]], expected: str) -> None:
    message = _error_with("counting", lambda d: d["cameras"][0]["zones"][0].update(polygon=polygon))
    assert message.startswith("site.yaml: cameras[0].zones[0]: ")
    assert expected in message


def test_a_concave_zone_is_a_simple_polygon() -> None:
    data = template_data("counting")
    data["cameras"][0]["zones"][0]["polygon"] = [[0, 0], [100, 0], [100, 100], [50, 40], [0, 100]]
    assert len(load_spec_text(dump_yaml(data)).public.cameras[0].zones[0].polygon) == 5


# --- addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("notice_url", "javascript:alert(1)"),
        ("operator.url", "file:///etc/passwd"),
        ("inquiry.url", "data:text/html,hi"),
        ("publication.url", "ftp://example.jp/stats"),
        ("requests.url", "https://"),
        ("prior_announcement.url", "https://example.jp/a b"),
    ],
)
def test_web_addresses_must_be_http_or_https(path: str, value: str) -> None:
    def change(data: dict[str, Any]) -> None:
        section, _, field = path.rpartition(".")
        (data[section] if section else data)[field] = value

    message = _error_with("counting", change)
    assert message.startswith(f"site.yaml: {path}: ") and "not a web address" in message


@pytest.mark.parametrize(
    "source", ["rtsp://cam.local/stream1", "http://10.0.0.2/mjpg", "file.mp4", "frames/", "0"]
)
def test_camera_sources_keep_their_own_schemes(source: str) -> None:
    data = template_data("counting")
    data["cameras"][0]["source"] = source
    assert load_spec_text(dump_yaml(data)).public.cameras[0].source == source


@pytest.mark.parametrize(
    "phone", ["03-1234-5678", "+81 3 1234 5678", "(03) 1234-5678", "0120-00-0000"]
)
def test_a_phone_number_in_its_usual_forms_is_accepted(phone: str) -> None:
    data = template_data("counting")
    data["inquiry"]["phone"] = phone
    assert load_spec_text(dump_yaml(data)).public.inquiry.phone == phone


@pytest.mark.parametrize("phone", ["call us", "12345", "03-1234-5678; rm -rf", "++81 3 1234"])
def test_a_phone_number_has_its_own_syntax(phone: str) -> None:
    message = _error_with("counting", lambda d: d["inquiry"].update(phone=phone))
    assert message.startswith("site.yaml: inquiry.phone: ") and "not a phone number" in message


@pytest.mark.parametrize(
    ("path", "value"),
    [("inquiry.email", "privacy at example.jp"), ("privacy_officer.email", "dpo@@example.jp")],
)
def test_an_email_address_has_its_own_syntax(path: str, value: str) -> None:
    section, field = path.split(".")
    message = _error_with("counting", lambda d: d[section].update({field: value}))
    assert message.startswith(f"site.yaml: {path}: ") and "not an e-mail address" in message


# --- text lengths -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit", "change"),
    [
        ("operator.name", 200, lambda d, text: d["operator"]["name"].update(en=text)),
        ("purposes[0].use", 500, lambda d, text: d["purposes"][0]["use"].update(ja=text)),
        (
            "justification.necessity",
            2000,
            lambda d, t: d["justification"]["necessity"].update(en=t),
        ),
        ("privacy_officer.name", 200, lambda d, text: d["privacy_officer"].update(name=text)),
    ],
)
def test_text_fields_have_a_length_limit_by_kind(path: str, limit: int, change) -> None:
    data = template_data("counting")
    change(data, "x" * limit)
    load_spec_text(dump_yaml(data))  # at the limit: accepted
    data = template_data("counting")
    change(data, "x" * (limit + 1))
    message = load_error(dump_yaml(data))
    assert message.startswith(f"site.yaml: {path}")
    assert f"at most {limit}" in message


def test_a_huge_operator_name_fails_at_once_instead_of_hanging_the_notice() -> None:
    data = template_data("counting")
    data["operator"]["name"]["en"] = "N" * 900_000
    text = dump_yaml(data)
    started = time.monotonic()
    message = load_error(text)
    assert time.monotonic() - started < 10  # a 10 MB name used to hang `notice` for minutes
    assert "operator.name" in message and "too long" in message


# --- templates stay valid ---------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_template_passes_the_stricter_validation(case: str) -> None:
    assert load_spec_text(render_template(case, today=TEMPLATE_DAY)).public.case.value == case
