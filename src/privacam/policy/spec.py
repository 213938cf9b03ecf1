"""The deployment file ``privacam.yaml`` as pydantic models: the one source of truth.

Every section that DESIGN.md "One file drives everything" names is here, and
every field a rule in :mod:`privacam.policy.rules` reads. Unknown fields are
errors (``extra="forbid"``), so a typo never silently disables a safeguard.
Text the public reads is :class:`LocalizedText` (ja and en required).

Values are checked for what they are, not only for their type: integers are
strict (``k: true`` is not 1), counts and resolutions positive, windows longer
than zero, web addresses http(s), phone numbers and e-mail addresses of their
own syntax, counting lines of non-zero length and zones simple polygons.
Every text has a length limit by kind, per language, so that no field can make
a notice or a check hang:

========================  =====================================================
kind                      limit
========================  =====================================================
:data:`Name`              200 characters (names, labels, hours)
:data:`Sentence`          500 characters (purposes, descriptions, locations)
:data:`Paragraph`         2000 characters (justification, measures, notes)
:data:`ShortText`         200 characters (plain names: reviewer, signature)
:data:`Identifier`        64 characters (ids, keys, attribute names)
:data:`WebUrl`            2048 characters, http(s) only
:data:`Location`          4096 characters (camera sources, store URL, paths)
========================  =====================================================
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic import Strict as StrictInput
from typing_extensions import Doc

from privacam.policy import polygons
from privacam.policy.age_brackets import AgeBrackets
from privacam.policy.durations import Duration, PositiveDuration
from privacam.policy.localized import LANGUAGE_TAG, LocalizedText

SCHEMA_VERSION = 1
#: The time zone of a deployment that names none: dates (reviews, the sign's) are local to it.
DEFAULT_TIMEZONE = "Asia/Tokyo"


class Strict(BaseModel):
    """Base of every section: unknown fields are errors."""

    # The docstring under each field is its description in the generated reference
    # (docs/deployment.md), so the reference and the code are one text.
    # defer_build: a section's validator is built the first time it validates, not at
    # import; `privacam anonymize` without --spec builds only StreetSettings' (0.02 s less
    # start-up, measured with `python -X importtime`). The field docstrings become
    # descriptions in _describe_fields_from_docstrings, below every section.
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, defer_build=True)


class Case(StrEnum):
    """The six application cases of the guidebook (GB §4)."""

    attributes = "attributes"  # ① shop attribute estimation
    flow = "flow"  # ② shop flow lines
    repeat = "repeat"  # ③ shop repeat visitors
    counting = "counting"  # ④ outdoor people and vehicle counting
    street = "street"  # ⑤ vehicle-mounted street imagery
    crowd = "crowd"  # ⑥ station crowd map


class SpaceType(StrEnum):
    """Where the camera looks (GB §1): public and semi-public space need a stronger case."""

    private = "private"
    semi_public = "semi_public"
    public = "public"


class ProcessingPlace(StrEnum):
    edge = "edge"  # on the camera or a box beside it
    on_premise = "on_premise"  # the operator's own servers
    cloud = "cloud"


class DataClass(StrEnum):
    """How the law sees a record (GB §1): statistics are not personal information."""

    statistics = "statistics"
    personal = "personal"
    identifier = "identifier"  # 個人識別符号, e.g. face features


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"unknown time zone {value!r}; use an IANA name like Asia/Tokyo"
        ) from error
    return value


def _text_limit(limit: int):
    def check(text: LocalizedText) -> LocalizedText:
        for lang, value in text.root.items():
            if len(value) > limit:
                raise ValueError(
                    f"{lang} のテキストが長すぎます（{len(value)} 文字、上限 {limit} 文字） / the "
                    f"{lang} text is too long ({len(value)} characters; at most {limit})"
                )
        return text

    return AfterValidator(check)


#: A name or short label the public reads.
Name = Annotated[
    LocalizedText,
    _text_limit(200),
    Doc("A name or label: a text in ja and en (more languages may be added), 200 characters each."),
]
#: One sentence the public reads: a purpose item, a description, a location.
Sentence = Annotated[
    LocalizedText,
    _text_limit(500),
    Doc("A sentence: a text in ja and en (more languages may be added), 500 characters each."),
]
#: A paragraph the public reads: a justification, a security measure, a note.
Paragraph = Annotated[
    LocalizedText,
    _text_limit(2000),
    Doc("A paragraph: a text in ja and en (more languages may be added), 2000 characters each."),
]
#: A plain (one-language) name: a reviewer, a signature, a provider.
ShortText = Annotated[str, Field(max_length=200), Doc("A plain name: at most 200 characters.")]
#: An id, key or attribute name.
Identifier = Annotated[
    str, Field(min_length=1, max_length=64), Doc("An id, key or name: 1 to 64 characters.")
]
#: A camera source, a database URL or a file path.
Location = Annotated[
    str,
    Field(min_length=1, max_length=4096),
    Doc("A camera source, URL or file path: 1 to 4096 characters."),
]


def _web_url(value: str) -> str:
    parts = urlsplit(value)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() for ch in value)
    ):
        raise ValueError(
            f"{value[:60]!r} は http(s) の URL ではありません / {value[:60]!r} is not a web "
            "address; write an http:// or https:// URL, e.g. https://example.jp/privacy"
        )
    return value


#: A web address the public opens: http or https only (never javascript:, file:, data:).
WebUrl = Annotated[
    str,
    Field(max_length=2048),
    AfterValidator(_web_url),
    Doc("An http:// or https:// URL: at most 2048 characters."),
]

_PHONE_CHARACTERS = frozenset("0123456789-() .")


def _phone(value: str) -> str:
    body = value.strip().removeprefix("+")
    digits = sum(ch.isdigit() for ch in body)
    if not body or set(body) - _PHONE_CHARACTERS or not 6 <= digits <= 15:
        raise ValueError(
            f"{value[:40]!r} は電話番号ではありません（数字6〜15桁、- ( ) と空白、先頭に + 可） / "
            f"{value[:40]!r} is not a phone number: 6 to 15 digits with - ( ) or spaces, "
            "optionally starting with +, e.g. 03-1234-5678"
        )
    return value


#: A phone number as the public dials it, e.g. ``03-1234-5678`` or ``+81 3 1234 5678``.
PhoneNumber = Annotated[
    str,
    Field(max_length=32),
    AfterValidator(_phone),
    Doc("A phone number: 6 to 15 digits with - ( ) or spaces, optionally a leading +."),
]


def _email(value: str) -> str:
    # loaded on first use: a deployment file has a few addresses, and `anonymize`
    # without one none (0.017 s of start-up)
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(
            f"{value[:60]!r} はメールアドレスではありません / {value[:60]!r} is not an e-mail "
            f"address: {error}"
        ) from None
    return value


#: An e-mail address (syntax only: no mail server is asked).
EmailAddress = Annotated[
    str,
    Field(max_length=254),
    AfterValidator(_email),
    Doc("An e-mail address (its syntax is checked, no mail server is asked)."),
]

#: An integer written as one: ``true`` or ``"10"`` are not integers.
Integer = Annotated[int, StrictInput(), Doc('An integer written as one (not true, not "10").')]
PositiveInteger = Annotated[int, StrictInput(), Field(gt=0), Doc("An integer above zero.")]
#: A finite number (an integer or a decimal; never ``true``, ``.nan`` or ``.inf``).
Number = Annotated[
    float,
    StrictInput(),
    Field(allow_inf_nan=False),
    Doc("A finite number, integer or decimal (not true, .nan or .inf)."),
]
#: An image coordinate in pixels; far larger values are typos that overflow the geometry.
Coordinate = Annotated[
    float,
    StrictInput(),
    Field(allow_inf_nan=False, ge=-1e6, le=1e6),
    Doc("An image coordinate in pixels, between -1e6 and 1e6."),
]
Point = Annotated[tuple[Coordinate, Coordinate], Doc("A point [x, y] in pixels.")]


def _not_a_boolean(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} は整数ではありません / {value!r} is not an integer")
    return value


class Contact(Strict):
    """A named party the public can reach."""

    name: Name
    """Who answers, e.g. the shop's customer desk."""
    address: Sentence | None = None
    """Postal address."""
    phone: PhoneNumber | None = None
    """Phone number as the public dials it."""
    email: EmailAddress | None = None
    """E-mail address."""
    url: WebUrl | None = None
    """Web page or inquiry form."""
    hours: Name | None = None
    """When the contact answers, e.g. weekdays 10:00-18:00."""
    staff_briefing: Paragraph | None = None
    """How front-line staff are briefed to point people to this inquiry point and answer their
    questions (GB §1, §2 management), e.g. a desk card and a yearly briefing; written by a
    person, checked for presence."""


