"""The public notice (no sign-in): ``/notice`` in the visitor's language, the files it comes
with (``/notice/sign-ja.pdf``, ...) and an index of them (``/notice/files``).

Everything is served from the folder ``privacam notice`` rendered (``ServerContext.notice_dir``)
and only while it is current for the deployment (:mod:`privacam.server.notice_files`);
otherwise a bilingual page says what is wrong and which command puts it right. Files
are cacheable for a few minutes and carry their digest as ETag.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from privacam.server.access import public
from privacam.server.context import ServerContext, get_context
from privacam.server.notice_files import (
    NoticeFile,
    NoticeFolder,
    NoticeState,
    inline_style_hashes,
    notice_state,
    read_notice_file,
)
from privacam.server.pages import page_language, render

router = APIRouter(tags=["notice"])

#: Short enough that a re-rendered notice reaches visitors within minutes.
CACHE_CONTROL = "public, max-age=300"
_UNAVAILABLE_STATUS = {NoticeState.missing: 404}  # the others: 503, the operator must act


def _unavailable(request: Request, context: ServerContext, folder: NoticeFolder) -> Response:
    file_name = context.loaded.path.name if context.loaded.path else "privacam.yaml"
    command = f"privacam notice {file_name} -o {context.notice_dir.name}"
    return render(
        request,
        "notice/unavailable.html",
        {"state": folder.state.value, "command": command},
        status_code=_UNAVAILABLE_STATUS.get(folder.state, 503),
    )


def _not_found(request: Request) -> Response:
    return render(request, "notice/not_found.html", status_code=404)


def _file_response(request: Request, file: NoticeFile) -> Response:
    etag = f'"{file.digest}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if file.content_type.startswith("text/html"):
        # The security headers middleware adds them to the strict policy's style-src.
        request.state.csp_style_hashes = inline_style_hashes(file.data.decode("utf-8"))
    else:
        headers["Content-Disposition"] = f'inline; filename="{file.name}"'
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(file.data, media_type=file.content_type, headers=headers)


def _serve(request: Request, context: ServerContext, name: str) -> Response:
    folder = notice_state(context.loaded, context.notice_dir)
    if folder.manifest is None:
        return _unavailable(request, context, folder)
    file = read_notice_file(context.notice_dir, folder.manifest, name)
    if file is None:
        return _not_found(request)
    return _file_response(request, file)


@router.get("/notice", dependencies=[public()], response_class=Response)
def notice(request: Request, context: ServerContext = Depends(get_context)) -> Response:
    """The full notice in the visitor's language (Japanese unless English was asked for)."""
    response = _serve(request, context, f"notice-{page_language(request)}.html")
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@router.get("/notice/files", dependencies=[public()], response_class=Response)
def notice_files(request: Request, context: ServerContext = Depends(get_context)) -> Response:
    """The notice's files: the full notice and the on-site sign (PDF, PNG) per language."""
    folder = notice_state(context.loaded, context.notice_dir)
    if folder.manifest is None:
        return _unavailable(request, context, folder)
    manifest = folder.manifest
    files = [
        {"name": name, "kind": name.split("-")[0], "lang": name.split("-")[-1].split(".")[0]}
        for name in manifest.files
    ]
    return render(
        request,
        "notice/files.html",
        {"files": files, "languages": manifest.languages, "rendered_at": manifest.rendered_at},
    )


@router.get("/notice/{name}", dependencies=[public()], response_class=Response)
def notice_file(
    name: str, request: Request, context: ServerContext = Depends(get_context)
) -> Response:
    """One file of the current notice, by the name its manifest gives it."""
    return _serve(request, context, name)
