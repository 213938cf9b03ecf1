"""The floor plan a flow (②) or crowd (⑥) deployment names: a sample drawing, and its check.

``privacam init`` writes :func:`draw_sample_floor_plan` beside a new deployment
file, so that the template's ``site.floor_plan`` names a file that exists and
its maps are drawn on something from the first run. The sample is drawn from
scratch (walls, a 5 m grid, shelves, an entrance), never from a camera image,
and it never replaces a file that is already there: that may be the real plan.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "privacam.yaml").write_text("site: {floor_plan: floorplan.png}")
>>> write_sample_floor_plan_beside(folder / "privacam.yaml") == folder / "floorplan.png"
True
>>> write_sample_floor_plan_beside(folder / "privacam.yaml") is None  # kept, never overwritten
True
>>> floor_plan_problem(folder / "floorplan.png") is None
True
"""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, UnidentifiedImageError

from privacam.files import write_atomic

#: The template's plan: 800 x 600 pixels for its ``floor_plan_size_m: [40.0, 30.0]``.
SAMPLE_SIZE = (800, 600)
_PIXELS_PER_5M = 100
#: Formats that the runtime (OpenCV) can read as a floor plan.
READABLE_FORMATS = frozenset({"PNG", "JPEG", "BMP", "TIFF", "WEBP"})


def draw_sample_floor_plan() -> bytes:
    """PNG bytes of a plain 40 m x 30 m floor plan drawn from shapes only."""
    width, height = SAMPLE_SIZE
    plan = Image.new("RGB", SAMPLE_SIZE, (245, 245, 245))
    draw = ImageDraw.Draw(plan)
    for x in range(0, width, _PIXELS_PER_5M):
        draw.line([(x, 0), (x, height)], fill=(225, 225, 225), width=1)
    for y in range(0, height, _PIXELS_PER_5M):
        draw.line([(0, y), (width, y)], fill=(225, 225, 225), width=1)
    draw.rectangle([(10, 10), (width - 10, height - 10)], outline=(60, 60, 60), width=6)
    draw.line([(340, height - 10), (460, height - 10)], fill=(245, 245, 245), width=8)  # entrance
    draw.rectangle([(100, 60), (260, 120)], fill=(150, 150, 150))  # shelves along the far wall
    draw.rectangle([(540, 60), (700, 120)], fill=(150, 150, 150))
    draw.text((24, height - 34), "sample floor plan: replace with your own", fill=(120, 120, 120))
    out = io.BytesIO()
    plan.save(out, format="PNG")
    return out.getvalue()


def write_sample_floor_plan(path: Path) -> Path | None:
    """Write the sample plan at ``path`` unless a file is there already; the path, or None.

    The file appears whole (temp file, then a hard link that fails on an existing name),
    so a plan someone put there meanwhile is never overwritten either.
    """
    if path.exists() or path.is_symlink():
        return None
    try:
        write_atomic(path, draw_sample_floor_plan(), overwrite=False)
    except FileExistsError:
        return None
    return path


def write_sample_floor_plan_beside(deployment: Path) -> Path | None:
    """The sample plan at the ``site.floor_plan`` that the deployment file names, if it is
    relative and missing; the path written, or None (no plan named, or the file exists).

    Reads the file as plain YAML, so no ``${VAR}`` needs a value yet.
    """
    data = yaml.safe_load(deployment.read_text(encoding="utf-8"))
    site = data.get("site") if isinstance(data, dict) else None
    name = site.get("floor_plan") if isinstance(site, dict) else None
    if not isinstance(name, str) or not name or Path(name).is_absolute():
        return None
    return write_sample_floor_plan(deployment.parent / name)


def floor_plan_problem(path: Path) -> tuple[str, str] | None:
    """Why the floor plan at ``path`` cannot be used, in Japanese and English, or None."""
    if not path.is_file():
        return (
            f"平面図 {path} が見つかりません",
            f"the floor plan {path} does not exist",
        )
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind not in READABLE_FORMATS:
        return (
            f"平面図 {path} を画像（PNG・JPEG）として読み込めません",
            f"the floor plan {path} cannot be read as an image (PNG or JPEG)",
        )
    return None
