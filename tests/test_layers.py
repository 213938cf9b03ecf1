"""The layers of DESIGN.md, enforced on the import graph: each knows only those below it.

Every ``import``/``from ... import`` of every module under ``src/privacam`` is parsed
with :mod:`ast` (imports inside functions too: a lazy import is still a dependency).
A rule names a package and the ``privacam`` modules it may not import; to add one,
append it to :data:`FORBIDDEN` (or :data:`ALLOWED` for an allow-list).

Show the graph's violations by hand: ``.venv/bin/pytest tests/test_layers.py -q``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Ground-floor modules every layer may import.
GROUND_FLOOR = (
    "privacam",  # the package itself: __version__
    "privacam.errors",
    "privacam.records",
    "privacam.files",
    "privacam.secret_values",
    "privacam.processes",
)

#: package → the only privacam modules it may import (besides itself and the ground floor).
ALLOWED: dict[str, tuple[str, ...]] = {
    "privacam.cli": (
        "privacam.runtime",
        "privacam.policy",
        "privacam.store",
        "privacam.cases.registry",
        "privacam.rights",
        "privacam.server",
    ),
    # The web server: over the store, the policy and the rights layer; never the runtime
    # (edge nodes push to it over HTTP), the cases or the vision layer.
    "privacam.server": ("privacam.store", "privacam.policy", "privacam.rights"),
    # Requests and incidents: over the store, the policy and the face models; never the
    # runtime, the CLI or the server.
    "privacam.rights": ("privacam.store", "privacam.policy", "privacam.vision"),
}

#: package → privacam modules it must not import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "privacam.cases": ("privacam.store", "privacam.runtime", "privacam.cli"),
    "privacam.vision": (
        "privacam.cases",
        "privacam.store",
        "privacam.runtime",
        "privacam.policy",
        "privacam.cli",
    ),
    "privacam.policy": (
        "privacam.vision",
        "privacam.cases",
        "privacam.store",
        "privacam.runtime",
        "privacam.cli",
    ),
    "privacam.store": ("privacam.cases", "privacam.runtime", "privacam.cli", "privacam.vision"),
    # More rules go here, e.g. "privacam.vision.geometry": ("privacam.vision.tracking",).
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The absolute names of the privacam modules ``path`` imports."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
    return {name for name in found if name == "privacam" or name.startswith("privacam.")}


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


MODULES = {module_name(p): imports_of(p) for p in sorted((SRC / "privacam").rglob("*.py"))}


def violations(package: str) -> list[str]:
    found = []
    for module, imported in MODULES.items():
        if not within(module, package):
            continue
        for name in sorted(imported):
            if within(name, package) or name in GROUND_FLOOR:
                continue
            if package in ALLOWED and not any(within(name, ok) for ok in ALLOWED[package]):
                found.append(f"{module} imports {name}")
            if any(within(name, bad) for bad in FORBIDDEN.get(package, ())):
                found.append(f"{module} imports {name}")
    return found


def test_the_import_graph_sees_every_module() -> None:
    assert "privacam.cli.anonymize_commands" in MODULES
    assert "privacam.runtime.anonymize" in MODULES["privacam.cli.anonymize_commands"]


@pytest.mark.parametrize("package", sorted({*ALLOWED, *FORBIDDEN}))
def test_each_layer_imports_only_the_layers_below_it(package: str) -> None:
    assert violations(package) == []


def test_a_forbidden_import_is_caught(monkeypatch) -> None:
    monkeypatch.setitem(MODULES, "privacam.cases.fake", {"privacam.store.quarantine"})
    monkeypatch.setitem(MODULES, "privacam.cli.fake", {"privacam.vision.sources"})
    assert "privacam.cases.fake imports privacam.store.quarantine" in violations("privacam.cases")
    assert "privacam.cli.fake imports privacam.vision.sources" in violations("privacam.cli")
    monkeypatch.setitem(MODULES, "privacam.cli.fake", {"privacam.cases.registry"})
    assert not any("fake" in found for found in violations("privacam.cli"))
