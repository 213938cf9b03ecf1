"""Decompression bombs: tiny files whose headers declare huge frames.

A 1-bit greyscale PNG of zero rows compresses about 1000:1, so a real
30000 x 30000 bomb (what decoders would allocate 2.7 GB of BGR for) is a
109 KB file written in a fraction of a second, streamed row by row.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(path: Path, width: int, height: int, *, rows: int | None = None) -> Path:
    """Write a ``width`` x ``height`` 1-bit PNG; ``rows`` limits the pixel rows actually stored."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    body = [compressor.compress(row) for _ in range(height if rows is None else rows)]
    body.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(body))
        + _chunk(b"IEND", b"")
    )
    return path
