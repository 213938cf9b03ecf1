"""Writing an answer, a letter or a draft: whole or not at all, never over a file unasked."""

from __future__ import annotations

from pathlib import Path

from privacam.errors import InputError
from privacam.files import write_atomic


def write_output(path: Path, content: bytes, *, force: bool = False) -> None:
    """Write ``content`` to ``path`` atomically; an existing file is kept unless ``force``."""
    if path.exists() and not path.is_file():
        raise InputError(f"{path} はファイルではありません / {path} is not a file")
    try:
        write_atomic(path, content, overwrite=force, mode=0o600)
    except FileExistsError:
        raise InputError(
            f"{path} は既にあります / {path} exists; choose another path or pass --force to "
            "overwrite"
        ) from None
