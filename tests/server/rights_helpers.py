"""Helpers of the rights web tests: a case ③ client, photos, the form, fixed face tools."""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from PIL import Image

from privacam.rights.photo_setup import PhotoTools
from privacam.server.access import Role
from privacam.server.photo_tools import photo_tools_loader
from privacam.store import Store
from privacam.store.vault import Vault
from tests.rights.fakes import FixedFaces, FixedFeature, unit
from tests.server.conftest import loaded_template, make_client
from tests.server.fakes import as_role
from tests.server.signin_helpers import page_csrf_token

OFFICER = as_role(Role.PRIVACY_OFFICER)
FEATURE = unit([1.0, 0.2, 0.1, 0.0])


def png_photo(width: int = 96, height: int = 96, seed: int = 7) -> bytes:
    """A small PNG of noise: its bytes are distinctive enough to be looked for on disk."""
    pixels = np.random.default_rng(seed).integers(0, 255, (height, width, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG signature and IHDR declaring ``width`` x ``height``, with no pixel data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def submit(
    client: TestClient,
    kind: str = "disclosure",
    *,
    photo: bytes | None = None,
    contact: str = "hanako@example.jp",
    filename: str = "face.png",
    content_type: str = "image/png",
):
    files = {"photo": (filename, photo, content_type)} if photo is not None else None
    token = page_csrf_token(client, "/requests/new")  # the visitor's cookie and its nonce
    data = {"kind": kind, "name": "山田 花子", "contact": contact, "csrf_token": token}
    if files is None:  # still multipart, as the browser sends the form
        files = {"unused": ("", b"", "application/octet-stream")}
    return client.post("/requests/new", data=data, files=files)


def status_path(page: str) -> str:
    """The status page's path from the "received" page."""
    found = re.search(r'href="https://testserver(/requests/status/[A-Za-z0-9_-]+)"', page)
    assert found, "no status link on the page"
    return found.group(1)


def request_id_of(client: TestClient, index: int = -1) -> str:
    listed = client.get("/api/v1/requests", headers=OFFICER).json()
    return listed[index]["request_id"]


def use_fixed_faces(client: TestClient, faces: int = 1, feature=FEATURE) -> None:
    """Answer photos with a detector finding ``faces`` faces and an embedder giving ``feature``."""
    tools = PhotoTools(FixedFaces(faces), FixedFeature(feature), "fixed")
    client.app.dependency_overrides[photo_tools_loader] = lambda: lambda: tools


def enrol(client: TestClient, feature=FEATURE, visits: int = 1) -> str:
    """A visitor enrolled in the case ③ vault of the client's store, with ``visits`` visits."""
    context = client.app.state.context
    vault = Vault.for_deployment(context.store, context.spec, model="fixed")
    store_id = context.spec.case_settings.repeat.stores[0]
    return vault.enrol(unit(feature), store_id=store_id, seen_at=datetime.now(UTC))


def repeat_client_over(tmp_path: Path, server_store: Store) -> Iterator[TestClient]:
    """A client over a case ③ (repeat visits) deployment: its requests come with a photo."""
    with make_client(loaded_template("repeat", tmp_path), server_store) as test_client:
        yield test_client


def database_bytes(store: Store) -> bytes:
    """SQLite: the database file and its WAL, as they are on disk."""
    database = Path(store.engine.url.database)
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
