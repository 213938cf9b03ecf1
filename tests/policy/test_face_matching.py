"""The recorded match calibrations, and the repeat case's default threshold that follows them."""

from __future__ import annotations

import pytest

from privacam.policy.face_matching import CALIBRATIONS
from privacam.policy.spec import RepeatSettings


def test_repeat_default_threshold_is_dlibs_measured_safe_threshold() -> None:
    assert RepeatSettings().match_threshold == CALIBRATIONS["dlib_resnet"].safe_threshold


@pytest.mark.parametrize("model", sorted(CALIBRATIONS))
def test_calibrations_state_a_rule_of_three_rate_and_its_gallery_limit(model: str) -> None:
    entry = CALIBRATIONS[model]
    assert entry.model == model and 0 < entry.safe_threshold < 1
    assert entry.false_accept_rate == pytest.approx(3 / entry.different_pairs, rel=1e-3)
    rate = 3 / entry.different_pairs
    assert entry.gallery_limit * rate < 0.01 <= (entry.gallery_limit + 1) * rate
    assert "benchmarks/calibrate_faces.py" in entry.measured_on


def test_default_threshold_is_stricter_than_dlibs_customary_euclidean_0_6() -> None:
    # dlib's 0.6 is on raw descriptors about 1.4 long: cos = 1 - 0.6² / (2 · 1.4²) ≈ 0.91.
    assert RepeatSettings().match_threshold > 1 - 0.6**2 / (2 * 1.4**2)
