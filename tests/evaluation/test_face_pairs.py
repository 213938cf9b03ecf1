"""Threshold calibration arithmetic: pairs, the safe threshold, the rule of three, gallery size."""

from __future__ import annotations

import numpy as np
import pytest

from privacam.evaluation.face_pairs import (
    FALSE_MERGE_TARGET,
    calibrate,
    false_accepts,
    gallery_limit,
    pair_scores,
    per_pair_false_accept_rate,
    safe_threshold,
    sweep,
    true_accept_rate,
)
from privacam.vision.faces.vectors import unit_rows


@pytest.fixture
def scores():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(6, 16))
    vectors = unit_rows(np.repeat(centres, 4, axis=0) + 0.4 * rng.normal(size=(24, 16)))
    return pair_scores(vectors, [f"person{i // 4}" for i in range(24)])


def test_pairs_are_split_by_identity(scores) -> None:
    assert len(scores.same) == 6 * 6  # C(4, 2) pairs per person
    assert len(scores.same) + len(scores.different) == 24 * 23 // 2


def test_safe_threshold_is_the_loosest_with_no_false_accept(scores) -> None:
    safe = safe_threshold(scores, step=0.01)
    assert false_accepts(scores, safe) == 0
    assert false_accepts(scores, round(safe - 0.01, 6)) > 0
    assert 0 < true_accept_rate(scores, safe) <= 1


def test_sweep_rates_fall_as_the_threshold_rises(scores) -> None:
    rows = sweep(scores, [0.0, 0.5, 0.9, 0.99])
    tars, fars = [tar for _, tar, _ in rows], [far for _, _, far in rows]
    assert tars == sorted(tars, reverse=True) and fars == sorted(fars, reverse=True)
    assert rows[0][1:] == (1.0, pytest.approx(np.mean(scores.different >= 0.0)))


def test_no_false_accept_seen_gives_the_rule_of_three_bound_not_zero() -> None:
    assert per_pair_false_accept_rate(0, 4381) == pytest.approx(3 / 4381)
    assert per_pair_false_accept_rate(5, 1000) == pytest.approx(0.005)
    with pytest.raises(ValueError):
        per_pair_false_accept_rate(0, 0)


@pytest.mark.parametrize("rate", [3 / 4381, 1e-4, 3e-6, 0.004, 0.01, 0.5])
def test_gallery_limit_keeps_expected_false_merges_below_one_percent(rate: float) -> None:
    size = gallery_limit(rate)
    assert size * rate < FALSE_MERGE_TARGET <= (size + 1) * rate


def test_calibration_states_the_bound_and_its_gallery(scores) -> None:
    entry = calibrate("toy", scores, "toy data")
    assert entry.different_pairs == len(scores.different)
    assert entry.false_accept_rate == pytest.approx(3 / len(scores.different), rel=1e-3)
    assert entry.gallery_limit == gallery_limit(3 / len(scores.different))
    assert entry.safe_threshold == safe_threshold(scores)
