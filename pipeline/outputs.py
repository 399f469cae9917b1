"""Writing outputs: atomically, only when the bytes change, inside output/ or locales/, each
file and each failure returned as Effects; PDFs asked for, then printed where the build
chooses; stale handouts removed."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

import orjson

from pipeline.errors import Outcome, Problem
from pipeline.files import write_atomically, write_bytes_if_changed
from pipeline.layout import Layout
from pipeline.pdf_engine import PdfRequest, PrintJob, engine, print_unless_unchanged
from pipeline.pdf_typst import repapered
from pipeline.terminal import Effects


def write_output(root: Path, path: Path, text: str) -> Effects:
    return write_output_bytes(root, path, text.encode("utf-8"))


def write_output_bytes(
    root: Path, path: Path, data: bytes, *, within: Path | None = None
) -> Effects:
    """Write one output; a failure is reported and costs only this file."""
    shown = Layout(root).shown(path)
    try:
        changed = write_bytes_if_changed(
            path, data, within=within or Layout(root).writable_folder(path)
        )
    except OSError as error:
        problem = Problem(f"{shown}: cannot be written: {error.strerror or error}.", Outcome.INPUT)
        return Effects(problems=(problem,), targets=(shown,))
    return Effects(written=(shown,) if changed else (), targets=(shown,))


def request_pdf(
    root: Path,
    path: Path,
    job: PrintJob,
    *,
    limit: int,
    language: str,
    preview: Path | None = None,
) -> Effects:
    """A PDF (and its preview) in `language` to be printed from `job` into `path`, asked
    for and not printed: the build prints it where and when it chooses (`print_pdf`,
    issue 20: memory)."""
    request = PdfRequest(root, path, job, page_limit=limit, language=language, preview=preview)
    return Effects(to_print=(request,))


def print_pdf(request: PdfRequest) -> Effects:
    """Print one requested PDF and its preview, and write both; a failed write costs
    only that file."""
    # Issue 20 (pipeline/pdf_engine.py): a warm renderer per process, and no render at
    # all when this PDF's input (HTML, or Typst's data) is unchanged since the last
    # build (nor a new preview).
    root, path, preview = request.root, request.pdf, request.preview
    layout = Layout(root)
    document = print_unless_unchanged(request.job, path, layout.pdf_record(path))
    long: tuple[str, ...] = ()
    if document.pages > request.page_limit:
        long = (
            f"{layout.shown(path)}: the handout prints on {document.pages} pages; "
            f"aim for {request.page_limit} or fewer (shorten the article or its translation).",
        )
    said = Effects(warnings=long)
    if document.data is None:  # unchanged: the PDF is current (its preview unless deleted)
        said += Effects(targets=(layout.shown(path),))
        if preview is not None and preview.is_file():
            return said + Effects(targets=(layout.shown(preview),))
        if preview is not None:
            return said + write_output_bytes(root, preview, engine().preview(path.read_bytes()))
        return said
    said += write_output_bytes(root, path, document.data)
    if preview is not None:
        said += write_output_bytes(root, preview, engine().preview(document.data))
    return said


def save_print_plan(
    root: Path, slug: str, key: str, requests: Sequence[PdfRequest], *, max_pages: int
) -> None:
    """Keep the Typst PDFs an article's build asked for, under the build cache's key of
    the inputs they were made from (`planned_pdfs` reads them back). Only an optimisation:
    a plan that cannot be written, or that other requests would need, is not kept."""
    path = Layout(root).print_plan(slug)
    with contextlib.suppress(OSError):
        if not requests or any(r.job.engine != "typst" for r in requests):
            path.unlink(missing_ok=True)
            return
        layout = Layout(root)
        pdfs = [
            {
                "pdf": layout.shown(r.pdf),
                "preview": None if r.preview is None else layout.shown(r.preview),
                "language": r.language,
                "limit": r.page_limit // max_pages,  # 2 for a bilingual PDF
                "data": r.job.source,
            }
            for r in requests
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, orjson.dumps({"key": key, "pdfs": pdfs}))


def planned_pdfs(
    root: Path, slug: str, key: str | None, *, paper: str, max_pages: int
) -> Effects | None:
    """The PDFs of an article whose inputs are those of its last build (`key`, the build
    cache's) asked for again from that build's Typst data, laid out for `paper`; None
    when there is no such plan (then the article is read and localized again)."""
    try:
        plan = orjson.loads(Layout(root).print_plan(slug).read_bytes())
        if key is None or plan["key"] != key:
            return None
        requests = tuple(
            PdfRequest(
                root,
                root / pdf["pdf"],
                PrintJob("typst", repapered(pdf["data"], paper)),
                page_limit=pdf["limit"] * max_pages,
                language=pdf["language"],
                preview=None if pdf["preview"] is None else root / pdf["preview"],
            )
            for pdf in plan["pdfs"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no plan, or one this code cannot read: the article is read again
    return Effects(to_print=requests)


def remove_output(root: Path, path: Path) -> None:
    """Delete a stale output file, only inside output/ and never through a link."""
    output = Layout(root).output.resolve()
    if path.is_symlink() or not path.resolve().is_relative_to(output):
        return
    path.unlink(missing_ok=True)
