"""Score detections against ground-truth boxes (for tests and benchmarks, not the pipeline).

>>> import numpy as np
>>> truth = np.array([[0, 0, 10, 10], [20, 0, 30, 10]])
>>> found = np.array([[1, 0, 10, 10], [50, 50, 60, 60]])
>>> match_boxes(found, np.array([0.9, 0.8]), truth)
(1, 1, 1)
"""

from __future__ import annotations

import numpy as np

from privacam.vision.detectors.geometry import box_iou


def match_boxes(
    xyxy: np.ndarray, scores: np.ndarray, truth: np.ndarray, iou_threshold: float = 0.5
) -> tuple[int, int, int]:
    """Greedy one-to-one matching, best score first: (true pos., false pos., false neg.)."""
    xyxy = np.asarray(xyxy, dtype=np.float64).reshape(-1, 4)
    truth = np.asarray(truth, dtype=np.float64).reshape(-1, 4)
    if len(xyxy) == 0 or len(truth) == 0:
        return 0, len(xyxy), len(truth)
    iou = box_iou(xyxy, truth)
    free = np.ones(len(truth), dtype=bool)
    matched = 0
    for row in np.argsort(-np.asarray(scores), kind="stable"):
        candidates = np.where(free, iou[row], -1.0)
        best = int(candidates.argmax())
        if candidates[best] >= iou_threshold:
            free[best] = False
            matched += 1
    return matched, len(xyxy) - matched, len(truth) - matched
