"""What the sign and the web notice say, in one language, derived from the deployment.

The sign carries the six items of GUIDEBOOK.md §3; the web page adds the rest.
All text is gathered here as plain strings, so the drawing code only places
them and tests can check every string against the font.

>>> from datetime import UTC, datetime
>>> from privacam.policy.loader import load_spec_text
>>> from privacam.policy.deployment_template import render_template
>>> loaded = load_spec_text(render_template("repeat"))
>>> content = build_content(loaded.public, "ja", loaded.sha256, datetime(2026, 5, 1, tzinfo=UTC))
>>> content.sign.title, content.sign.face_recognition
('カメラ作動中', '顔認識技術を使用しています')
>>> content.missing
[]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from zoneinfo import ZoneInfo

from privacam import __version__
from privacam.policy.case_profiles import PROFILES, attribute_name
from privacam.policy.durations import format_duration
from privacam.policy.face_recognition import face_recognition_use
from privacam.policy.localized import LocalizedText
from privacam.policy.notice.face_handling import face_handling_section
from privacam.policy.notice.labels import LABELS
from privacam.policy.spec import DataClass, Deployment, ProcessingPlace

#: Languages format_duration can write.
_DURATION_LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class SignContent:
    """The six items of the on-site sign (GB §3), ready to draw."""

    lang: str
    title: str
    site: str
    bullet: str
    operator_label: str
    operator: str
    captured_label: str
    captured: tuple[str, ...]
    generated_label: str
    generated: tuple[str, ...]
    purpose_label: str
    purposes: tuple[str, ...]
    #: The id of each purpose in the deployment file, to name one that does not fit.
    purpose_ids: tuple[str, ...]
    face_recognition: str | None
    raw_image_label: str
    raw_image: str
    contact_label: str
    contact: tuple[str, ...]
    more: str
    more_short: str
    scan: str
    url: str
    footer: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """One part of the web notice; the template shows whichever parts are filled."""

    key: str
    heading: str
    #: First paragraph, before everything else.
    lead: str | None = None
    #: The list the lead introduces ("provided to the following:"), right after it.
    lead_list: tuple[str, ...] = ()
    alert: str | None = None
    paragraphs: tuple[str, ...] = ()
    #: Label and one or more values, shown as a definition list.
    facts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    bullets: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    #: Sub-parts with their own heading (the four kinds of security measures).
    parts: tuple[Section, ...] = ()


@dataclass(frozen=True)
class WebContent:
    lang: str
    title: str
    site: str
    intro: str
    face_recognition: str | None
    sections: tuple[Section, ...]
    footer: str
    url: str
    #: 「案 / DRAFT」 across the page while the notice is a draft, else None.
    draft_mark: str | None = None


@dataclass(frozen=True)
class NoticeContent:
    lang: str
    sign: SignContent
    web: WebContent
    #: Texts with no version in this language (fallbacks were used); empty for ja and en.
    missing: list[str] = field(default_factory=list)

    def sign_strings(self) -> list[str]:
        """Every string the sign prints (on any of its pages)."""
        return list(_walk(self.sign))

    def web_strings(self) -> list[str]:
        """Every string the web page prints."""
        return list(_walk(self.web))

    def strings(self) -> list[str]:
        """Every string the sign and the web page print, for font-coverage checks."""
        return self.sign_strings() + self.web_strings()


def _walk(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk(item)
    elif hasattr(value, "__dataclass_fields__"):
        for f in fields(value):  # type: ignore[arg-type]
            if f.name != "lang":
                yield from _walk(getattr(value, f.name))


#: Where privacam's own wording comes from, as named in ``missing``.
BUILT_IN = ("privacam's built-in labels", "case profile", "attribute names", "retention periods")


class _Texts:
    """Picks one language from every text, noting where that language is missing."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.missing: list[str] = []
        self._labels = LABELS.get(lang, {})

    def __call__(self, text: LocalizedText | None, where: str) -> str:
        if text is None:
            return ""
        if self.lang not in text.root:
            self._note(where)
        return text.get(self.lang)

    def label(self, key: str, **values: object) -> str:
        if key not in self._labels:
            self._note(BUILT_IN[0])
        template = self._labels.get(key) or LABELS["en"][key]
        return template.format(**values) if values else template

    def duration(self, value: dt.timedelta) -> str:
        if self.lang not in _DURATION_LANGUAGES:
            self._note(BUILT_IN[3])
        return format_duration(value, self.lang)

    def date(self, day: dt.date) -> str:
        return self.label("date", y=day.year, m=day.month, d=day.day)

    def join(self, items: list[str]) -> str:
        return self.label("list_sep").join(items)

    def _note(self, where: str) -> None:
        if where not in self.missing:
            self.missing.append(where)


