"""Fixtures for policy tests: deployment files made from the case templates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import yaml

from privacam.errors import InputError
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import LoadedSpec, load_spec_text

CASES = ("attributes", "flow", "repeat", "counting", "street", "crowd")
#: Templates are rendered for this day so tests do not depend on the real date.
TEMPLATE_DAY = date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _camera_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """The crowd template's camera source refers to ${CAMERA_PASSWORD}."""
    monkeypatch.setenv("CAMERA_PASSWORD", "pw-for-tests")


def template_data(case: str) -> dict[str, Any]:
    return yaml.safe_load(render_template(case, today=TEMPLATE_DAY))


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def load_data(data: dict[str, Any]) -> LoadedSpec:
    return load_spec_text(dump_yaml(data))


def load_error(text: str) -> str:
    """The message of the one-line, exit-code-2 error that loading ``text`` raises."""
    with pytest.raises(InputError) as raised:
        load_spec_text(text, source="site.yaml")
    message = str(raised.value)
    assert "\n" not in message, "errors are one line"
    assert raised.value.exit_code == 2
    return message


def cloud_abroad(provider: str, *countries: dict[str, Any]) -> dict[str, Any]:
    """A ``processing`` section: processed in ``provider``'s cloud in these countries."""
    return {"place": "cloud", "provider": provider, "countries": list(countries)}


def united_states() -> dict[str, Any]:
    """A ``processing.countries`` item: the United States, with its regime."""
    return {
        "code": "US",
        "name": {"ja": "アメリカ合衆国", "en": "United States"},
        "regime": {"ja": "州法による", "en": "state laws"},
    }


@pytest.fixture
def mutated() -> Callable[[str, Callable[[dict[str, Any]], None]], LoadedSpec]:
    """``mutated(case, change)``: the case's template with ``change`` applied to its data."""

    def make(case: str, change: Callable[[dict[str, Any]], None]) -> LoadedSpec:
        data = template_data(case)
        change(data)
        return load_data(data)

    return make
