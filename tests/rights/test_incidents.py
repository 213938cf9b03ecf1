"""The incident register and its drafts: facts in, decision and deadlines out, all audited."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from privacam.errors import InputError
from privacam.rights.incident_drafts import DraftStage, open_items, render_draft
from privacam.rights.incidents import IncidentRegister
from privacam.store import Store

TOKYO = ZoneInfo("Asia/Tokyo")
DISCOVERED = datetime(2026, 4, 1, 10, 0, tzinfo=TOKYO)


@pytest.fixture
def register(store: Store, spec, clock) -> IncidentRegister:
    return IncidentRegister(store, spec, clock=clock)


def leak(register: IncidentRegister, **changes):
    fields = dict(
        summary="A backup of the vault was copied to a public bucket.",
        cause="Misconfigured bucket permissions.",
        data_items=["face_features", "visit_history"],
        people=1001,
        discovered_at=DISCOVERED,
        occurred_at=datetime(2026, 3, 30, 9, 0, tzinfo=TOKYO),
    )
    fields.update(changes)
    return register.record(**fields)


def test_recording_and_assessing_an_incident_is_audited_with_its_deadlines(register, store):
    incident = leak(register)
    assert incident.data_classes == ("identifier", "personal")  # from the deployment file
    decision = register.assess(incident.incident_id)
    assert decision.reportable
    stored = register.get(incident.incident_id)
    assert stored.reportable is True and stored.assessed_at is not None
    entries = list(store.audit.entries())
    assert [e.action for e in entries] == ["incident.new", "incident.assess"]
    assert '"final_due":"2026-04-30T23:59:59+09:00"' in entries[1].details
    assert store.verify_audit().ok


def test_an_encrypted_leak_is_recorded_as_exempt_with_the_reason(register, store):
    incident = leak(register, encryption="AES-256-GCM")
    decision = register.assess(incident.incident_id)
    assert not decision.reportable and decision.exemption.code == "strong_encryption"
    assert '"exemption":"strong_encryption"' in list(store.audit.entries())[-1].details
    report = render_draft(register.get(incident.incident_id), register.spec, DraftStage.preliminary)
    assert "AES-256-GCM" in report and "exempt" in report


def test_a_data_item_the_deployment_does_not_declare_is_refused(register) -> None:
    with pytest.raises(InputError, match="not in the deployment"):
        leak(register, data_items=["credit_cards"])


def test_an_occurrence_after_the_discovery_is_refused(register) -> None:
    with pytest.raises(InputError, match="after --discovered"):
        leak(register, occurred_at=datetime(2026, 4, 2, tzinfo=TOKYO))


def test_the_preliminary_report_has_the_nine_items_and_its_deadline(register) -> None:
    incident = leak(register)
    text = render_draft(incident, register.spec, DraftStage.preliminary)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert [h.split(".")[0] for h in headings] == [f"## {n}" for n in range(1, 10)]
    assert "2026-04-03 23:59 (Asia/Tokyo)" in text
    assert "APPI 第26条" in text
    assert "1,001" in text
    assert "not known at the time of this report" in text  # items 5-9 still open


def test_the_final_report_flags_the_items_still_open_until_they_are_filled(register, store):
    incident = leak(register)
    assert len(open_items(incident, register.spec)) == 5
    text = render_draft(incident, register.spec, DraftStage.final)
    assert "2026-04-30 23:59 (Asia/Tokyo)" in text
    assert "must be filled in for the final report" in text
    filled = register.update(
        incident.incident_id,
        secondary_damage="None known.",
        response_to_people="Notice published on the web page.",
        publication="Published on 2026-04-02.",
        prevention="Bucket policy audited weekly.",
        other="None.",
    )
    assert open_items(filled, register.spec) == []
    assert "must be filled" not in render_draft(filled, register.spec, DraftStage.final)
    assert list(store.audit.entries())[-1].action == "incident.update"


def test_the_notice_to_the_people_is_in_japanese_and_english(register) -> None:
    incident = leak(register)
    text = render_draft(incident, register.spec, DraftStage.notice)
    assert "個人データの漏えい等に関するお知らせ" in text
    assert "Notice of a personal data leak" in text
    assert "第26条第2項" in text and "Art. 26(2)" in text
    assert "Misconfigured bucket permissions." in text  # item 4, the cause
    assert "1,001" not in text  # item 3 is for the PPC, not the notice