def _sentence(text: str, lang: str) -> str:
    """English list items on a sign start with a capital; other scripts have no case."""
    if lang == "en" and text[:1].islower():
        return text[0].upper() + text[1:]
    return text


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def build_content(
    spec: Deployment, lang: str, sha256: str, rendered_at: dt.datetime
) -> NoticeContent:
    """All text of the sign and the web notice for ``lang``; ``spec`` must be the public copy."""
    t = _Texts(lang)
    local_day = rendered_at.astimezone(ZoneInfo(spec.timezone)).date()
    sign = _sign(spec, t, sha256[:12], local_day)
    web = _web(spec, t, sha256[:12], local_day, sign)
    return NoticeContent(lang=lang, sign=sign, web=web, missing=t.missing)


def _attributes(spec: Deployment, t: _Texts) -> str:
    names = [t(attribute_name(key), BUILT_IN[2]) for key in spec.inferred_attributes]
    return t.join(names)


def _contact_lines(spec: Deployment, t: _Texts) -> tuple[str, ...]:
    inquiry = spec.inquiry
    if inquiry is None:  # checks warn about this; the operator is then the contact
        return _unique([t(spec.operator.name, "operator.name"), spec.operator.url or ""])
    phone = f"{t.label('phone')} {inquiry.phone}" if inquiry.phone else ""
    if phone and inquiry.hours:
        phone += (
            f"（{t(inquiry.hours, 'inquiry.hours')}）"
            if t.lang == "ja"
            else (f" ({t(inquiry.hours, 'inquiry.hours')})")
        )
    email = f"{t.label('email')} {inquiry.email}" if inquiry.email else ""
    return _unique([t(inquiry.name, "inquiry.name"), phone, email])


def _sign(spec: Deployment, t: _Texts, short_hash: str, day: dt.date) -> SignContent:
    profile = PROFILES[spec.case]
    generated = [_sentence(t(profile.generated, "case profile"), t.lang)]
    if spec.inferred_attributes:
        generated.append(
            f"{t.label('attributes')}：{_attributes(spec, t)}"
            if t.lang == "ja"
            else f"{t.label('attributes')}: {_attributes(spec, t)}"
        )
    purposes: dict[str, str] = {}  # text -> id of the first purpose that reads so
    for p in spec.purposes:
        text = _sentence(
            t.label(
                "purpose_arrow",
                use=t(p.use, f"purposes[{p.id}].use"),
                output=t(p.output, f"purposes[{p.id}].output"),
            ),
            t.lang,
        )
        purposes.setdefault(text, p.id)
    return SignContent(
        lang=t.lang,
        title=t.label("title"),
        site=t(spec.site.name, "site.name"),
        bullet=t.label("bullet"),
        operator_label=t.label("operator"),
        operator=t(spec.operator.name, "operator.name"),
        captured_label=t.label("captured"),
        captured=_unique(
            [
                _sentence(t(p.data_item, f"purposes[{p.id}].data_item"), t.lang)
                for p in spec.purposes
            ]
        ),
        generated_label=t.label("generated"),
        generated=_unique(generated),
        purpose_label=t.label("purpose"),
        purposes=tuple(purposes),
        purpose_ids=tuple(purposes.values()),
        face_recognition=t.label("face_recognition") if face_recognition_use(spec).stated else None,
        raw_image_label=t.label("raw_image"),
        raw_image=_sentence(t(profile.raw_image, "case profile"), t.lang),
        contact_label=t.label("contact"),
        contact=_contact_lines(spec, t),
        more=t.label("more"),
        more_short=t.label("more_short"),
        scan=t.label("scan"),
        url=spec.notice_url,
        footer=t.label("sign_footer", date=day.isoformat(), hash=short_hash),
    )


