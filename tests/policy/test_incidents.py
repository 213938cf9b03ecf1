"""Reportability of a leak and its deadlines (GB §5, APPI 第26条, Rule Art. 7 and 8)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from privacam.policy.incidents import Encryption, IncidentFacts, assess, summary

TOKYO = ZoneInfo("Asia/Tokyo")
DISCOVERED = datetime(2026, 4, 1, 10, 0, tzinfo=TOKYO)


def facts(**changes) -> IncidentFacts:
    fields = dict(
        data_classes=("identifier",), people=1001, encryption=None, discovered_at=DISCOVERED
    )
    fields.update(changes)
    return IncidentFacts(**fields)


def test_1001_peoples_unencrypted_features_are_reportable_with_deadlines() -> None:
    decision = assess(facts(), "Asia/Tokyo")
    assert decision.reportable
    assert [r.code for r in decision.reasons] == ["more_than_1000"]
    assert decision.exemption is None
    # Day of discovery is day 1: preliminary on day 3, final on day 30, end of day in Tokyo.
    assert decision.preliminary_due == datetime(2026, 4, 3, 23, 59, 59, tzinfo=TOKYO)
    assert decision.final_due == datetime(2026, 4, 30, 23, 59, 59, tzinfo=TOKYO)


def test_the_same_incident_under_strong_encryption_is_exempt_with_the_reason() -> None:
    decision = assess(facts(encryption=Encryption("AES-256-GCM")), "Asia/Tokyo")
    assert not decision.reportable
    assert [r.code for r in decision.reasons] == ["more_than_1000"]  # the ground was met ...
    assert decision.exemption is not None and decision.exemption.code == "strong_encryption"
    assert "AES-256-GCM" in decision.exemption.text.en  # ... and the reason names the cipher
    assert decision.preliminary_due is None and decision.final_due is None
    assert "暗号化" in summary(decision).ja


def test_encryption_whose_key_leaked_too_exempts_nothing() -> None:
    decision = assess(facts(encryption=Encryption("aes-256-gcm", key_leaked=True)), "Asia/Tokyo")
    assert decision.reportable and decision.exemption is None


def test_a_weak_or_unknown_cipher_exempts_nothing() -> None:
    assert assess(facts(encryption=Encryption("ROT13")), "Asia/Tokyo").reportable


def test_a_thousand_people_exactly_is_not_reportable_on_number_alone() -> None:
    decision = assess(facts(people=1000), "Asia/Tokyo")
    assert not decision.reportable and decision.reasons == ()
    assert "Art. 7" in summary(decision).en


@pytest.mark.parametrize("ground", ["sensitive", "financial_harm", "wrongful_purpose"])
def test_one_person_is_enough_for_the_other_grounds(ground: str) -> None:
    decision = assess(facts(people=1, **{ground: True}), "Asia/Tokyo")
    assert decision.reportable and [r.code for r in decision.reasons] == [ground]


def test_a_wrongful_purpose_gives_the_final_report_60_days() -> None:
    decision = assess(facts(wrongful_purpose=True), "Asia/Tokyo")
    assert decision.final_due is not None
    assert decision.final_due.date() == date(2026, 5, 30)


def test_an_incident_of_statistics_only_involves_no_personal_data() -> None:
    decision = assess(facts(data_classes=("statistics",), people=50000), "Asia/Tokyo")
    assert not decision.reportable
    assert decision.exemption is not None and decision.exemption.code == "no_personal_data"


def test_deadlines_count_days_in_the_deployments_time_zone() -> None:
    # 16:00 UTC on 31 March is already 1 April in Tokyo, still 31 March in New York.
    late_utc = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
    tokyo = assess(facts(discovered_at=late_utc), "Asia/Tokyo")
    new_york = assess(facts(discovered_at=late_utc), "America/New_York")
    assert tokyo.discovered_on == date(2026, 4, 1)
    assert new_york.discovered_on == date(2026, 3, 31)
    assert tokyo.preliminary_due.tzinfo == TOKYO
    assert new_york.preliminary_due.date() == date(2026, 4, 2)


def test_a_discovery_time_without_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        assess(facts(discovered_at=datetime(2026, 4, 1, 10, 0)), "Asia/Tokyo")
