"""Quality gates before a face is read: size, pose from the five landmarks, blur.

A face that fails is never handed to a model: an age read from a 5-pixel face or a
feature from a profile is a guess, and case ③ would rather see a new visitor than
merge two people. The gates run in order, cheapest first, and the verdict names the
first that failed (``small``, ``pose``, ``blur``); all measures are reported anyway.

The landmarks are YuNet's: right eye, left eye, nose tip, right and left mouth
corners, in frame pixels (the person's right eye is on the image's left).

- **Size** is the distance between the eyes in pixels.
- **Roll** is the angle of the eye line against the horizontal.
- **Yaw** comes from how far the nose tip sits from the eyes' midpoint along the eye
  line, relative to half the eye distance. With the eyes at ±e and the nose tip a
  depth d in front of them, a head turned by θ puts the nose at (d/e)·tanθ half eye
  distances from the midpoint; taking d ≈ e (a rough adult average) gives
  ``yaw = atan(offset / (eye_distance / 2))``: a coarse estimate, good enough to tell
  frontal from three-quarter from profile, not a head-pose measurement.
- **Sharpness** is the variance of the Laplacian of the grey face box resized to
  64×64 (so that it does not grow with the face's size), computed in memory; the
  resized crop is dropped at once.

>>> import numpy as np
>>> frontal = np.array([[40, 50], [60, 50], [50, 60], [42, 70], [58, 70]], float)
>>> size, yaw, roll = landmark_pose(frontal)
>>> round(size, 1), round(yaw, 1), round(roll, 1)
(20.0, 0.0, 0.0)
>>> turned = frontal.copy(); turned[2, 0] = 60  # nose tip over the left eye
>>> round(landmark_pose(turned)[1])
45
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from privacam.vision.faces.types import FaceQuality
from privacam.vision.types import Detections

#: Side of the square the face box is resized to before measuring sharpness.
SHARPNESS_SIDE = 64


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """The gates' limits; defaults measured with YuNet (score ≥ 0.6) on the test assets.

    Measured with ``benchmarks/bench_face_quality.py`` (figures in ``benchmarks/README.md``,
    "Faces: quality gates"): dlib_faces_voc's 18 faces have eye distances 9–39 px,
    |roll| ≤ 3°, |yaw| ≤ 44° and sharpness 143–1431; dlib_johns' 55 aligned crops
    (padded) 51–62 px, |roll| ≤ 4°, |yaw| ≤ 17°, sharpness 157–2069. TUD-Campus's 279
    faces are 2–12 px between the eyes (median 6): a campus path camera, too far away
    for faces, so its faces fail as ``small`` (all but one).
    """

    #: Eye distance in px. dlib's 5-point chips put about 0.58 of the chip's unpadded
    #: side between the eyes: 13 px in the 32 px gender chip, 26 px in the 64 px age
    #: chip. Below 12 px even gender is read from upscaled pixels.
    min_eye_distance: float = 12.0
    #: |yaw| in degrees: 40° keeps three-quarter views (the VOC faces reach 44°, the
    #: aligned John crops 17°) and refuses faces turned far enough that one eye hides.
    max_yaw: float = 40.0
    #: |roll| in degrees: alignment undoes roll, but a face tilted past 30° is rare in a
    #: shop and more often a landmark error (TUD's tiny faces reach 21°; VOC's 3°).
    max_roll: float = 30.0
    #: Sharp faces measured 143 or more; a Gaussian blur of σ = 5 % of the face width
    #: brings every face of both sets to 66 or less. 80 sits between.
    min_sharpness: float = 80.0


def landmark_pose(landmarks: np.ndarray) -> tuple[float, float, float]:
    """``(eye distance px, yaw°, roll°)`` of one face's ``(5, 2)`` landmarks."""
    right_eye, left_eye, nose = (np.asarray(p, dtype=np.float64) for p in landmarks[:3])
    eye_line = left_eye - right_eye
    distance = float(np.hypot(*eye_line))
    if distance <= 0:
        return 0.0, 90.0, 0.0
    roll = math.degrees(math.atan2(eye_line[1], eye_line[0]))
    offset = float(np.dot(nose - (right_eye + left_eye) / 2, eye_line / distance))
    yaw = math.degrees(math.atan(offset / (distance / 2)))
    return distance, yaw, roll


def sharpness(image: np.ndarray, box: np.ndarray) -> float:
    """Variance of the Laplacian of the grey ``box`` region at 64×64; 0 for an empty box."""
    height, width = image.shape[:2]
    x0, y0 = max(int(box[0]), 0), max(int(box[1]), 0)
    x1, y1 = min(math.ceil(box[2]), width), min(math.ceil(box[3]), height)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return 0.0
    region = image[y0:y1, x0:x1]
    grey = cv2.cvtColor(region, cv2.COLOR_BGR2GRAY) if region.ndim == 3 else region
    side = (SHARPNESS_SIDE, SHARPNESS_SIDE)
    small = cv2.resize(grey, side, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var())


def face_quality(
    image: np.ndarray, box: np.ndarray, landmarks: np.ndarray, thresholds: QualityThresholds
) -> FaceQuality:
    """The gates applied to one face of ``image``."""
    size, yaw, roll = landmark_pose(landmarks)
    sharp = sharpness(image, box)
    if size < thresholds.min_eye_distance:
        verdict = "small"
    elif abs(yaw) > thresholds.max_yaw or abs(roll) > thresholds.max_roll:
        verdict = "pose"
    elif sharp < thresholds.min_sharpness:
        verdict = "blur"
    else:
        verdict = "ok"
    return FaceQuality(verdict=verdict, size=size, yaw=yaw, sharpness=sharp, roll=roll)


def assess_faces(
    image: np.ndarray, faces: Detections, thresholds: QualityThresholds | None = None
) -> list[FaceQuality]:
    """One :class:`FaceQuality` per face; faces without landmarks cannot be posed: ``pose``."""
    thresholds = thresholds or QualityThresholds()
    if faces.landmarks is None:
        return [FaceQuality("pose", 0.0, float("nan"), sharpness(image, box)) for box in faces.xyxy]
    return [
        face_quality(image, box, landmarks, thresholds)
        for box, landmarks in zip(faces.xyxy, faces.landmarks, strict=True)
    ]
