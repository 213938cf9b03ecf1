"""Case ①'s votes on labelled faces: how often the tallied gender is the true one.

Each face crop of a folder of people (``dlib_johns/``: five men, 11 crops each) is pasted
on a blank canvas inside a hand-made person track, three crops a track, and goes through
the real face stage (YuNet near the head, the quality gates, the age and gender model)
and case ①'s analyser, which votes one bracket and gender per track. No age labels
exist in the assets, so only the spread of the brackets is printed, not an accuracy.

    python benchmarks/bench_attribute_votes.py --faces ../shared/assets/media/dlib_johns \
        --gender male
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np

from privacam.cases.attributes import AttributeAnalyzer
from privacam.cases.base import Observation
from privacam.cases.face_plan import FacePlan
from privacam.policy.age_brackets import AgeBrackets
from privacam.records import AttributeTally
from privacam.vision.faces import DEFAULT_AGE_GENDER
from privacam.vision.tracking import TrackEvent, TrackUpdate
from privacam.vision.types import Detections

CANVAS = (600, 400)
BOX = (60.0, 20.0, 340.0, 590.0)  # the face sits in its upper third


def canvas_with(face: np.ndarray) -> np.ndarray:
    canvas = np.full((*CANVAS, 3), 235, np.uint8)
    h, w = face.shape[:2]
    x = (CANVAS[1] - w) // 2
    canvas[40 : 40 + h, x : x + w] = face
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=Path, required=True, help="folder of one folder per person")
    parser.add_argument("--gender", choices=("female", "male"), required=True)
    parser.add_argument("--model", default=DEFAULT_AGE_GENDER)
    parser.add_argument("--looks", type=int, default=3, help="crops per track")
    args = parser.parse_args()
    reader = FacePlan(age_gender_model=args.model).build()
    brackets = AgeBrackets.parse(["0-19", "20-39", "40-59", "60+"])
    analyser = AttributeAnalyzer("bench", brackets, window=timedelta(days=1), zone=ZoneInfo("UTC"))
    at, frame, track, reads = datetime(2026, 4, 1, tzinfo=ZoneInfo("UTC")), 0, 0, Counter()
    crops = [sorted(p.glob("*.jpg")) for p in sorted(args.faces.iterdir()) if p.is_dir()]
    for person in crops:
        for start in range(0, len(person), args.looks):
            track += 1
            box = Detections(np.array([BOX], np.float32), [0.9], [0], tracker_id=[track])
            looks = person[start : start + args.looks]
            for i, path in enumerate(looks):
                events = [TrackEvent("new", track, 0, frame, 0.0, BOX)] if i == 0 else []
                image = canvas_with(cv2.imread(str(path)))
                update = TrackUpdate(frame, frame / 25, box, Detections.empty(), events)
                faces = reader.read(image, update)
                reads.update(e.gender for e in faces.age_gender if e is not None)
                analyser.observe(
                    Observation("bench", frame, frame / 25, at, 400, 600, box, update, faces)
                )
                frame += 5
                at += timedelta(seconds=1)
            ended = TrackUpdate(
                frame,
                frame / 25,
                Detections.empty(),
                Detections.empty(),
                [TrackEvent("ended", track, 0, frame, 0.0, BOX)],
            )
            analyser.observe(
                Observation(
                    "bench", frame, frame / 25, at, 400, 600, Detections.empty(), ended, None
                )
            )
            frame += 1
    tallies = [r for r in analyser.close(at, keep=True).records if isinstance(r, AttributeTally)]
    genders = Counter()
    for r in tallies:
        genders[r.gender] += r.count
    spread = {f"{r.age_bracket}/{r.gender}": r.count for r in tallies if r.count}
    voted = sum(genders.values())
    print(f"{args.model}: {track} tracks, {sum(reads.values())} reads")
    print(f"reads: {reads[args.gender]}/{sum(reads.values())} say {args.gender}")
    print(
        f"tracks: {genders[args.gender]}/{voted} voted {args.gender} ({genders['unknown']} unknown)"
    )
    print(f"brackets: {spread}")


if __name__ == "__main__":
    main()