def _web(
    spec: Deployment, t: _Texts, short_hash: str, day: dt.date, sign: SignContent
) -> WebContent:
    sections = (
        _operator_section(spec, t),
        _data_section(spec, t, sign),
        face_handling_section(spec, t),
        _purpose_section(spec, t, sign),
        _retention_section(spec, t),
        _classes_section(spec, t),
        _third_party_section(spec, t),
        _security_section(spec, t),
        _processing_section(spec, t),
        _cameras_section(spec, t),
        _period_section(spec, t),
        _requests_section(spec, t),
        _announcement_section(spec, t),
        _contact_section(spec, t),
        _review_section(spec, t),
    )
    return WebContent(
        lang=t.lang,
        title=t.label("page_title"),
        site=sign.site,
        intro=t.label("intro", site=sign.site),
        face_recognition=sign.face_recognition,
        sections=tuple(s for s in sections if s is not None),
        footer=t.label("web_footer", hash=short_hash, date=t.date(day), version=__version__),
        url=spec.notice_url,
    )


def _facts(*pairs: tuple[str, str | tuple[str, ...] | list[str] | None]) -> tuple:
    """Definition-list rows, dropping empty values."""
    rows = []
    for label, value in pairs:
        values = (value,) if isinstance(value, str) else tuple(value or ())
        values = tuple(v for v in values if v)
        if values:
            rows.append((label, values))
    return tuple(rows)


def _operator_section(spec: Deployment, t: _Texts) -> Section:
    op = spec.operator
    return Section(
        "operator",
        t.label("sec_operator"),
        facts=_facts(
            (t.label("name"), t(op.name, "operator.name")),
            (t.label("address"), t(op.address, "operator.address")),
            (t.label("representative"), op.representative),
            (t.label("website"), op.url),
        ),
    )


def _data_section(spec: Deployment, t: _Texts, sign: SignContent) -> Section:
    profile = PROFILES[spec.case]
    return Section(
        "data",
        t.label("sec_data"),
        facts=_facts(
            (t.label("captured"), sign.captured),
            (t.label("generated"), t(profile.generated, "case profile")),
            (t.label("attributes"), _attributes(spec, t)),
            (t.label("raw_image"), sign.raw_image),
            (t.label("kept"), t(profile.kept, "case profile")),
        ),
    )


def _purpose_section(spec: Deployment, t: _Texts, sign: SignContent) -> Section:
    rows = tuple(
        (
            t(p.data_item, f"purposes[{p.id}].data_item"),
            t(p.use, f"purposes[{p.id}].use"),
            t(p.output, f"purposes[{p.id}].output"),
        )
        for p in spec.purposes
    )
    linked = [
        t.label(kind)
        for kind, on in (
            ("member_data", spec.linking.member_data),
            ("purchase_data", spec.linking.purchase_data),
        )
        if on
    ]
    linking = (
        t.label(
            "linking",
            kinds=t.join(linked),
            consent=t(spec.linking.consent.method, "linking.consent.method") or "-",
        )
        if linked
        else t.label("no_linking")
    )
    return Section(
        "purposes",
        t.label("sec_purposes"),
        alert=sign.face_recognition,
        tables=(
            Table((t.label("col_data_item"), t.label("col_use"), t.label("col_output")), rows),
        ),
        bullets=(linking,),
    )


def _class_name(t: _Texts, data_class: DataClass) -> str:
    return t.label(f"class_{data_class.value}")


