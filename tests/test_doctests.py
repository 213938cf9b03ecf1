"""The examples in docstrings run: a newcomer can copy them and they work."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import privacam


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(privacam.__path__, prefix="privacam."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str, monkeypatch) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
