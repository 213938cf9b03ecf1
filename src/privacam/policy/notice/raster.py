"""A PDF page as a PNG, for previews and printers that take images."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image

DEFAULT_DPI = 150


def pdf_page_png(pdf: bytes, page_index: int = 0, dpi: int = DEFAULT_DPI) -> bytes:
    """Rasterise one page of ``pdf`` at ``dpi`` and return PNG bytes."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[page_index]
        image = page.render(scale=dpi / 72).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    # A sign has a handful of colours: a palette PNG is a quarter of the size, and fast.
    image = image.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    image.save(out, format="PNG", compress_level=6, dpi=(dpi, dpi))
    return out.getvalue()
