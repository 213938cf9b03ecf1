"""The assessment's data inventory says only what privacam really does with each class."""

from __future__ import annotations

import datetime as dt

from privacam.policy.assessment import build_assessment, render_markdown
from tests.policy.conftest import load_data, template_data


def test_the_assessment_promises_no_identifier_vault_that_does_not_exist() -> None:
    report = build_assessment(load_data(template_data("repeat")), dt.date(2026, 4, 10))
    features = next(i for g in report.inventory.groups for i in g.items if i.key == "face_features")
    assert (
        features.stored_at.en == "not stored (privacam has no encrypted vault for identifiers yet)"
    )
    assert features.stored_at.ja == "保存しない（識別子の暗号化保管庫は未実装）"
    assert "encrypted vault in the" not in render_markdown(report)
