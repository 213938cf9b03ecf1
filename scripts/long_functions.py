"""List the functions longer than a limit, longest first; exit 1 if there are any.

Usage: python scripts/long_functions.py [--limit 80] [PATH ...]   (default: src)

A function's length is its lines from ``def`` (decorators included) to its last
line, docstring and comments included; nested functions and methods are listed
on their own (a method as ``Class.method``). Files under ``templates`` or
``migrations`` folders are skipped: templates are markup and migrations are
frozen history, not code we shape.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SKIPPED_FOLDERS = {"templates", "migrations"}


def functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int, int]]:
    """``(qualified name, first line, length)`` of every function under ``tree``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            last = node.end_lineno or node.lineno
            yield f"{prefix}{node.name}", first, last - first + 1
            yield from functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, f"{prefix}{node.name}.")
        else:
            yield from functions(node, prefix)


def sources(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for file in files:
            if not SKIPPED_FOLDERS & set(file.parts):
                yield file


def long_functions(paths: list[Path], limit: int) -> list[tuple[str, int, str, int]]:
    """``(path, line, name, length)`` of each function longer than ``limit`` lines."""
    found = []
    for file in sources(paths):
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for name, line, length in functions(tree):
            if length > limit:
                found.append((str(file), line, name, length))
    return sorted(found, key=lambda row: (-row[3], row[0], row[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("src")])
    parser.add_argument("--limit", type=int, default=80, help="longest allowed function, in lines")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    rows = long_functions(args.paths, args.limit)
    for path, line, name, length in rows:
        print(f"{path}:{line} {name} {length}")
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main())
