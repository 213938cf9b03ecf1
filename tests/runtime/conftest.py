"""Deployment files and synthetic videos for the runtime tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.cases.detection import DetectorPlan
from privacam.policy.loader import load_spec
from privacam.policy.notice import render_notice
from privacam.policy.spec import Case
from privacam.runtime.demo import write_demo_deployment
from privacam.runtime.sample_media import SampleMedia
from privacam.vision.types import Detections


class NoPeople:
    def detect(self, image: np.ndarray) -> Detections:
        return Detections.empty()


class FakePlan(DetectorPlan):
    def build(self, models_dir=None, **options):  # no model file needed
        return NoPeople()


class FakeModel:
    sha256 = "f" * 64


@pytest.fixture
def no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """``privacam run`` without model files: a detector that never sees anyone."""
    monkeypatch.setattr("privacam.runtime.wiring.plan_for", lambda spec: FakePlan())
    monkeypatch.setattr("privacam.runtime.wiring.resolve_model", lambda name: FakeModel())


@pytest.fixture(autouse=True)
def _audit_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))


def synthetic_video(path: Path, frames: int = 10, size: tuple[int, int] = (640, 480)) -> Path:
    """A small MJPG video of moving gradients and noise (no camera pixels involved)."""
    width, height = size
    rng = np.random.default_rng(0)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, size)
    xs = np.linspace(0, 255, width, dtype=np.float32)
    for i in range(frames):
        base = np.tile((xs + 10 * i) % 256, (height, 1))
        image = np.dstack([base, base[::-1], np.full_like(base, 90)]).astype(np.uint8)
        image = cv2.add(image, rng.integers(0, 30, image.shape, dtype=np.uint8))
        writer.write(image)
    writer.release()
    return path


def edit(path: Path, pattern: str, replacement: str) -> None:
    """Replace one regex match in a deployment file (fails if there is none)."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert n == 1, f"{pattern!r} not found in {path}"
    path.write_text(new, encoding="utf-8")


@pytest.fixture
def make_deployment(tmp_path: Path) -> Callable[..., Path]:
    """``make_deployment(case, source, fps=None, edits=(), notice=True)`` → privacam.yaml path."""

    def make(
        case: str,
        source: str | Path,
        *,
        fps: float | None = None,
        edits: tuple[tuple[str, str], ...] = (),
        notice: bool = True,
        folder: Path | None = None,
    ) -> Path:
        folder = folder or tmp_path / "site"
        path = write_demo_deployment(folder, Case(case), SampleMedia(str(source), fps, "test"))
        for pattern, replacement in edits:
            edit(path, pattern, replacement)
        if notice:
            render_notice(load_spec(path), folder / "notice")
        return path

    return make