class Operator(Strict):
    """運用実施主体: the one party that sets the purpose and is accountable (GB §1)."""

    name: Name
    """The operator's name as it appears on the sign and in the notice."""
    address: Sentence | None = None
    """The operator's postal address (APPI 第32条: published items)."""
    url: WebUrl | None = None
    """The operator's web site."""
    representative: ShortText | None = None
    """The representative's name (APPI 第32条: published items); required for a corporation and
    shown in the full notice."""
    legal_form: Literal["corporation", "individual"] = "corporation"
    """A corporation (法人, also an association with a representative) or an individual
    (個人事業主); a corporation publishes its representative's name (APPI 第32条)."""


class PrivacyOfficer(Strict):
    """The person who carries privacy governance for this deployment (GB §1)."""

    name: ShortText
    """The officer's name."""
    role: Name | None = None
    """The officer's role or title."""
    email: EmailAddress | None = None
    """The officer's e-mail address."""


class Site(Strict):
    """The place the cameras capture."""

    id: Identifier | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]+$")
    """The site's id: letters, digits, '.', '_' and '-'. Case ③ records its visits under it as
    the store, one of ``case_settings.repeat.stores``."""
    name: Name
    """The site's name, e.g. the shop or station."""
    address: Sentence | None = None
    """The site's address, published in the full notice."""
    space_type: SpaceType
    """Where the cameras look: public and semi-public space need a written justification
    (GB §1)."""
    floor_plan: Location | None = None
    """Floor-plan image for the flow and crowd cases (heatmaps and icon maps are drawn on it)."""
    floor_plan_size_m: (
        tuple[Annotated[Number, Field(gt=0)], Annotated[Number, Field(gt=0)]] | None
    ) = None
    """Size of the floor plan in metres (width, height), for scale bars and densities."""


