"""Drafts for a leak: the preliminary and final reports to the PPC, and the notice to people.

The reports carry the nine items of the Enforcement Rule Art. 8(1) in its order, in
Japanese with English beside it; the preliminary report may leave items open ("not
known at the time of this report", which Art. 8(1) allows), the final one must not,
and the draft says which are still open. The notice to the people (APPI 第26条第2項,
Rule Art. 10) carries items 1, 2, 4, 5 and 9 and the inquiry point. privacam keeps no
contact details of the people it sees, so the notice is written to be published
(the alternative measure the law allows when notifying each person is not possible).

Drafts are Markdown: text the privacy officer pastes into the PPC's form and edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from privacam.policy.incidents import (
    PRELIMINARY_DAY,
    IncidentDecision,
    assess,
    summary,
)
from privacam.policy.spec import Deployment
from privacam.rights.incidents import Incident


class DraftStage(StrEnum):
    preliminary = "preliminary"  # 速報
    final = "final"  # 確報
    notice = "notice"  # 本人への通知


@dataclass(frozen=True)
class ReportItem:
    number: int
    ja: str
    en: str
    text: str | None


OPEN_JA = "（報告時点で把握していない事項。判明次第追記する）"
OPEN_EN = "(not known at the time of this report; to be added when known)"
MISSING_FINAL = "（確報には記入が必要です / must be filled in for the final report）"


def local(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") + f" ({zone})"


def _data_items(incident: Incident, spec: Deployment) -> str:
    lines = []
    for key in incident.data_items:
        item = spec.data_item(key)
        described = f"{item.description.ja} / {item.description.en}" if item else key
        data_class = item.data_class.value if item else "?"
        lines.append(f"- `{key}`: {described} (data class: {data_class})")
    if incident.encryption:
        key_state = (
            "鍵も漏えい / the key leaked too"
            if incident.key_leaked
            else "鍵は漏えいしていない / the key did not leak"
        )
        lines.append(f"- 暗号化 / encryption: {incident.encryption}; {key_state}")
    else:
        lines.append("- 暗号化 / encryption: なし / none")
    return "\n".join(lines)


def report_items(incident: Incident, spec: Deployment) -> list[ReportItem]:
    """The nine items of Rule Art. 8(1), in order, with what the register holds for each."""
    occurred = local(incident.occurred_at, spec.timezone)
    discovered = local(incident.discovered_at, spec.timezone)
    overview = (
        f"{incident.summary}\n\n発生日時 / occurred: {occurred}\n発覚日時 / discovered: "
        f"{discovered}\n事業者 / operator: {spec.operator.name.ja} / {spec.operator.name.en}"
    )
    return [
        ReportItem(1, "概要", "Summary", overview),
        ReportItem(
            2,
            "漏えい等が発生し、又は発生したおそれがある個人データの項目",
            "Data items involved",
            _data_items(incident, spec),
        ),
        ReportItem(3, "本人の数", "Number of people", f"{incident.people:,}"),
        ReportItem(4, "原因", "Cause", incident.cause),
        ReportItem(
            5,
            "二次被害又はそのおそれの有無及びその内容",
            "Secondary damage, or its risk",
            incident.secondary_damage,
        ),
        ReportItem(
            6, "本人への対応の実施状況", "Response to the people", incident.response_to_people
        ),
        ReportItem(7, "公表の実施状況", "Publication", incident.publication),
        ReportItem(8, "再発防止のための措置", "Prevention of recurrence", incident.prevention),
        ReportItem(9, "その他参考となる事項", "Other", incident.other),
    ]


def open_items(incident: Incident, spec: Deployment) -> list[ReportItem]:
    """The items still empty: the final report must not be sent with any."""
    return [item for item in report_items(incident, spec) if not (item.text or "").strip()]


def _deadline_lines(decision: IncidentDecision, stage: DraftStage) -> list[str]:
    if not decision.reportable:
        return []
    if stage == DraftStage.preliminary:
        return [
            f"速報の期限 / preliminary report due: {local(decision.preliminary_due, decision.timezone)}"
            f" — 施行規則第8条第1項「速やかに」（ガイドライン: 概ね3〜5日以内）。privacam は発覚日を"
            f"1日目とする{PRELIMINARY_DAY}日目（最も早い読み方）を期限とします / Rule Art. 8(1) "
            f'"promptly" (PPC guidelines: about 3-5 days); privacam uses day {PRELIMINARY_DAY}, '
            "counting the day of discovery as day 1, the earliest reading",
        ]
    days = 60 if "wrongful_purpose" in {r.code for r in decision.reasons} else 30
    return [
        f"確報の期限 / final report due: {local(decision.final_due, decision.timezone)} — "
        f"施行規則第8条第2項: 発覚日から{days}日以内（発覚日を1日目とする） / Rule Art. 8(2): "
        f"within {days} days of discovery (the day of discovery is day 1)",
    ]


def render_report(incident: Incident, spec: Deployment, stage: DraftStage) -> str:
    """The preliminary or final report's draft (Markdown, ja and en)."""
    decision = assess(incident.facts, spec.timezone)
    verdict = summary(decision)
    title = {
        DraftStage.preliminary: ("漏えい等報告（速報）案", "Draft preliminary report to the PPC"),
        DraftStage.final: ("漏えい等報告（確報）案", "Draft final report to the PPC"),
    }[stage]
    lines = [
        f"# {title[0]} / {title[1]}",
        "",
        "- 宛先 / to: 個人情報保護委員会 / Personal Information Protection Commission (PPC)",
        "- 根拠 / basis: APPI 第26条第1項, 施行規則 第7条・第8条",
        f"- インシデント / incident: {incident.incident_id}",
        f"- 判定 / decision: {verdict.ja} / {verdict.en}",
    ]
    lines += [f"- {line}" for line in _deadline_lines(decision, stage)]
    lines.append("")
    for item in report_items(incident, spec):
        lines += [f"## {item.number}. {item.ja} / {item.en}", ""]
        if (item.text or "").strip():
            lines.append(item.text or "")
        elif stage == DraftStage.preliminary:
            lines.append(f"{OPEN_JA} / {OPEN_EN}")
        else:
            lines.append(MISSING_FINAL)
        lines.append("")
    return "\n".join(lines)


