"""``GET /api/v1/notices``: the rendered notice files' manifest, open to everyone.

The notice is public by nature (GB §3: 取得時の通知): which files were rendered, their
SHA-256 and language, and whether they are *current*: rendered for the hash of the
deployment being served, not a draft, and every file intact (the same test ``run``
makes before capture, :func:`privacam.policy.notice.notice_is_current`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends

from privacam.policy.notice import notice_is_current, read_manifest
from privacam.policy.notice.manifest import default_notice_dir, sha256_bytes
from privacam.server.access import public
from privacam.server.api.models import NoticeFileOut, NoticesOut
from privacam.server.context import ServerContext, get_context

router = APIRouter(prefix="/api/v1", tags=["notices"])

#: ``sign-ja.pdf``, ``notice-en.html``: the language is the part after the first dash.
LANGUAGE_IN_NAME = re.compile(r"^[a-z]+-(?P<lang>[A-Za-z-]+)\.[a-z]+$")


def _file(folder: Path, name: str, digest: str) -> NoticeFileOut:
    match = LANGUAGE_IN_NAME.match(name)
    path = folder / name
    try:
        present = Path(name).name == name and sha256_bytes(path.read_bytes()) == digest
    except OSError:
        present = False
    return NoticeFileOut(
        name=name, sha256=digest, language=match["lang"] if match else None, present=present
    )


@router.get(
    "/notices",
    response_model=NoticesOut,
    dependencies=[public()],
    summary="The rendered notice files, and whether they are current for this deployment",
)
def read_notices(context: Annotated[ServerContext, Depends(get_context)]) -> NoticesOut:
    folder = default_notice_dir(context.loaded)
    manifest = read_manifest(folder)
    if manifest is None:
        return NoticesOut(
            rendered=False,
            current=False,
            deployment_sha256=context.loaded.sha256,
            notice_deployment_sha256=None,
            rendered_at=None,
            draft=False,
            languages=[],
            files=[],
        )
    return NoticesOut(
        rendered=True,
        current=notice_is_current(context.loaded, folder),
        deployment_sha256=context.loaded.sha256,
        notice_deployment_sha256=manifest.deployment_sha256,
        rendered_at=manifest.rendered_at,
        draft=manifest.draft,
        languages=manifest.languages,
        files=[_file(folder, name, digest) for name, digest in sorted(manifest.files.items())],
    )