class Period(Strict):
    """The period of operation, published in the full notice (GB §3)."""

    start: dt.date
    """First day of capture."""
    end: dt.date | None = None
    """Last day of capture; null means until further notice."""
    hours: Name | None = None
    """Hours of capture, e.g. 営業時間中 / during opening hours."""


_POLYGON_PROBLEMS = {
    "repeated": (
        "同じ角が続けて書かれています",
        "a corner is repeated: list each corner once",
    ),
    "crosses": (
        "輪郭が自己交差しています（角を周に沿った順に並べてください）",
        "the outline crosses itself: list the corners in order around the zone",
    ),
    "flat": ("面積がありません（角が一直線上にあります）", "the outline has no area"),
}


class Zone(Strict):
    """An area of a camera's image, for dwell and zone sequences (cases ② and ⑥)."""

    name: Identifier
    """The zone's id, unique within its camera."""
    label: Name | None = None
    """The zone's name as reports show it."""
    polygon: list[Point] = Field(min_length=3, max_length=500)
    """Corners in image pixels, in order around the zone (at most 500): a simple polygon."""

    @model_validator(mode="after")
    def _simple_polygon(self) -> Zone:
        problem = polygons.problem_of(self.polygon)
        if problem is not None:
            ja, en = _POLYGON_PROBLEMS[problem]
            raise ValueError(f"ゾーン {self.name} の{ja} / zone {self.name}: {en}")
        return self


class CountingLine(Strict):
    """A directed segment in image pixels; 'in' is crossing from its left side to its right."""

    name: Identifier
    """The line's id, unique within its camera."""
    start: Point
    """Where the line starts, in image pixels."""
    end: Point
    """Where the line ends, in image pixels; walking from start to end, 'in' crosses from left
    to right."""
    label: Name | None = None
    """The line's name as reports show it."""

    @model_validator(mode="after")
    def _has_length(self) -> CountingLine:
        if self.start == self.end:
            raise ValueError(
                f"線 {self.name} の始点と終点が同じ点です / line {self.name} has no length: "
                "start and end are the same point"
            )
        return self


class FloorPoint(Strict):
    """One image→floor correspondence for the homography (image pixels → floor-plan pixels)."""

    image: Point
    """A point in the camera image, in pixels."""
    floor: Point
    """The same point on the floor plan, in floor-plan pixels."""


class NoticePlacement(Strict):
    """Where the on-site sign for a camera hangs (取得時の通知, GB §3)."""

    location: Sentence
    """Where the sign hangs, e.g. at the entrance door."""
    before_capture_area: bool
    """The sign is seen before a person enters the captured area (GB §2 capture)."""
    distance_to_area_m: Number | None = Field(default=None, ge=0)
    """Distance from the sign to the edge of the captured area, in metres."""
    sizes: list[Literal["A4", "A3", "label"]] = Field(default_factory=lambda: ["A4"])
    """Paper sizes `privacam notice` renders the sign in."""
    languages: list[Annotated[str, Field(max_length=16, pattern=LANGUAGE_TAG.pattern)]] = Field(
        default_factory=lambda: ["ja", "en"]
    )
    """Languages the sign carries (language tags such as ja, en, zh-Hans, ko)."""


