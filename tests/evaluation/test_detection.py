"""Detection scoring: one-to-one greedy matching, best score first, and occlusion by nearer people."""

from __future__ import annotations

import numpy as np
import pytest

from privacam.evaluation import match, match_boxes, occluded_fraction

TRUTH = np.array([[0, 0, 10, 20], [30, 0, 40, 20]])


def test_match_gives_each_truth_box_to_one_detection_best_score_first() -> None:
    # Two detections on the same person: the more confident one takes it, the other is a
    # false positive even though its IoU is higher.
    found = np.array([[1, 0, 10, 20], [0, 0, 10, 20]])
    matched, taken = match(found, np.array([0.9, 0.5]), TRUTH)
    assert matched.tolist() == [True, False]
    assert taken.tolist() == [True, False]
    assert match_boxes(found, np.array([0.9, 0.5]), TRUTH) == (1, 1, 1)


def test_match_needs_the_iou_threshold() -> None:
    half_over = np.array([[5, 0, 15, 20]])  # IoU 1/3 with the first truth box
    assert match_boxes(half_over, np.array([0.9]), TRUTH) == (0, 1, 2)
    assert match_boxes(half_over, np.array([0.9]), TRUTH, iou_threshold=0.3) == (1, 0, 1)


@pytest.mark.parametrize(
    ("found", "truth", "expected"),
    [
        (np.zeros((0, 4)), TRUTH, (0, 0, 2)),
        (TRUTH, np.zeros((0, 4)), (0, 2, 0)),
    ],
)
def test_match_boxes_counts_all_misses_or_all_false_positives_when_one_side_is_empty(
    found: np.ndarray, truth: np.ndarray, expected: tuple[int, int, int]
) -> None:
    assert match_boxes(found, np.full(len(found), 0.9), truth) == expected


def test_occluded_fraction_counts_only_nearer_boxes_those_whose_feet_are_lower() -> None:
    far = [0, 0, 10, 10]
    near = [0, 5, 10, 30]  # lower feet: nearer the camera, covers the far box's lower half
    fractions = occluded_fraction(np.array([far, near]), 40, 40)
    assert fractions.tolist() == [0.5, 0.0]
