"""Pull a model that is published in another format: fetch the official weights, convert here.

The source file is found like a model (``PRIVACAM_MODELS`` first, so a machine
with no network converts a copy placed there) or downloaded, and its digest is
checked before anything reads it. The converted file is written beside its
final place and replaces it only once its own digest is one the registry
accepts: the conversion is reproducible, so a changed converter or library is
caught instead of trusted.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from privacam.errors import InputError
from privacam.files import atomic_path, download
from privacam.vision.models.catalog import ConvertedFrom, ModelEntry
from privacam.vision.models.digest import sha256_file
from privacam.vision.models.mcnn_h5 import convert_mcnn_h5

Converter = Callable[[Path, Path], Path]

#: Converters by the name a :class:`ConvertedFrom` gives.
CONVERTERS: dict[str, Converter] = {"mcnn_h5": convert_mcnn_h5}


def offline_hint(filename: str) -> str:
    """What to do when ``filename`` cannot be downloaded."""
    return (
        f"ネットワークがない場合は {filename} を PRIVACAM_MODELS のディレクトリに置いてください"
        f" / without network, place {filename} in a directory listed in PRIVACAM_MODELS"
    )


def find_source(source: ConvertedFrom, models_dirs: list[Path]) -> Path | None:
    """A copy of the source weights in one of ``models_dirs``, if there is one."""
    for directory in models_dirs:
        candidate = directory / source.filename
        if candidate.is_file():
            return candidate
    return None


def _checked_source(source: ConvertedFrom, path: Path) -> Path:
    digest = sha256_file(path)
    if digest not in source.sha256:
        raise InputError(
            f"{path} のSHA-256 {digest} は公式の {source.filename} と一致しません / {path} has "
            f"sha256 {digest}, not that of the official {source.filename}; nothing was converted: "
            f"replace it with the file from {source.url}"
        )
    return path


def pull_converted(
    entry: ModelEntry,
    destination: Path,
    models_dirs: list[Path],
    *,
    show_progress: bool = True,
) -> str:
    """Convert ``entry``'s official weights into ``destination``; return the written digest."""
    source = entry.converted_from
    if source is None:  # pragma: no cover - callers check
        raise ValueError(f"{entry.name} is not converted from another format")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{entry.name}.", dir=destination.parent) as work:
        local = find_source(source, models_dirs)
        if local is not None:
            weights = _checked_source(source, local)
        else:
            weights = Path(work) / source.filename
            download(
                source.url,
                weights,
                source.sha256,
                progress=show_progress,
                hint=offline_hint(source.filename),
            )
        with atomic_path(destination) as converted:
            CONVERTERS[source.converter](weights, converted)
            digest = sha256_file(converted)
            if digest not in entry.sha256:
                raise InputError(
                    f"{entry.name} の変換結果が登録済みのSHA-256と一致しません / converting "
                    f"{source.filename} gave {entry.filename} with sha256 {digest}, which the "
                    "registry does not accept (another onnx version?); nothing was saved: place "
                    f"a checked {entry.filename} in a directory listed in PRIVACAM_MODELS"
                )
    return digest
