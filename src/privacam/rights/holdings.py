"""The answer of a deployment that holds nothing that identifies a person (cases ①②④⑤⑥).

Such a deployment cannot find the requester's data, and must not pretend to: it
keeps statistics only (①④⑥), or data that carries no image and no feature that could
tie it to the requester (②'s short-lived trajectories under random visit ids that
die with the track, ⑤'s images whose faces and plates were masked before storage).
The answer says what is held, in what quantity and for how long, and why none of it
can be attributed to the requester (APPI 第33条: what cannot be attributed to the
person is not disclosed, lest another person's data be disclosed instead).
Case ③ holds face features: its requests are answered by photo (``disclosure``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from privacam.errors import InputError
from privacam.policy.case_profiles import PROFILES
from privacam.policy.durations import format_duration
from privacam.policy.retention import deployment_retention
from privacam.policy.spec import Case, Deployment
from privacam.rights.letters import REQUEST_NAMES, Letter, Section, Table, letter_date, sender_of, t
from privacam.rights.requests import RightsRequest
from privacam.store import Store
from privacam.store.holdings import record_holdings

#: Kinds about the runs themselves, not about anyone captured.
BOOKKEEPING_KINDS = frozenset({"runs", "coverage", "outages"})

#: Why the data a case holds cannot be attributed to the requester.
WHY_NOT_IDENTIFIABLE = {
    Case.attributes: t(
        "カメラ画像は推定直後にメモリ上で破棄され、保存されるのは時間帯ごとの属性別人数"
        "（統計情報）のみです。個人ごとの記録は存在しないため、ご本人の情報を特定することは"
        "できません。",
        "Camera images are discarded in memory right after estimation; only counts per "
        "attribute and time window (statistics) are stored. No record per person exists, so "
        "no data can be found as yours.",
    ),
    Case.flow: t(
        "動線データは来店ごとに無作為の番号で記録され、その番号は追跡の終了とともに失われます。"
        "画像も顔特徴量も保存しないため、どの動線がご本人のものかを特定する手段がありません。"
        "特定できないデータを開示すると他の方のデータを開示するおそれがあるため、開示できません。",
        "Trajectories are recorded per visit under a random number that dies when the track "
        "ends. No image and no face feature is kept, so there is no means to tell which "
        "trajectory is yours; disclosing one that cannot be attributed to you could disclose "
        "another person's data instead.",
    ),
    Case.counting: t(
        "カメラ画像は計数直後にメモリ上で破棄され、保存されるのは時間帯ごとの人数・台数"
        "（統計情報）のみです。個人ごとの記録は存在しません。",
        "Camera images are discarded in memory right after counting; only counts per time "
        "window (statistics) are stored. No record per person exists.",
    ),
    Case.street: t(
        "保存する画像は、保存前に顔とナンバープレートをマスクしたものです。マスク済みの画像から"
        "特定の方を探し出す手段はなく、顔の照合も行いません。",
        "Images are stored only after faces and licence plates were masked. There is no "
        "means to search the masked images for a given person, and no face is matched.",
    ),
    Case.crowd: t(
        "混雑マップは人をアイコンでのみ表示し、最新のもの以外は上書きされます。保存されるのは"
        "混雑度と人数（統計情報）のみで、個人ごとの記録は存在しません。",
        "The crowd map shows people only as icons and is overwritten, the latest only; only "
        "congestion levels and counts (statistics) are stored. No record per person exists.",
    ),
}


def held_rows(store: Store, spec: Deployment) -> tuple[tuple[str, ...], ...]:
    """One row per record kind the store holds: kind, data class, rows, oldest, newest
    (the same counts as the dashboard's "what is held", :mod:`privacam.store.holdings`)."""
    with store.engine.connect() as connection:
        held = record_holdings(connection, spec)
    return tuple(
        (h.what, h.data_class, f"{h.rows:,}", _day(h.oldest), _day(h.newest))
        for h in held
        if h.what not in BOOKKEEPING_KINDS
    )


def _day(moment: datetime | None) -> str:
    return "" if moment is None else moment.date().isoformat()


def declared_table(spec: Deployment) -> Table:
    """The deployment's data items: what, which data class, kept how long."""
    rows = []
    for item in spec.data_items:
        kept = deployment_retention(spec, item.key).period
        rows.append(
            (
                item.description.ja + " / " + item.description.en,
                item.data_class.value,
                both_languages(kept),
            )
        )
    return Table((t("データ", "data"), t("区分", "class"), t("保存期間", "kept for")), tuple(rows))


def both_languages(duration: timedelta) -> str:
    return f"{format_duration(duration, 'ja')} / {format_duration(duration, 'en')}"


def holdings_letter(
    store: Store, spec: Deployment, request: RightsRequest, now: datetime
) -> Letter:
    """The answer of a case with no identifiable data: what is held, and why it is not yours."""
    if spec.case == Case.repeat:
        raise InputError(
            "事例③は顔特徴量を保有するため、写真による照合で回答してください / case ③ holds "
            "face features: answer with `privacam rights disclose --photo` instead"
        )
    profile = PROFILES[spec.case]
    name = REQUEST_NAMES[request.kind.value]
    held = held_rows(store, spec)
    sections = (
        Section(
            t("ご請求への回答", "Our answer"),
            (
                t(
                    f"{name.ja}をお受けしました。当該カメラ（{spec.site.name.ja}）では、ご本人を"
                    "特定できる情報を保有していないため、ご本人の保有個人データとしてお示しできる"
                    "ものはありません。理由と、保有している情報は次のとおりです。",
                    f"We received your {name.en}. These cameras ({spec.site.name.en}) hold "
                    "nothing that identifies a person, so we hold no data we could show as "
                    "yours. Why, and what we do hold, follows.",
                ),
                WHY_NOT_IDENTIFIABLE[spec.case],
            ),
        ),
        Section(
            t("取得と保存の方法", "What is captured and kept"),
            (profile.raw_image, profile.kept),
            declared_table(spec),
        ),
        Section(
            t("現在保有している記録", "Records held now"),
            (
                t(
                    "回答時点で保有している記録の件数と期間です（統計情報は他の方の分を含みます）。",
                    "The records held at the time of this answer (statistics include everyone).",
                ),
            )
            if held
            else (t("回答時点で保有している記録はありません。", "No record is held now."),),
            Table(
                (
                    t("種類", "kind"),
                    t("区分", "class"),
                    t("件数", "rows"),
                    t("最古", "oldest"),
                    t("最新", "newest"),
                ),
                held,
            )
            if held
            else None,
        ),
    )
    return Letter(
        title=t(f"{name.ja}へのご回答", f"Answer to your {name.en}"),
        request=request,
        sender=sender_of(spec),
        date=letter_date(now, spec),
        sections=sections,
        basis=("APPI 第33条", "APPI 第35条", "GB §4", "GB §5"),
    )
