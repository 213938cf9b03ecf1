"""`open_sequence`: any MOTChallenge folder, its frame numbers, rate and size."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.evaluation.motchallenge import open_sequence


def _images(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True)
    for name in names:
        cv2.imwrite(str(folder / name), np.zeros((30, 40, 3), np.uint8))


def test_sequence_numbers_frames_by_image_name_and_reads_seqinfo(tmp_path: Path) -> None:
    _images(tmp_path / "frames", ["000010.jpg", "000002.jpg", "000001.jpg"])
    (tmp_path / "seqinfo.ini").write_text(
        "[Sequence]\nname=Cam-7\nimDir=frames\nframeRate=30\nseqLength=3\n"
        "imWidth=1920\nimHeight=1080\n",
        encoding="utf-8",
    )
    sequence = open_sequence(tmp_path)
    assert [p.name for p in sequence.images] == ["000001.jpg", "000002.jpg", "000010.jpg"]
    assert sequence.frames == [1, 2, 10]
    assert (sequence.name, sequence.fps, sequence.width, sequence.height) == (
        "Cam-7", 30.0, 1920, 1080
    )  # fmt: skip
    assert open_sequence(tmp_path, fps=12.5, width=40, height=30).fps == 12.5


def test_sequence_of_unnumbered_images_counts_frames_from_one(tmp_path: Path) -> None:
    _images(tmp_path / "img1", ["b.png", "a.png"])
    sequence = open_sequence(tmp_path, fps=10)
    assert sequence.frames == [1, 2] and (sequence.width, sequence.height) == (40, 30)


@pytest.mark.parametrize(
    ("seqinfo", "message"),
    [
        ("[Sequence]\nframeRate=10\nseqLength=5\n", "says 5 frames"),
        ("[Sequence]\nframeRate=fast\n", "not a number"),
        ("[Sequence]\nimWidth=40\n", "no frame rate"),
    ],
)
def test_sequence_refuses_an_inconsistent_seqinfo(
    tmp_path: Path, seqinfo: str, message: str
) -> None:
    _images(tmp_path / "img1", ["000001.jpg"])
    (tmp_path / "seqinfo.ini").write_text(seqinfo, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        open_sequence(tmp_path)
