"""Truth boxes of the sample photo sets the face and plate detectors are measured on.

Each reader takes the media folder (``PRIVACAM_MEDIA``) and returns, per photo,
its path and an ``(n, 4)`` int64 array of ``x1, y1, x2, y2`` boxes:

- :func:`dlib_faces`: ``dlib_faces_voc/training.xml`` (dlib's imglab XML; boxes
  marked ``ignore`` are not truth);
- :func:`openalpr_plates`: ``openalpr_us/*.txt``, one tab-separated
  ``file x y w h plate`` line per photo (``LICENSE*`` files are not labels).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     media = Path(folder)
...     (media / "openalpr_us").mkdir()
...     _ = (media / "openalpr_us" / "car.txt").write_text("car.jpg\\t10\\t20\\t30\\t8\\tABC123")
...     [(path.name, boxes.tolist()) for path, boxes in openalpr_plates(media)]
[('car.jpg', [[10, 20, 40, 28]])]
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

#: One photo and its truth boxes (x1, y1, x2, y2).
LabelledPhoto = tuple[Path, np.ndarray]


def dlib_faces(media: Path) -> list[LabelledPhoto]:
    """The faces of ``dlib_faces_voc``, as listed in its ``training.xml``."""
    return imglab_boxes(media / "dlib_faces_voc")


def imglab_boxes(root: Path) -> list[LabelledPhoto]:
    """The boxes of any folder labelled with dlib's imglab (its ``training.xml``)."""
    photos = []
    for image in ET.parse(root / "training.xml").getroot().iter("image"):
        boxes = [
            [int(b.get("left")), int(b.get("top")),
             int(b.get("left")) + int(b.get("width")), int(b.get("top")) + int(b.get("height"))]
            for b in image.iter("box") if b.get("ignore") != "1"
        ]  # fmt: skip
        photos.append((root / image.get("file"), np.array(boxes, dtype=np.int64).reshape(-1, 4)))
    return photos


def openalpr_plates(media: Path) -> list[LabelledPhoto]:
    """The plates of ``openalpr_us``, one per photo, from the label file beside it."""
    root = media / "openalpr_us"
    photos = []
    for label in sorted(root.glob("*.txt")):
        if label.name.startswith("LICENSE"):
            continue
        name, x, y, w, h, _plate = label.read_text().split("\t")
        x, y, w, h = (int(v) for v in (x, y, w, h))
        photos.append((root / name, np.array([[x, y, x + w, y + h]], dtype=np.int64)))
    return photos
