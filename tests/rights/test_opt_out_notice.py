"""The opt-out's exclusion templates are a data item of case ③: the notice states them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.notice import render_notice


def test_the_repeat_notice_states_the_exclusion_templates_class_and_retention(
    tmp_path: Path,
) -> None:
    loaded = load_spec_text(render_template("repeat"))
    assert loaded.spec.data_item("exclusion_templates") is not None  # the template declares it
    render_notice(loaded, tmp_path, now=datetime(2026, 5, 1, 3, 0, tzinfo=UTC), draft=True)
    ja = (tmp_path / "notice-ja.html").read_text(encoding="utf-8")
    en = (tmp_path / "notice-en.html").read_text(encoding="utf-8")
    row = re.search(
        r"<tr><td>オプトアウトを守るための顔特徴量[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>", ja
    )
    assert row is not None and row.groups() == ("個人識別符号（個人情報）", "1年")
    assert "exclusion templates" in en
