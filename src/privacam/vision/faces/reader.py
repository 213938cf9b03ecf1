"""One frame through the face stage: find the faces near the tracked people, then read them.

The runtime's vision pipeline calls :meth:`FaceReader.read` after the tracker, with the
frame still in memory; what comes back (:class:`~privacam.vision.faces.types.FaceReadings`)
is all that goes on to the case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from privacam.vision.faces.search import FaceSearch
from privacam.vision.faces.stage import PERSON_CLASS_ID, FaceStage
from privacam.vision.faces.types import FaceReadings
from privacam.vision.tracking import TrackUpdate


@dataclass
class FaceReader:
    """``search`` finds the frame's faces, ``stage`` links, gates and reads them."""

    search: FaceSearch
    stage: FaceStage

    def read(self, image: np.ndarray, tracks: TrackUpdate) -> FaceReadings:
        persons = tracks.tracked[tracks.tracked.class_ids == PERSON_CLASS_ID]
        faces = self.search.detect(image, persons)
        return self.stage.read(image, tracks, faces)
