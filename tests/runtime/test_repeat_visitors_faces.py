"""Case ③ done means: real faces over several days, through the face stage and the vault.

The five people of ``dlib_johns/`` (11 crops each) come back on four days, three looks a
visit (two on the last day); the faces of ``dlib_faces_voc/`` are people seen once. Each
crop is pasted on a blank canvas inside a hand-made person track (no person detector:
a face crop is not a body YOLOX would find), so the real face stage (YuNet near the head,
the quality gates, dlib's descriptor) reads it, the case decides each track, and the
encrypted vault matches and enrols at the deployment's own ``match_threshold``.

privacam must count the five repeat visitors, attribute at least 95 % of their repeat
visits to the right person, and never merge two people. The pair-level TAR and FAR at
the threshold, over every look the stage read, are printed (``-s``) for the closing note.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pytest

from privacam.cases.base import Observation
from privacam.cases.repeat import RepeatAnalyzer
from privacam.policy.face_matching import CALIBRATIONS
from privacam.policy.loader import load_spec
from privacam.records import RepeatVisit
from privacam.store import open_store
from privacam.vision.tracking import TrackEvent, TrackUpdate
from privacam.vision.types import Detections

# Built in parallel with this case (issue 12): skipped until they are on the branch.
face_plan = pytest.importorskip("privacam.cases.face_plan", reason="no face stage here")
vault_gallery = pytest.importorskip("privacam.store.vault_gallery", reason="no vault here")

pytestmark = [pytest.mark.assets, pytest.mark.slow]

TOKYO = ZoneInfo("Asia/Tokyo")
CANVAS = (600, 400)  # height, width
PERSON_BOX = (60.0, 20.0, 340.0, 590.0)  # the face sits in its upper third
FRAMES_BETWEEN_LOOKS = 5  # the stage reads a track at most every 5 frames


def _canvas(face: np.ndarray) -> np.ndarray:
    canvas = np.full((*CANVAS, 3), 235, np.uint8)
    h, w = face.shape[:2]
    scale = min(1.0, 180 / max(h, w))
    if scale < 1.0:
        face = cv2.resize(face, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        h, w = face.shape[:2]
    x, y = (CANVAS[1] - w) // 2, 40
    canvas[y : y + h, x : x + w] = face
    return canvas


def _voc_faces(folder: Path) -> list[np.ndarray]:
    faces = []
    for image in ET.parse(folder / "training.xml").getroot().iter("image"):
        photo = cv2.imread(str(folder / image.get("file")))
        for box in image.iter("box"):
            if box.get("ignore") == "1":
                continue
            top, left = int(box.get("top")), int(box.get("left"))
            width, height = int(box.get("width")), int(box.get("height"))
            margin = width // 2
            y0, x0 = max(top - margin, 0), max(left - margin, 0)
            faces.append(photo[y0 : top + height + margin, x0 : left + width + margin].copy())
    return faces


class Camera:
    """One camera's frames: each visit is a new person track that looks a few times, then leaves."""

    def __init__(self, reader, analyser) -> None:
        self.reader, self.analyser = reader, analyser
        self.frame, self.track = 0, 0
        self.records: list = []
        #: Every feature the stage read, per visit: the pair rates are computed from them.
        self.read: list[np.ndarray] = []

    def _step(self, image, at: datetime, tracked: Detections, events: list[TrackEvent]) -> list:
        update = TrackUpdate(self.frame, self.frame / 25, tracked, Detections.empty(), events)
        faces = self.reader.read(image, update)
        self.read += [e for e in faces.embeddings if e is not None]
        observation = Observation(
            "cam1", self.frame, self.frame / 25, at, CANVAS[1], CANVAS[0], tracked, update, faces
        )
        out = self.analyser.observe(observation).records
        self.records += out
        return out

    def visit(self, looks: list[np.ndarray], at: datetime) -> list:
        self.track += 1
        box = Detections(
            np.array([PERSON_BOX], np.float32), [0.9], [0], tracker_id=np.array([self.track])
        )
        out = []
        for i, face in enumerate(looks):
            events = (
                [TrackEvent("new", self.track, 0, self.frame, 0.0, PERSON_BOX)] if i == 0 else []
            )
            out += self._step(_canvas(face), at + timedelta(seconds=i), box, events)
            self.frame += FRAMES_BETWEEN_LOOKS
        ended = [TrackEvent("ended", self.track, 0, self.frame, 0.0, PERSON_BOX)]
        blank = np.full((*CANVAS, 3), 235, np.uint8)
        out += self._step(blank, at + timedelta(seconds=len(looks)), Detections.empty(), ended)
        self.frame += 1
        return out


