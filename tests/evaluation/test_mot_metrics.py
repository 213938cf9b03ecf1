"""MOTA and IDF1 against hand-worked examples."""

from __future__ import annotations

import math

import pytest

from privacam.evaluation.mot_metrics import evaluate_mot

P = [0, 0, 10, 10]
Q = [100, 0, 110, 10]
R = [300, 300, 310, 310]


def test_hand_worked_sequence() -> None:
    # frame: ground truth {id: box}, hypotheses {id: box}
    gt = {
        1: ([1, 2], [P, Q]),
        2: ([1, 2], [P, Q]),
        3: ([1, 2], [P, Q]),
        4: ([1, 2], [P, Q]),
        5: ([1], [P]),
    }
    hyp = {
        1: ([10, 20], [P, Q]),  # both matched
        2: ([10, 30], [P, R]),  # gt 2 missed (FN), 30 is a false positive (FP)
        3: ([20, 10], [P, Q]),  # the hypotheses swap: two identity switches
        4: ([20], [P]),  # gt 2 missed again (FN)
        5: ([20], [P]),
    }
    m = evaluate_mot(gt, hyp)
    # By hand: 9 gt boxes, 8 hypotheses, 6 + 1 = 7 matches.
    assert (m.num_gt, m.num_hyp, m.matches) == (9, 8, 7)
    assert (m.false_negatives, m.false_positives, m.id_switches) == (2, 1, 2)
    assert m.mota == pytest.approx(1 - (2 + 1 + 2) / 9)  # 0.4444
    # Co-occurrence frames: (1,10)=2 [f1,f2], (1,20)=3 [f3-5], (2,20)=1 [f1], (2,10)=1 [f3].
    # Best one-to-one: 1<->20 and 2<->10 = 4 = IDTP; IDFP = 8 - 4, IDFN = 9 - 4.
    assert (m.idtp, m.idfp, m.idfn) == (4, 4, 5)
    assert m.idf1 == pytest.approx(8 / 17)  # 0.4706


def test_previous_correspondence_is_kept_over_a_better_iou() -> None:
    shifted = [0, 0, 10, 10 * 0.6]  # IoU 0.6 with P: still a valid match
    gt = {1: ([1], [P]), 2: ([1], [P])}
    hyp = {1: ([10], [P]), 2: ([10, 11], [shifted, P])}
    m = evaluate_mot(gt, hyp)
    assert (m.id_switches, m.false_positives, m.false_negatives) == (0, 1, 0)


def test_iou_threshold_is_inclusive_at_one_half() -> None:
    half = [0, 0, 10, 5]  # IoU exactly 0.5 with P
    m = evaluate_mot({1: ([1], [P])}, {1: ([5], [half])})
    assert m.matches == 1
    m = evaluate_mot({1: ([1], [P])}, {1: ([5], [[0, 0, 10, 4.9]])})
    assert (m.matches, m.false_negatives, m.false_positives) == (0, 1, 1)


def test_perfect_and_empty_tracking() -> None:
    gt = {f: ([1, 2], [P, Q]) for f in range(1, 6)}
    perfect = evaluate_mot(gt, gt)
    assert (perfect.mota, perfect.idf1) == (1.0, 1.0)
    nothing = evaluate_mot(gt, {})
    assert (nothing.mota, nothing.idf1, nothing.false_negatives) == (0.0, 0.0, 10)
    assert math.isnan(evaluate_mot({}, {}).mota)
