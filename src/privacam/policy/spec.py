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

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic import Strict as StrictInput

from privacam.policy import polygons
from privacam.policy.durations import Duration, PositiveDuration
from privacam.policy.localized import LANGUAGE_TAG, LocalizedText

SCHEMA_VERSION = 1
#: The time zone of a deployment that names none: dates (reviews, the sign's) are local to it.
DEFAULT_TIMEZONE = "Asia/Tokyo"


class Strict(BaseModel):
    """Base of every section: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


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
    Field(description="A name or label: at most 200 characters per language."),
]
#: One sentence the public reads: a purpose item, a description, a location.
Sentence = Annotated[
    LocalizedText,
    _text_limit(500),
    Field(description="A sentence: at most 500 characters per language."),
]
#: A paragraph the public reads: a justification, a security measure, a note.
Paragraph = Annotated[
    LocalizedText,
    _text_limit(2000),
    Field(description="A paragraph: at most 2000 characters per language."),
]
#: A plain (one-language) name: a reviewer, a signature, a provider.
ShortText = Annotated[
    str, Field(max_length=200, description="A plain name: at most 200 characters.")
]
#: An id, key or attribute name.
Identifier = Annotated[
    str, Field(min_length=1, max_length=64, description="An identifier: 1 to 64 characters.")
]
#: A camera source, a database URL or a file path.
Location = Annotated[
    str,
    Field(min_length=1, max_length=4096, description="A source, URL or path: at most 4096."),
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
    Field(max_length=2048, description="An http(s) URL: at most 2048 characters."),
    AfterValidator(_web_url),
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
    Field(max_length=32, description="A phone number: 6 to 15 digits, at most 32 characters."),
    AfterValidator(_phone),
]


def _email(value: str) -> str:
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
    Field(max_length=254, description="An e-mail address: at most 254 characters."),
    AfterValidator(_email),
]

#: An integer written as one: ``true`` or ``"10"`` are not integers.
Integer = Annotated[int, StrictInput()]
PositiveInteger = Annotated[int, StrictInput(), Field(gt=0)]
#: A finite number (an integer or a decimal; never ``true``, ``.nan`` or ``.inf``).
Number = Annotated[float, StrictInput(), Field(allow_inf_nan=False)]
#: An image coordinate in pixels; far larger values are typos that overflow the geometry.
Coordinate = Annotated[float, StrictInput(), Field(allow_inf_nan=False, ge=-1e6, le=1e6)]
Point = tuple[Coordinate, Coordinate]


def _not_a_boolean(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} は整数ではありません / {value!r} is not an integer")
    return value


class Contact(Strict):
    """A named party the public can reach."""

    name: Name
    address: Sentence | None = None
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None
    url: WebUrl | None = None
    hours: Name | None = None


class Operator(Strict):
    """運用実施主体: the one party that sets the purpose and is accountable (GB §1)."""

    name: Name
    address: Sentence | None = None
    url: WebUrl | None = None
    representative: ShortText | None = None


class PrivacyOfficer(Strict):
    name: ShortText
    role: Name | None = None
    email: EmailAddress | None = None


class Site(Strict):
    name: Name
    address: Sentence | None = None
    space_type: SpaceType
    #: Floor-plan image for the flow and crowd cases (heatmaps and icon maps are drawn on it).
    floor_plan: Location | None = None
    #: Size of the floor plan in metres (width, height), for scale bars and densities.
    floor_plan_size_m: (
        tuple[Annotated[Number, Field(gt=0)], Annotated[Number, Field(gt=0)]] | None
    ) = None


class Period(Strict):
    start: dt.date
    end: dt.date | None = None  # None: until further notice
    hours: Name | None = None  # e.g. 営業時間中 / during opening hours


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
    name: Identifier
    label: Name | None = None
    #: Corners in image pixels, in order around the zone (at most 500): a simple polygon.
    polygon: list[Point] = Field(min_length=3, max_length=500)

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
    start: Point
    end: Point
    label: Name | None = None

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
    floor: Point


class NoticePlacement(Strict):
    """Where the on-site sign for a camera hangs (取得時の通知, GB §3)."""

    location: Sentence
    #: The sign is seen before a person enters the captured area (GB §2 capture).
    before_capture_area: bool
    #: Distance from the sign to the edge of the captured area, in metres.
    distance_to_area_m: Number | None = Field(default=None, ge=0)
    sizes: list[Literal["A4", "A3", "label"]] = Field(default_factory=lambda: ["A4"])
    languages: list[Annotated[str, Field(max_length=16, pattern=LANGUAGE_TAG.pattern)]] = Field(
        default_factory=lambda: ["ja", "en"]
    )


class Camera(Strict):
    id: Identifier = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    #: File path, image folder, rtsp:// or http(s):// URL, or webcam index. Put passwords in
    #: ``${ENV_VAR}``.
    source: Location
    placement: Sentence  # installation place, published in the full notice
    field_of_view: Sentence  # what the camera sees, published in the full notice
    #: Width and height in pixels, in which zones and lines are given.
    resolution: (
        tuple[
            Annotated[PositiveInteger, Field(le=100_000)],
            Annotated[PositiveInteger, Field(le=100_000)],
        ]
        | None
    ) = None
    fps: Number | None = Field(default=None, gt=0, le=1000)
    zones: list[Zone] = Field(default_factory=list)
    lines: list[CountingLine] = Field(default_factory=list)
    floor_points: list[FloorPoint] = Field(default_factory=list)
    notice: NoticePlacement


class Purpose(Strict):
    """One structured purpose: which data item is used how, producing what (GB §1, APPI 第17条)."""

    id: Identifier
    data_item: Sentence
    use: Sentence
    output: Sentence


class DataItem(Strict):
    """One kind of data the deployment generates, with its class and retention."""

    key: Identifier  # retention key, e.g. raw_images, face_features, trajectories, statistics
    description: Sentence
    data_class: DataClass
    retention: Duration
    #: What happens at expiry: delete, or reduce to statistics.
    at_expiry: Literal["delete", "aggregate"] = "delete"


class CloudCountry(Strict):
    """A country where a cloud stores or processes data, with its regime (APPI 第28条)."""

    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: Name
    regime: Paragraph | None = None


class Processing(Strict):
    place: ProcessingPlace
    provider: ShortText | None = None
    countries: list[CloudCountry] = Field(default_factory=list)
    #: Images leave the camera/edge box only as derived data, never as frames.
    raw_images_leave_edge: bool = False


class Recipient(Strict):
    name: Name
    data: Literal["statistics", "personal"]
    purpose: Sentence | None = None


class ThirdParty(Strict):
    provides: bool = False
    recipients: list[Recipient] = Field(default_factory=list)
    joint_use: bool = False
    joint_users: Paragraph | None = None


class Publication(Strict):
    """Published aggregates (public pages, feeds, third-party exports) suppress small cells."""

    publishes_aggregates: bool = False
    k: Integer = Field(default=10, ge=1)
    url: WebUrl | None = None


class Consent(Strict):
    obtained: bool = False
    method: Sentence | None = None


class Linking(Strict):
    """Linking camera data to member or purchase data needs consent (GB §2 handling)."""

    member_data: bool = False
    purchase_data: bool = False
    consent: Consent = Field(default_factory=Consent)


class SecurityMeasures(Strict):
    """安全管理措置 in the law's four kinds, plus knowledge of foreign environments (APPI 第23条, 第32条)."""

    organizational: list[Paragraph] = Field(default_factory=list)
    human: list[Paragraph] = Field(default_factory=list)
    physical: list[Paragraph] = Field(default_factory=list)
    technical: list[Paragraph] = Field(default_factory=list)
    foreign_environment: Paragraph | None = None


