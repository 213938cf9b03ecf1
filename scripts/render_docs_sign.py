"""Render the counting template's Japanese sign to docs/sign-ja.png, reproducibly.

The template and the rendering time are fixed, so running this again gives the
same image unless the sign's layout or wording changed. The image is a
generated sign (no camera pixels).

    .venv/bin/python scripts/render_docs_sign.py
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.notice import render_notice

REPO = Path(__file__).resolve().parents[1]
TEMPLATE_DAY = date(2026, 4, 1)
RENDERED_AT = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def main() -> Path:
    loaded = load_spec_text(render_template("counting", today=TEMPLATE_DAY))
    target = REPO / "docs" / "sign-ja.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        render_notice(loaded, Path(folder), now=RENDERED_AT)
        shutil.copyfile(Path(folder) / "sign-ja.png", target)
    print(f"wrote {target.relative_to(REPO)} (deployment {loaded.short_hash})")
    return target


if __name__ == "__main__":
    main()
