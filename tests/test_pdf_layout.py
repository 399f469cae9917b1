"""Print typography and scripts, measured on the built PDFs themselves (glyph positions
and sizes from PDFium), in every published language and from both PDF engines
(WeasyPrint and Typst); first pages compared with golden images, one set per engine."""

from __future__ import annotations

import functools
import io
import itertools
import re
import statistics
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
from conftest import GOLDEN, Built
from pdf_layout import (
    MM,
    Line,
    body_lines,
    body_size,
    footer_lines,
    full_lines,
    page_count,
    read_lines,
)
from PIL import Image, ImageChops

FOLDERS = ["ar", "en", "es", "ko", "ru", "vi", "zh_Hans"]  # output folders
LATIN_OR_CYRILLIC = ["en", "es", "ru", "vi"]
GOLDEN_PAGES = GOLDEN / "gene-therapy/expected/pages"  # from the golden case's frozen input
DISCLAIMER = {
    "en": "This handout does not replace the advice of your care team.",
    "es": "Esta hoja informativa no reemplaza los consejos de su equipo de atención médica.",
    "ko": "이 안내문은 담당 의료진의 조언을 대신하지 않습니다.",
    "ru": "Эта памятка не заменяет рекомендаций вашей медицинской команды.",
    "vi": "Tài liệu này không thay thế lời khuyên của nhóm chăm sóc sức khỏe của quý vị.",
    "zh_Hans": "本资料不能代替您的医护团队给您的建议。",
}


ENGINES = ["weasyprint", "typst"]


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def built(engine: str, request: pytest.FixtureRequest) -> Built:
    """The golden case (its settings name a clinic) printed by each engine, each built once
    per run and shared with the print tests."""
    site: Built = request.getfixturevalue(
        "weasyprint_site" if engine == "weasyprint" else "golden_site"
    )
    return site


def _pdf(built: Built, folder: str) -> Path:
    path = built.output / folder / "gene-therapy.pdf"
    assert path.is_file(), f"{folder}: no PDF was built"
    return path


def _lines(built: Built, folder: str) -> list[Line]:
    return list(_read_once(_pdf(built, folder)))


@functools.cache
def _read_once(pdf: Path) -> tuple[Line, ...]:
    """A shared build's PDF read once per process: about ten tests measure each of them,
    and the builds are never changed."""
    return tuple(read_lines(pdf))


def _leading(lines: list[Line]) -> float:
    """Baseline to baseline within a block, in multiples of the body size."""
    size = body_size(lines)
    body = body_lines(lines)
    gaps = [
        (above.baseline - below.baseline) / size
        for above, below in itertools.pairwise(body)
        if above.page == below.page and above.size == below.size == size
    ]
    return statistics.median(gaps)


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_body_text_is_large_enough_for_the_script(built: Built, folder: str) -> None:
    size = body_size(_lines(built, folder))
    # CJK ideographs and Arabic Naskh read as small as Latin at one size smaller.
    minimum = {"zh_Hans": 13, "ko": 13, "ar": 14}.get(folder, 12)
    assert size >= minimum, f"{folder}: body {size} pt"


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_line_height(built: Built, folder: str) -> None:
    # Vietnamese letters stack two diacritics: more room above each line.
    minimum = 1.6 if folder == "vi" else 1.4
    assert _leading(_lines(built, folder)) >= minimum - 0.01