class Contractor(Strict):
    name: Name
    role: Sentence
    supervision: Paragraph | None = None  # how the operator supervises them (APPI 第25条)


class RequestProcedure(Strict):
    """How people make disclosure / stop-use / deletion requests (APPI 第33条, 第35条)."""

    methods: list[Literal["web", "email", "phone", "counter", "mail"]] = Field(min_length=1)
    url: WebUrl | None = None
    identity_verification: Paragraph
    response_days: Integer = Field(default=14, ge=1, le=60)
    #: Route for people who do not want to be analysed (required for repeat analysis).
    opt_out: Paragraph | None = None
    fee: Sentence | None = None


class Justification(Strict):
    """Legitimacy, necessity and proportionality (guidebook 3.2), written before capture."""

    legitimacy: Paragraph | None = None
    necessity: Paragraph | None = None
    proportionality: Paragraph | None = None
    alternatives_considered: Paragraph | None = None


class PriorAnnouncement(Strict):
    """事前告知: the purpose and operator published before capture starts."""

    published_on: dt.date | None = None
    url: WebUrl | None = None
    channels: list[Sentence] = Field(default_factory=list)


class ReviewEntry(Strict):
    date: dt.date
    reviewer: ShortText
    summary: Paragraph


class Review(Strict):
    """Agile governance: a dated review log and the next review date (GB §1)."""

    interval_days: Integer = Field(default=365, ge=1, le=3 * 365)
    next_review: dt.date
    log: list[ReviewEntry] = Field(default_factory=list)


class Signature(Strict):
    name: ShortText
    role: ShortText
    date: dt.date | None = None


