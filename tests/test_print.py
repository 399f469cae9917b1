"""Printed handouts: tagged PDFs with the language set, fonts embedded, at most two
pages, in every published language; checked with pypdf, for both PDF engines
(WeasyPrint and Typst, `[tool.handouts] pdf_engine`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLDEN_INPUT, PUBLISHED, ROOT, Built, copy_project, set_config
from pypdf import PdfReader

from pipeline.build import run_build

ENGINES = ["weasyprint", "typst"]
# Typst takes ISO 639 codes only: its PDFs say "zh" (the font, Noto Sans CJK SC, gives
# the Simplified glyphs), where WeasyPrint copies the HTML's "zh-Hans".
TYPST_LANG = {"zh_Hans": "zh"}
# The embedded fonts' names: WeasyPrint writes the family, Typst the PostScript name.
FAMILIES = {
    "weasyprint": {
        "zh_Hans": "Noto-Sans-CJK-SC",
        "ko": "Noto-Sans-CJK-KR",
        "ar": "Noto-Naskh-Arabic",
    },
    "typst": {"zh_Hans": "NotoSansCJKsc", "ko": "NotoSansCJKkr", "ar": "NotoNaskhArabic"},
}


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _project(root: Path, engine: str) -> Path:
    """The golden case's frozen input, to print again with this engine."""
    copy_project(root, inputs=GOLDEN_INPUT)
    set_config(root, pdf_engine=engine)
    return root


@pytest.fixture(scope="module")
def printed(engine: str, request: pytest.FixtureRequest) -> Path:
    """The golden case printed by each engine with bilingual handouts, each built once per
    run and shared with the PDF-layout (and, for WeasyPrint, the golden and browser) tests."""
    site: Built = request.getfixturevalue(
        "weasyprint_site" if engine == "weasyprint" else "golden_site"
    )
    return site.output


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
def test_pdf_is_tagged_with_language_and_embedded_fonts(
    printed: Path, engine: str, folder: str
) -> None:
    reader = PdfReader(printed / folder / "gene-therapy.pdf")
    root: Any = reader.trailer["/Root"]
    expected = TYPST_LANG.get(folder, PUBLISHED[folder]) if engine == "typst" else PUBLISHED[folder]
    assert root["/Lang"] == expected
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    # PDF/UA-1 claimed in the XMP metadata, with the title shown instead of the file name.
    metadata = root["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfuaid:part(>|=\")1", metadata), metadata[:400]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    fonts = _fonts(reader)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts


@pytest.mark.parametrize("folder", ["zh_Hans", "ko", "ar"])
def test_scripts_get_their_own_fonts(printed: Path, engine: str, folder: str) -> None:
    """Simplified Chinese glyphs come from the SC font, not the Japanese one."""
    names = [name for name, _ in _fonts(PdfReader(printed / folder / "gene-therapy.pdf"))]
    assert any(FAMILIES[engine][folder] in name for name in names), names
    assert not any("CJK-JP" in name or "CJKjp" in name for name in names)


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


def test_page_size_letter_by_default_a4_by_config(
    printed: Path, engine: str, tmp_path: Path
) -> None:
    box = PdfReader(printed / "en/gene-therapy.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 x 11 in
    root = _project(tmp_path / "a4", engine)
    set_config(root, paper="a4", languages=["es"])
    run_build(root)
    box = PdfReader(root / "output/es/gene-therapy.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# The determinism check builds every handout again with Typst (a few milliseconds a PDF).
# WeasyPrint takes most of a second a PDF: it builds English, Arabic and Chinese again,
# alone and bilingual (Latin, right to left, CJK, mixed scripts); a handout's PDF does not
# depend on which other languages are built.
AGAIN_WITH_WEASYPRINT = ["ar", "zh-Hans"]


def test_pdf_builds_are_byte_identical(printed: Path, engine: str, tmp_path: Path) -> None:
    root = _project(tmp_path / "again", engine)
    if engine == "weasyprint":
        set_config(root, languages=AGAIN_WITH_WEASYPRINT, required_languages=AGAIN_WITH_WEASYPRINT)
    run_build(root, bilingual=True, jobs=1)  # another process layout, the same bytes
    again = root / "output"
    built = sorted(pdf.relative_to(again).as_posix() for pdf in again.rglob("*.pdf"))
    if engine == "typst":
        assert built == sorted(
            pdf.relative_to(printed).as_posix() for pdf in printed.rglob("*.pdf")
        )
    else:
        assert built == [
            "ar/gene-therapy.bilingual.pdf",
            "ar/gene-therapy.pdf",
            "en/gene-therapy.pdf",
            "zh_Hans/gene-therapy.bilingual.pdf",
            "zh_Hans/gene-therapy.pdf",
        ]
    for name in built:
        assert (again / name).read_bytes() == (printed / name).read_bytes(), name


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


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_long_handout_gets_a_warning(tmp_path: Path, engine_name: str) -> None:
    root = tmp_path / "long"
    shutil.copytree(ROOT / "source", root / "source")
    (root / "locales").mkdir()
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    set_config(root, languages=[], pdf_engine=engine_name)
    article = root / "source/gene-therapy.md"
    text = article.read_text("utf-8")
    article.write_text(
        text + "\n## More\n\n" + text.split("---", 2)[2].replace("## ", "### "), "utf-8"
    )
    result = run_build(root)
    assert any(re.search(r"prints on \d+ pages; aim for 2", w) for w in result.warnings)
