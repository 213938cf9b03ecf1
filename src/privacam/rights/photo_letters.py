"""What a photo request found, in the form the requester asks: JSON, CSV or a ja/en letter.

A disclosure contains every visit of the matched visitor, short-lived data included
(APPI 第33条: data deleted within six months is 保有個人データ too), and nothing of
anyone else; an unmatched or ambiguous probe yields the explanation and no data. The
face template itself is described (model, that it is sealed, how long it is kept),
not written out: a copy of the numbers in a file would be an identifier outside the
vault (invariant 2), and they mean nothing to a reader.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from privacam.policy.localized import LocalizedText
from privacam.policy.retention import deployment_retention
from privacam.policy.spec import Deployment
from privacam.records import RepeatVisit
from privacam.rights.by_photo import PhotoAnswer
from privacam.rights.holdings import both_languages, declared_table
from privacam.rights.letters import (
    REQUEST_NAMES,
    Letter,
    Section,
    Table,
    letter_date,
    sender_of,
    t,
)
from privacam.rights.requests import RequestKind

VISIT_COLUMNS = ("seen_at", "store_id", "camera_id", "repeat", "age_bracket", "gender", "visit_id")


def visit_row(visit: RepeatVisit, zone: str) -> tuple[str, ...]:
    seen = visit.seen_at.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")
    return (
        seen,
        visit.store_id,
        visit.camera_id,
        "true" if visit.repeat else "false",
        visit.age_bracket or "",
        visit.gender or "",
        visit.visit_id,
    )


def answer_json(answer: PhotoAnswer, spec: Deployment) -> str:
    found = answer.identification
    document = {
        "request": {
            "request_id": answer.request.request_id,
            "kind": answer.request.kind.value,
            "received_at": answer.request.received_at.isoformat(),
        },
        "operator": spec.operator.name.root,
        "match": found.outcome,
        "explanation": found.explanation.root,
        "visitor_id": found.visitor_id,
        "visits": [
            dict(zip(VISIT_COLUMNS, visit_row(v, spec.timezone), strict=True))
            for v in answer.visits
        ],
        "deleted": answer.deleted or None,
        "exclusion_id": answer.exclusion_id,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def answer_csv(answer: PhotoAnswer, spec: Deployment) -> bytes:
    """The visits as CSV (UTF-8 with BOM, as ``privacam export``); no match: header only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(VISIT_COLUMNS)
    writer.writerows(visit_row(v, spec.timezone) for v in answer.visits)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _retention(spec: Deployment, key: str) -> str | None:
    try:
        return both_languages(deployment_retention(spec, key).period)
    except KeyError:  # a key with no default the file does not declare
        return None


def _done(answer: PhotoAnswer, spec: Deployment) -> list[LocalizedText]:
    done = []
    if answer.deleted:
        templates, visits = answer.deleted["templates"], answer.deleted["visits"]
        done.append(
            t(
                f"顔特徴量 {templates} 件（暗号鍵ごと破棄）と来店履歴 {visits} 件を消去しました。"
                "以後これらを利用することはありません。",
                f"We deleted {templates} face template(s), destroying their encryption keys, "
                f"and {visits} visit(s). None of it can be used again.",
            )
        )
    if answer.exclusion_id:
        kept = _retention(spec, "exclusion_templates") or "—"
        done.append(
            t(
                "今後カメラに写っても記録しないよう、除外用の顔特徴量を暗号化して登録しました"
                f"（保存期間: {kept}。掲示・公表事項に記載のとおり、この目的にのみ使います）。",
                "So that no later capture of you is recorded, we sealed an exclusion template "
                f"of your face (kept for: {kept}; used for this purpose only, as our notice "
                "states).",
            )
        )
    return done


def _visits_section(answer: PhotoAnswer, spec: Deployment) -> Section:
    kept = _retention(spec, "face_features") or "—"
    return Section(
        t("保有する個人データ", "Personal data we hold about you"),
        (
            t(
                f"来店履歴 {len(answer.visits)} 件（6か月以内に消去する短期保存データを含む全件）。"
                f"顔特徴量は暗号化して保管しており（保存期間: 初回来店から {kept}）、その数値は"
                "お示ししません（本人にとって意味を持たず、保管庫の外に複製を作ることになるため）。",
                f"{len(answer.visits)} visit(s): every one, short-lived data included. Your "
                f"face template is kept encrypted (for {kept} from the first visit); its "
                "numbers are not written out (they mean nothing to a reader, and a copy would "
                "be an identifier outside the vault).",
            ),
        ),
        Table(
            tuple(t(c, c) for c in VISIT_COLUMNS),
            tuple(visit_row(v, spec.timezone) for v in answer.visits),
        ),
    )


def answer_letter(answer: PhotoAnswer, spec: Deployment, now: datetime) -> Letter:
    """The letter of a photo request, ja and en."""
    name = REQUEST_NAMES[answer.request.kind.value]
    found = answer.identification
    sections = [
        Section(t("ご請求への回答", "Our answer"), (found.explanation, *_done(answer, spec)))
    ]
    if found.matched and answer.request.kind == RequestKind.disclosure:
        sections.append(_visits_section(answer, spec))
    sections.append(
        Section(
            t("取得と保存の方法", "What is captured and kept"),
            (
                t(
                    "ご提出の写真は照合のためメモリ上でのみ処理し、保存していません。",
                    "Your photo was processed in memory for the match only, and not stored.",
                ),
            ),
            declared_table(spec),
        )
    )
    return Letter(
        title=t(f"{name.ja}へのご回答", f"Answer to your {name.en}"),
        request=answer.request,
        sender=sender_of(spec),
        date=letter_date(now, spec),
        sections=tuple(sections),
        basis=("APPI 第33条", "APPI 第35条", "GB §4", "GB §5"),
    )
