"""ArcFace-style alignment: a similarity transform of YuNet's 5 landmarks onto a 112×112 template.

The InsightFace family of models (MobileFaceNet, the gender-age model) was trained on
faces warped so that the eyes, nose tip and mouth corners land on fixed points. YuNet
gives the same five points in the same order (the subject's right eye first, which is
on the image's left), so no other landmark model is needed.

>>> import numpy as np
>>> from privacam.vision.types import Detections
>>> matrix = similarity_to_template(ARCFACE_TEMPLATE * 2 + 10)  # twice as large, shifted
>>> (np.round(matrix, 3) + 0.0).tolist()  # + 0.0 turns -0.0 into 0.0
[[0.5, 0.0, -5.0], [0.0, 0.5, -5.0]]
>>> faces = Detections(xyxy=[[0, 0, 112, 112]], scores=[1.0], class_ids=[0],
...                    landmarks=ARCFACE_TEMPLATE[None])
>>> align_faces(np.zeros((112, 112, 3), np.uint8), faces).shape
(1, 112, 112, 3)
"""

from __future__ import annotations

import cv2
import numpy as np

from privacam.vision.types import Detections

ARCFACE_SIZE = 112
#: InsightFace's reference points for a 112×112 aligned face (``arcface_dst``).
ARCFACE_TEMPLATE = np.array(
    [
        [38.2946, 51.6963],
        [73.5318, 51.5014],
        [56.0252, 71.7366],
        [41.5493, 92.3655],
        [70.7299, 92.2041],
    ],
    dtype=np.float32,
)


def similarity_to_template(landmarks: np.ndarray) -> np.ndarray:
    """The 2×3 least-squares similarity (rotation, uniform scale, shift) onto the template.

    RANSAC with a threshold far above any residual keeps all five points as inliers,
    so OpenCV's refinement is the plain least-squares fit InsightFace uses.
    """
    matrix, _ = cv2.estimateAffinePartial2D(
        landmarks.astype(np.float32),
        ARCFACE_TEMPLATE,
        method=cv2.RANSAC,
        ransacReprojThreshold=1e4,
        refineIters=50,
    )
    return matrix


def _box_transform(box: np.ndarray) -> np.ndarray:
    """A fallback for degenerate landmarks: scale the box's square onto the output."""
    x1, y1, x2, y2 = (float(v) for v in box)
    side = max(x2 - x1, y2 - y1, 1.0)
    scale = ARCFACE_SIZE / side
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return np.array(
        [[scale, 0, ARCFACE_SIZE / 2 - scale * cx], [0, scale, ARCFACE_SIZE / 2 - scale * cy]],
        dtype=np.float64,
    )


def align_faces(image: np.ndarray, faces: Detections) -> np.ndarray:
    """``(len(faces), 112, 112, 3)`` uint8 aligned faces, in the image's channel order."""
    if len(faces) == 0:
        return np.zeros((0, ARCFACE_SIZE, ARCFACE_SIZE, 3), dtype=np.uint8)
    if faces.landmarks is None or faces.landmarks.shape[1] != 5:
        raise ValueError("ArcFace alignment needs 5 landmarks per face (YuNet's)")
    aligned = []
    for box, points in zip(faces.xyxy, faces.landmarks, strict=True):
        matrix = similarity_to_template(points)
        if matrix is None or not np.isfinite(matrix).all():
            matrix = _box_transform(box)
        aligned.append(
            cv2.warpAffine(image, matrix, (ARCFACE_SIZE, ARCFACE_SIZE), borderValue=(0, 0, 0))
        )
    return np.stack(aligned)
