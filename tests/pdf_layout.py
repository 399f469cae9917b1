"""Text lines of a PDF with their positions and sizes, read with pypdfium2 (PDFium, the
engine Chrome prints and reads PDFs with): what a printed handout's tests measure.

`python tests/pdf_layout.py FILE.pdf...` prints each file's measurements.
"""

from __future__ import annotations

import ctypes
import itertools
import statistics
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

MM = 72 / 25.4  # PDF points in a millimetre


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    left: float  # points from the page's left edge
    right: float
    baseline: float  # points from the page's bottom edge
    size: float  # font size in points, after the text matrix


@dataclass(frozen=True, slots=True)
class Line:
    """Glyphs on one baseline of one page, in visual order (left to right)."""

    page: int  # 1-based
    glyphs: tuple[Glyph, ...]
    page_width: float
    page_height: float

    @property
    def text(self) -> str:
        """The characters in visual order (spaces are glyphs in the PDF too)."""
        return "".join(glyph.char for glyph in self.glyphs).strip()

    @property
    def size(self) -> float:
        """The most common font size on the line (the body of a line with a footnote)."""
        return statistics.mode(round(g.size, 1) for g in self.glyphs if not g.char.isspace())

    @property
    def sizes(self) -> set[float]:
        return {round(g.size, 1) for g in self.glyphs if not g.char.isspace()}

    @property
    def left(self) -> float:
        return min(g.left for g in self.glyphs)

    @property
    def right(self) -> float:
        return max(g.right for g in self.glyphs)

    @property
    def baseline(self) -> float:
        return self.glyphs[0].baseline

    @property
    def characters(self) -> int:
        """Characters as a reader counts them: letters, marks joined, spaces between words."""
        return len(unicodedata.normalize("NFC", " ".join(self.text.split())))


def _glyphs(textpage: pypdfium2.PdfTextPage) -> Iterator[Glyph]:
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in (0, 0xFFFE, 0xFFFF) or chr(code) in "\r\n":
            continue  # line ends PDFium generates, not glyphs
        if not pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y):
            continue
        pdfium_c.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix))
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * abs(matrix.d)
        left, _, right, _ = textpage.get_charbox(index)
        yield Glyph(chr(code), left, right, y.value, size)


def read_lines(pdf: Path | bytes) -> list[Line]:
    """Every line of text, page by page from the top, as the reader sees it."""
    document = pypdfium2.PdfDocument(pdf)
    lines: list[Line] = []
    try:
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            by_baseline: dict[float, list[Glyph]] = {}
            for glyph in _glyphs(page.get_textpage()):
                # Marks (Arabic vowels, Vietnamese tones) sit a few points off the baseline.
                key = next(
                    (b for b in by_baseline if abs(b - glyph.baseline) < 0.35 * glyph.size), None
                )
                by_baseline.setdefault(glyph.baseline if key is None else key, []).append(glyph)
            for baseline in sorted(by_baseline, reverse=True):
                glyphs = sorted(by_baseline[baseline], key=lambda g: (g.left + g.right) / 2)
                lines.append(Line(number + 1, tuple(glyphs), width, height))
    finally:
        document.close()
    return lines


def page_count(pdf: Path | bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def footer_top(lines: list[Line]) -> float:
    """The baseline height above which body text sits: the footer is the last lines of
    each page in the 20 mm at its foot (the page's bottom margin is 22 mm)."""
    return 20 * MM


def body_lines(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.baseline > footer_top(lines) and line.text]


def footer_lines(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.baseline <= footer_top(lines) and line.text]


def body_size(lines: list[Line]) -> float:
    """The font size of most characters on the pages: the body text."""
    weights: dict[float, int] = {}
    for line in body_lines(lines):
        weights[line.size] = weights.get(line.size, 0) + len(line.glyphs)
    return max(weights, key=lambda size: weights[size])


def full_lines(lines: list[Line]) -> list[Line]:
    """Body-size lines that wrap (the next line, close below, continues the block): the
    lines whose length the measure sets. A block's last line is as short as its words."""
    size = body_size(lines)
    body = [line for line in body_lines(lines) if line.size == size]
    widest = max(line.right - line.left for line in body)
    return [
        line
        for line, below in itertools.pairwise(body)
        if below.page == line.page
        and line.baseline - below.baseline < 2.0 * size
        and line.right - line.left > 0.6 * widest
    ]


def describe(pdf: Path) -> str:
    lines = read_lines(pdf)
    body = body_lines(lines)
    size = body_size(lines)
    leading = [
        round((above.baseline - below.baseline) / size, 2)
        for above, below in itertools.pairwise(body)
        if above.page == below.page and above.size == below.size == size
    ]
    lengths = [line.characters for line in full_lines(lines)]
    headings = sorted({line.size for line in body if line.size > size}, reverse=True)
    footer_sizes = sorted({s for line in footer_lines(lines) for s in line.sizes})
    text = [line for line in body if line.size == size]  # the column, not the notes below
    left = min(line.left for line in text) / MM
    right = min(line.page_width - line.right for line in text) / MM
    return (
        f"{pdf}: {page_count(pdf)} pages; body {size:g} pt, line height "
        f"{statistics.median(leading):.2f}; headings {', '.join(f'{h:g}' for h in headings)} pt; "
        f"footer {', '.join(f'{s:g}' for s in footer_sizes)} pt; "
        f"characters a full line {min(lengths)}-{max(lengths)} (median "
        f"{statistics.median(lengths):.0f}); side margins {left:.0f} mm / {right:.0f} mm"
    )


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        sys.stdout.write(describe(Path(argument)) + "\n")
