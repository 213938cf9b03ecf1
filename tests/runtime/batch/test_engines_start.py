"""The process pool forks only while no inference engine's threads exist in this process."""

from __future__ import annotations

import sys

import pytest

from privacam.runtime.batch import engines
from privacam.vision.detectors import session


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is a Linux choice")
def test_fork_until_a_detector_loads_then_forkserver(monkeypatch) -> None:
    monkeypatch.setattr(session, "_inference_started", False)
    assert engines.start_method() == "fork"
    session.mark_inference_started()
    assert engines.start_method() == "forkserver"
