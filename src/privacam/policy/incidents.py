"""Leak incidents (漏えい等) as the law decides them: reportable or not, and by when (GB §5).

APPI 第26条 and the Enforcement Rule (個人情報保護法施行規則) Art. 7 make a leak,
loss or damage of personal data reportable to the PPC, with a notice to the people,
when it involves

1. sensitive data (要配慮個人情報),
2. data whose misuse may cause financial harm (財産的被害),
3. a suspected wrongful purpose (不正の目的), e.g. unauthorised access or theft, or
4. more than 1,000 people.

Data "under strong encryption or other measures that protect the people's rights"
is excluded from the start (Art. 7's parenthesis), for all four. privacam reads that
as the PPC guidelines do: an algorithm of the e-Government recommended ciphers list
(CRYPTREC) *and* a key that did not leak with the data. Statistics are not personal
data at all (GB §1): an incident that involves only statistics is not reportable.

Deadlines (Rule Art. 8) run from the day the operator *discovered* the incident, in
the deployment's time zone, with the day of discovery as day 1 (the PPC guidelines'
reckoning for the final report):

- preliminary report (速報): "promptly", which the guidelines put at about 3-5 days.
  privacam uses the **3rd day**, the earliest reading: a report on time for privacam
  is on time for any reading of 概ね3〜5日.
- final report (確報): the 30th day, the 60th for a suspected wrongful purpose.

privacam never moves a deadline off a weekend or holiday (an earlier deadline is
never late).

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> facts = IncidentFacts(
...     data_classes=("identifier",), people=1001, encryption=None,
...     discovered_at=datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
>>> decision = assess(facts, "Asia/Tokyo")
>>> decision.reportable, [r.code for r in decision.reasons]
(True, ['more_than_1000'])
>>> decision.preliminary_due.date().isoformat(), decision.final_due.date().isoformat()
('2026-04-03', '2026-04-30')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from privacam.policy.localized import LocalizedText

#: More than this many people makes an incident reportable on its own (Rule Art. 7 item 4).
PEOPLE_THRESHOLD = 1000
#: The preliminary report's day, counting the day of discovery as day 1 (see the module).
PRELIMINARY_DAY = 3
FINAL_DAY = 30
FINAL_DAY_WRONGFUL_PURPOSE = 60

#: Ciphers of the e-Government recommended ciphers list (CRYPTREC) that privacam or its
#: users are likely to name, normalised (lower case, no spaces). AES-GCM is the vault's.
STRONG_CIPHERS = frozenset(
    {
        "aes-128-gcm",
        "aes-192-gcm",
        "aes-256-gcm",
        "aes-128-ccm",
        "aes-256-ccm",
        "aes-128-cbc",
        "aes-256-cbc",
        "aes-128-ctr",
        "aes-256-ctr",
        "camellia-128-gcm",
        "camellia-256-gcm",
        "chacha20-poly1305",
    }
)

#: Data classes that are personal data under APPI (statistics are not: GB §1).
PERSONAL_CLASSES = frozenset({"personal", "identifier"})

BASIS = ("APPI 第26条", "施行規則 第7条", "施行規則 第8条", "GB §5")


def _t(ja: str, en: str) -> LocalizedText:
    return LocalizedText({"ja": ja, "en": en})


@dataclass(frozen=True)
class Encryption:
    """How the leaked data was encrypted: the cipher's name, and whether its key leaked too."""

    method: str
    key_leaked: bool = False

    @property
    def normalised(self) -> str:
        return self.method.strip().lower().replace(" ", "-").replace("_", "-")

    @property
    def strong(self) -> bool:
        return self.normalised in STRONG_CIPHERS and not self.key_leaked


@dataclass(frozen=True)
class IncidentFacts:
    """What is known of one incident: the input of :func:`assess`."""

    data_classes: tuple[str, ...]
    people: int
    encryption: Encryption | None
    discovered_at: datetime
    sensitive: bool = False
    financial_harm: bool = False
    wrongful_purpose: bool = False


@dataclass(frozen=True)
class Reason:
    """One ground for (or against) reporting, with its basis and bilingual text."""

    code: str
    basis: str
    text: LocalizedText


@dataclass(frozen=True)
class IncidentDecision:
    """Whether the incident must be reported and the people notified, why, and by when.

    ``reasons`` are the grounds met (Rule Art. 7 items); ``exemption`` says why an
    incident that met them, or involves no personal data, is not reportable.
    Deadlines are the end of the day in the deployment's time zone; None when the
    incident is not reportable.
    """

    reportable: bool
    reasons: tuple[Reason, ...]
    exemption: Reason | None
    timezone: str
    discovered_on: date
    preliminary_due: datetime | None
    final_due: datetime | None


