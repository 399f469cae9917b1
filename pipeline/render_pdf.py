"""Handout HTML -> PDF bytes and a first-page preview (WeasyPrint, pypdfium2).

WeasyPrint lays out the print stylesheet itself (page size, margin boxes with a
running footer and page counters), embeds subsets of the fonts, and writes a tagged
PDF/UA file with the document language, which screen readers need. Its output is
the same bytes for the same input.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Pdf:
    data: bytes
    pages: int


def render_pdf(html: str) -> Pdf:
    """A handout's print HTML -> a tagged PDF and its page count."""
    import weasyprint  # heavy: loaded only when PDFs are built

    document = weasyprint.HTML(string=html).render(pdf_variant="pdf/ua-1")
    data = document.write_pdf(pdf_variant="pdf/ua-1")
    assert data is not None  # write_pdf returns bytes when given no target
    return Pdf(data=data, pages=len(document.pages))


# PDFium is not thread-safe: one thread in it at a time (the build prints PDFs in threads,
# articles.py).
_PDFIUM = threading.Lock()


@contextmanager
def _opened(pdf: bytes) -> Iterator[Any]:
    """The PDF open in PDFium, with this thread the only one in it."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            yield document
        finally:
            document.close()


def page_count(pdf: bytes) -> int:
    with _opened(pdf) as document:
        return len(document)


# Pixels across a preview: twice the 60 CSS pixels the index shows it at
# (templates/index_row.html.j2), so it stays sharp on high-density screens. Drawing 240
# took 2.5-3.5 ms more a PDF and made files three times the size (15 KB against 5 KB:
# 4,500 of them on a 500-article library's index, issue 20).
PREVIEW_WIDTH = 120


def preview_png(pdf: bytes, *, width: int = PREVIEW_WIDTH) -> bytes:
    """The first page as a small PNG for the index page; in grey levels when the page
    has no colour (the handouts print in black and greys), a third of the pixel bytes:
    the previews are 40% smaller and PNG writes them in half the time (issue 20)."""
    with _opened(pdf) as document:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil()
    red, green, blue = image.split()
    if red.tobytes() == green.tobytes() == blue.tobytes():
        image = red  # the same levels as image.convert("L"), with no rounding
    out = io.BytesIO()
    # Named, so Pillow finds the format from the name and imports its PNG writer alone;
    # `format="PNG"` imports five formats' (BMP, GIF, JPEG, PPM, PNG: 20-60 ms holding the
    # GIL, once per process, while the build's own thread waits, issue 20).
    out.name = "preview.png"
    # Not optimize=True: it tries every filter and cost as much CPU as Typst's whole
    # layout of the handout (issue 20); zlib level 3 gives smaller previews here.
    image.save(out, compress_level=3)
    return out.getvalue()
