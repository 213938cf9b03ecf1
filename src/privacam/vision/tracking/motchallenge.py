"""Read MOTChallenge text files (``frame,id,x,y,w,h,conf,...``), for benchmarks and tests.

Boxes are converted from ``x, y, w, h`` to ``xyxy``; frames keep their
1-based numbers.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from privacam.errors import InputError


def read_mot_file(path: str | Path) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``{frame: (ids, xyxy, confidences)}`` from a MOTChallenge ``gt.txt`` or ``det.txt``."""
    path = Path(path)
    try:
        rows = np.loadtxt(path, delimiter=",", ndmin=2)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read MOTChallenge file {path}: {exc}; check the path") from exc
    if rows.size and rows.shape[1] < 7:
        raise InputError(f"{path} has {rows.shape[1]} columns; MOTChallenge needs at least 7")
    grouped: dict[int, list[np.ndarray]] = defaultdict(list)
    for row in rows:
        grouped[int(row[0])].append(row)
    out = {}
    for frame, items in sorted(grouped.items()):
        block = np.array(items)
        xyxy = np.c_[block[:, 2:4], block[:, 2:4] + block[:, 4:6]]
        out[frame] = (block[:, 1].astype(np.int64), xyxy, block[:, 6])
    return out
