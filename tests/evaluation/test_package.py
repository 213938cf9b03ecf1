"""Evaluation code has one home, `privacam.evaluation`, and the pipeline never imports it."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

import privacam

SRC = Path(privacam.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_benchmarks_and_tests_import_evaluation_code() -> None:
    importers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "evaluation" not in path.relative_to(SRC).parts
        and any(name.startswith("privacam.evaluation") for name in _imports(path))
    )
    assert not importers, f"the pipeline imports evaluation code: {importers}"


@pytest.mark.parametrize(
    "old",
    [
        "privacam.vision.detectors.evaluation",
        "privacam.vision.tracking.metrics",
        "privacam.vision.tracking.motchallenge",
    ],
)
def test_evaluation_code_lives_only_in_privacam_evaluation(old: str) -> None:
    assert importlib.util.find_spec(old) is None, (
        f"{old} is back; it belongs in privacam.evaluation"
    )


def test_evaluation_package_shows_an_example_of_each_module() -> None:
    evaluation = importlib.import_module("privacam.evaluation")
    examples = [
        line.strip()[4:]
        for line in (evaluation.__doc__ or "").splitlines()
        if line.strip().startswith((">>> ", "... "))
    ]
    for tool in ("match_boxes(", "read_mot_file(", "evaluate_mot("):
        assert any(tool in line for line in examples), f"no example calls {tool}...)"
    assert all(hasattr(evaluation, name) for name in evaluation.__all__)
