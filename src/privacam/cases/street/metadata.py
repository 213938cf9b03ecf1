"""Image metadata and GPS sidecars: strip EXIF and maker notes, coarsen or drop positions.

A masked image keeps no EXIF but, when the deployment allows it, its GPS
position rounded to ``gps_decimals`` places (3 ≈ 100 m); ``gps_decimals:
null`` removes GPS entirely. The capture time and place go to the manifest at
the same precision. Sidecars (``.gpx``, ``.nmea``) are copied only when the
deployment allows it, with every position rounded the same way.

>>> round_coordinate(35.681236, 3)
35.681
>>> coarsen_nmea_line("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", 2)
'$GPGGA,123519,4807.2000,N,01131.2000,E,1,08,0.9,545.4,M,46.9,M,,*4C'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from PIL import Image

SIDECAR_EXTENSIONS = frozenset({".gpx", ".nmea"})

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 0x9003
_DATETIME = 0x0132


@dataclass(frozen=True)
class CaptureInfo:
    """What the manifest keeps of a file's metadata, already at the configured precision."""

    captured_at: str | None = None  # EXIF local time as ISO 8601 (EXIF has no zone)
    latitude: float | None = None
    longitude: float | None = None
    stripped: tuple[str, ...] = ()  # what was removed, for the manifest

    def place(self) -> dict[str, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return {"latitude": self.latitude, "longitude": self.longitude}


def round_coordinate(value: float, decimals: int) -> float:
    return round(float(value), decimals)


def _rational(value: object) -> float:
    try:
        return float(value)  # PIL's IFDRational
    except TypeError:
        numerator, denominator = value  # type: ignore[misc]
        return float(numerator) / float(denominator)


def _dms_to_degrees(dms: object, ref: object) -> float:
    degrees, minutes, seconds = (_rational(v) for v in dms)  # type: ignore[attr-defined]
    value = degrees + minutes / 60 + seconds / 3600
    return -value if str(ref).upper().startswith(("S", "W")) else value


def read_capture(image: Image.Image, gps_decimals: int | None) -> CaptureInfo:
    """Capture time and (coarsened) GPS of a Pillow image, and which metadata it carried."""
    exif = image.getexif()
    stripped = []
    if len(exif):
        stripped.append("exif")
    sub = exif.get_ifd(_EXIF_IFD)
    if 0x927C in sub:
        stripped.append("maker_note")
    if image.info.get("xmp") or image.info.get("XML:com.adobe.xmp"):
        stripped.append("xmp")
    if image.info.get("icc_profile"):
        stripped.append("icc_profile")
    if image.info.get("comment"):
        stripped.append("comment")
    raw_time = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    captured_at = None
    if raw_time:
        try:
            captured_at = datetime.strptime(str(raw_time).strip(), "%Y:%m:%d %H:%M:%S").isoformat()
        except ValueError:
            captured_at = None
    latitude = longitude = None
    gps = exif.get_ifd(_GPS_IFD)
    if gps:
        stripped.append("gps")
        try:
            lat = _dms_to_degrees(gps[2], gps.get(1, "N"))
            lon = _dms_to_degrees(gps[4], gps.get(3, "E"))
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            lat = lon = None
        if lat is not None and lon is not None and gps_decimals is not None:
            latitude = round_coordinate(lat, gps_decimals)
            longitude = round_coordinate(lon, gps_decimals)
    return CaptureInfo(captured_at, latitude, longitude, tuple(stripped))


def output_exif(capture: CaptureInfo) -> Image.Exif:
    """The only EXIF an output carries: the coarsened GPS position, if any."""
    exif = Image.Exif()
    if capture.latitude is None or capture.longitude is None:
        return exif
    gps = {
        0: b"\x02\x02\x00\x00",
        1: "N" if capture.latitude >= 0 else "S",
        2: _degrees_to_dms(abs(capture.latitude)),
        3: "E" if capture.longitude >= 0 else "W",
        4: _degrees_to_dms(abs(capture.longitude)),
    }
    exif[_GPS_IFD] = gps
    return exif


def _degrees_to_dms(value: float) -> tuple[float, float, float]:
    # Degrees as one decimal number: exact for the rounded value, no false precision.
    return (round(value, 6), 0.0, 0.0)


# -- sidecars ------------------------------------------------------------------------------------

_GPX_COORD = re.compile(r'\b(lat|lon)\s*=\s*"(-?\d+(?:\.\d+)?)"')


def coarsen_gpx(text: str, decimals: int) -> str:
    """Round every ``lat="…"``/``lon="…"`` attribute of a GPX file.

    >>> coarsen_gpx('<trkpt lat="35.681236" lon="139.767125">', 3)
    '<trkpt lat="35.681" lon="139.767">'
    """

    def repl(match: re.Match[str]) -> str:
        value = round_coordinate(float(match.group(2)), decimals)
        return f'{match.group(1)}="{value:.{decimals}f}"'

    return _GPX_COORD.sub(repl, text)


# sentence type -> index of the latitude field (longitude follows two fields later)
_NMEA_LAT_FIELD = {"GGA": 2, "RMC": 3, "GLL": 1, "GNS": 2}


def _nmea_to_degrees(value: str, hemisphere: str, degree_digits: int) -> float:
    degrees = float(value[:degree_digits]) + float(value[degree_digits:]) / 60
    return -degrees if hemisphere in ("S", "W") else degrees


def _degrees_to_nmea(value: float, degree_digits: int) -> str:
    value = abs(value)
    degrees = int(value)
    minutes = (value - degrees) * 60
    return f"{degrees:0{degree_digits}d}{minutes:07.4f}"


def coarsen_nmea_line(line: str, decimals: int) -> str:
    """One NMEA sentence with its position rounded (degrees) and its checksum recomputed."""
    body = line.strip()
    if not body.startswith(("$", "!")):
        return body
    payload = body[1:].split("*", 1)[0]
    fields = payload.split(",")
    lat_at = _NMEA_LAT_FIELD.get(fields[0][-3:])
    if lat_at is None or len(fields) < lat_at + 4 or not fields[lat_at] or not fields[lat_at + 2]:
        return body
    try:
        lat = _nmea_to_degrees(fields[lat_at], fields[lat_at + 1], 2)
        lon = _nmea_to_degrees(fields[lat_at + 2], fields[lat_at + 3], 3)
    except ValueError:
        return body
    fields[lat_at] = _degrees_to_nmea(round_coordinate(lat, decimals), 2)
    fields[lat_at + 2] = _degrees_to_nmea(round_coordinate(lon, decimals), 3)
    payload = ",".join(fields)
    checksum = reduce(lambda acc, ch: acc ^ ord(ch), payload, 0)
    return f"{body[0]}{payload}*{checksum:02X}"


def coarsen_nmea(text: str, decimals: int) -> str:
    return "\n".join(coarsen_nmea_line(line, decimals) for line in text.splitlines()) + "\n"


def coarsen_sidecar(text: str, suffix: str, decimals: int) -> str:
    if suffix.lower() == ".gpx":
        return coarsen_gpx(text, decimals)
    return coarsen_nmea(text, decimals)
