"""The vendored JavaScript is the pinned npm package's, with its licence beside it."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from privacam.server.pages import STATIC_DIR

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "vendor.py"


def vendor_script():
    spec = importlib.util.spec_from_file_location("vendor_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_pinned_vendor_file_is_in_the_static_folder_with_its_licence() -> None:
    script = vendor_script()
    assert script.VENDOR_DIR == STATIC_DIR / "vendor"
    for entry in script.PACKAGES:
        names = {Path(name).name for name in entry.files}
        assert "LICENSE" in names, f"{entry.package} is vendored without its licence"
        for name in names:
            assert (STATIC_DIR / "vendor" / entry.folder / name).is_file(), name


def test_the_vendored_htmx_is_the_pinned_version() -> None:
    (htmx,) = [p for p in vendor_script().PACKAGES if p.package == "htmx.org"]
    text = (STATIC_DIR / "vendor" / "htmx" / "htmx.min.js").read_text(encoding="utf-8")
    assert re.search(r'version:"([0-9.]+)"', text).group(1) == htmx.version