class Camera(Strict):
    """One camera: what it captures, where it hangs and where its sign is."""

    id: Identifier = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    """The camera's id: letters, digits, '.', '_' and '-'."""
    source: Location
    """File path, image folder, rtsp:// or http(s):// URL, or webcam index. Put passwords in
    ``${ENV_VAR}``."""
    placement: Sentence
    """Installation place, published in the full notice."""
    field_of_view: Sentence
    """What the camera sees, published in the full notice."""
    resolution: (
        tuple[
            Annotated[PositiveInteger, Field(le=100_000)],
            Annotated[PositiveInteger, Field(le=100_000)],
        ]
        | None
    ) = None
    """Width and height in pixels, in which zones and lines are given."""
    fps: Number | None = Field(default=None, gt=0, le=1000)
    """The source's frame rate: needed for image folders; for videos and streams it overrides
    the rate they declare."""
    zones: list[Zone] = Field(default_factory=list)
    """Named areas of the image, e.g. for dwell times and zone sequences."""
    lines: list[CountingLine] = Field(default_factory=list)
    """Counting lines (counting case)."""
    floor_points: list[FloorPoint] = Field(default_factory=list)
    """Image-to-floor-plan correspondences (at least four) that place tracks on the floor
    plan."""
    notice: NoticePlacement
    """The on-site sign for this camera."""


class Purpose(Strict):
    """One structured purpose: which data item is used how, producing what (GB §1, APPI 第17条)."""

    id: Identifier
    """The purpose's id."""
    data_item: Sentence
    """What data is used, e.g. camera images of visitors."""
    use: Sentence
    """How it is used, e.g. estimating age bracket and gender."""
    output: Sentence
    """What comes out, e.g. hourly tallies of visitors by attribute."""


class DataItem(Strict):
    """One kind of data the deployment generates, with its class and retention."""

    key: Identifier
    """Retention key, e.g. raw_images, face_features, trajectories, statistics; privacam's
    keys (table below) have a default and a ceiling."""
    description: Sentence
    """What the data is, as the notice shows it."""
    data_class: DataClass
    """How the law sees it: statistics, personal data or an identifier (GB §1)."""
    retention: Duration
    """How long it is kept, e.g. 0s, 72h, 180d, 3y; never above privacam's ceiling for its
    key."""
    at_expiry: Literal["delete", "aggregate"] = "delete"
    """What happens at expiry: delete, or reduce to statistics."""


class CloudCountry(Strict):
    """A country where a cloud stores or processes data, with its regime (外的環境の把握, APPI
    第23条, 第32条)."""

    code: str = Field(pattern=r"^[A-Z]{2}$")
    """ISO 3166-1 alpha-2 code, e.g. JP, US."""
    name: Name
    """The country's name."""
    regime: Paragraph | None = None
    """Its personal-information regime, as the full notice states it (外的環境の把握)."""


class Processing(Strict):
    """Where images are processed and data stored (GB §2 design)."""

    place: ProcessingPlace
    """Edge, the operator's own servers, or a cloud."""
    provider: ShortText | None = None
    """The cloud or hosting provider."""
    countries: list[CloudCountry] = Field(default_factory=list)
    """Countries where data is stored or processed outside Japan."""
    raw_images_leave_edge: bool = False
    """Images leave the camera/edge box only as derived data, never as frames."""


class Recipient(Strict):
    """One third party that receives data."""

    name: Name
    """Who receives it."""
    data: Literal["statistics", "personal"]
    """What they receive: only statistics, or personal data."""
    purpose: Sentence | None = None
    """What they use it for."""


class ThirdParty(Strict):
    """Third-party provision and joint use (APPI 第27条)."""

    provides: bool = False
    """Data is provided to third parties."""
    recipients: list[Recipient] = Field(default_factory=list)
    """Who receives data."""
    joint_use: bool = False
    """Data is used jointly with other parties (共同利用)."""
    joint_users: Paragraph | None = None
    """Who the joint users are, as the notice states it."""


