"""outputs.py: outputs written atomically and only when their bytes change, inside output/
or locales/; each written file and each failure noted in the step's Effects; PDFs asked
for, then printed; stale handouts removed, never through a link."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Outcome
from pipeline.layout import Layout
from pipeline.outputs import (
    planned_pdfs,
    print_pdf,
    remove_output,
    request_pdf,
    save_print_plan,
    write_output,
)
from pipeline.pdf_engine import PdfRequest, PrintJob
from pipeline.pdf_typst import typst_data


def test_a_file_is_noted_as_produced_and_as_written_only_when_it_changes(tmp_path: Path) -> None:
    target = tmp_path / "output/es/a.txt"
    first = write_output(tmp_path, target, "Descanse.\n")
    again = write_output(tmp_path, target, "Descanse.\n")
    assert (first.targets, first.written) == (("output/es/a.txt",), ("output/es/a.txt",))
    assert (again.targets, again.written) == (("output/es/a.txt",), ())
    assert target.read_text("utf-8") == "Descanse.\n"


def test_a_write_that_fails_costs_that_file_only(tmp_path: Path) -> None:
    (tmp_path / "output/es/a.txt").mkdir(parents=True)  # a folder where the file goes
    result = write_output(tmp_path, tmp_path / "output/es/a.txt", "x") + write_output(
        tmp_path, tmp_path / "output/es/b.txt", "y"
    )
    assert [(p.message, p.outcome) for p in result.problems] == [
        ("output/es/a.txt: cannot be written: Is a directory.", Outcome.INPUT)
    ]
    assert result.written == ("output/es/b.txt",)


def test_stale_outputs_are_removed_only_inside_output(tmp_path: Path) -> None:
    (tmp_path / "output/es").mkdir(parents=True)
    stale = tmp_path / "output/es/old.html"
    stale.write_text("old", "utf-8")
    remove_output(tmp_path, stale)
    assert not stale.exists()
    outside = tmp_path / "source.md"
    outside.write_text("keep", "utf-8")
    remove_output(tmp_path, outside)
    link = tmp_path / "output/es/link.html"
    link.symlink_to(outside)
    remove_output(tmp_path, link)
    assert outside.read_text("utf-8") == "keep"
    assert link.is_symlink()


def test_a_pdf_is_asked_for_then_printed_once(tmp_path: Path) -> None:
    """Issue 20 (memory): a build's step asks for a PDF (nothing printed, nothing
    written); the build prints it where it chooses, and an unchanged one is not printed
    again."""
    job = PrintJob("weasyprint", '<html lang="es"><body><p>Descanse.</p></body></html>')
    pdf, preview = tmp_path / "output/es/rest.pdf", tmp_path / "output/es/rest.png"
    asked = request_pdf(tmp_path, pdf, job, limit=2, language="es", preview=preview)
    assert (asked.written, asked.targets) == ((), ())
    (request,) = asked.to_print
    assert not request.has_large_fonts
    assert not (tmp_path / "output").exists()
    printed = print_pdf(request)
    assert printed.written == ("output/es/rest.pdf", "output/es/rest.png")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert preview.read_bytes().startswith(b"\x89PNG")
    again = print_pdf(request)
    assert (again.written, again.targets) == ((), ("output/es/rest.pdf", "output/es/rest.png"))


def test_chinese_japanese_and_korean_pdfs_have_large_fonts(tmp_path: Path) -> None:
    job = PrintJob("typst", "{}")
    for language, large in (("zh", True), ("ja", True), ("ko", True), ("vi", False)):
        asked = request_pdf(tmp_path, tmp_path / "a.pdf", job, limit=2, language=language)
        assert asked.to_print[0].has_large_fonts is large


def test_a_print_plan_gives_back_its_requests_on_another_paper(tmp_path: Path) -> None:
    """Issue 20: the Typst PDFs an article asked for, kept under its build record's key,
    come back laid out for the new paper size with the new page limit (twice it for a
    bilingual PDF); another key, or a plan this code cannot read, gives None."""
    data = typst_data_of("letter")
    job, folder = PrintJob("typst", data), tmp_path / "output/es"
    single = PdfRequest(tmp_path, folder / "a.pdf", job, 2, "es", preview=folder / "a.png")
    both = PdfRequest(tmp_path, folder / "a.bilingual.pdf", job, page_limit=4, language="es")
    save_print_plan(tmp_path, "a", "key-1", [single, both], max_pages=2)
    planned = planned_pdfs(tmp_path, "a", "key-1", paper="a4", max_pages=3)
    assert planned is not None
    again = planned.to_print
    assert [(r.pdf, r.preview, r.language, r.page_limit) for r in again] == [
        (single.pdf, single.preview, "es", 3),
        (both.pdf, None, "es", 6),
    ]
    assert {r.job.source for r in again} == {typst_data_of("a4")}  # as typst_data gives it
    assert planned_pdfs(tmp_path, "a", "key-2", paper="a4", max_pages=3) is None
    assert planned_pdfs(tmp_path, "a", None, paper="a4", max_pages=3) is None
    Layout(tmp_path).print_plan("a").write_text("{", "utf-8")
    assert planned_pdfs(tmp_path, "a", "key-1", paper="a4", max_pages=3) is None
    save_print_plan(tmp_path, "a", "key-1", [], max_pages=2)  # no PDFs: no plan
    assert not Layout(tmp_path).print_plan("a").exists()


def typst_data_of(paper: str) -> str:
    from conftest import article_of

    from pipeline.locales import locale_info
    from pipeline.localize import localize

    article = article_of("## Care\n\nDrink water. Rest.\n")
    document, _ = localize(article, None, None, locale=locale_info("en", origin="t"))
    return typst_data(document, paper=paper)