@pytest.mark.parametrize("folder", LATIN_OR_CYRILLIC)
def test_latin_and_cyrillic_lines_hold_50_to_75_characters(built: Built, folder: str) -> None:
    lengths = [line.characters for line in full_lines(_lines(built, folder))]
    assert len(lengths) > 40
    assert max(lengths) <= 75, max(lengths)
    assert statistics.median(lengths) >= 50, statistics.median(lengths)


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_side_margins_are_at_least_15_mm(built: Built, folder: str) -> None:
    for line in _lines(built, folder):
        if line.text:
            assert line.left >= 15 * MM, (line.text, line.left / MM)
            assert line.page_width - line.right >= 15 * MM, (line.text, line.right / MM)


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_headings_are_clearly_larger_than_body(built: Built, folder: str) -> None:
    lines = _lines(built, folder)
    size = body_size(lines)
    title = body_lines(lines)[0]
    assert title.size >= 1.5 * size, (title.text, title.size, size)
    headings = sorted({line.size for line in body_lines(lines) if line.size > size})
    assert len(headings) == 3, headings  # title, section, subsection
    assert headings[0] >= 1.1 * size, headings
    for smaller, larger in itertools.pairwise(headings):
        assert larger >= 1.1 * smaller, headings


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_footer_is_one_size_of_at_least_10_pt(built: Built, folder: str) -> None:
    lines = _lines(built, folder)
    footer = footer_lines(lines)
    assert {line.page for line in footer} == set(range(1, page_count(_pdf(built, folder)) + 1))
    sizes = {size for line in footer for size in line.sizes}
    assert len(sizes) == 1, sizes
    assert min(sizes) >= 10, sizes
    for page in {line.page for line in footer}:
        lowest_body = min(line.baseline for line in body_lines(lines) if line.page == page)
        highest_footer = max(line.baseline for line in footer if line.page == page)
        gap = lowest_body - highest_footer - min(sizes)  # footer baseline to cap height
        assert gap >= 6 * MM, f"page {page}: {gap / MM:.1f} mm between text and footer"


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text))


def _blocks(text: str) -> list[tuple[str, bool]]:
    """The handout's blocks (paragraphs, list items, terms) from its plain text, as
    letters only so they compare with lines of the PDF whatever the punctuation, each
    with whether it is a list's last item."""
    blocks: list[tuple[list[str], bool]] = [([], False)]
    for line in text.splitlines():
        bullet = re.match(r"\s*(- |\d+\. )", line)
        if not line.strip() or bullet or set(line) <= set("=-"):
            blocks.append(([], bool(bullet)))
        blocks[-1][0].append(line[bullet.end() :] if bullet else line)
    found: list[tuple[str, bool]] = []
    for number, (lines, is_item) in enumerate(blocks):
        after = blocks[number + 1] if number + 1 < len(blocks) else ([], False)
        letters = _letters("".join(lines))
        if letters:
            previous_item = number > 0 and blocks[number - 1][1]
            found.append((letters, is_item and previous_item and not after[1]))
    return found


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_no_heading_orphan_or_widow_at_a_page_break(built: Built, folder: str) -> None:
    """A page never ends with a heading or with a block's first line alone, and never
    starts with a block's last line alone (the last item of a list included)."""
    lines = _lines(built, folder)
    size = body_size(lines)
    blocks = _blocks((built.output / folder / "gene-therapy.txt").read_text("utf-8"))
    body = body_lines(lines)
    for page in range(1, page_count(_pdf(built, folder))):
        last = [line for line in body if line.page == page][-1]
        first = next(line for line in body if line.page == page + 1)
        assert last.size <= size, f"page {page} ends with a heading: {last.text}"
        # PDFium gives Arabic in visual order: read it back to front.
        last_text, first_text = (
            (_letters(last.text)[::-1], _letters(first.text)[::-1])
            if folder == "ar"
            else (_letters(last.text), _letters(first.text))
        )
        for block, is_last_item in blocks:
            assert not (block.startswith(last_text) and block != last_text), (
                f"page {page} ends with a block's first line: {last.text}"
            )
            assert not (block.endswith(first_text) and block != first_text), (
                f"page {page + 1} starts with a block's last line: {first.text}"
            )
            assert not (is_last_item and block.startswith(first_text)), (
                f"page {page + 1} starts with a list's last item: {first.text}"
            )


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_list_in_columns_prints_on_one_page(built: Built, folder: str) -> None:
    """The ten product names (each with ™ or ®, but Lenmeldy) print whole on one page."""
    pages = {
        line.page
        for line in _lines(built, folder)
        for name in ("Casgevy", "Zynteglo", "Lenmeldy", "Elevidys")
        if name in line.text
    }
    assert len(pages) == 1, pages


