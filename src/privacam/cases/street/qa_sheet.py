"""The QA contact sheet: masked regions and random unmasked regions, for a person to audit.

Built from the masked outputs only (never from an input): the top rows show
what was masked (is the mask where a face or plate was?), the bottom rows
random crops of unmasked areas (is a face or plate showing there?). Crops are
chosen with a fixed seed, so a rerun gives the same sheet.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np

from privacam.cases.street.job import MANIFEST_DIR, Job
from privacam.files import write_atomic

TILE = 112
COLUMNS = 8
MAX_MASKED = 32
MAX_RANDOM = 32


def _manifests(job: Job) -> list[dict[str, Any]]:
    root = job.outdir / MANIFEST_DIR / "manifests"
    found = []
    for path in sorted(root.rglob("*.json")):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return found


def _crop(image: np.ndarray, box: list[float], grow: float = 0.3) -> np.ndarray | None:
    h, w = image.shape[:2]
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) * grow, (y1 - y0) * grow
    x0, y0 = max(0, int(x0 - dx)), max(0, int(y0 - dy))
    x1, y1 = min(w, int(x1 + dx)), min(h, int(y1 + dy))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return cv2.resize(image[y0:y1, x0:x1], (TILE, TILE), interpolation=cv2.INTER_AREA)


def _video_frames(path: Path, wanted: set[int]) -> dict[int, np.ndarray]:
    frames: dict[int, np.ndarray] = {}
    try:
        with av.open(str(path)) as container:
            for frame in container.decode(container.streams.video[0]):
                if frame.pts in wanted:
                    frames[frame.pts] = frame.to_ndarray(format="bgr24")
                    if len(frames) == len(wanted):
                        break
    except (av.FFmpegError, IndexError, OSError):
        pass
    return frames


def _random_boxes(
    rng: random.Random, image: np.ndarray, masked: list[list[float]], count: int
) -> list[list[float]]:
    h, w = image.shape[:2]
    side = max(16, min(h, w) // 6)
    boxes = []
    for _ in range(count * 10):
        if len(boxes) == count or w <= side or h <= side:
            break
        x, y = rng.randrange(0, w - side), rng.randrange(0, h - side)
        box = [x, y, x + side, y + side]
        if not any(
            b[0] < box[2] and b[2] > box[0] and b[1] < box[3] and b[3] > box[1] for b in masked
        ):
            boxes.append(box)
    return boxes


def write_qa_sheet(job: Job, seed: int = 0) -> Path | None:
    """Write ``OUTDIR/_privacam/qa_sheet.jpg`` from the masked outputs; None if nothing to show."""
    rng = random.Random(seed)
    masked_tiles: list[np.ndarray] = []
    random_tiles: list[np.ndarray] = []
    for manifest in _manifests(job):
        output = job.outdir / manifest["output"]
        if not output.is_file():
            continue
        if manifest.get("kind") == "image":
            image = cv2.imread(str(output), cv2.IMREAD_COLOR)
            if image is None:
                continue
            boxes = [r["xyxy"] for r in manifest.get("regions", [])]
            views = [(image, boxes)]
        else:
            samples = manifest.get("qa_samples", [])[:4]
            frames = _video_frames(output, {s["pts"] for s in samples})
            views = [(frames[s["pts"]], [s["xyxy"]]) for s in samples if s["pts"] in frames]
        for image, boxes in views:
            for box in boxes:
                if len(masked_tiles) < MAX_MASKED and (tile := _crop(image, box)) is not None:
                    masked_tiles.append(tile)
            for box in _random_boxes(rng, image, boxes, 2):
                if len(random_tiles) < MAX_RANDOM and (tile := _crop(image, box, 0.0)) is not None:
                    random_tiles.append(tile)
    if not masked_tiles and not random_tiles:
        return None
    sheet = np.vstack(
        [
            _banner("masked regions (check: a face or plate under each mask)"),
            _grid(masked_tiles),
            _banner("random unmasked regions (check: no face or plate visible)"),
            _grid(random_tiles),
        ]
    )
    path = job.outdir / MANIFEST_DIR / "qa_sheet.jpg"
    write_atomic(
        path, lambda temporary: cv2.imwrite(str(temporary), sheet, [cv2.IMWRITE_JPEG_QUALITY, 90])
    )
    return path


def _banner(text: str) -> np.ndarray:
    banner = np.full((28, TILE * COLUMNS, 3), 255, np.uint8)
    cv2.putText(banner, text, (6, 19), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
    return banner


def _grid(tiles: list[np.ndarray]) -> np.ndarray:
    rows = max(1, -(-len(tiles) // COLUMNS))
    grid = np.full((rows * TILE, COLUMNS * TILE, 3), 200, np.uint8)
    for i, tile in enumerate(tiles):
        r, c = divmod(i, COLUMNS)
        grid[r * TILE : (r + 1) * TILE, c * TILE : (c + 1) * TILE] = tile
    return grid
