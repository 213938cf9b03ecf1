"""Case ③: repeat visitors recognised through the vault's gallery, per store and window."""

from __future__ import annotations

from dataclasses import replace

from privacam.cases.entries.flow import TRACKING_DETECTOR
from privacam.cases.entry import CameraContext, CaseEntry, RunsAs
from privacam.cases.face_plan import FacePlan
from privacam.cases.repeat import RepeatAnalyzer
from privacam.errors import InputError
from privacam.policy.spec import Case, Deployment, RepeatSettings
from privacam.records import RepeatVisit, RepeatVisitWindow
from privacam.vision.faces import DEFAULT_EMBEDDER

#: People tracked as for ② and ④, and a few face features read per track (dlib, CC0).
REPEAT_DETECTOR = replace(TRACKING_DETECTOR, face_reading=FacePlan(embedder_model=DEFAULT_EMBEDDER))


def store_of(spec: Deployment, settings: RepeatSettings) -> str:
    """The store the site's visits are recorded under: ``site.id``, one of the file's stores."""
    store = spec.site.id
    if store is None or store not in settings.stores:
        listed = ", ".join(settings.stores) or "-"
        raise InputError(
            f"拠点の id（site.id）を case_settings.repeat.stores の一つにしてください（{listed}） / "
            f"site.id must name one of case_settings.repeat.stores ({listed}): it is the store "
            "visits are recorded under (see privacam check, CAS-022)"
        )
    return store


def repeat_analyzer(context: CameraContext, settings: RepeatSettings) -> RepeatAnalyzer:
    store = store_of(context.spec, settings)
    if context.gallery is None:
        raise InputError(
            "リピート分析には顔特徴量の保管庫（vault）が必要ですが、開かれていません / the repeat "
            "case needs the encrypted vault's gallery, and none was opened for this run"
        )
    return RepeatAnalyzer(
        context.camera.id,
        context.gallery,
        store,
        window=context.window,
        zone=context.zone,
        enrol_unmatched=settings.enrol_unmatched,
        same_visit_within=settings.same_visit_within,
    )


REPEAT = CaseEntry(
    case=Case.repeat,
    settings=RepeatSettings,
    runs_as=RunsAs.stream,
    record_kinds=(RepeatVisitWindow, RepeatVisit),
    analyzer=repeat_analyzer,
    detector_plan=lambda settings: REPEAT_DETECTOR,
    window=lambda settings: settings.window,
)