class Publication(Strict):
    """Published aggregates (public pages, feeds, third-party exports) suppress small cells."""

    publishes_aggregates: bool = False
    """Aggregates are published (a public page, a feed, exports to third parties)."""
    k: Integer = Field(default=10, ge=1)
    """Smallest count a published cell may show; smaller ones are suppressed."""
    url: WebUrl | None = None
    """Where the aggregates are published."""


class Consent(Strict):
    """Consent of the people whose data is linked."""

    obtained: bool = False
    """Consent has been obtained."""
    method: Sentence | None = None
    """How consent is obtained, e.g. in the membership terms."""


class Linking(Strict):
    """Linking camera data to member or purchase data needs consent (GB §2 handling)."""

    member_data: bool = False
    """Camera data is linked to member data."""
    purchase_data: bool = False
    """Camera data is linked to purchase data."""
    consent: Consent = Field(default_factory=Consent)
    """The consent such linking needs."""


class SecurityMeasures(Strict):
    """安全管理措置 in the law's four kinds, plus knowledge of foreign environments (APPI 第23条, 第32条)."""

    organizational: list[Paragraph] = Field(default_factory=list)
    """Organisational measures, e.g. a responsible person and rules."""
    human: list[Paragraph] = Field(default_factory=list)
    """Human measures, e.g. staff training."""
    physical: list[Paragraph] = Field(default_factory=list)
    """Physical measures, e.g. locked equipment rooms."""
    technical: list[Paragraph] = Field(default_factory=list)
    """Technical measures, e.g. access control and encryption."""
    foreign_environment: Paragraph | None = None
    """What the operator knows of the regimes of the countries where data is handled."""


class Contractor(Strict):
    """A party that handles data on the operator's behalf (委託先)."""

    name: Name
    """The contractor's name."""
    role: Sentence
    """What the contractor does."""
    supervision: Paragraph | None = None
    """How the operator supervises them (APPI 第25条)."""


class RequestProcedure(Strict):
    """How people make disclosure / stop-use / deletion requests (APPI 第33条, 第35条)."""

    methods: list[Literal["web", "email", "phone", "counter", "mail"]] = Field(min_length=1)
    """Ways a request can be made."""
    url: WebUrl | None = None
    """The request page."""
    identity_verification: Paragraph
    """How the requester's identity is verified."""
    response_days: Integer = Field(default=14, ge=1, le=60)
    """Days within which a request is answered."""
    opt_out: Paragraph | None = None
    """Route for people who do not want to be analysed (required for repeat analysis)."""
    fee: Sentence | None = None
    """The fee for a disclosure request, if any."""


class Justification(Strict):
    """Legitimacy, necessity and proportionality (guidebook 3.2), written before capture."""

    legitimacy: Paragraph | None = None
    """Why the purpose is legitimate (正当性)."""
    necessity: Paragraph | None = None
    """Why capture is necessary for it (必要性)."""
    proportionality: Paragraph | None = None
    """Why the means are proportionate: field of view, resolution, what is computed, how long
    it is kept (相当性)."""
    alternatives_considered: Paragraph | None = None
    """Less intrusive means considered, and why they do not suffice."""
    portrait_rights: Paragraph | None = None
    """How the portrait rights (肖像権) of the people captured are respected, beyond personal
    information (GB §1); written by a person, checked for presence."""
    capture_itself: Paragraph | None = None
    """Why capture itself, even with no image kept or published, does not harm the privacy of
    the people captured (GB §1); written by a person, checked for presence."""
    written_on: dt.date | None = None
    """The day this justification was written. Once ``period.start`` has passed,
    ``privacam run`` refuses to capture unless it is on or before that day (GB §1: written
    before capture), and likewise for the sign-off's dates."""


class PriorAnnouncement(Strict):
    """事前告知: the purpose and operator published before capture starts."""

    published_on: dt.date | None = None
    """The day the announcement was published."""
    url: WebUrl | None = None
    """Where it was published."""
    channels: list[Sentence] = Field(default_factory=list)
    """Other channels, e.g. a press release or posters."""


class ReviewChanges(Strict):
    """What changed since the previous review in the three areas agile governance watches
    (GB §1); write that nothing changed where nothing did."""

    law: Paragraph
    """Changes in law and guidance (APPI, PPC guidelines, the guidebook)."""
    society: Paragraph
    """Changes in social context: public concern, complaints, incidents elsewhere."""
    technology: Paragraph
    """Changes in technology: models, accuracy, new means of identification."""