def _pair_rates(
    features: dict[str, list[np.ndarray]], threshold: float
) -> tuple[float, float, int]:
    same, different = [], []
    people = sorted(features)
    for person in people:
        for a, b in itertools.combinations(features[person], 2):
            same.append(float(a @ b))
    for p, q in itertools.combinations(people, 2):
        for a in features[p]:
            for b in features[q]:
                different.append(float(a @ b))
    tar = float(np.mean(np.array(same) >= threshold))
    far = float(np.mean(np.array(different) >= threshold))
    return tar, far, len(different)


def test_five_repeat_visitors_over_four_days_are_counted_and_never_merged(
    make_deployment, media_dir, models_dir, tmp_path, monkeypatch
) -> None:
    johns_dir, voc_dir = media_dir / "dlib_johns", media_dir / "dlib_faces_voc"
    if not johns_dir.is_dir() or not voc_dir.is_dir():
        pytest.skip("dlib_johns or dlib_faces_voc absent from the media directory")
    monkeypatch.setenv("PRIVACAM_VAULT_KEY_FILE", str(tmp_path / "vault.key"))
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    johns = {
        p.name: [cv2.imread(str(f)) for f in sorted(p.glob("*.jpg"))]
        for p in sorted(johns_dir.iterdir())
        if p.is_dir()
    }
    strangers = _voc_faces(voc_dir)
    calibration = CALIBRATIONS.get("dlib_resnet")
    if calibration is None:
        pytest.skip("dlib_resnet has no measured threshold (policy/face_matching.py)")
    # As `privacam check` (CAS-019) asks: the file's threshold at the measured safe one.
    threshold = calibration.safe_threshold
    edits = ((r"^    match_threshold: .*$", f"    match_threshold: {threshold}"),)
    path = make_deployment("repeat", johns_dir, edits=edits)  # its source is never opened
    loaded = load_spec(path)
    assert loaded.spec.case_settings.repeat.match_threshold == threshold
    reader = face_plan.FacePlan(embedder_model="dlib_resnet").build(models_dir=models_dir)

    with open_store(loaded) as store:
        gallery = vault_gallery.VaultGallery.for_deployment(store, loaded.spec, model="dlib_resnet")
        analyser = RepeatAnalyzer(
            "cam1", gallery, "ikebukuro", window=timedelta(hours=1), zone=TOKYO
        )
        camera = Camera(reader, analyser)
        truth: list[tuple[str, RepeatVisit]] = []
        features: dict[str, list[np.ndarray]] = defaultdict(list)
        # The last four days: the vault drops templates past their retention by the clock.
        first_day = datetime.now(TOKYO).replace(hour=10, minute=0, second=0, microsecond=0)
        first_day -= timedelta(days=4)
        for day in range(4):
            at = first_day + timedelta(days=day)
            visitors = [(name, crops[3 * day : 3 * day + 3]) for name, crops in johns.items()]
            visitors += [(f"voc{i}", [face]) for i, face in enumerate(strangers) if i % 4 == day]
            for n, (who, looks) in enumerate(visitors):
                camera.read = []
                for record in camera.visit(looks, at + timedelta(minutes=2 * n)):
                    if isinstance(record, RepeatVisit):
                        truth.append((who, record))
                features[who] += camera.read
        gallery.close()

    people_of: dict[str, set[str]] = defaultdict(set)
    for who, visit in truth:
        people_of[visit.visitor_id].add(who)
    merged = {vid: sorted(p) for vid, p in people_of.items() if len(p) > 1}
    first = {}
    for who, visit in truth:
        first.setdefault(who, visit.visitor_id)
    repeats = [(who, v) for who, v in truth if v.repeat and who in johns]
    right = sum(v.visitor_id == first[who] for who, v in repeats)
    repeat_visitors = {first[who] for who, v in repeats if v.visitor_id == first[who]}

    tar, far, pairs = _pair_rates(features, threshold)
    print(
        f"\nthreshold {threshold:g}: TAR {tar:.3f} on same-person pairs, FAR {far:.5f} on "
        f"{pairs} different-person pairs; {len(repeats)} repeat visits of johns, {right} "
        f"attributed right; {len(repeat_visitors)} repeat visitors; merges: {merged}"
    )
    assert merged == {}, "two people merged into one visitor"
    assert len(repeat_visitors) == 5
    assert len(repeats) >= 15 * 0.95 and right / len(repeats) >= 0.95
