"""Still images in and out: OpenCV where it gives Pillow's result, Pillow where only it can."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, JpegImagePlugin

from privacam.cases.street.image_pipeline import load_image, save_image, verify_image
from privacam.errors import InputError


def _photo(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    smooth = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
    return np.asarray(Image.fromarray(smooth).resize((160, 120), Image.BILINEAR))


def test_an_upright_jpeg_decodes_to_pillows_very_pixels(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    Image.fromarray(_photo()).save(path, quality=90)
    pixels, _, fmt = load_image(path, None)
    with Image.open(path) as reference:
        expected = np.asarray(reference.convert("RGB"))[:, :, ::-1]
    assert fmt == "JPEG"
    assert pixels.dtype == np.uint8 and pixels.flags.c_contiguous
    assert np.array_equal(pixels, expected)


def test_a_greyscale_jpeg_comes_out_as_three_equal_channels(tmp_path: Path) -> None:
    path = tmp_path / "grey.jpg"
    Image.fromarray(_photo()[:, :, 0]).save(path)
    pixels, _, _ = load_image(path, None)
    assert pixels.shape == (120, 160, 3)
    assert np.array_equal(pixels[:, :, 0], pixels[:, :, 2])


def test_an_exif_rotated_jpeg_is_turned_upright(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    Image.fromarray(_photo()).save(path, exif=exif.tobytes())
    pixels, capture, _ = load_image(path, None)
    assert pixels.shape == (160, 120, 3)  # the upright picture, not the stored one
    assert "exif" in capture.stripped


def test_a_truncated_jpeg_is_refused_not_filled_with_grey(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    Image.fromarray(_photo()).save(whole)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[:-200])
    with pytest.raises(InputError, match="truncated"):
        load_image(cut, None)


@pytest.mark.parametrize(("fmt", "suffix"), [("JPEG", ".jpg"), ("PNG", ".png")])
def test_an_output_without_exif_is_encoded_whole(tmp_path: Path, fmt: str, suffix: str) -> None:
    bgr = np.ascontiguousarray(_photo(1)[:, :, ::-1])
    target = tmp_path / f"out{suffix}"
    save_image(bgr, target, fmt, Image.Exif())
    with Image.open(target) as written:
        assert written.format == fmt
        assert written.size == (160, 120)
        assert not written.getexif()
        if fmt == "PNG":  # lossless
            assert np.array_equal(np.asarray(written.convert("RGB"))[:, :, ::-1], bgr)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left


def test_an_output_with_its_coarse_gps_keeps_that_exif(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0132] = "2026:01:02 03:04:05"
    target = tmp_path / "out.jpg"
    save_image(np.zeros((20, 30, 3), np.uint8), target, "JPEG", exif)
    with Image.open(target) as written:
        assert written.getexif().get(0x0132) == "2026:01:02 03:04:05"


@pytest.mark.parametrize(("fmt", "suffix"), [("JPEG", ".jpg"), ("PNG", ".png")])
def test_verification_refuses_an_output_cut_anywhere_or_of_another_size(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    """The JPEG check decodes at 1/8 scale, yet still reads every block: a file cut in
    the middle of its scan, or missing only its end marker (which a decoder need not
    reach: a PNG cut inside IEND decoded whole before), fails like a wrong size."""
    whole = tmp_path / f"whole{suffix}"
    save_image(_photo(3), whole, fmt, Image.Exif())
    assert verify_image(whole, 160, 120)
    assert not verify_image(whole, 160, 121)
    data = whole.read_bytes()
    for cut in (len(data) - 2, len(data) * 3 // 4, len(data) // 2, 200):
        cut_file = tmp_path / f"cut{cut}{suffix}"
        cut_file.write_bytes(data[:cut])
        assert not verify_image(cut_file, 160, 120), cut


def test_a_jpeg_is_verified_at_one_eighth_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.jpg"
    save_image(_photo(4), path, "JPEG", Image.Exif())
    requested = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self: Image.Image, mode: str, size: tuple[int, int]) -> object:
        requested.append((mode, size))
        return original(self, mode, size)  # type: ignore[arg-type]

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    assert verify_image(path, 160, 120)
    assert requested == [("L", (20, 15))]
