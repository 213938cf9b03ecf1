"""Find the work in ``INPUT...``: images, videos and GPS sidecars, with their output names.

A file keeps its name under OUTDIR; a folder keeps its name and inner tree
(``in/day1/a.jpg`` given as ``in`` becomes ``OUTDIR/in/day1/a.jpg``). A batch
accounts for every file it was given:

- a file named on the command line that cannot be processed (not media, not a
  regular file, missing) is a problem, which makes the command exit 1;
- in a walked folder, files that are not media, non-regular files (FIFOs,
  devices, sockets, dangling links) and privacam's own output and manifest
  folders are *ignored*: counted in the summary, never opened. A FIFO opened
  for reading would block the batch forever.

>>> classify(Path("a.JPG")), classify(Path("trip.nmea")), classify(Path("notes.txt"))
('image', 'sidecar', None)
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from privacam.cases.street.job import MANIFEST_DIR
from privacam.cases.street.metadata import SIDECAR_EXTENSIONS
from privacam.errors import InputError
from privacam.vision.sources import IMAGE_EXTENSIONS, VIDEO_EXTENSIONS

ItemKind = Literal["image", "video", "sidecar"]
IgnoredReason = Literal["not_media", "not_regular", "privacam_output"]

#: How the summary names each kind of ignored file (Japanese / English).
IGNORED_LABELS: dict[IgnoredReason, str] = {
    "not_media": "画像・動画・GPS ファイル以外 / not an image, video or GPS sidecar",
    "not_regular": "通常のファイル以外（FIFO・デバイス・切れたリンク）/ not a regular file "
    "(FIFO, device, dangling link)",
    "privacam_output": "privacam の出力・マニフェストのフォルダ / privacam output or manifest folder",
}


@dataclass(frozen=True)
class WorkItem:
    """One input file and where its output goes, relative to OUTDIR."""

    kind: ItemKind
    source: Path
    relative: Path

    @property
    def output(self) -> Path:
        """The output's path relative to OUTDIR (a video may change container)."""
        if self.kind != "video":
            return self.relative
        from privacam.cases.street.video_pipeline import output_name  # PyAV: videos only

        return output_name(self.relative)


@dataclass(frozen=True)
class Problem:
    """An input that cannot be processed, with one line saying why."""

    source: Path
    reason: str


@dataclass(frozen=True)
class Ignored:
    """A file or folder in a walked folder that is not work: counted, never opened."""

    path: Path
    reason: IgnoredReason


@dataclass
class Discovery:
    items: list[WorkItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)


@dataclass(frozen=True)
class InputIdentity:
    """What proves an input is the very file that was processed: its SHA-256.

    Size and mtime are kept beside it as a fast pre-check: a different size
    proves a change without reading the file; only the digest proves sameness.
    """

    sha256: str
    size: int
    mtime_ns: int

    @classmethod
    def read(cls, path: Path) -> InputIdentity:
        """Hash ``path``; a FIFO or device is refused without blocking on it."""
        try:
            # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror or error}") from None
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{path}: 通常のファイルではありません / not a regular file")
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        return cls(digest, info.st_size, info.st_mtime_ns)

    def to_manifest(self) -> dict[str, object]:
        return {
            "input_sha256": self.sha256,
            "input_size": self.size,
            "input_mtime_ns": self.mtime_ns,
        }

    def same_stat(self, path: Path) -> bool:
        """Whether ``path`` still has this size and mtime (it was not rewritten meanwhile)."""
        try:
            info = path.stat()
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == (self.size, self.mtime_ns)


def classify(path: Path) -> ItemKind | None:
    suffix = path.suffix.lower()
    if suffix in IMAGE_EXTENSIONS:
        return "image"
    if suffix in VIDEO_EXTENSIONS:
        return "video"
    if suffix in SIDECAR_EXTENSIONS:
        return "sidecar"
    return None


def is_privacam_output(folder: Path) -> bool:
    """A manifest folder, or an earlier OUTDIR (it holds one): masked copies, not inputs."""
    return folder.name == MANIFEST_DIR or (folder / MANIFEST_DIR).is_dir()


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)  # follows links: a link to a file is a file
    except OSError:
        return False  # a dangling link, or gone since the walk listed it


def discover(inputs: list[Path], outdir: Path) -> Discovery:
    """Every file to process, in a stable order; explicit bad inputs and duplicates are problems."""
    found = Discovery()
    seen: dict[Path, Path] = {}
    outdir = outdir.resolve()

    def add(path: Path, relative: Path, explicit: bool) -> None:
        kind = classify(path)
        if kind is None:
            if explicit:
                found.problems.append(
                    Problem(
                        path,
                        "画像・動画・GPS ファイルではありません / not an image, video or GPS "
                        f"sidecar ({path.suffix or 'no extension'})",
                    )
                )
            else:
                found.ignored.append(Ignored(path, "not_media"))
            return
        item = WorkItem(kind, path, relative)
        if item.output in seen:
            found.problems.append(
                Problem(path, f"same output name {item.output} as {seen[item.output]}; rename one")
            )
            return
        seen[item.output] = path
        found.items.append(item)

    for given in inputs:
        try:
            mode = given.stat().st_mode
        except FileNotFoundError:
            found.problems.append(Problem(given, "no such file or folder"))
            continue
        except OSError as error:
            found.problems.append(Problem(given, f"cannot read: {error.strerror or error}"))
            continue
        if stat.S_ISDIR(mode):
            root = given.resolve()
            for folder, dirs, files in os.walk(root):
                folder_path = Path(folder)
                kept = []
                for name in sorted(dirs):
                    path = folder_path / name
                    if name.startswith(".") or path.resolve() == outdir:
                        continue
                    if is_privacam_output(path):
                        found.ignored.append(Ignored(path, "privacam_output"))
                        continue
                    kept.append(name)
                dirs[:] = kept
                for name in sorted(files):
                    if name.startswith("."):
                        continue  # .DS_Store and friends
                    path = folder_path / name
                    if not _regular(path):
                        found.ignored.append(Ignored(path, "not_regular"))
                        continue
                    add(path, Path(root.name) / path.relative_to(root), explicit=False)
        elif stat.S_ISREG(mode):
            add(given, Path(given.name), explicit=True)
        else:
            found.problems.append(
                Problem(
                    given,
                    "通常のファイルではありません（FIFO・デバイス等）/ not a regular file "
                    "(FIFO, device or socket); give a file or a folder",
                )
            )
    return found
