"""scripts/long_functions.py finds the functions over a limit, and skips templates and migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "long_functions.py"


def _function(name: str, body_lines: int, indent: str = "") -> str:
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(body_lines))
    return f"{indent}def {name}():\n{body}"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_long_functions_lists_methods_over_the_limit_and_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "code.py").write_text(
        _function("short", 5) + "class Thing:\n" + _function("long", 12, indent="    ")
    )
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "old.py").write_text(_function("frozen", 50))
    over = _run("--limit", "10", str(tmp_path))
    assert over.returncode == 1
    assert over.stdout.splitlines() == [f"{tmp_path / 'code.py'}:8 Thing.long 13"]
    assert _run("--limit", "13", str(tmp_path)).returncode == 0
