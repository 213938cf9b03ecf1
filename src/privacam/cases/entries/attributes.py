"""Case ①: age bracket and gender of shop visitors, tallied per window (statistics only)."""

from __future__ import annotations

from dataclasses import replace

from privacam.cases.attributes import AttributeAnalyzer
from privacam.cases.entries.flow import TRACKING_DETECTOR
from privacam.cases.entry import CameraContext, CaseEntry, RunsAs
from privacam.cases.face_plan import FacePlan
from privacam.policy.age_brackets import AgeBrackets
from privacam.policy.spec import AttributesSettings, Case
from privacam.records import AttributeTally
from privacam.vision.faces import DEFAULT_AGE_GENDER

#: People tracked as for ② and ④, and their faces read for age and gender (CC0 models).
ATTRIBUTES_DETECTOR = replace(
    TRACKING_DETECTOR, face_reading=FacePlan(age_gender_model=DEFAULT_AGE_GENDER)
)


def attributes_analyzer(context: CameraContext, settings: AttributesSettings) -> AttributeAnalyzer:
    return AttributeAnalyzer(
        context.camera.id,
        AgeBrackets.parse(settings.age_brackets),  # validated when the file was loaded
        window=context.window,
        zone=context.zone,
    )


ATTRIBUTES = CaseEntry(
    case=Case.attributes,
    settings=AttributesSettings,
    runs_as=RunsAs.stream,
    record_kinds=(AttributeTally,),
    analyzer=attributes_analyzer,
    detector_plan=lambda settings: ATTRIBUTES_DETECTOR,
    window=lambda settings: settings.window,
)
