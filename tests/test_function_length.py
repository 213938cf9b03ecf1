"""No function in ``src/privacam`` is longer than 80 lines (issue 9's Done means).

The measure is ``scripts/long_functions.py``'s, so the test and the script a developer
runs by hand (``python scripts/long_functions.py --limit 80 src``) never disagree:
lines from ``def`` (decorators included) to the last line, nested functions counted on
their own, templates and migrations skipped.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 80


def _script() -> ModuleType:
    path = ROOT / "scripts" / "long_functions.py"
    spec = importlib.util.spec_from_file_location("long_functions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_function_in_src_is_longer_than_80_lines() -> None:
    script = _script()
    package = ROOT / "src" / "privacam"
    assert list(script.sources([package])), "the measure found no source files"
    offenders = script.long_functions([package], LIMIT)
    listing = "\n".join(f"{path}:{line} {name} {length}" for path, line, name, length in offenders)
    assert not offenders, f"functions longer than {LIMIT} lines; split them:\n{listing}"


def test_function_length_measure_flags_a_long_function(tmp_path: Path) -> None:
    """The measure itself can fail: a 90-line function is listed, an 80-line one is not."""
    body = "\n".join(f"    x{i} = {i}" for i in range(89))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n", encoding="utf-8")
    short = "\n".join(f"    y{i} = {i}" for i in range(79))
    (tmp_path / "short.py").write_text(f"def short():\n{short}\n", encoding="utf-8")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "old.py").write_text(f"def frozen():\n{body}\n", encoding="utf-8")
    found = _script().long_functions([tmp_path], LIMIT)
    assert [(Path(path).name, name, length) for path, _, name, length in found] == [
        ("long.py", "long", 90)
    ]
