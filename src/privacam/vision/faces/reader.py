"""One frame through the face stage: find the faces near the tracked people, then read them.

The runtime's vision pipeline calls :meth:`FaceReader.read` after the tracker, with the
frame still in memory; what comes back (:class:`~privacam.vision.faces.types.FaceReadings`)
is all that goes on to the case.

YuNet looks only near the heads of the people the stage could read in this frame: a
track that has had its reads, or was read less than the spacing ago, has nothing to
gain from a face detection, so once everyone in view has been read the face stage costs
next to nothing (``benchmarks/bench_faces.py``). Faces are still linked against every
tracked person, so a face found in an overlapping window goes to its own person, never
to a neighbour who is still to be read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from privacam.vision.faces.search import FaceSearch
from privacam.vision.faces.stage import PERSON_CLASS_ID, FaceStage
from privacam.vision.faces.types import FaceReadings
from privacam.vision.tracking import TrackUpdate
from privacam.vision.types import Detections


@dataclass
class FaceReader:
    """``search`` finds the frame's faces, ``stage`` links, gates and reads them."""

    search: FaceSearch
    stage: FaceStage

    def read(self, image: np.ndarray, tracks: TrackUpdate) -> FaceReadings:
        persons = tracks.tracked[tracks.tracked.class_ids == PERSON_CLASS_ID]
        if persons.tracker_id is not None and len(persons):
            wanted = [self.stage.can_read(t, tracks.frame_index) for t in persons.tracker_id]
            persons = persons[np.asarray(wanted, dtype=bool)]
        faces = self.search.detect(image, persons) if len(persons) else Detections.empty()
        return self.stage.read(image, tracks, faces)