def render_notice(incident: Incident, spec: Deployment) -> str:
    """The notice to the people involved (APPI 第26条第2項, Rule Art. 10), ja then en."""
    items = {item.number: item for item in report_items(incident, spec)}
    inquiry = spec.inquiry
    contact = (
        " / ".join(
            part
            for part in (
                inquiry.name.ja,
                inquiry.phone,
                inquiry.email,
                str(inquiry.url) if inquiry.url else None,
            )
            if part
        )
        if inquiry
        else f"{spec.operator.name.ja}"
    )
    sections = []
    for lang, heading, intro in (
        (
            "ja",
            "個人データの漏えい等に関するお知らせ",
            f"{spec.operator.name.ja}は、{spec.site.name.ja}で取り扱う個人データについて、"
            "以下の事態が発生したことをお知らせし、深くお詫び申し上げます。当社は撮影した方の"
            "連絡先を保有していないため、個別の通知に代えて本お知らせを公表します"
            "（個人情報保護法第26条第2項）。",
        ),
        (
            "en",
            "Notice of a personal data leak",
            f"{spec.operator.name.en} informs you that the following incident affected personal "
            f"data handled at {spec.site.name.en}, and apologises. We hold no contact details of "
            "the people our cameras see, so we publish this notice instead of writing to each "
            "person (APPI Art. 26(2)).",
        ),
    ):
        sections += [f"# {heading}", "", intro, ""]
        for number in (1, 2, 4, 5, 9):
            item = items[number]
            name = item.ja if lang == "ja" else item.en
            text = (item.text or "").strip() or (OPEN_JA if lang == "ja" else OPEN_EN)
            sections += [f"## {name}", "", text, ""]
        label = "お問い合わせ" if lang == "ja" else "Inquiries"
        sections += [f"## {label}", "", contact, ""]
    return "\n".join(sections)


def render_draft(incident: Incident, spec: Deployment, stage: DraftStage) -> str:
    if stage == DraftStage.notice:
        return render_notice(incident, spec)
    return render_report(incident, spec, stage)