class SignOff(Strict):
    """Fields only a human fills: who prepared, who approved, whether residual risk is accepted."""

    prepared_by: Signature | None = None
    approved_by: Signature | None = None
    residual_risk_accepted: bool = False
    residual_risk_note: Paragraph | None = None


class AttributesSettings(Strict):
    age_brackets: list[Identifier] = Field(
        default_factory=lambda: ["0-19", "20-39", "40-59", "60+"]
    )
    window: PositiveDuration = Field(default="1h")


class FlowSettings(Strict):
    window: PositiveDuration = Field(default="1h")
    #: A visit ends when its track has not been seen for this long; the visit id dies with it.
    visit_timeout: PositiveDuration = Field(default="60s")


class RepeatSettings(Strict):
    match_threshold: Number = Field(default=0.6, gt=0, lt=1)
    #: Only this operator's own stores share features (no third-party provision).
    stores: list[Identifier] = Field(default_factory=list)
    #: Face data that matches no enrolled visitor is deleted at once (PPC 2023).
    delete_unmatched_immediately: bool = True
    #: The notice states plainly that face recognition is used.
    notice_states_face_recognition: bool = True


class CountingSettings(Strict):
    window: PositiveDuration = Field(default="15m")
    classes: list[Literal["person", "bicycle", "car", "motorcycle", "bus", "truck"]] = Field(
        default_factory=lambda: ["person", "bicycle", "car", "motorcycle", "bus", "truck"]
    )


class StreetSettings(Strict):
    mask: list[Literal["faces", "plates"]] = Field(default_factory=lambda: ["faces", "plates"])
    method: Literal["blur", "pixelate", "fill"] = "blur"
    #: ellipse_circumscribed covers the whole box plus margin (more background masked).
    shape: Literal["ellipse", "ellipse_circumscribed", "box"] = "ellipse"
    margin: Number = Field(default=0.15, ge=0, le=1)
    keep_audio: bool = False
    #: Decimal places kept of GPS coordinates (3 ≈ 100 m); None removes GPS entirely.
    gps_decimals: Integer | None = Field(default=3, ge=0, le=6)
    copy_sidecars: bool = False
    #: Encrypted, time-limited store of unmasked originals; None keeps none.
    quarantine_dir: Location | None = None


class CrowdSettings(Strict):
    icons_only: bool = True
    overwrite_interval: PositiveDuration = Field(default="60s")
    store_individual_tracks: bool = False
    congestion_thresholds: list[Annotated[Integer, Field(ge=0)]] = Field(
        default_factory=lambda: [10, 30, 60]
    )
    #: The cameras were installed for security; reusing their footage needs consent.
    reuses_security_footage: bool = False
    security_footage_consent: bool = False


class CaseSettings(Strict):
    attributes: AttributesSettings | None = None
    flow: FlowSettings | None = None
    repeat: RepeatSettings | None = None
    counting: CountingSettings | None = None
    street: StreetSettings | None = None
    crowd: CrowdSettings | None = None


class Store(Strict):
    #: SQLAlchemy URL; a plain path means SQLite. Write passwords as ``${ENV_VAR}``.
    url: Location = "sqlite:///privacam.db"


class Deployment(Strict):
    """One deployment: one operator, one site, one case, its cameras and its promises."""

    schema_version: Annotated[Literal[1], BeforeValidator(_not_a_boolean)] = Field(
        description="Version of this file's schema; privacam refuses versions it does not know."
    )
    case: Case
    operator: Operator
    inquiry: Contact | None = None
    privacy_officer: PrivacyOfficer | None = None
    site: Site
    period: Period
    timezone: Annotated[str, Field(max_length=64), AfterValidator(_timezone)] = DEFAULT_TIMEZONE
    cameras: list[Camera] = Field(min_length=1, max_length=100)
    #: A sign shows every purpose: more than 20 cannot be read at the place of capture.
    purposes: list[Purpose] = Field(min_length=1, max_length=20)
    inferred_attributes: list[Identifier] = Field(default_factory=list)
    data_items: list[DataItem] = Field(min_length=1)
    processing: Processing
    third_party: ThirdParty = Field(default_factory=ThirdParty)
    publication: Publication = Field(default_factory=Publication)
    linking: Linking = Field(default_factory=Linking)
    security: SecurityMeasures
    contractors: list[Contractor] = Field(default_factory=list)
    requests: RequestProcedure
    justification: Justification = Field(default_factory=Justification)
    prior_announcement: PriorAnnouncement = Field(default_factory=PriorAnnouncement)
    #: URL of the full web notice; the sign's QR code points here.
    notice_url: WebUrl
    review: Review
    case_settings: CaseSettings = Field(default_factory=CaseSettings)
    store: Store = Field(default_factory=Store)
    signoff: SignOff = Field(default_factory=SignOff)

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
