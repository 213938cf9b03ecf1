"""The rendered notice as the server serves it: only files ``privacam notice`` wrote for this
exact deployment, byte for byte, never rendered at request time.

:func:`notice_state` says whether the folder holds the current notice (the manifest's
deployment hash, no draft, every file's digest: :func:`privacam.policy.notice.notice_is_current`
decides) and, when not, why, so that the page can say what the operator must run. A file
is served only if the current manifest names it, and only if its bytes still have the
manifest's digest when read: a name from the URL never reaches the file system unchecked.

The rendered notice page keeps its own inline ``<style>``: it is a self-contained file.
Its answer's Content-Security-Policy allows that one stylesheet by its hash and nothing
else (:func:`inline_style_hashes`, given to :mod:`privacam.server.security_headers`).

>>> inline_style_hashes("<style>p { color: red; }</style>")
['pckGv9YvNcB5xy+Y4fbqhyo+ib850wyiuWeNbZvLi00=']
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from privacam.policy.loader import LoadedSpec
from privacam.policy.notice import NoticeManifest, notice_is_current, read_manifest
from privacam.policy.notice.manifest import sha256_bytes

logger = logging.getLogger(__name__)

#: What the notice folder may serve, by suffix; anything else there is not served.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
}
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


class NoticeState(StrEnum):
    current = "current"
    missing = "missing"  # nothing rendered yet (or no readable manifest)
    draft = "draft"  # rendered with --draft: never put up for the public
    stale = "stale"  # rendered for another version of the deployment file
    changed = "changed"  # a file was edited or removed after rendering


@dataclass(frozen=True)
class NoticeFolder:
    state: NoticeState
    manifest: NoticeManifest | None


def notice_state(loaded: LoadedSpec, folder: Path) -> NoticeFolder:
    manifest = read_manifest(folder)
    if manifest is None:
        state = NoticeState.missing
    elif manifest.draft:
        state = NoticeState.draft
    elif manifest.deployment_sha256 != loaded.sha256:
        state = NoticeState.stale
    elif not notice_is_current(loaded, folder):
        state = NoticeState.changed
    else:
        state = NoticeState.current
    if state is not NoticeState.current:
        logger.info("the notice in %s is not served: %s", folder, state.value)
    return NoticeFolder(state, manifest if state is NoticeState.current else None)


@dataclass(frozen=True)
class NoticeFile:
    name: str
    data: bytes
    digest: str  # SHA-256, as the manifest records it

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[PurePosixPath(self.name).suffix]


def servable(manifest: NoticeManifest, name: str) -> bool:
    """A plain file name the manifest lists, of a type the server serves."""
    return (
        name in manifest.files
        and PurePosixPath(name).name == name
        and "\\" not in name
        and PurePosixPath(name).suffix in CONTENT_TYPES
    )


def read_notice_file(folder: Path, manifest: NoticeManifest, name: str) -> NoticeFile | None:
    """The file's bytes if the manifest lists it and they still have its digest."""
    if not servable(manifest, name):
        return None
    try:
        data = (folder / name).read_bytes()
    except OSError:
        return None
    digest = manifest.files[name]
    if sha256_bytes(data) != digest:  # changed between the check and this read
        logger.warning("notice file %s changed after rendering; not served", folder / name)
        return None
    return NoticeFile(name, data, digest)


def inline_style_hashes(html: str) -> list[str]:
    """The base64 SHA-256 of each inline ``<style>`` element's text, as CSP names them."""
    return [
        base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        for body in _STYLE_ELEMENT.findall(html)
    ]
