"""A constant-velocity Kalman filter on box centre and size.

State ``(cx, cy, w, h, vcx, vcy, vw, vh)``, measurement ``(cx, cy, w, h)``.
Noise is proportional to the box size (as in BoT-SORT), so near and far
people get comparable uncertainty relative to their size. Predicting ``k``
steps at once handles skipped frames (sampling) and lost tracks.

>>> kf = BoxKalman.from_xyxy((0, 0, 10, 20))
>>> for x in (2, 4, 6):  # moving right by 2 px a frame
...     kf.predict()
...     kf.update((x, 0, x + 10, 20))
>>> kf.predict(2)  # two frames unseen: keeps moving, keeps its size
>>> [round(v, 1) for v in kf.xyxy()]
[8.4, 0.0, 18.4, 20.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_NDIM = 4
#: Motion and observation noise, as fractions of the box size (BoT-SORT's values).
STD_POSITION = 1.0 / 20
STD_VELOCITY = 1.0 / 160

_F = np.eye(2 * _NDIM)
_F[:_NDIM, _NDIM:] = np.eye(_NDIM)
_H = np.eye(_NDIM, 2 * _NDIM)


def xyxy_to_cxcywh(box: Sequence[float]) -> np.ndarray:
    x1, y1, x2, y2 = (float(v) for v in box)
    return np.array([(x1 + x2) / 2, (y1 + y2) / 2, max(x2 - x1, 1e-3), max(y2 - y1, 1e-3)])


def cxcywh_to_xyxy(z: np.ndarray) -> tuple[float, float, float, float]:
    cx, cy, w, h = (float(v) for v in z[:4])
    w, h = max(w, 1e-3), max(h, 1e-3)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


class BoxKalman:
    """Kalman state of one track; ``predict`` and ``update`` change it in place."""

    __slots__ = ("covariance", "mean")

    def __init__(self, mean: np.ndarray, covariance: np.ndarray) -> None:
        self.mean = mean
        self.covariance = covariance

    @classmethod
    def from_xyxy(cls, box: Sequence[float]) -> BoxKalman:
        z = xyxy_to_cxcywh(box)
        w, h = z[2], z[3]
        size = np.array([w, h, w, h])
        std = np.r_[2 * STD_POSITION * size, 10 * STD_VELOCITY * size]
        return cls(np.r_[z, np.zeros(_NDIM)], np.diag(std**2))

    def predict(self, steps: int = 1, *, freeze_size: bool = False) -> None:
        """Move ``steps`` frames forward; ``freeze_size`` stops growth of an unseen box."""
        if freeze_size:
            self.mean[6:8] = 0.0
        for _ in range(max(int(steps), 0)):
            w, h = self.mean[2], self.mean[3]
            size = np.array([w, h, w, h])
            q = np.diag(np.r_[STD_POSITION * size, STD_VELOCITY * size] ** 2)
            self.mean = _F @ self.mean
            self.covariance = _F @ self.covariance @ _F.T + q

    def update(self, box: Sequence[float]) -> None:
        z = xyxy_to_cxcywh(box)
        w, h = self.mean[2], self.mean[3]
        r = np.diag((STD_POSITION * np.array([w, h, w, h])) ** 2)
        s = _H @ self.covariance @ _H.T + r
        gain = np.linalg.solve(s, _H @ self.covariance).T
        self.mean = self.mean + gain @ (z - _H @ self.mean)
        self.covariance = self.covariance - gain @ s @ gain.T

    def xyxy(self) -> tuple[float, float, float, float]:
        return cxcywh_to_xyxy(self.mean)

    @property
    def velocity(self) -> tuple[float, float]:
        """Centre velocity in pixels per frame."""
        return float(self.mean[4]), float(self.mean[5])
