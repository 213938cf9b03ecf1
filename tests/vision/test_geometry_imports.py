"""Geometry sits below tracking: lines, zones and homographies know nothing of tracks."""

from __future__ import annotations

import ast
from pathlib import Path

import privacam.vision.geometry

GEOMETRY = Path(privacam.vision.geometry.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, at any depth (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            names.add("." * node.level + (node.module or ""))
    return names


def is_tracking(module: str) -> bool:
    return module == "privacam.vision.tracking" or module.startswith("privacam.vision.tracking.")


def test_imported_modules_sees_every_import_form(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "import privacam.vision.tracking.events\n"
        "from privacam.vision import tracking\n"
        "def later():\n"
        "    from privacam.vision.tracking.bytetrack import ByteTracker\n"
        "from ..tracking import events\n"
    )
    found = imported_modules(source)
    assert {
        "privacam.vision.tracking.events",
        "privacam.vision.tracking",
        "privacam.vision.tracking.bytetrack",
        "..tracking",
    } <= found
    assert sum(map(is_tracking, found)) >= 3


def test_geometry_imports_nothing_from_tracking() -> None:
    sources = sorted(GEOMETRY.rglob("*.py"))
    assert sources, f"no geometry sources under {GEOMETRY}"
    offending = {
        f"{path.relative_to(GEOMETRY)}: {module}"
        for path in sources
        for module in imported_modules(path)
        if is_tracking(module) or module.lstrip(".").startswith("tracking")
    }
    assert not offending, f"privacam.vision.geometry imports tracking: {sorted(offending)}"
