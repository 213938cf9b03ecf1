"""The face reads a case may use: those of a person track, that passed the quality gates.

The face stage already reads only faces that passed its gates (size, pose, blur), but a
case does not rely on that: a reading whose face failed a gate is never used, whatever it
carries. This is the one place cases ① and ③ take reads from, so the rule holds for both.

>>> import numpy as np
>>> from privacam.vision.faces.types import AgeGender, FaceQuality, FaceReadings
>>> from privacam.vision.types import Detections
>>> ok, blurred = FaceQuality("ok", 40, 0, 200), FaceQuality("blur", 40, 0, 3)
>>> faces = Detections(np.zeros((3, 4), np.float32), np.ones(3), np.zeros(3))
>>> readings = FaceReadings(faces, np.array([7, 8, -1]), [ok, blurred, ok],
...                         age_gender=[AgeGender(30, 0.9), AgeGender(50, 0.1), AgeGender(9, 0.5)])
>>> [(track, estimate.age) for track, estimate in age_gender_reads(readings)]
[(7, 30)]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

import numpy as np

from privacam.vision.faces.types import AgeGender, FaceReadings

T = TypeVar("T")


def _usable(readings: FaceReadings, values: Sequence[T | None]) -> Iterator[tuple[int, T]]:
    for index, track_id in enumerate(readings.track_ids.tolist()):
        value = values[index] if index < len(values) else None
        if value is None or track_id < 0:
            continue  # not read in this frame, or a face outside every person track
        if not readings.quality[index].passed:
            continue  # failed a gate: never used, even if the stage read it
        yield int(track_id), value


def age_gender_reads(readings: FaceReadings | None) -> Iterator[tuple[int, AgeGender]]:
    """``(track id, estimate)`` for each usable age-and-gender read of this frame."""
    if readings is not None:
        yield from _usable(readings, readings.age_gender)


def embedding_reads(readings: FaceReadings | None) -> Iterator[tuple[int, np.ndarray]]:
    """``(track id, feature)`` for each usable face feature read of this frame."""
    if readings is not None:
        yield from _usable(readings, readings.embeddings)
