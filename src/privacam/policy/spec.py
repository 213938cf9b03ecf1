"""The deployment file ``privacam.yaml`` as pydantic models: the one source of truth.

Every section that DESIGN.md "One file drives everything" names is here, and
every field a rule in :mod:`privacam.policy.rules` reads. Unknown fields are
errors (``extra="forbid"``), so a typo never silently disables a safeguard.
Text the public reads is :class:`LocalizedText` (ja and en required).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from privacam.policy.durations import Duration
from privacam.policy.localized import LocalizedText

SCHEMA_VERSION = 1


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


Point = tuple[float, float]


class Contact(Strict):
    """A named party the public can reach."""

    name: LocalizedText
    address: LocalizedText | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    hours: LocalizedText | None = None


class Operator(Strict):
    """運用実施主体: the one party that sets the purpose and is accountable (GB §1)."""

    name: LocalizedText
    address: LocalizedText | None = None
    url: str | None = None
    representative: str | None = None


class PrivacyOfficer(Strict):
    name: str
    role: LocalizedText | None = None
    email: str | None = None


class Site(Strict):
    name: LocalizedText
    address: LocalizedText | None = None
    space_type: SpaceType
    #: Floor-plan image for the flow and crowd cases (heatmaps and icon maps are drawn on it).
    floor_plan: str | None = None
    #: Size of the floor plan in metres (width, height), for scale bars and densities.
    floor_plan_size_m: tuple[float, float] | None = None


class Period(Strict):
    start: dt.date
    end: dt.date | None = None  # None: until further notice
    hours: LocalizedText | None = None  # e.g. 営業時間中 / during opening hours


class Zone(Strict):
    name: str
    label: LocalizedText | None = None
    polygon: list[Point] = Field(min_length=3)


class CountingLine(Strict):
    """A directed segment in image pixels; 'in' is crossing from its left side to its right."""

    name: str
    start: Point
    end: Point
    label: LocalizedText | None = None


class FloorPoint(Strict):
    """One image→floor correspondence for the homography (image pixels → floor-plan pixels)."""

    image: Point
    floor: Point


class NoticePlacement(Strict):
    """Where the on-site sign for a camera hangs (取得時の通知, GB §3)."""

    location: LocalizedText
    #: The sign is seen before a person enters the captured area (GB §2 capture).
    before_capture_area: bool
    #: Distance from the sign to the edge of the captured area, in metres.
    distance_to_area_m: float | None = Field(default=None, ge=0)
    sizes: list[Literal["A4", "A3", "label"]] = Field(default_factory=lambda: ["A4"])
    languages: list[str] = Field(default_factory=lambda: ["ja", "en"])


class Camera(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    #: File path, image folder, rtsp:// or http(s):// URL, or webcam index. Put passwords in
    #: ``${ENV_VAR}``.
    source: str
    placement: LocalizedText  # installation place, published in the full notice
    field_of_view: LocalizedText  # what the camera sees, published in the full notice
    resolution: tuple[int, int] | None = None
    fps: float | None = Field(default=None, gt=0)
    zones: list[Zone] = Field(default_factory=list)
    lines: list[CountingLine] = Field(default_factory=list)
    floor_points: list[FloorPoint] = Field(default_factory=list)
    notice: NoticePlacement


class Purpose(Strict):
    """One structured purpose: which data item is used how, producing what (GB §1, APPI 第17条)."""

    id: str
    data_item: LocalizedText
    use: LocalizedText
    output: LocalizedText


class DataItem(Strict):
    """One kind of data the deployment generates, with its class and retention."""

    key: str  # retention key, e.g. raw_images, face_features, trajectories, statistics
    description: LocalizedText
    data_class: DataClass
    retention: Duration
    #: What happens at expiry: delete, or reduce to statistics.
    at_expiry: Literal["delete", "aggregate"] = "delete"


class CloudCountry(Strict):
    """A country where a cloud stores or processes data, with its regime (APPI 第28条)."""

    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: LocalizedText
    regime: LocalizedText | None = None


class Processing(Strict):
    place: ProcessingPlace
    provider: str | None = None
    countries: list[CloudCountry] = Field(default_factory=list)
    #: Images leave the camera/edge box only as derived data, never as frames.
    raw_images_leave_edge: bool = False


class Recipient(Strict):
    name: LocalizedText
    data: Literal["statistics", "personal"]
    purpose: LocalizedText | None = None


class ThirdParty(Strict):
    provides: bool = False
    recipients: list[Recipient] = Field(default_factory=list)
    joint_use: bool = False
    joint_users: LocalizedText | None = None


class Publication(Strict):
    """Published aggregates (public pages, feeds, third-party exports) suppress small cells."""

    publishes_aggregates: bool = False
    k: int = Field(default=10, ge=1)
    url: str | None = None


class Consent(Strict):
    obtained: bool = False
    method: LocalizedText | None = None


class Linking(Strict):
    """Linking camera data to member or purchase data needs consent (GB §2 handling)."""

    member_data: bool = False
    purchase_data: bool = False
    consent: Consent = Field(default_factory=Consent)


class SecurityMeasures(Strict):
    """安全管理措置 in the law's four kinds, plus knowledge of foreign environments (APPI 第23条, 第32条)."""

    organizational: list[LocalizedText] = Field(default_factory=list)
    human: list[LocalizedText] = Field(default_factory=list)
    physical: list[LocalizedText] = Field(default_factory=list)
    technical: list[LocalizedText] = Field(default_factory=list)
    foreign_environment: LocalizedText | None = None


