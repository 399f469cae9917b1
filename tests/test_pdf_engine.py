"""The warm PDF engine and PDF-only rebuilds (issue 20): same bytes, fewer renders, with
either PDF engine (WeasyPrint, Typst)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REST_ARTICLE, set_config, translate

from pipeline.build import run_build
from pipeline.pdf_engine import TYPST_FONT_FOLDERS, PdfEngine, PrintJob
from pipeline.pdf_typst import TypstPrinter
from pipeline.render_pdf import render_pdf

REST = REST_ARTICLE


@pytest.fixture(params=["weasyprint", "typst"])
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def small_library(project: Path, engine_name: str) -> Path:
    """One short article in every configured language (English where untranslated)."""
    for article in (project / "source").glob("*.md"):
        article.unlink()
    (project / "source/rest.md").write_text(REST, "utf-8")
    set_config(project, publish_threshold=0, pdf_engine=engine_name)
    first = run_build(project, jobs=1)
    assert first.problems == []
    assert len([p for p in first.written if p.endswith(".pdf")]) >= 7
    return project


def test_warm_engine_gives_the_bytes_of_a_cold_render(
    small_library: Path, engine_name: str
) -> None:
    pages = sorted((small_library / "output").glob("*/rest.pdf"))
    jobs = {}
    # The build's own PDFs came from the warm engine; a cold render of the same input
    # (print HTML, or Typst data), in a fresh engine and in the other order, gives the
    # same bytes.
    records = sorted((small_library / "output/.cache/pdf").rglob("*.json"))
    assert len(records) == len(pages)
    engine = PdfEngine()
    for pdf in reversed(pages):
        job = _print_job(small_library, pdf)
        assert job.engine == engine_name
        jobs[pdf] = job
        assert engine.print(job).data == pdf.read_bytes()
    if engine_name == "typst":
        cold = TypstPrinter(TYPST_FONT_FOLDERS).render(jobs[pages[0]].source)
    else:
        cold = render_pdf(jobs[pages[0]].source).data
    assert cold == pages[0].read_bytes()
    assert engine.documents == len(pages)
    assert engine.seconds["layout"] > 0
    assert engine.seconds["fonts"] > 0


def test_one_translated_sentence_rewrites_that_language_only(small_library: Path) -> None:
    translate(small_library, "es/LC_MESSAGES/rest.po", "Drink water.", "Beba agua.")
    result = run_build(small_library, jobs=1)
    assert result.problems == []
    printed = {p for p in result.written if p.endswith((".pdf", ".png"))}
    assert printed == {"output/es/rest.pdf", "output/es/rest.png"}
    # Handouts in Spanish only; besides them, Spanish's report and the index.
    others = {p for p in result.written if not p.startswith(("output/es/", "locales/es/"))}
    assert {p for p in others if not p.startswith("output/reports/rest.es.")} <= {
        "output/index.html"
    }, others
    assert "Beba agua." in (small_library / "output/es/rest.html").read_text("utf-8")


def test_a_print_setting_rewrites_pdfs_only(small_library: Path) -> None:
    set_config(small_library, paper="a4")  # the print HTML's @page size, nothing else
    result = run_build(small_library, jobs=1)
    assert result.problems == []
    assert result.written
    assert all(p.endswith((".pdf", ".png")) for p in result.written), result.written
    pdfs = [p for p in result.written if p.endswith(".pdf")]
    assert len(pdfs) == len(list((small_library / "output").glob("*/rest.pdf")))


def test_a_pdf_changed_by_hand_is_printed_again(small_library: Path) -> None:
    pdf = sorted((small_library / "output").glob("*/rest.pdf"))[0]
    original = pdf.read_bytes()
    pdf.write_bytes(b"%PDF-1.7 broken")
    (small_library / "output/.cache/build.json").unlink()  # the article is built again
    result = run_build(small_library, jobs=1)
    assert pdf.read_bytes() == original
    assert [p for p in result.written if p.endswith(".pdf")] == [
        pdf.relative_to(small_library).as_posix()
    ]


def _print_job(root: Path, pdf: Path) -> PrintJob:
    """What the build printed `pdf` from, made again by the same functions."""
    from pipeline.config import load_config
    from pipeline.inputs import load_article
    from pipeline.publish import print_job
    from pipeline.translations import localize_all

    config = load_config(root)
    article = load_article(root, root / "source/rest.md")
    localized, _ = localize_all(root, config, article)  # returns what it reports beside
    for item in localized:
        if item.locale.gettext_name == pdf.parent.name:
            return print_job(item.document, config)
    raise AssertionError(f"no language for {pdf}")


# WeasyPrint as it comes, in a process of its own that never imports the pipeline (whose
# engine changes when WeasyPrint copies font files): print HTML on stdin -> PDF on stdout.
_STOCK_WEASYPRINT = """
import sys, weasyprint
import weasyprint.pdf.fonts
if sys.argv[1] == "fonttools":
    weasyprint.pdf.fonts.harfbuzz_subset = None
document = weasyprint.HTML(string=sys.stdin.read()).render(pdf_variant="pdf/ua-1")
sys.stdout.buffer.write(document.write_pdf(pdf_variant="pdf/ua-1"))
"""
_CHINESE = (
    '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>休息</title>'
    "<style>body { font-family: 'Noto Sans CJK SC', sans-serif }</style></head>"
    "<body><h1>多休息</h1><p>每天喝 8 杯水，<b>按时吃药</b>。Rest for 2 days.</p></body></html>"
)
_SPANISH = (
    '<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Descanso</title>'
    "<style>body { font-family: 'Liberation Sans', sans-serif }</style></head>"
    "<body><h1>Descanse</h1><p>Beba 8 vasos de agua al día. <b>Tome sus pastillas</b>.</p>"
    "</body></html>"
)


@pytest.mark.parametrize(("subsetter", "html"), [("harfbuzz", _CHINESE), ("fonttools", _SPANISH)])
def test_weasyprint_copies_a_font_file_only_when_it_is_read(
    monkeypatch: pytest.MonkeyPatch, subsetter: str, html: str
) -> None:
    """Issue 20, memory: WeasyPrint copies each font's whole file (20 MB a weight for
    Noto Sans CJK) that HarfBuzz-Subset never reads; the engine lets it copy one only
    when read (fontTools' subsetter, where HarfBuzz-Subset is missing, reads it). Either
    way the PDF is the bytes stock WeasyPrint writes."""
    import subprocess
    import sys
    import tracemalloc

    import weasyprint.pdf.fonts

    if subsetter == "fonttools":
        monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
        # fontTools stamps the time into each subset it saves, unless told a date
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    engine = PdfEngine()
    tracemalloc.start()
    try:
        data = engine.render(html).data
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    stock = subprocess.run(
        [sys.executable, "-c", _STOCK_WEASYPRINT, subsetter],
        input=html.encode(),
        capture_output=True,
        check=True,
    ).stdout
    assert data == stock
    if subsetter == "harfbuzz":  # two weights of Noto Sans CJK: 40 MB copied before
        assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MB of Python objects at the peak"


def test_a_print_job_gives_back_its_input_also_after_crossing_processes() -> None:
    """A job's input is kept compressed (a build holds some until its workers end);
    what the engine reads is the text it was made from, also once pickled to this
    process by a worker."""
    import pickle

    text = '{"lang": "ko", "title": "휴식 — rest 休息 راحة"}' * 200
    job = PrintJob("typst", text)
    assert job.source == text
    again = pickle.loads(pickle.dumps(job))
    assert (again.engine, again.source) == ("typst", text)
    assert again == job
    assert len(pickle.dumps(job)) < len(text.encode()) / 10