class ReviewEntry(Strict):
    """One dated review of the deployment."""

    date: dt.date
    """When the review took place."""
    reviewer: ShortText
    """Who reviewed."""
    summary: Paragraph
    """What was reviewed and decided."""
    changes: ReviewChanges | None = None
    """What changed in law, society and technology since the previous review (GB §1)."""


class Review(Strict):
    """Agile governance: a dated review log and the next review date (GB §1)."""

    interval_days: Integer = Field(default=365, ge=1, le=3 * 365)
    """Days between reviews."""
    next_review: dt.date
    """The next review is due on this day."""
    log: list[ReviewEntry] = Field(default_factory=list)
    """Past reviews."""


class Signature(Strict):
    """A person who signs the assessment."""

    name: ShortText
    """Their name."""
    role: ShortText
    """Their role."""
    date: dt.date | None = None
    """The day they signed."""


class SignOff(Strict):
    """Fields only a human fills: who prepared, who approved, whether residual risk is accepted."""

    prepared_by: Signature | None = None
    """Who prepared the assessment."""
    approved_by: Signature | None = None
    """Who approved it."""
    residual_risk_accepted: bool = False
    """The approver accepts the residual risk the assessment reports."""
    residual_risk_note: Paragraph | None = None
    """Conditions or notes on that acceptance."""
    attests_no_improper_use: bool = False
    """The approver attests that the data is not used in a way that may encourage or induce
    illegal or improper acts (APPI 第19条, 不適正利用の禁止)."""
    attests_exports_within_purposes: bool = False
    """The approver attests that every export of the store serves one of the file's purposes
    and no other (APPI 第18条; GB §2 handling)."""


def _age_brackets(labels: list[str]) -> list[str]:
    AgeBrackets.parse(labels)  # ValueError (ja / en) on a gap, an overlap or a typo
    return labels


class AttributesSettings(Strict):
    """Case ①: attribute estimation in a shop."""

    age_brackets: Annotated[list[Identifier], AfterValidator(_age_brackets)] = Field(
        default_factory=lambda: ["0-19", "20-39", "40-59", "60+"]
    )
    """Age brackets the tallies use, in order from 0: ``a-b`` (both included), the last open
    (``60+``)."""
    window: PositiveDuration = Field(default="1h")
    """Length of one tally window."""


class FlowSettings(Strict):
    """Case ②: flow lines in a shop."""

    window: PositiveDuration = Field(default="1h")
    """Length of one aggregate window."""
    visit_timeout: PositiveDuration = Field(default="60s")
    """A visit ends when its track has not been seen for this long; the visit id dies with it."""


class RepeatSettings(Strict):
    """Case ③: repeat visitors recognised by face features."""

    match_threshold: Number = Field(default=0.96, gt=0, lt=1)
    """Minimum cosine similarity of two unit-length face features for one visitor; lower merges people.

    The default is the safe threshold measured for dlib's descriptor
    (`policy.face_matching.CALIBRATIONS`): the loosest at which no different-person
    pair of the sample faces matched. For dlib's Euclidean distance d between unit
    vectors, cos = 1 − d²/2 (0.96 is d ≈ 0.28; dlib's raw descriptors are about 1.4
    long, so its customary 0.6 is on another scale and far looser).
    """
    stores: list[Identifier] = Field(default_factory=list)
    """Only this operator's own stores share features (no third-party provision); the site's
    ``site.id`` must be one of them."""
    enrol_unmatched: bool = True
    """A face that matches no enrolled visitor is enrolled as a new visitor; false discards
    it at once, so that only visitors already enrolled are recognised (PPC 2023). Face data
    is never kept otherwise."""
    delete_unmatched_immediately: bool | None = None
    """Deprecated, replaced by ``enrol_unmatched``: privacam always deletes unmatched face
    data at once unless it enrols it. ``true`` says so and may stay; ``false`` (keep it) is
    refused by check CAS-003."""
    window: PositiveDuration = Field(default="1h")
    """Length of one statistics window (visits, repeat visits, new visitors per store)."""
    same_visit_within: PositiveDuration = Field(default="30m")
    """A visitor seen again within this time is on the same visit (a broken track, a second
    camera), not a repeat visit."""
    notice_states_face_recognition: bool = True
    """The notice states plainly that face recognition is used."""


