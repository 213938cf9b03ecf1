"""``privacam notice``: the on-site sign and the full web notice, from the deployment file.

Everything printed is derived from the deployment's public copy (secrets stay
``${PLACEHOLDERS}``), so a notice can never disagree with the file it came from
or leak a password. Output, in ``out_dir``:

- ``sign-<lang>.pdf``: A4 first, then A3 and a 100 × 70 mm label if asked for;
- ``sign-<lang>.png``: page 1 at 150 dpi;
- ``notice-<lang>.html``: the full notice, self-contained;
- ``notice-manifest.json``: the deployment hash and each file's digest, written last.

A deployment whose check has errors gets no notice (:class:`NoticeRefused`) unless a
draft is asked for; drafts, and notices of files that still hold example values,
carry 「案 / DRAFT」 on every page (:mod:`privacam.policy.notice.draft`). Text never
goes below :data:`MIN_TEXT_MM`, and a required item that does not fit stops the
rendering (:class:`SignDoesNotFit`) rather than being left out.

ja and en are always rendered; other languages the cameras ask for are rendered
when every text has them and the font can draw them, else skipped and recorded.

>>> import tempfile
>>> from privacam.policy.loader import load_spec_text
>>> from privacam.policy.deployment_template import render_template
>>> loaded = load_spec_text(render_template("counting"))
>>> out = Path(tempfile.mkdtemp())
>>> manifest = render_notice(loaded, out)
>>> sorted(manifest.files)[:3], notice_is_current(loaded, out)
(['notice-en.html', 'notice-ja.html', 'sign-en.pdf'], True)
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from privacam import __version__
from privacam.errors import InputError
from privacam.files import write_atomic
from privacam.policy.loader import LoadedSpec
from privacam.policy.notice.content import BUILT_IN, NoticeContent, build_content
from privacam.policy.notice.draft import DraftStatus, NoticeRefused, draft_status
from privacam.policy.notice.font import drawable, font_covers, font_path
from privacam.policy.notice.manifest import (
    MANIFEST_NAME,
    NoticeManifest,
    SkippedLanguage,
    notice_is_current,
    read_manifest,
    sha256_bytes,
)
from privacam.policy.notice.raster import pdf_page_png
from privacam.policy.notice.sign_pdf import (
    DRAFT_MARK,
    MIN_TEXT_MM,
    SignDoesNotFit,
    ordered_sizes,
    render_sign_pdf,
)
from privacam.policy.notice.web import render_web_html

__all__ = [
    "DRAFT_MARK",
    "MANIFEST_NAME",
    "MIN_TEXT_MM",
    "DraftStatus",
    "NoticeManifest",
    "NoticeRefused",
    "SignDoesNotFit",
    "SkippedLanguage",
    "font_covers",
    "notice_is_current",
    "read_manifest",
    "render_notice",
]

logger = logging.getLogger(__name__)

#: Languages every notice carries; the deployment model requires texts in both.
BASE_LANGUAGES = ("ja", "en")


def _describe_chars(chars: set[str]) -> str:
    shown = sorted(chars)[:5]
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    return ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in shown) + more


def _check_base_language(content: NoticeContent) -> None:
    """ja and en cannot be skipped: a sign character the font lacks is the user's to fix."""
    missing = font_covers(drawable("".join(content.sign_strings())))
    if missing:
        raise InputError(
            f"the {content.lang} sign has characters the font {font_path().name} cannot draw: "
            f"{_describe_chars(missing)}; rewrite them in the deployment file or set "
            "PRIVACAM_FONT to a TrueType font that has them"
        )
    web_missing = font_covers(drawable("".join(content.web_strings()))) - missing
    if web_missing:
        logger.warning(
            "the %s web notice has characters %s that the sign font lacks; "
            "browsers may still show them",
            content.lang,
            _describe_chars(web_missing),
        )


def _skip_reason(content: NoticeContent) -> str | None:
    """Why an extra language cannot be rendered, or None if it can."""
    if content.missing:
        built_in = [m for m in content.missing if m in BUILT_IN]
        fields = [m for m in content.missing if m not in BUILT_IN]
        where = []
        if built_in:
            where.append(f"privacam's own wording ({', '.join(built_in)})")
        if fields:
            more = f" and {len(fields) - 4} more" if len(fields) > 4 else ""
            where.append(f"the deployment file ({', '.join(fields[:4])}{more})")
        return f"no {content.lang} text in " + " or in ".join(where)
    missing = font_covers(drawable("".join(content.strings())))
    if missing:
        return f"the font {font_path().name} cannot draw {_describe_chars(missing)}"
    return None


def render_notice(
    loaded: LoadedSpec, out_dir: Path, *, now: dt.datetime | None = None, draft: bool = False
) -> NoticeManifest:
    """Render the signs, previews and web notices into ``out_dir``; the manifest last.

    Refuses (:class:`NoticeRefused`) while the deployment's check has errors, unless
    ``draft``: a draft, and a notice whose file still holds example values, carry
    「案 / DRAFT」 on every page, and ``run`` never accepts a draft. ``now`` fixes the
    rendering time (for reproducible output); it defaults to the current time and must
    be time-zone aware. Everything is rendered before anything is written.
    """
    spec = loaded.public  # never .spec: secrets must not reach a file
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    # One clock for the whole notice: the deployment's own zone, as on the sign's date.
    zone = ZoneInfo(spec.timezone)
    rendered_at = (now or dt.datetime.now(dt.UTC)).astimezone(zone).replace(microsecond=0)
    status = draft_status(
        spec,
        requested=draft,
        today=rendered_at.date(),
        file=str(loaded.path) if loaded.path else "privacam.yaml",
        base_dir=loaded.path.parent if loaded.path else None,
    )
    sizes = ordered_sizes([size for camera in spec.cameras for size in camera.notice.sizes])

    outputs: dict[str, bytes] = {}
    languages: list[str] = []
    skipped: list[SkippedLanguage] = []
    for lang in spec.languages:
        content = build_content(spec, lang, loaded.sha256, rendered_at)
        if lang in BASE_LANGUAGES:
            _check_base_language(content)
        else:
            reason = _skip_reason(content)
            if reason is not None:
                logger.warning("notice language %s skipped: %s", lang, reason)
                skipped.append(SkippedLanguage(lang, reason))
                continue
        pdf = render_sign_pdf(
            content.sign, sizes, author=content.sign.operator, draft=status.marked
        )
        web = replace(content.web, draft_mark=DRAFT_MARK) if status.marked else content.web
        outputs[f"sign-{lang}.pdf"] = pdf
        outputs[f"sign-{lang}.png"] = pdf_page_png(pdf)
        outputs[f"notice-{lang}.html"] = render_web_html(web).encode("utf-8")
        languages.append(lang)

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in outputs.items():
            write_atomic(out_dir / name, data)
        manifest = NoticeManifest(
            deployment_sha256=loaded.sha256,
            privacam_version=__version__,
            rendered_at=rendered_at.isoformat(),
            languages=languages,
            sizes=sizes,
            files={name: sha256_bytes(data) for name, data in sorted(outputs.items())},
            skipped=skipped,
            draft=status.requested,
            check_errors=list(status.check_errors),
            placeholders=list(status.placeholders),
        )
        write_atomic(out_dir / MANIFEST_NAME, manifest.to_json().encode("utf-8"))
    except OSError as error:
        raise InputError(
            f"{out_dir}: cannot write the notice ({error.strerror or error})"
        ) from None
    logger.info(
        "notice for deployment %s rendered in %s: %s",
        loaded.short_hash,
        out_dir,
        ", ".join(languages),
    )
    return manifest