class Contractor(Strict):
    name: LocalizedText
    role: LocalizedText
    supervision: LocalizedText | None = None  # how the operator supervises them (APPI 第25条)


class RequestProcedure(Strict):
    """How people make disclosure / stop-use / deletion requests (APPI 第33条, 第35条)."""

    methods: list[Literal["web", "email", "phone", "counter", "mail"]] = Field(min_length=1)
    url: str | None = None
    identity_verification: LocalizedText
    response_days: int = Field(default=14, ge=1, le=60)
    #: Route for people who do not want to be analysed (required for repeat analysis).
    opt_out: LocalizedText | None = None
    fee: LocalizedText | None = None


class Justification(Strict):
    """Legitimacy, necessity and proportionality (guidebook 3.2), written before capture."""

    legitimacy: LocalizedText | None = None
    necessity: LocalizedText | None = None
    proportionality: LocalizedText | None = None
    alternatives_considered: LocalizedText | None = None


class PriorAnnouncement(Strict):
    """事前告知: the purpose and operator published before capture starts."""

    published_on: dt.date | None = None
    url: str | None = None
    channels: list[LocalizedText] = Field(default_factory=list)


class ReviewEntry(Strict):
    date: dt.date
    reviewer: str
    summary: LocalizedText


class Review(Strict):
    """Agile governance: a dated review log and the next review date (GB §1)."""

    interval_days: int = Field(default=365, ge=1, le=3 * 365)
    next_review: dt.date
    log: list[ReviewEntry] = Field(default_factory=list)


class Signature(Strict):
    name: str
    role: str
    date: dt.date | None = None


class SignOff(Strict):
    """Fields only a human fills: who prepared, who approved, whether residual risk is accepted."""

    prepared_by: Signature | None = None
    approved_by: Signature | None = None
    residual_risk_accepted: bool = False
    residual_risk_note: LocalizedText | None = None


class AttributesSettings(Strict):
    age_brackets: list[str] = Field(default_factory=lambda: ["0-19", "20-39", "40-59", "60+"])
    window: Duration = Field(default="1h")


class FlowSettings(Strict):
    window: Duration = Field(default="1h")
    #: A visit ends when its track has not been seen for this long; the visit id dies with it.
    visit_timeout: Duration = Field(default="60s")


class RepeatSettings(Strict):
    match_threshold: float = Field(default=0.6, gt=0, lt=1)
    #: Only this operator's own stores share features (no third-party provision).
    stores: list[str] = Field(default_factory=list)
    #: Face data that matches no enrolled visitor is deleted at once (PPC 2023).
    delete_unmatched_immediately: bool = True
    #: The notice states plainly that face recognition is used.
    notice_states_face_recognition: bool = True


class CountingSettings(Strict):
    window: Duration = Field(default="15m")
    classes: list[Literal["person", "bicycle", "car", "motorcycle", "bus", "truck"]] = Field(
        default_factory=lambda: ["person", "bicycle", "car", "motorcycle", "bus", "truck"]
    )


class StreetSettings(Strict):
    mask: list[Literal["faces", "plates"]] = Field(default_factory=lambda: ["faces", "plates"])
    method: Literal["blur", "pixelate", "fill"] = "blur"
    #: ellipse_circumscribed covers the whole box plus margin (more background masked).
    shape: Literal["ellipse", "ellipse_circumscribed", "box"] = "ellipse"
    margin: float = Field(default=0.15, ge=0, le=1)
    keep_audio: bool = False
    #: Decimal places kept of GPS coordinates (3 ≈ 100 m); None removes GPS entirely.
    gps_decimals: int | None = Field(default=3, ge=0, le=6)
    copy_sidecars: bool = False
    #: Encrypted, time-limited store of unmasked originals; None keeps none.
    quarantine_dir: str | None = None


class CrowdSettings(Strict):
    icons_only: bool = True
    overwrite_interval: Duration = Field(default="60s")
    store_individual_tracks: bool = False
    congestion_thresholds: list[int] = Field(default_factory=lambda: [10, 30, 60])
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
    url: str = "sqlite:///privacam.db"


class Deployment(Strict):
    """One deployment: one operator, one site, one case, its cameras and its promises."""

    schema_version: Literal[1] = Field(
        description="Version of this file's schema; privacam refuses versions it does not know."
    )
    case: Case
    operator: Operator
    inquiry: Contact | None = None
    privacy_officer: PrivacyOfficer | None = None
    site: Site
    period: Period
    timezone: Annotated[str, AfterValidator(_timezone)] = "Asia/Tokyo"
    cameras: list[Camera] = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)
    inferred_attributes: list[str] = Field(default_factory=list)
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
    notice_url: str
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