class CountingSettings(Strict):
    """Case ④: people and vehicles counted outdoors."""

    window: PositiveDuration = Field(default="15m")
    """Length of one count window."""
    classes: list[Literal["person", "bicycle", "car", "motorcycle", "bus", "truck"]] = Field(
        default_factory=lambda: ["person", "bicycle", "car", "motorcycle", "bus", "truck"]
    )
    """What is counted."""
    detect_fps: Number | None = Field(default=12.5, gt=0, le=1000)
    """Detections per second of video; a faster source's other frames are bridged by the
    tracker, and while a track is starting every frame is detected. 12.5 held the counting
    error on TUD-Campus (25 fps) at 1 of 21 and detected 38 of its 71 frames; null detects
    every frame."""


class StreetSettings(Strict):
    """Case ⑤: street imagery from a vehicle, masked before storage."""

    mask: list[Literal["faces", "plates"]] = Field(default_factory=lambda: ["faces", "plates"])
    """What is masked."""
    method: Literal["blur", "pixelate", "fill"] = "blur"
    """How it is masked."""
    shape: Literal["ellipse", "ellipse_circumscribed", "box"] = "ellipse"
    """Shape of the mask; ellipse_circumscribed covers the whole box plus margin (more
    background masked)."""
    margin: Number = Field(default=0.15, ge=0, le=1)
    """Margin added around each detection, as a fraction of its size."""
    keep_audio: bool = False
    """Keep the videos' audio track (voices can identify people)."""
    gps_decimals: Integer | None = Field(default=3, ge=0, le=6)
    """Decimal places kept of GPS coordinates (3 ≈ 100 m); null removes GPS entirely."""
    copy_sidecars: bool = False
    """Copy sidecar GPS logs (GPX, NMEA) beside the masked output, their coordinates coarsened
    to gps_decimals."""
    quarantine_dir: Location | None = None
    """Encrypted, time-limited store of unmasked originals; null keeps none."""


class CrowdSettings(Strict):
    """Case ⑥: crowding at a station, shown as icons on a map."""

    icons_only: bool = True
    """The map shows people only as icons, never as images."""
    overwrite_interval: PositiveDuration = Field(default="60s")
    """The icon map is overwritten this often; only the latest is kept."""
    store_individual_tracks: bool = False
    """Keep each person's track (the guidebook's case keeps none)."""
    congestion_thresholds: list[Annotated[Integer, Field(ge=0)]] = Field(
        default_factory=lambda: [10, 30, 60]
    )
    """People counts at which the congestion level steps up."""
    reuses_security_footage: bool = False
    """The cameras were installed for security; reusing their footage needs consent."""
    security_footage_consent: bool = False
    """Consent for that reuse has been obtained."""


class CaseSettings(Strict):
    """Settings per case; a case not given runs on its defaults."""

    attributes: AttributesSettings | None = None
    """Settings of case ① attributes."""
    flow: FlowSettings | None = None
    """Settings of case ② flow."""
    repeat: RepeatSettings | None = None
    """Settings of case ③ repeat."""
    counting: CountingSettings | None = None
    """Settings of case ④ counting."""
    street: StreetSettings | None = None
    """Settings of case ⑤ street."""
    crowd: CrowdSettings | None = None
    """Settings of case ⑥ crowd."""


class StoreReader(Strict):
    """One role that may read the store, and what it may read."""

    role: Identifier
    """The role's id, e.g. privacy_officer, analyst."""
    holders: ShortText | None = None
    """Who holds the role, e.g. the privacy officer, the shop's analysts."""
    reads: list[DataClass] = Field(min_length=1)
    """The data classes the role may read (statistics, personal, identifier)."""


class StoreAccess(Strict):
    """Who may read the store (GB §2 design: access control): the operating-system owner of
    its files, the roles that may read it, or both."""

    os_owner: ShortText | None = None
    """The operating-system account that owns the store's files (the SQLite database and its
    WAL; for PostgreSQL, the database role that owns privacam's tables); nobody else is to
    read them."""
    readers: list[StoreReader] = Field(default_factory=list)
    """The roles that may read the store, each with the data classes it may read."""

    @model_validator(mode="after")
    def _declares_someone(self) -> StoreAccess:
        if not (self.os_owner or "").strip() and not self.readers:
            raise ValueError(
                "store.access に os_owner か readers を記載してください / store.access "
                "declares nobody: give os_owner (the account owning the store files) or readers"
            )
        return self


class Store(Strict):
    """Where records are kept."""

    url: Location = "sqlite:///privacam.db"
    """SQLAlchemy URL; a plain path means SQLite. Write passwords as ``${ENV_VAR}``."""
    access: StoreAccess | None = None
    """Who may read the store; required when personal data or identifiers are kept (SEC-006)."""


