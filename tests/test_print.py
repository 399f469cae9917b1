"""Printed handouts: tagged PDFs with the language set, fonts embedded, at most two
pages, in every published language; checked with pypdf."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLDEN_INPUT, PUBLISHED, ROOT, Built, copy_project, set_config
from pypdf import PdfReader

from pipeline.build import run_build


@pytest.fixture(scope="module")
def printed(golden_site: Built) -> Path:
    """The golden case, built once for the whole session with bilingual handouts."""
    return golden_site.output


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(font name, has embedded font data) for every font the pages use."""
    found = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            target = descendant[0].get_object() if descendant else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
    return found


@pytest.mark.parametrize("folder", sorted(PUBLISHED))
def test_pdf_is_tagged_with_language_and_embedded_fonts(printed: Path, folder: str) -> None:
    reader = PdfReader(printed / folder / "gene-therapy.pdf")
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == PUBLISHED[folder]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    fonts = _fonts(reader)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts


@pytest.mark.parametrize(
    ("folder", "family"),
    [("zh_Hans", "Noto-Sans-CJK-SC"), ("ko", "Noto-Sans-CJK-KR"), ("ar", "Noto-Naskh-Arabic")],
)
def test_scripts_get_their_own_fonts(printed: Path, folder: str, family: str) -> None:
    """Simplified Chinese glyphs come from the SC font, not the Japanese one."""
    names = [name for name, _ in _fonts(PdfReader(printed / folder / "gene-therapy.pdf"))]
    assert any(family in name for name in names), names
    assert not any("CJK-JP" in name for name in names)


@pytest.mark.parametrize("folder", ["en", "es", "zh_Hans", "ar"])
def test_running_footer_says_page_x_of_y_in_the_language(printed: Path, folder: str) -> None:
    reader = PdfReader(printed / folder / "gene-therapy.pdf")
    pages = len(reader.pages)
    expected = {
        "en": f"Page {pages} of {pages}",
        "es": f"Página {pages} de {pages}",
        "zh_Hans": f"第 {pages} 页，共 {pages} 页",
        "ar": f"الصفحة {pages} من {pages}",
    }[folder]
    text = " ".join(reader.pages[-1].extract_text().split())
    if folder == "ar":  # pypdf gives Arabic in visual order; look for the words
        assert "الصفحة" in text
        assert " من" in text
    else:
        assert expected in text


def test_page_size_letter_by_default_a4_by_config(printed: Path, tmp_path: Path) -> None:
    box = PdfReader(printed / "en/gene-therapy.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 x 11 in
    root = copy_project(tmp_path / "a4", inputs=GOLDEN_INPUT)
    set_config(root, paper="a4", languages=["es"])
    run_build(root)
    box = PdfReader(root / "output/es/gene-therapy.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_pdf_builds_are_byte_identical(printed: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "again", inputs=GOLDEN_INPUT)
    run_build(root, bilingual=True)
    for pdf in sorted(printed.rglob("*.pdf")):
        assert (root / "output" / pdf.relative_to(printed)).read_bytes() == pdf.read_bytes(), pdf


def test_preview_images_and_index(printed: Path) -> None:
    png = (printed / "es/gene-therapy.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    index = (printed / "index.html").read_text("utf-8")
    assert '<a href="es/gene-therapy.pdf"><img src="es/gene-therapy.png"' in index
    assert "Reading level: Fairly easy (Szigriszt-Pazos perspicuity (INFLESZ scale) 70)" in index
    assert "Reading level: US school grade 5 (Flesch-Kincaid grade)" in index
    assert (  # Tagalog: why, and what to hand out meanwhile
        "Not ready to print: 10% translated (100% needed); not yet translated: “What are the "
        "pros and cons of gene therapy?”." in index
    )
    assert 'Meanwhile, print the <a href="en/gene-therapy.html"' in index
    assert not (printed / "tl").exists()


def test_bilingual_handout_marks_each_language(printed: Path) -> None:
    page = (printed / "es/gene-therapy.bilingual.html").read_text("utf-8")
    assert '<html lang="es" dir="ltr">' in page
    assert '<span class="english" lang="en" dir="ltr">Gene therapy is a way to treat' in page
    assert "La terapia génica es una forma de tratar" in page
    assert (printed / "es/gene-therapy.bilingual.pdf").is_file()


def test_a_long_handout_gets_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "long"
    shutil.copytree(ROOT / "source", root / "source")
    (root / "locales").mkdir()
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    set_config(root, languages=[])
    article = root / "source/gene-therapy.md"
    text = article.read_text("utf-8")
    article.write_text(
        text + "\n## More\n\n" + text.split("---", 2)[2].replace("## ", "### "), "utf-8"
    )
    result = run_build(root)
    assert any(re.search(r"prints on \d+ pages; aim for 2", w) for w in result.warnings)