def _retention_section(spec: Deployment, t: _Texts) -> Section:
    rows = []
    for item in spec.data_items:
        if not item.retention:
            expiry = t.label("expiry_immediate")
        else:
            expiry = t.label(f"expiry_{item.at_expiry}")
        rows.append(
            (
                t(item.description, f"data_items[{item.key}].description"),
                _class_name(t, item.data_class),
                t.duration(item.retention),
                expiry,
            )
        )
    header = (
        t.label("col_data"),
        t.label("col_class"),
        t.label("col_retention"),
        t.label("col_expiry"),
    )
    return Section("retention", t.label("sec_retention"), tables=(Table(header, tuple(rows)),))


def _classes_section(spec: Deployment, t: _Texts) -> Section:
    parts = []
    for data_class in DataClass:
        items = [
            t(item.description, f"data_items[{item.key}].description")
            for item in spec.data_items
            if item.data_class is data_class
        ]
        if items:
            parts.append(
                Section(
                    f"class-{data_class.value}",
                    _class_name(t, data_class),
                    paragraphs=(
                        t.label(f"explain_{data_class.value}"),
                        t.label("class_items", items=t.join(items)),
                    ),
                )
            )
    return Section("classes", t.label("sec_classes"), parts=tuple(parts))


def _third_party_section(spec: Deployment, t: _Texts) -> Section:
    tp = spec.third_party
    paragraphs: list[str] = []
    recipients: list[str] = []
    if tp.provides and tp.recipients:
        lead = t.label("provided_to")
        for r in tp.recipients:
            name = t(r.name, "third_party.recipients.name")
            data = t.label(f"data_{r.data}")
            if r.purpose:
                purpose = t(r.purpose, "third_party.recipients.purpose")
                recipients.append(
                    t.label("recipient_purpose", name=name, data=data, purpose=purpose)
                )
            else:
                recipients.append(t.label("recipient", name=name, data=data))
    else:
        lead = t.label("not_provided")
    if tp.joint_use:
        paragraphs.append(
            t.label("joint_use", users=t(tp.joint_users, "third_party.joint_users") or "-")
        )
    else:
        paragraphs.append(t.label("no_joint_use"))
    if spec.publication.publishes_aggregates:
        paragraphs.append(t.label("publication", k=spec.publication.k))
        if spec.publication.url:
            paragraphs.append(spec.publication.url)
    return Section(
        "third-party",
        t.label("sec_third_party"),
        lead=lead,
        lead_list=tuple(recipients),
        paragraphs=tuple(paragraphs),
    )


def _security_section(spec: Deployment, t: _Texts) -> Section:
    sec = spec.security
    parts = []
    for kind in ("organizational", "human", "physical", "technical"):
        measures = tuple(t(m, f"security.{kind}") for m in getattr(sec, kind))
        parts.append(Section(f"security-{kind}", t.label(f"sec_{kind}"), bullets=measures))
    if sec.foreign_environment is not None:
        parts.append(
            Section(
                "security-foreign",
                t.label("sec_foreign"),
                paragraphs=(t(sec.foreign_environment, "security.foreign_environment"),),
            )
        )
    if spec.contractors:
        rows = tuple(
            (
                t(c.name, "contractors.name"),
                t(c.role, "contractors.role"),
                t(c.supervision, "contractors.supervision") or "-",
            )
            for c in spec.contractors
        )
        header = (t.label("col_contractor"), t.label("col_role"), t.label("col_supervision"))
        parts.append(Section("contractors", t.label("contractors"), tables=(Table(header, rows),)))
    return Section("security", t.label("sec_security"), parts=tuple(parts))


def _processing_section(spec: Deployment, t: _Texts) -> Section:
    proc = spec.processing
    paragraphs = [t.label("raw_leaves" if proc.raw_images_leave_edge else "raw_stays")]
    tables = ()
    if proc.countries:
        paragraphs.append(t.label("abroad"))
        rows = tuple(
            (
                f"{t(c.name, 'processing.countries.name')} ({c.code})",
                t(c.regime, "processing.countries.regime") or t.label("regime_unknown"),
            )
            for c in proc.countries
        )
        tables = (Table((t.label("col_country"), t.label("col_regime")), rows),)
    else:
        paragraphs.append(t.label("no_abroad"))
    provider = proc.provider if proc.place is ProcessingPlace.cloud else None
    return Section(
        "processing",
        t.label("sec_processing"),
        facts=_facts(
            (t.label("place"), t.label(f"place_{proc.place.value}")),
            (t.label("provider"), provider),
        ),
        paragraphs=tuple(paragraphs),
        tables=tables,
    )


