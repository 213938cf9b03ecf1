"""Case ③'s rule for face data, as the web notice states it: what the code does, in words.

:mod:`privacam.cases.repeat` discards a face that fails the quality gates, averages a few
features per person, then drops an opted-out person's face without a trace, records a
repeat visit for a match, and enrols or discards (``enrol_unmatched``) a face that
matches no one. This section says exactly that, with the deployment's own retention
periods, stores and opt-out route, so the notice changes when the settings do.

>>> from privacam.policy.loader import load_spec_text
>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.notice.content import _Texts
>>> spec = load_spec_text(render_template("repeat")).public
>>> section = face_handling_section(spec, _Texts("en"))
>>> print(section.bullets[2])
A face that matches no enrolled visitor is enrolled as a new visitor: its features are stored encrypted and deleted 180 days after the first visit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from privacam.policy.localized import LocalizedText
from privacam.policy.retention import deployment_retention
from privacam.policy.spec import Case, Deployment, RepeatSettings

if TYPE_CHECKING:
    from privacam.policy.notice.content import Section, _Texts

_WHERE = "privacam's built-in labels"


def _text(ja: str, en: str) -> LocalizedText:
    return LocalizedText({"ja": ja, "en": en})


def _retention(spec: Deployment, key: str, t: _Texts) -> tuple[str | None, str | None]:
    """The item's retention as the notice writes it, and ``delete`` or ``aggregate``."""
    item = spec.data_item(key)
    if item is None:
        return None, None
    return t.duration(item.retention), item.at_expiry


def _unmatched(spec: Deployment, settings: RepeatSettings, t: _Texts) -> str:
    if not settings.enrol_unmatched:
        return t(
            _text(
                "登録済みの来店者と一致しない顔の特徴量は、ただちに削除します（新たな来店者の登録は"
                "行いません）。",
                "The features of a face that matches no enrolled visitor are deleted at once; no "
                "new visitor is enrolled.",
            ),
            _WHERE,
        )
    kept, _ = _retention(spec, "face_features", t)
    if kept is None:
        return t(
            _text(
                "登録済みの来店者と一致しない顔は、新しい来店者として特徴量を暗号化して登録します。",
                "A face that matches no enrolled visitor is enrolled as a new visitor: its "
                "features are stored encrypted.",
            ),
            _WHERE,
        )
    return t(
        _text(
            "登録済みの来店者と一致しない顔は、新しい来店者として特徴量を暗号化して登録し、"
            f"初回来店から{kept}後に削除します。",
            "A face that matches no enrolled visitor is enrolled as a new visitor: its features "
            f"are stored encrypted and deleted {kept} after the first visit.",
        ),
        _WHERE,
    )


def _visits(spec: Deployment, t: _Texts) -> str:
    kept, at_expiry = _retention(spec, "visit_history", t)
    what = _text(
        "来店記録（ランダムな来店者番号、日時、店舗、カメラ。画像は含みません）",
        "Visit records (a random visitor number, the time, the store and the camera; no image)",
    )
    if kept is None:
        return t(_text(f"{what.ja}を保存します。", f"{what.en} are kept."), _WHERE)
    then = (
        _text("統計情報に縮約して削除します", "reduced to statistics and deleted")
        if at_expiry == "aggregate"
        else _text("削除します", "deleted")
    )
    return t(
        _text(
            f"{what.ja}は{kept}保存し、その後{then.ja}。",
            f"{what.en} are kept for {kept}, then {then.en}.",
        ),
        _WHERE,
    )


def face_handling_section(spec: Deployment, t: _Texts) -> Section | None:
    """The web notice's account of what happens to each face (case ③ only)."""
    from privacam.policy.notice.content import Section

    if spec.case is not Case.repeat:
        return None
    settings = spec.case_settings.repeat or RepeatSettings()
    stores = ", ".join(settings.stores) or "-"
    bullets = [
        t(
            _text(
                "顔の画像は特徴量を取り出した直後にメモリ上で破棄し、保存しません。",
                "Face images are discarded in memory right after the features are taken; no "
                "image is stored.",
            ),
            _WHERE,
        ),
        t(
            _text(
                "大きさ・向き・ぼけの基準を満たさない顔は使わず、ただちに破棄します。",
                "A face too small, turned away or blurred is not used and is discarded at once.",
            ),
            _WHERE,
        ),
        _unmatched(spec, settings, t),
        _visits(spec, t),
        t(
            _text(
                f"特徴量の照合は当社の店舗（{stores}）の間に限り、他の事業者とは共有しません。",
                f"Features are matched only among our own stores ({stores}) and never shared "
                "with anyone else.",
            ),
            _WHERE,
        ),
    ]
    if spec.requests.opt_out is not None:
        route = t(spec.requests.opt_out, "requests.opt_out").rstrip("。. ")
        kept = t.duration(deployment_retention(spec, "exclusion_templates").period)
        bullets.append(
            t(
                _text(
                    f"分析を望まない方は除外を申し出られます: {route}。除外した方のその後の来店は"
                    "記録しません。そのため、その方の特徴量を除外専用のテンプレートとして暗号化し、"
                    f"申出から{kept}保管します（他の用途には使いません）。",
                    f"To opt out: {route}. Once you have opted out, your later visits make no "
                    "record: to honour it, your features are kept encrypted as an exclusion "
                    f"template for {kept} from the request, and used for nothing else.",
                ),
                _WHERE,
            )
        )
    heading = t(_text("顔データの取扱い", "How face data is handled"), _WHERE)
    return Section("face-data", heading, bullets=tuple(bullets))
