"""Prior announcement and the on-site notice (GB §2 prior announcement and capture, GB §3)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from privacam.policy.checks import rule


@rule(
    "NOT-001",
    severity="error",
    basis=("GB §2", "GB §3", "取得時の配慮", "APPI 第20条"),
    stage="capture",
    title=(
        "掲示は撮影範囲に入る前に見える位置にある",
        "The sign is seen before a person enters the captured area",
    ),
    fields=("cameras[].notice.location", "cameras[].notice.before_capture_area"),
)
def sign_before_area(spec, context):
    for index, camera in enumerate(spec.cameras):
        if not camera.notice.before_capture_area:
            yield (
                f"カメラ {camera.id} の掲示が撮影範囲に入る前に見える位置にありません",
                f"Camera {camera.id}: the sign is not seen before entering the captured area",
                f"cameras[{index}].notice.before_capture_area",
            )


@rule(
    "NOT-002",
    severity="error",
    # The guidebook asks for a URL; that it be https is privacam's.
    basis=("GB §3", "APPI 第21条", "privacam policy"),
    stage="capture",
    title=(
        "掲示から詳細な通知（URL・QR）へ案内できる",
        "The sign leads to the full notice (URL and QR code)",
    ),
    fields=("notice_url",),
)
def notice_url(spec, context):
    parsed = urlparse(spec.notice_url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        yield (
            f"詳細な通知の URL「{spec.notice_url}」が正しい URL ではありません",
            f"The full notice URL '{spec.notice_url}' is not a valid web address",
        )
    elif parsed.scheme == "http":
        yield (
            "詳細な通知の URL は https にしてください",
            "Serve the full notice over https",
        )


@rule(
    "NOT-003",
    severity="warning",
    basis=("GB §2", "事前告知"),
    stage="prior_announcement",
    title=(
        "撮影開始前に目的と運用実施主体を公表している",
        "Purpose and operator are announced before capture starts",
    ),
    fields=("prior_announcement.published_on", "prior_announcement.url", "period.start"),
)
def announced_before_capture(spec, context):
    announced = spec.prior_announcement.published_on
    if announced is None:
        yield (
            "事前告知の公表日（prior_announcement.published_on）がありません",
            "No prior announcement date (prior_announcement.published_on)",
            "prior_announcement.published_on",
        )
    elif announced > spec.period.start:
        yield (
            f"事前告知（{announced}）が撮影開始（{spec.period.start}）より後です",
            f"The announcement ({announced}) comes after capture starts ({spec.period.start})",
            "prior_announcement.published_on",
        )
    if not spec.prior_announcement.url:
        yield (
            "事前告知の掲載先 URL を記載してください",
            "Give the URL of the prior announcement",
            "prior_announcement.url",
        )


@rule(
    "NOT-004",
    severity="warning",
    basis=("GB §3", "privacam policy"),
    stage="capture",
    title=(
        "掲示は日本語と英語で表示する",
        "Signs are in Japanese and English",
    ),
    fields=("cameras[].notice.languages",),
)
def sign_languages(spec, context):
    for index, camera in enumerate(spec.cameras):
        missing = [lang for lang in ("ja", "en") if lang not in camera.notice.languages]
        if missing:
            yield (
                f"カメラ {camera.id} の掲示に {', '.join(missing)} がありません",
                f"Camera {camera.id}: the sign lacks {', '.join(missing)}",
                f"cameras[{index}].notice.languages",
            )


@rule(
    "NOT-005",
    severity="error",
    # The law says "without delay"; the 30-day limit is privacam's.
    basis=("GB §5", "APPI 第32条", "APPI 第33条", "APPI 第35条", "privacam policy"),
    stage="handling",
    title=(
        "開示・利用停止・消去の請求手続が示されている",
        "Disclosure, stop-use and deletion requests have a procedure",
    ),
    fields=("requests.methods", "requests.url", "requests.identity_verification"),
)
def request_procedure(spec, context):
    if "web" in spec.requests.methods and not spec.requests.url:
        yield (
            "Web での請求を受け付ける場合は URL を記載してください",
            "Requests are taken on the web: give the URL",
            "requests.url",
        )
    if spec.requests.response_days > 30:
        yield (
            f"回答期限 {spec.requests.response_days} 日は長すぎます（遅滞なく回答）",
            f"A {spec.requests.response_days}-day response time is too long (answer without delay)",
            "requests.response_days",
        )


@rule(
    "NOT-006",
    severity="info",
    basis=("GB §3",),
    stage="capture",
    title=(
        "掲示から撮影範囲までの距離が記録されている",
        "The distance from sign to captured area is recorded",
    ),
    fields=("cameras[].notice.distance_to_area_m",),
)
def sign_distance(spec, context):
    for index, camera in enumerate(spec.cameras):
        if camera.notice.before_capture_area and camera.notice.distance_to_area_m is None:
            yield (
                f"カメラ {camera.id} の掲示から撮影範囲までの距離を記録してください",
                f"Camera {camera.id}: record the distance from the sign to the captured area",
                f"cameras[{index}].notice.distance_to_area_m",
            )


@rule(
    "NOT-007",
    severity="warning",
    basis=("GB §3",),
    stage="capture",
    title=(
        "掲示に指定した言語のテキストがそろっている",
        "Every language a sign asks for has its texts",
    ),
    fields=("cameras[].notice.languages",),
)
def sign_language_texts(spec, context):
    extra = [lang for lang in spec.languages if lang not in ("ja", "en")]
    if not extra:
        return
    # Imported here: the notice builder (and its PDF libraries) is needed only for extra
    # languages, and it is the one place that knows which texts a sign and web page print.
    from privacam.policy.notice.content import BUILT_IN, build_content

    at = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # dates do not change which texts exist
    for lang in extra:
        missing = build_content(spec, lang, "0" * 64, at).missing
        if not missing:
            continue
        own = [m for m in missing if m in BUILT_IN]
        fields = [m for m in missing if m not in BUILT_IN]
        listed = ", ".join(fields[:4])
        ja_where, en_where = [], []
        if own:
            ja_where.append(f"privacam の定型文（{', '.join(own)}）")
            en_where.append(f"privacam's own wording ({', '.join(own)})")
        if fields:
            more_ja = f" ほか {len(fields) - 4} 件" if len(fields) > 4 else ""
            more_en = f" and {len(fields) - 4} more" if len(fields) > 4 else ""
            ja_where.append(f"ファイルの {listed}{more_ja}")
            en_where.append(f"the deployment file ({listed}{more_en})")
        where, where_en = "、".join(ja_where), " or in ".join(en_where)
        for index, camera in enumerate(spec.cameras):
            if lang in camera.notice.languages:
                yield (
                    f"カメラ {camera.id} の掲示に {lang} が指定されていますが、{lang} のテキストが"
                    f"ありません（{where}）。この言語の掲示は作成されません",
                    f"Camera {camera.id}: the sign asks for {lang}, but there is no {lang} text "
                    f"in {where_en}; the {lang} sign and notice will be skipped",
                    f"cameras[{index}].notice.languages",
                )