def _cameras_section(spec: Deployment, t: _Texts) -> Section:
    rows = tuple(
        (
            c.id,
            t(c.placement, f"cameras[{c.id}].placement"),
            t(c.field_of_view, f"cameras[{c.id}].field_of_view"),
            t(c.notice.location, f"cameras[{c.id}].notice.location"),
        )
        for c in spec.cameras
    )
    header = (
        t.label("col_camera"),
        t.label("col_placement"),
        t.label("col_fov"),
        t.label("col_sign"),
    )
    return Section("cameras", t.label("sec_cameras"), tables=(Table(header, rows),))


def _period_section(spec: Deployment, t: _Texts) -> Section:
    period = spec.period
    return Section(
        "period",
        t.label("sec_period"),
        facts=_facts(
            (t.label("start"), t.date(period.start)),
            (
                t.label("end"),
                t.date(period.end) if period.end else t.label("until_further_notice"),
            ),
            (t.label("operating_hours"), t(period.hours, "period.hours")),
            (t.label("timezone"), spec.timezone),
        ),
    )


def _requests_section(spec: Deployment, t: _Texts) -> Section:
    req = spec.requests
    return Section(
        "requests",
        t.label("sec_requests"),
        lead=t.label("request_kinds"),
        facts=_facts(
            (t.label("methods"), t.join([t.label(f"method_{m}") for m in req.methods])),
            (t.label("request_page"), req.url),
            (t.label("identity"), t(req.identity_verification, "requests.identity_verification")),
            (t.label("response"), t.label("response_days", days=req.response_days)),
            (t.label("fee"), t(req.fee, "requests.fee")),
            (t.label("opt_out"), t(req.opt_out, "requests.opt_out")),
        ),
    )


def _announcement_section(spec: Deployment, t: _Texts) -> Section | None:
    ann = spec.prior_announcement
    facts = _facts(
        (t.label("published_on"), t.date(ann.published_on) if ann.published_on else None),
        (t.label("announcement_url"), ann.url),
        (t.label("channels"), [t(c, "prior_announcement.channels") for c in ann.channels]),
    )
    return Section("announcement", t.label("sec_announcement"), facts=facts) if facts else None


def _contact_section(spec: Deployment, t: _Texts) -> Section:
    inquiry = spec.inquiry
    officer = spec.privacy_officer
    facts: list = []
    if inquiry is not None:
        facts += _facts(
            (t.label("name"), t(inquiry.name, "inquiry.name")),
            (t.label("address"), t(inquiry.address, "inquiry.address")),
            (t.label("phone"), inquiry.phone),
            (t.label("email"), inquiry.email),
            (t.label("hours"), t(inquiry.hours, "inquiry.hours")),
            (t.label("website"), inquiry.url),
        )
    else:
        facts += _facts(
            (t.label("name"), t(spec.operator.name, "operator.name")),
            (t.label("website"), spec.operator.url),
        )
    if officer is not None:
        facts += _facts(
            (t.label("privacy_officer"), officer.name), (t.label("email"), officer.email)
        )
    return Section("contact", t.label("sec_contact"), facts=tuple(facts))


def _review_section(spec: Deployment, t: _Texts) -> Section:
    latest = max(spec.review.log, key=lambda entry: entry.date, default=None)
    return Section(
        "review",
        t.label("sec_review"),
        facts=_facts(
            (t.label("next_review"), t.date(spec.review.next_review)),
            (
                t.label("last_review"),
                t.label(
                    "review_entry",
                    date=t.date(latest.date),
                    summary=t(latest.summary, "review.log.summary"),
                )
                if latest
                else None,
            ),
        ),
    )
