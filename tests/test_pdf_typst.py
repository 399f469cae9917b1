"""The Typst PDF engine (issue 20, pipeline/pdf_typst.py): a translation is data, never
Typst markup; the setting is checked; switching engines prints the PDFs again and nothing
else; no date in the PDF."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib
import pypdfium2
import pytest
from conftest import REST_ARTICLE, set_config
from pdf_layout import read_lines

from pipeline.build import run_build
from pipeline.config import load_config
from pipeline.errors import InputError
from pipeline.pdf_typst import typst_data

# Every character Typst markup gives a meaning: code, strong, emphasis, content blocks,
# math, escapes and line breaks, labels, references, raw text, comments.
HOSTILE = (
    "Beba agua #set page(fill: red) *fuerte* _énfasis_ [bloque] $x^y$ \\ <etiqueta @ref "
    "`crudo` // nota /* fin"
)


@pytest.fixture
def typst_library(project: Path) -> Path:
    for article in (project / "source").glob("*.md"):
        article.unlink()
    (project / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    set_config(project, publish_threshold=0, pdf_engine="typst", languages=["es", "ar"])
    first = run_build(project, jobs=1)
    assert first.problems == []
    return project


def _translate(root: Path, lang: str, msgid: str, msgstr: str) -> None:
    path = root / f"locales/{lang}/LC_MESSAGES/rest.po"
    catalog = polib.pofile(str(path))
    entry = catalog.find(msgid)
    assert entry is not None
    entry.msgstr = msgstr
    catalog.save()


def _squeezed(pdf: Path) -> str:
    return "".join("".join(line.text for line in read_lines(pdf)).split())


def test_a_translation_cannot_inject_typst_markup(typst_library: Path) -> None:
    _translate(typst_library, "es", "Drink water.", HOSTILE)
    result = run_build(typst_library, jobs=1)
    assert result.problems == []
    pdf = typst_library / "output/es/rest.pdf"
    assert "output/es/rest.pdf" in result.written
    # Every character prints as written, in order ...
    assert "".join(HOSTILE.split()) in _squeezed(pdf)
    # ... and none of it ran: the page is not red, the text not struck through to a comment.
    document = pypdfium2.PdfDocument(pdf)
    try:
        corner = document[0].render(scale=0.25).to_pil().convert("RGB").getpixel((2, 2))
    finally:
        document.close()
    assert corner == (255, 255, 255)


def test_right_to_left_text_holds_the_hostile_characters_too(typst_library: Path) -> None:
    _translate(typst_library, "ar", "Drink water.", "اشرب الماء #strong[س] $ص$ *ع* @ط <ظ.")
    result = run_build(typst_library, jobs=1)
    assert result.problems == []
    printed = _squeezed(typst_library / "output/ar/rest.pdf")
    # PDFium gives Arabic in visual order and may mirror brackets: count, not read.
    assert "strong" in printed
    for character in "#$*@":
        assert printed.count(character) == 1 + (character == "$") + (character == "*"), character
    assert printed.count("[") + printed.count("]") == 2


def test_an_unknown_pdf_engine_is_one_clear_sentence(project: Path) -> None:
    set_config(project, pdf_engine="latex")
    with pytest.raises(InputError) as raised:
        load_config(project)
    assert str(raised.value) == (
        'pyproject.toml: [tool.handouts] pdf_engine must be "weasyprint" or "typst".'
    )
    set_config(project, pdf_engine="typst")
    assert load_config(project).pdf_engine == "typst"
    set_config(project, pdf_engine="weasyprint")
    assert load_config(project).pdf_engine == "weasyprint"


def test_switching_the_engine_prints_the_pdfs_again_and_nothing_else(
    typst_library: Path,
) -> None:
    before = {p: p.read_bytes() for p in (typst_library / "output").glob("*/rest.pdf")}
    set_config(typst_library, pdf_engine="weasyprint")
    result = run_build(typst_library, jobs=1)
    assert result.problems == []
    assert result.written
    assert all(p.endswith((".pdf", ".png")) for p in result.written), result.written
    assert {p for p in result.written if p.endswith(".pdf")} == {
        p.relative_to(typst_library).as_posix() for p in before
    }
    for path, data in before.items():
        assert path.read_bytes() != data  # the other engine's PDF


def test_a_typst_pdf_has_no_date_and_says_its_title(typst_library: Path) -> None:
    from pypdf import PdfReader

    data = (typst_library / "output/es/rest.pdf").read_bytes()
    assert b"/CreationDate" not in data
    assert b"/ModDate" not in data
    root: Any = PdfReader(typst_library / "output/es/rest.pdf").trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "Rest after treatment" in xmp.split("<dc:title>", 1)[1].split("</dc:title>", 1)[0]
    assert "xmp:CreateDate" not in xmp
    record = json.loads(
        next((typst_library / "output/.cache/pdf").rglob("*.json")).read_text("utf-8")
    )
    assert set(record) == {"html", "pdf", "pages"}


def test_a_process_that_printed_with_typst_can_still_build_in_parallel(
    typst_library: Path,
) -> None:
    """Typst's threads do not survive fork(): after printing in-process, the build's
    workers start from a fresh process (forkserver), and the build finishes."""
    (typst_library / "source/second.md").write_text(
        REST_ARTICLE.replace("slug: rest", "slug: second").replace("Drink water.", "Sleep."),
        "utf-8",
    )
    script = (
        "import shutil, sys; from pathlib import Path; from pipeline.build import run_build\n"
        "root = Path(sys.argv[1])\n"
        "shutil.rmtree(root / 'output')\n"
        "assert run_build(root, ['source/rest.md'], jobs=1).problems == []  # prints here\n"
        "shutil.rmtree(root / 'output')\n"
        "result = run_build(root, jobs=2)\n"
        "assert result.problems == [], result.problems\n"
    )
    # In a child process group: a deadlock fails the test (and its workers are ended)
    # instead of hanging it.
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(typst_library)], start_new_session=True
    )
    try:
        assert child.wait(timeout=300) == 0
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert (typst_library / "output/es/second.pdf").is_file()


def test_a_bilingual_typst_handout_marks_the_english_as_english(typst_library: Path) -> None:
    from pypdf import PdfReader

    _translate(typst_library, "es", "Drink water.", "Beba agua.")
    _translate(typst_library, "es", "Rest after treatment", "Descanso después del tratamiento")
    set_config(typst_library, bilingual=True)
    assert run_build(typst_library, jobs=1).problems == []
    english_spans = {}
    for name in ("rest", "rest.bilingual"):
        reader = PdfReader(typst_library / f"output/es/{name}.pdf")
        root: Any = reader.trailer["/Root"]
        assert root["/Lang"] == "es"
        english_spans[name] = _english_marks(reader)
    # Both name the English title and the source in English; the bilingual one adds the
    # English under the title and under the block, each tagged as English.
    assert english_spans["rest.bilingual"] >= english_spans["rest"] + 2, english_spans
    printed = _squeezed(typst_library / "output/es/rest.bilingual.pdf")
    assert "Bebaagua." in printed
    assert "Drinkwater." in printed


def _english_marks(reader: Any) -> int:
    """Places marked English: structure elements with /Lang en and marked content."""
    found = 0
    for page in reader.pages:
        found += page.get_contents().get_data().count(b"/Lang(en)")
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, dict):
            continue
        found += node.get("/Lang") == "en"
        kids = node.get("/K")
        stack += kids if isinstance(kids, list) else [] if kids is None else [kids]
    return found


def test_the_typst_data_is_json_text_never_markup() -> None:
    """typst_data: the document as sorted JSON, a translation's words as data."""
    from conftest import article_of, translations_of

    from pipeline.locales import locale_info
    from pipeline.localize import localize

    spanish = {"Test": "Prueba", "Rest.": 'Descanse #set text(red) "y" [beba] *agua*.'}
    document, _ = localize(
        article_of("Rest.\n"), translations_of(spanish), None, locale=locale_info("es", origin="t")
    )
    text = typst_data(document)
    assert text == typst_data(document)  # the same document, the same bytes
    assert 'Descanse #set text(red) \\"y\\" [beba] *agua*.' in text  # quoted as JSON text
    assert json.loads(text) == json.loads(json.dumps(json.loads(text), sort_keys=True))


def test_warming_reads_the_faces_the_template_prints_chinese_and_korean_in() -> None:
    """Issue 20: `warm_typst` reads, beside an article's build, the Noto CJK faces that
    templates/handout.typ sets Chinese and Korean in: the names must be the template's,
    and fonts the build may use, or the warming reads nothing useful."""
    import re
    import threading
    from importlib import resources

    from pipeline.pdf_engine import TYPST_FONT_FOLDERS, fork_is_safe, warm_typst
    from pipeline.pdf_typst import LARGE_FACES, SCRIPTS, shared_fonts

    template = resources.files("pipeline").joinpath("templates/handout.typ").read_text("utf-8")
    for language, face in LARGE_FACES.items():
        first_font = re.search(
            rf"^\s*{SCRIPTS[language]}: \(.*fonts: \(\"([^\"]+)\"", template, re.M
        )
        assert first_font is not None
        assert first_font.group(1) == face
    assert set(LARGE_FACES.values()) <= set(shared_fonts(TYPST_FONT_FOLDERS).families())
    warm_typst(["es", "zh", "ko"])
    warming = [t for t in threading.enumerate() if t.name == "warm"]
    for thread in warming:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in warming)
    assert not fork_is_safe()  # Typst has started: workers now start from a fresh process
