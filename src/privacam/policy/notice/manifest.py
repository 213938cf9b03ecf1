"""``notice-manifest.json``: which deployment a rendered notice belongs to.

It records the deployment's hash and each file's SHA-256. ``privacam run``
refuses to capture unless :func:`notice_is_current` holds, so a changed purpose
(a new hash) or an edited sign (a new digest) needs a fresh ``privacam notice``,
and a draft (``privacam notice --draft``) is never current.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from privacam.policy.loader import LoadedSpec

logger = logging.getLogger(__name__)

MANIFEST_NAME = "notice-manifest.json"
#: Files every notice has, whatever else was asked for.
REQUIRED_FILES = ("sign-ja.pdf", "sign-en.pdf", "notice-ja.html", "notice-en.html")


@dataclass(frozen=True)
class SkippedLanguage:
    language: str
    reason: str


@dataclass(frozen=True)
class NoticeManifest:
    deployment_sha256: str
    privacam_version: str
    rendered_at: str  # ISO 8601 in the deployment's time zone, with its offset
    languages: list[str]
    sizes: list[str]
    files: dict[str, str]  # file name -> SHA-256 of its bytes
    skipped: list[SkippedLanguage] = field(default_factory=list)
    #: Rendered with ``--draft`` (check errors allowed): never current, so ``run`` refuses.
    draft: bool = False
    #: Rules that reported errors at rendering (only a draft has any).
    check_errors: list[str] = field(default_factory=list)
    #: Fields that still held example values; the sign carries the draft mark for them.
    placeholders: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NoticeManifest:
        return cls(
            deployment_sha256=str(data["deployment_sha256"]),
            privacam_version=str(data["privacam_version"]),
            rendered_at=str(data["rendered_at"]),
            languages=[str(x) for x in data["languages"]],
            sizes=[str(x) for x in data["sizes"]],
            files={str(k): str(v) for k, v in dict(data["files"]).items()},
            skipped=[SkippedLanguage(**s) for s in data.get("skipped", [])],
            draft=bool(data.get("draft", False)),
            check_errors=[str(x) for x in data.get("check_errors", [])],
            placeholders=[str(x) for x in data.get("placeholders", [])],
        )


def default_notice_dir(loaded: LoadedSpec) -> Path:
    """``notice/`` beside the deployment file (where ``privacam notice FILE -o notice`` puts
    it): where ``run`` looks for the current notice and ``serve`` serves it from."""
    base = loaded.path.parent if loaded.path is not None else Path.cwd()
    return base / "notice"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out_dir: Path) -> NoticeManifest | None:
    """The manifest in ``out_dir``, or None if it is missing or unreadable."""
    try:
        data = json.loads((Path(out_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
        return NoticeManifest.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.debug("no usable notice manifest in %s: %s", out_dir, error)
        return None


def notice_is_current(loaded: LoadedSpec, out_dir: Path) -> bool:
    """True only if ``out_dir`` holds an untouched notice rendered for this exact deployment."""
    out_dir = Path(out_dir)
    manifest = read_manifest(out_dir)
    if manifest is None:
        return False
    if manifest.draft:
        logger.info("notice in %s is a draft (rendered with --draft), not for capture", out_dir)
        return False
    if manifest.deployment_sha256 != loaded.sha256:
        logger.info(
            "notice in %s was rendered for deployment %s, not %s",
            out_dir,
            manifest.deployment_sha256[:12],
            loaded.short_hash,
        )
        return False
    if any(name not in manifest.files for name in REQUIRED_FILES):
        return False
    for name, digest in manifest.files.items():
        path = out_dir / name
        if Path(name).name != name:  # a manifest never points outside its folder
            return False
        try:
            actual = sha256_bytes(path.read_bytes())
        except OSError:
            logger.info("notice file %s is missing", path)
            return False
        if actual != digest:
            logger.info("notice file %s was changed after rendering", path)
            return False
    return True