def test_a_third_page_is_announced_never_avoided_by_smaller_type(
    built: Built,
) -> None:
    for folder in FOLDERS:
        pages = page_count(_pdf(built, folder))
        announced = [w for w in built.warnings if f"{folder}/gene-therapy.pdf" in w]
        assert bool(announced) == (pages > 2), (folder, pages, announced)


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_handout_carries_clinic_language_source_and_disclaimer(
    built: Built, folder: str
) -> None:
    printed = " ".join(line.text for line in _lines(built, folder))
    squeezed = "".join(printed.split())
    for latin in ("Riverside Family Clinic", "+1 555 010 0199", "12 River Road"):
        assert latin in printed, latin  # Latin runs read left to right in Arabic too
    assert "https://my.clevelandclinic.org/health/treatments/17984-gene-therapy" in printed
    if folder in DISCLAIMER:  # PDFium gives Arabic in visual order
        assert "".join(DISCLAIMER[folder].split()) in squeezed
    if folder != "en":
        english_name = {"ar": "Arabic", "es": "Spanish", "ko": "Korean", "ru": "Russian"}
        english_name |= {"vi": "Vietnamese", "zh_Hans": "Chinese (Simplified)"}
        assert english_name[folder] in printed
        assert "Gene therapy" in printed  # the English title


_WORD_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def _words(text: str) -> set[str]:
    return {_WORD_EDGE.sub("", w) for w in text.split()} - {""}


def test_korean_breaks_only_between_words(built: Built) -> None:
    text = (built.output / "ko/gene-therapy.txt").read_text("utf-8")
    words = _words(text)
    broken = []
    for line in body_lines(_lines(built, "ko")):
        tokens = [_WORD_EDGE.sub("", t) for t in line.text.split()]
        tokens = [t for t in tokens if t]
        for token in (tokens[0], tokens[-1]) if tokens else ():
            if re.search("[\uac00-\ud7a3]", token) and token not in words:
                broken.append(token)
    assert broken == []


# A name and its mark, in visual order. PDFium reads a mark that ends a left-to-right run
# in a right-to-left line in its compatibility form (™ as "TM", ® as "R": the same glyph
# in the same place; Typst's PDFs draw the run as one unit, which PDFium reads so).
_MARKED_NAME = re.compile(r"[a-z](?:™|®|TM|R)(?![A-Za-z])")
_MARK_BEFORE_NAME = re.compile(r"(?<![A-Za-z])[™®][A-Za-z]")


def test_latin_runs_in_arabic_keep_their_order(built: Built) -> None:
    marks = 0
    for line in _lines(built, "ar"):
        # Visual order, left to right: the name, then its mark.
        assert not _MARK_BEFORE_NAME.search(line.text), line.text
        marks += len(_MARKED_NAME.findall(line.text))
    assert marks >= 9


def test_chinese_never_leaves_one_character_on_a_line(built: Built) -> None:
    for line in body_lines(_lines(built, "zh_Hans")):
        letters = [c for c in line.text if unicodedata.category(c)[0] in "LN"]
        assert len(letters) != 1, line.text


def _first_page_image(pdf: Path) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image: Image.Image = document[0].render(scale=50 / 72, grayscale=True).to_pil()
        return image.convert("L")
    finally:
        document.close()


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_first_page_matches_its_golden_image(
    built: Built, engine: str, folder: str, update_goldens: bool
) -> None:
    """The first page as a picture (review a change with an image viewer): a golden per
    script and engine, compared with a tolerance for anti-aliasing."""
    image = _first_page_image(_pdf(built, folder))
    golden = (GOLDEN_PAGES if engine == "weasyprint" else GOLDEN_PAGES / engine) / f"{folder}.png"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        golden.write_bytes(out.getvalue())
    expected = Image.open(golden).convert("L")
    assert expected.size == image.size
    histogram = ImageChops.difference(expected, image).histogram()
    changed = sum(histogram[65:]) / (image.width * image.height)  # pixels off by a quarter
    assert changed < 0.002, f"{folder}: {changed:.2%} of the first page changed"
