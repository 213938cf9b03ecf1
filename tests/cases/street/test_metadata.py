"""EXIF, maker notes and GPS: stripped or coarsened in the output and in the manifest; sidecars."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from privacam.cases.street.image_pipeline import anonymize_image
from privacam.cases.street.metadata import coarsen_gpx, coarsen_nmea, coarsen_nmea_line
from privacam.vision.redaction import RedactionStyle

from .helpers import PatchFinder, scene

LAT, LON = 35.681236, 139.767125  # Tokyo station, to 1 m


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = ((value - degrees) * 60 - minutes) * 60
    return (degrees, minutes, round(seconds, 4))


def camera_jpeg(path: Path, fmt: str = "JPEG") -> None:
    """A synthetic photo carrying what dashcams write: make, model, maker note, time, GPS."""
    image = Image.fromarray(scene(0)[:, :, ::-1])
    exif = Image.Exif()
    exif[0x010F] = "DashCam Corp"  # Make
    exif[0x0110] = "DC-1 serial 123456"  # Model
    exif[0x0112] = 1  # Orientation
    exif[0x8769] = {0x9003: "2026:04:01 09:30:00", 0x927C: b"secret maker note"}
    exif[0x8825] = {1: "N", 2: _dms(LAT), 3: "E", 4: _dms(LON)}
    image.save(path, format=fmt, exif=exif.tobytes(), **({"quality": 95} if fmt == "JPEG" else {}))


@pytest.mark.parametrize("fmt, suffix", [("JPEG", ".jpg"), ("PNG", ".png")])
def test_exif_stripped_and_gps_coarsened(tmp_path: Path, fmt: str, suffix: str) -> None:
    source = tmp_path / f"photo{suffix}"
    camera_jpeg(source, fmt)
    assert b"DashCam Corp" in source.read_bytes()  # the check below can fail
    target = tmp_path / "out" / source.name
    fields = anonymize_image(source, target, PatchFinder(), RedactionStyle(), gps_decimals=3)
    data = target.read_bytes()
    for secret in (b"DashCam Corp", b"DC-1 serial", b"secret maker note", b"2026:04:01"):
        assert secret not in data
    with Image.open(target) as out:
        exif = out.getexif()
        assert 0x010F not in exif and 0x0110 not in exif and 0x8769 not in exif
        gps = exif.get_ifd(0x8825)
    lat = float(gps[2][0]) + float(gps[2][1]) / 60 + float(gps[2][2]) / 3600
    lon = float(gps[4][0]) + float(gps[4][1]) / 60 + float(gps[4][2]) / 3600
    assert lat == pytest.approx(35.681, abs=1e-9) and lon == pytest.approx(139.767, abs=1e-9)
    assert fields["capture"] == {
        "time": "2026-04-01T09:30:00",
        "place": {"latitude": 35.681, "longitude": 139.767},
    }
    assert {"exif", "gps", "maker_note"} <= set(fields["metadata_stripped"])
    if fmt == "PNG":  # lossless: the stub finds its exact texture
        assert fields["masked"]["faces"] == 1


def test_gps_removed_when_the_deployment_says_null(tmp_path: Path) -> None:
    source = tmp_path / "photo.png"
    camera_jpeg(source, "PNG")
    target = tmp_path / "out.png"
    fields = anonymize_image(source, target, PatchFinder(), RedactionStyle(), gps_decimals=None)
    with Image.open(target) as out:
        assert not out.getexif().get_ifd(0x8825)
        assert len(out.getexif()) == 0
    assert fields["capture"]["place"] is None


def test_orientation_is_applied_to_pixels_before_stripping(tmp_path: Path) -> None:
    image = np.zeros((20, 40, 3), np.uint8)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    source = tmp_path / "rotated.png"
    Image.fromarray(image).save(source, exif=exif.tobytes())
    target = tmp_path / "out.png"
    anonymize_image(source, target, PatchFinder(), RedactionStyle(), gps_decimals=3)
    with Image.open(target) as out:
        assert out.size == (20, 40)  # upright, as a viewer showed the original


def test_gpx_and_nmea_are_coarsened() -> None:
    gpx = '<trkpt lat="35.681236" lon="139.767125"><ele>40.1</ele></trkpt>'
    assert coarsen_gpx(gpx, 2) == '<trkpt lat="35.68" lon="139.77"><ele>40.1</ele></trkpt>'
    rmc = "$GPRMC,093000,A,3540.8742,N,13946.0275,E,0.0,0.0,010426,,*2B"
    out = coarsen_nmea_line(rmc, 3)
    fields = out.split(",")
    assert fields[3] == "3540.8600" and fields[5] == "13946.0200"  # 35.681°, 139.767°
    payload = out[1:].split("*")[0]
    checksum = 0
    for ch in payload:
        checksum ^= ord(ch)
    assert out.endswith(f"*{checksum:02X}")
    assert coarsen_nmea("$GPTXT,hello*00\n", 3) == "$GPTXT,hello*00\n"
