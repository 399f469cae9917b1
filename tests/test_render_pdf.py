"""render_pdf.py: print HTML -> a tagged PDF with its page count, the same bytes each time,
and a first-page preview image."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader

import pipeline
from pipeline.render_pdf import PREVIEW_WIDTH, preview_png, render_pdf

PAGE = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Prueba</title>
<style>@page { size: letter; } .next { break-before: page; }</style></head>
<body><main><h1>Terapia génica</h1><p>Descanse después del tratamiento.</p>
<p class="next">Segunda página.</p></main></body></html>"""


def test_a_tagged_pdf_in_the_page_language_with_its_page_count() -> None:
    pdf = render_pdf(PAGE)
    assert pdf.pages == 2
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 2
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/Lang"] == "es"
    assert "/StructTreeRoot" in catalog  # tagged, for screen readers
    assert "Terapia génica" in reader.pages[0].extract_text()
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_the_same_html_gives_the_same_bytes() -> None:
    assert render_pdf(PAGE).data == render_pdf(PAGE).data


def test_the_preview_is_the_first_page_at_the_asked_width() -> None:
    png = preview_png(render_pdf(PAGE).data, width=120)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == 120
    assert abs(image.height - 120 * 11 / 8.5) <= 1  # letter: 8.5 by 11 inches
    darkest, _ = image.convert("L").getextrema()
    assert isinstance(darkest, int)
    assert darkest < 128  # the heading is drawn, not a blank page


def test_a_page_without_colour_is_previewed_in_grey_levels() -> None:
    """Handouts print in black and greys: their previews are grey-level PNGs (a third of
    the bytes), showing the same levels; a page in colour keeps its colour."""
    grey = Image.open(io.BytesIO(preview_png(render_pdf(PAGE).data, width=120)))
    assert grey.mode == "L"
    coloured_page = PAGE.replace("<h1>", '<h1 style="color: #c00000">')
    coloured = Image.open(io.BytesIO(preview_png(render_pdf(coloured_page).data, width=120)))
    assert coloured.mode == "RGB"
    assert coloured.convert("L").size == grey.size
    red, green, _ = coloured.split()
    assert red.tobytes() != green.tobytes()  # the heading is drawn in red


def test_previews_are_twice_the_width_the_index_shows_them_at() -> None:
    """Sharp on a high-density screen, and no larger: the index of a library loads
    thousands of them."""
    row = (Path(pipeline.__file__).parent / "templates/index_row.html.j2").read_text("utf-8")
    (shown,) = re.findall(r'<img [^>]*width="(\d+)"', row)
    assert 2 * int(shown) == PREVIEW_WIDTH
    assert Image.open(io.BytesIO(preview_png(render_pdf(PAGE).data))).width == PREVIEW_WIDTH
