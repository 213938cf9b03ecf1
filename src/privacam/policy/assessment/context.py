"""The report's first section: operator, site, case, cameras, period, processing, hash."""

from __future__ import annotations

import datetime as dt

from privacam import __version__
from privacam.policy.assessment.labels import PROCESSING_PLACES, SPACE_TYPES, t
from privacam.policy.assessment.model import CameraContext, Context, Country
from privacam.policy.case_profiles import PROFILES
from privacam.policy.loader import LoadedSpec
from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Deployment


def storage_engine(spec: Deployment) -> LocalizedText:
    """The kind of database records are kept in, never its URL (which may carry credentials)."""
    scheme = spec.store.url.split(":", 1)[0].split("+", 1)[0].lower()
    if scheme.startswith("postgres"):
        return t("PostgreSQL データベース", "PostgreSQL database")
    if scheme == "sqlite" or "://" not in spec.store.url:
        return t("SQLite データベース", "SQLite database")
    return t(f"{scheme} データベース", f"{scheme} database")


def processing_text(spec: Deployment) -> LocalizedText:
    """Where images are processed, with the provider and countries for a cloud."""
    place = PROCESSING_PLACES[spec.processing.place.value]
    ja, en = place.ja, place.en
    if spec.processing.provider:
        ja, en = f"{ja}（{spec.processing.provider}）", f"{en} ({spec.processing.provider})"
    if spec.processing.countries:
        ja += "：" + "、".join(c.name.ja for c in spec.processing.countries)
        en += ": " + ", ".join(c.name.en for c in spec.processing.countries)
    return t(ja, en)


def build_context(loaded: LoadedSpec, today: dt.date) -> Context:
    spec = loaded.public
    profile = PROFILES[spec.case]
    return Context(
        operator=spec.operator.name,
        operator_address=spec.operator.address,
        inquiry=spec.inquiry.name if spec.inquiry else None,
        privacy_officer=spec.privacy_officer.name if spec.privacy_officer else None,
        site=spec.site.name,
        site_address=spec.site.address,
        space_type=spec.site.space_type.value,
        space_type_name=SPACE_TYPES[spec.site.space_type.value],
        case=spec.case.value,
        case_number=profile.number,
        case_title=profile.title,
        cameras=[
            CameraContext(
                id=camera.id,
                placement=camera.placement,
                field_of_view=camera.field_of_view,
                resolution=f"{camera.resolution[0]}×{camera.resolution[1]}"
                if camera.resolution
                else None,
                notice_location=camera.notice.location,
                notice_before_capture_area=camera.notice.before_capture_area,
            )
            for camera in spec.cameras
        ],
        period_start=spec.period.start,
        period_end=spec.period.end,
        period_hours=spec.period.hours,
        timezone=spec.timezone,
        processing_place=spec.processing.place.value,
        processing_place_name=processing_text(spec),
        provider=spec.processing.provider,
        countries=[
            Country(code=c.code, name=c.name, regime=c.regime) for c in spec.processing.countries
        ],
        raw_images_leave_edge=spec.processing.raw_images_leave_edge,
        storage=storage_engine(spec),
        notice_url=spec.notice_url,
        deployment_sha256=loaded.sha256,
        source_file=loaded.path.name if loaded.path else None,
        assessed_on=today,
        privacam_version=__version__,
    )
