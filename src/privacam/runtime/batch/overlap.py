"""Refuse a batch whose outputs could land on its inputs, before anything is written.

Masked copies replace files by rename, so an output path that is an input
path destroys the only original. Paths are compared after resolving symlinks
(``-o`` given as a link to the input folder, or a link inside OUTDIR that
points into an input folder, is caught as well):

- an input inside OUTDIR (``anonymize a.jpg -o .``, ``anonymize in -o .``);
- OUTDIR inside, or equal to, an input folder (``anonymize in -o in/masked``);
- an output path that resolves to an input file or into an input folder.

Each refusal is one line naming both paths, with exit code 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from privacam.cases.street.job import MANIFEST_DIR
from privacam.errors import InputError
from privacam.runtime.batch.inputs import WorkItem, discover


def _shown(path: Path) -> str:
    real = path.resolve()
    return str(path) if real == path.absolute() else f"{path} (= {real})"


def _refusal(ja: str, en: str) -> InputError:
    return InputError(
        f"{ja}。出力先はすべての入力の外にしてください / "
        f"{en}; choose an -o folder outside every input"
    )


def refuse_overlaps(inputs: list[Path], outdir: Path, items: Iterable[WorkItem] = ()) -> None:
    """Raise :class:`InputError` if an output could overwrite an input; return otherwise."""
    out, out_real = _shown(outdir), outdir.resolve()
    folders: list[tuple[Path, Path]] = []  # (as given, resolved)
    for given in inputs:
        if not given.exists():
            continue  # reported as a problem later; nothing there to overwrite
        real, shown = given.resolve(), _shown(given)
        if given.is_dir():
            folders.append((given, real))
            if out_real == real or out_real.is_relative_to(real):
                raise _refusal(
                    f"出力フォルダ {out} が入力フォルダ {shown} の中にあります",
                    f"output folder {out} lies inside input folder {shown}",
                )
        if real.is_relative_to(out_real):
            raise _refusal(
                f"入力 {shown} が出力フォルダ {out} の中にあり、上書きされます",
                f"input {shown} lies inside output folder {out} and would be overwritten",
            )
    items = list(items)
    sources = {item.source.resolve(): item.source for item in items}
    for real, source in sources.items():
        if real.is_relative_to(out_real):  # a link in an input folder pointing into OUTDIR
            raise _refusal(
                f"入力 {_shown(source)} が出力フォルダ {out} の中にあります",
                f"input {_shown(source)} lies inside output folder {out}",
            )
    for target in [outdir / MANIFEST_DIR, *(outdir / item.output for item in items)]:
        real = target.resolve()
        if real in sources:
            source = _shown(sources[real])
            raise _refusal(
                f"出力 {_shown(target)} が入力 {source} そのものです",
                f"output {_shown(target)} is the input {source}",
            )
        for given, folder in folders:
            if real.is_relative_to(folder):
                raise _refusal(
                    f"出力 {_shown(target)} が入力フォルダ {_shown(given)} の中に書かれます",
                    f"output {_shown(target)} would be written inside input folder {_shown(given)}",
                )


def check_paths(inputs: list[Path], outdir: Path) -> None:
    """The whole refusal, inputs walked: what the CLI runs before it writes anything."""
    refuse_overlaps(inputs, outdir, discover(inputs, outdir).items)
