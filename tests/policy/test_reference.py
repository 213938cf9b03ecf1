"""docs/deployment.md: the deployment-file reference is generated from the spec models."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from privacam.policy import reference
from privacam.policy.durations import format_duration
from privacam.policy.reference import generate, undescribed_fields
from privacam.policy.retention import RETENTION

REPO = Path(__file__).resolve().parents[2]


def test_deployment_reference_in_docs_is_generated_from_the_code() -> None:
    committed = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert committed == generate(), "docs/deployment.md is stale: run `make docs`"


def test_every_field_of_the_deployment_file_has_a_description() -> None:
    assert undescribed_fields() == [], "write a docstring under each field in policy/spec.py"


def test_a_field_without_a_docstring_is_reported(monkeypatch) -> None:
    class Bare(BaseModel):
        model_config = ConfigDict(use_attribute_docstrings=True)

        described: int = 0
        """Has one."""
        bare: int = 0

    monkeypatch.setattr(reference, "_sections", lambda: [(Bare, ["bare"])])
    assert undescribed_fields() == ["Bare.bare"]


def test_every_section_and_field_is_in_the_reference() -> None:
    text = generate()
    for model, _ in reference._sections():
        assert f"## {model.__name__}\n" in text
        for name, field in model.model_fields.items():
            assert f"| `{name}` |" in text, f"{model.__name__}.{name}"
            assert " ".join((field.description or "").split()) in text
    assert "## RequestProcedure" in text and "## Signature" in text


def test_the_reference_gives_privacams_retention_ceilings() -> None:
    text = generate()
    for limit in RETENTION.values():
        ceiling = format_duration(limit.ceiling, "en") if limit.ceiling is not None else "—"
        assert f"| `{limit.key}` | {limit.data_class.value} | " in text
        assert f"| {format_duration(limit.default, 'en')} | {ceiling} |" in text, limit.key
    overwrite = next(line for line in text.splitlines() if "| `overwrite_interval` |" in line)
    assert "ceiling (`icon_map` in policy/retention.py): 1 minute" in overwrite


def test_types_defaults_and_limits_are_the_models() -> None:
    text = generate()
    assert "| `k` | [Integer](#integer) (≥ 1) | `10` |" in text
    assert (
        "| `cameras` | list of [Camera](#camera) (at least 1, at most 100) | **required** |" in text
    )
    assert '| `timezone` | string (at most 64) | `"Asia/Tokyo"` |' in text


def test_every_link_in_the_reference_has_its_target() -> None:
    text = generate()
    targets = set(re.findall(r"^## (\w+)$", text, re.M))
    targets = {t.lower() for t in targets} | set(re.findall(r'<a id="(\w+)"></a>', text))
    links = set(re.findall(r"\]\(#(\w+)\)", text))
    assert {"name", "camera", "duration"} <= links
    assert links - targets == set()


def test_field_docstrings_are_the_descriptions_without_pydantics_per_class_lookup() -> None:
    """spec.py reads its field docstrings in one parse (pydantic's own lookup cost 0.03 s of
    every start-up); an explicit ``Field(description=...)`` would still win."""
    from privacam.policy import spec

    assert spec.Strict.model_config.get("use_attribute_docstrings") in (None, False)
    assert spec.Deployment.model_fields["store"].description == "Where records are kept."
    schema = spec.Deployment.model_json_schema()
    assert schema["properties"]["signoff"]["description"].startswith("Sign-off of the assessment")
    described = [
        name
        for section in vars(spec).values()
        if isinstance(section, type) and issubclass(section, spec.Strict)
        for name, field in section.model_fields.items()
        if field.description
    ]
    assert len(described) > 150