_GROUNDS = {
    "sensitive": Reason(
        "sensitive",
        "施行規則 第7条第1号",
        _t("要配慮個人情報が含まれる", "sensitive personal data (要配慮個人情報) is involved"),
    ),
    "financial_harm": Reason(
        "financial_harm",
        "施行規則 第7条第2号",
        _t(
            "不正に利用されることにより財産的被害が生じるおそれがある",
            "its misuse may cause financial harm",
        ),
    ),
    "wrongful_purpose": Reason(
        "wrongful_purpose",
        "施行規則 第7条第3号",
        _t(
            "不正の目的をもって行われたおそれがある（不正アクセス、持ち出し等）",
            "a wrongful purpose is suspected (unauthorised access, theft, ...)",
        ),
    ),
}


def _more_than_1000(people: int) -> Reason:
    return Reason(
        "more_than_1000",
        "施行規則 第7条第4号",
        _t(
            f"本人の数が {PEOPLE_THRESHOLD:,} 人を超える（{people:,} 人）",
            f"more than {PEOPLE_THRESHOLD:,} people are involved ({people:,})",
        ),
    )


def grounds(facts: IncidentFacts) -> tuple[Reason, ...]:
    """The Rule Art. 7 items the facts meet, before any exemption."""
    met = [_GROUNDS[name] for name in _GROUNDS if getattr(facts, name)]
    if facts.people > PEOPLE_THRESHOLD:
        met.append(_more_than_1000(facts.people))
    return tuple(met)


def exemption(facts: IncidentFacts) -> Reason | None:
    """Why the incident is outside the reporting duty, or None when it is not."""
    if not PERSONAL_CLASSES & set(facts.data_classes):
        return Reason(
            "no_personal_data",
            "GB §1",
            _t(
                "個人データを含まない（統計情報のみ）ため、報告・通知の対象外です",
                "no personal data is involved (statistics only): nothing to report or notify",
            ),
        )
    enc = facts.encryption
    if enc is not None and enc.strong:
        return Reason(
            "strong_encryption",
            "施行規則 第7条（高度な暗号化）",
            _t(
                f"高度な暗号化（{enc.method}、電子政府推奨暗号リスト掲載）が施され、鍵は"
                "漏えいしていないため、報告・通知の対象外です",
                f"the data was under strong encryption ({enc.method}, on the e-Government "
                "recommended ciphers list) and its key did not leak: exempt from reporting "
                "and notice",
            ),
        )
    return None


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last second of ``day`` in ``zone``."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone)


def nth_day(discovered_on: date, n: int) -> date:
    """The ``n``-th day counting the day of discovery as day 1."""
    return discovered_on + timedelta(days=n - 1)


def assess(facts: IncidentFacts, timezone: str) -> IncidentDecision:
    """Decide reportability and the deadlines in the deployment's ``timezone``."""
    if facts.discovered_at.tzinfo is None:
        raise ValueError("discovered_at must carry its time zone")
    zone = ZoneInfo(timezone)
    discovered_on = facts.discovered_at.astimezone(zone).date()
    met = grounds(facts)
    exempt = exemption(facts)
    reportable = bool(met) and exempt is None
    final_day = FINAL_DAY_WRONGFUL_PURPOSE if facts.wrongful_purpose else FINAL_DAY
    return IncidentDecision(
        reportable=reportable,
        reasons=met,
        exemption=exempt,
        timezone=timezone,
        discovered_on=discovered_on,
        preliminary_due=(
            end_of_day(nth_day(discovered_on, PRELIMINARY_DAY), zone) if reportable else None
        ),
        final_due=end_of_day(nth_day(discovered_on, final_day), zone) if reportable else None,
    )


def summary(decision: IncidentDecision) -> LocalizedText:
    """One sentence per language: the decision and its ground."""
    if decision.reportable:
        grounds_ja = "、".join(r.text.ja for r in decision.reasons)
        grounds_en = "; ".join(r.text.en for r in decision.reasons)
        return _t(
            f"個人情報保護委員会への報告と本人への通知が必要です（{grounds_ja}）",
            f"reportable to the PPC, and the people must be notified ({grounds_en})",
        )
    if decision.exemption is not None:
        return decision.exemption.text
    return _t(
        "報告対象事態（施行規則第7条各号）に該当しないため、報告・通知の義務はありません"
        "（記録は残します）",
        "none of the grounds of Rule Art. 7 is met: no duty to report or notify (the "
        "incident stays on record)",
    )
