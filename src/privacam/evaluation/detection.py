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


def match(
    xyxy: np.ndarray, scores: np.ndarray, truth: np.ndarray, iou_threshold: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """One-to-one greedy matching, best score first: (detections matched, truth boxes matched)."""
    xyxy = np.asarray(xyxy, dtype=np.float64).reshape(-1, 4)
    truth = np.asarray(truth, dtype=np.float64).reshape(-1, 4)
    matched = np.zeros(len(xyxy), dtype=bool)
    free = np.ones(len(truth), dtype=bool)
    if len(xyxy) == 0 or len(truth) == 0:
        return matched, ~free
    iou = box_iou(xyxy, truth)
    for row in np.argsort(-np.asarray(scores), kind="stable"):
        candidates = np.where(free, iou[row], -1.0)
        best = int(candidates.argmax())
        if candidates[best] >= iou_threshold:
            free[best] = False
            matched[row] = True
    return matched, ~free


def occluded_fraction(truth: np.ndarray, width: int, height: int) -> np.ndarray:
    """Per truth box, the fraction of its area covered by boxes whose bottom edge is lower.

    On a camera above a flat floor, the box whose feet are lower in the image is
    the nearer person, so it hides the other.

    >>> occluded_fraction(np.array([[0, 0, 10, 10], [5, 0, 15, 20]]), 20, 20).tolist()
    [0.5, 0.0]
    """
    truth = np.clip(np.asarray(truth, dtype=np.float64).reshape(-1, 4), 0, [width, height] * 2)
    fractions = np.zeros(len(truth))
    for index, (x0, y0, x1, y1) in enumerate(truth.round().astype(int)):
        nearer = truth[truth[:, 3] > truth[index, 3]].round().astype(int)
        if (x1 - x0) * (y1 - y0) == 0 or len(nearer) == 0:
            continue
        covered = np.zeros((y1 - y0, x1 - x0), dtype=bool)
        for a0, b0, a1, b1 in nearer:
            covered[max(b0 - y0, 0) : max(b1 - y0, 0), max(a0 - x0, 0) : max(a1 - x0, 0)] = True
        fractions[index] = covered.mean()
    return fractions


def match_boxes(
    xyxy: np.ndarray, scores: np.ndarray, truth: np.ndarray, iou_threshold: float = 0.5
) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of a one-to-one greedy matching."""
    matched, found = match(xyxy, scores, truth, iou_threshold)
    hits = int(matched.sum())
    return hits, len(matched) - hits, len(found) - hits
