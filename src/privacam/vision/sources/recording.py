"""A recording's fingerprint: the same frames give the same digest, whatever their path or time.

``privacam run`` places a recorded file at ``--start-time``, or at the time it is run.
Run twice without ``--start-time``, the same recording would land at two different
times and every count would be stored twice. The digest lets the runtime recognise a
recording it has processed before, and place it where it was placed then, so that the
store's refusal of overlapping coverage (and ``run --replace``) applies to it.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jpg").write_bytes(b"frame")
>>> info = SourceInfo(uri=str(folder), kind="folder", width=1, height=1, fps=25,
...                   frame_count=1, is_live=False, files=(folder / "a.jpg",))
>>> recording_digest(info) == recording_digest(info)
True
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from privacam.vision.sources.base import SourceInfo

_CHUNK = 1 << 20


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def recording_digest(info: SourceInfo) -> str | None:
    """SHA-256 of a recorded source's frames (``None`` for a live one).

    One file: the file's own SHA-256. Several (an image folder): the SHA-256 of each
    image's name and digest, in frame order, so a renamed or reordered frame counts
    as another recording.
    """
    if info.is_live or not info.files:
        return None
    if len(info.files) == 1:
        return _file_sha256(info.files[0])
    listing = hashlib.sha256()
    for path in info.files:
        listing.update(f"{path.name}\0{_file_sha256(path)}\n".encode())
    return listing.hexdigest()
