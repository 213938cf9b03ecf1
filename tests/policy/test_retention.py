"""The effective retention: the declared period cut to privacam's ceiling, with its source."""

from __future__ import annotations

from datetime import timedelta

import pytest

from privacam.policy.retention import RETENTION, effective_retention

D = timedelta(days=1)


def test_effective_retention_cuts_a_declared_period_to_the_ceiling_and_names_its_source() -> None:
    above = effective_retention("face_features", 400 * D)
    assert (above.period, above.declared, above.ceiling) == (365 * D, 400 * D, 365 * D)
    assert (above.clamped, above.source) == (True, "deployment")

    within = effective_retention("face_features", 30 * D)
    assert (within.period, within.clamped, within.source) == (30 * D, False, "deployment")

    default = effective_retention("face_features", None)
    assert (default.period, default.clamped, default.source) == (180 * D, False, "default")


def test_effective_retention_keeps_what_is_declared_where_privacam_sets_no_ceiling() -> None:
    statistics = effective_retention("statistics", 10 * 365 * D)
    assert (statistics.period, statistics.ceiling, statistics.clamped) == (3650 * D, None, False)
    custom = effective_retention("door_sensor_counts", 7 * D)  # a key privacam has no number for
    assert (custom.period, custom.default, custom.clamped) == (7 * D, None, False)
    with pytest.raises(KeyError):
        effective_retention("door_sensor_counts", None)


def test_a_ceiling_of_zero_clamps_any_declared_period() -> None:
    assert RETENTION["raw_images"].ceiling == timedelta(0)
    raw = effective_retention("raw_images", timedelta(seconds=1))
    assert (raw.period, raw.clamped) == (timedelta(0), True)