class Deployment(Strict):
    """One deployment: one operator, one site, one case, its cameras and its promises."""

    schema_version: Annotated[Literal[1], BeforeValidator(_not_a_boolean)] = Field(
        description="Version of this file's schema; privacam refuses versions it does not know."
    )
    case: Case
    """Which of the six application cases this deployment is (GB §4)."""
    operator: Operator
    """The accountable operator (運用実施主体)."""
    inquiry: Contact | None = None
    """The inquiry point that answers the public (問い合わせ窓口)."""
    privacy_officer: PrivacyOfficer | None = None
    """The privacy officer."""
    site: Site
    """The place captured."""
    period: Period
    """The period of operation."""
    timezone: Annotated[str, Field(max_length=64), AfterValidator(_timezone)] = DEFAULT_TIMEZONE
    """IANA time zone of the site: windows, reviews and the sign's dates are local to it."""
    cameras: list[Camera] = Field(min_length=1, max_length=100)
    """The cameras (1 to 100)."""
    purposes: list[Purpose] = Field(min_length=1, max_length=20)
    """The purposes; a sign shows every one, so more than 20 cannot be read at the place of
    capture."""
    inferred_attributes: list[Identifier] = Field(default_factory=list)
    """Attributes inferred from images, e.g. age, gender; sensitive ones are refused."""
    data_items: list[DataItem] = Field(min_length=1)
    """Every kind of data generated, with its class and retention."""
    processing: Processing
    """Where processing and storage happen."""
    third_party: ThirdParty = Field(default_factory=ThirdParty)
    """Third-party provision and joint use."""
    publication: Publication = Field(default_factory=Publication)
    """Published aggregates and their small-cell suppression."""
    linking: Linking = Field(default_factory=Linking)
    """Linking to member or purchase data."""
    security: SecurityMeasures
    """Security measures (安全管理措置)."""
    contractors: list[Contractor] = Field(default_factory=list)
    """Contractors who handle data (委託先)."""
    requests: RequestProcedure
    """How people make disclosure, stop-use and deletion requests."""
    justification: Justification = Field(default_factory=Justification)
    """Legitimacy, necessity and proportionality."""
    prior_announcement: PriorAnnouncement = Field(default_factory=PriorAnnouncement)
    """The announcement published before capture."""
    notice_url: WebUrl
    """URL of the full web notice; the sign's QR code points here."""
    review: Review
    """The review schedule and log."""
    case_settings: CaseSettings = Field(default_factory=CaseSettings)
    """Settings of the case."""
    store: Store = Field(default_factory=Store)
    """Where records are kept."""
    signoff: SignOff = Field(default_factory=SignOff)
    """Sign-off of the assessment, filled by a human."""

    @model_validator(mode="after")
    def _unique_ids(self) -> Deployment:
        for label, ids in (
            ("cameras", [c.id for c in self.cameras]),
            ("purposes", [p.id for p in self.purposes]),
            ("data_items", [d.key for d in self.data_items]),
        ):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"{label}: duplicate id(s) {duplicates}")
        return self

    def data_item(self, key: str) -> DataItem | None:
        return next((item for item in self.data_items if item.key == key), None)

    @property
    def languages(self) -> list[str]:
        """Every language the signs are asked to carry, ja and en first."""
        langs = ["ja", "en"]
        for camera in self.cameras:
            langs += [lang for lang in camera.notice.languages if lang not in langs]
        return langs


def _field_docstrings(node: ast.ClassDef) -> dict[str, str]:
    """``name: type`` directly followed by a string, as pydantic reads attribute docstrings."""
    docs: dict[str, str] = {}
    for statement, following in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def _describe_fields_from_docstrings() -> None:
    """Every section's field docstrings become their descriptions (the generated reference).

    What pydantic's ``use_attribute_docstrings`` does, from one parse of this file: on
    Python < 3.13 pydantic finds each class's source by walking frames and tokenising,
    0.03 s of every start-up for these sections. Runs before any validator is built
    (``defer_build``), so the descriptions reach every JSON schema.
    """
    try:
        tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    except OSError:  # no source (a frozen build): no descriptions, as pydantic then gives
        return
    docs = {
        node.name: _field_docstrings(node) for node in tree.body if isinstance(node, ast.ClassDef)
    }
    for section in list(globals().values()):
        if not (isinstance(section, type) and issubclass(section, Strict)):
            continue
        for name, field in section.model_fields.items():
            for base in section.__mro__:
                if field.description is None and name in docs.get(base.__name__, {}):
                    field.description = docs[base.__name__][name]


_describe_fields_from_docstrings()
