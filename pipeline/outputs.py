"""Writing outputs: atomically, only when the bytes change, inside output/ or locales/, each
file and each failure noted in the command's Result; stale handouts removed."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Outcome, Problem
from pipeline.files import write_bytes_if_changed
from pipeline.layout import Layout
from pipeline.pdf_engine import PrintJob, engine, print_unless_unchanged
from pipeline.terminal import (
    Result,
)


def write_output(root: Path, result: Result, path: Path, text: str) -> None:
    write_output_bytes(root, result, path, text.encode("utf-8"))


def write_output_bytes(
    root: Path, result: Result, path: Path, data: bytes, *, within: Path | None = None
) -> None:
    """Write one output; a failure is reported and costs only this file."""
    shown = Layout(root).shown(path)
    result.targets.append(shown)
    try:
        if write_bytes_if_changed(path, data, within=within or Layout(root).writable_folder(path)):
            result.written.append(shown)
    except OSError as error:
        result.problems.append(
            Problem(f"{shown}: cannot be written: {error.strerror or error}.", Outcome.INPUT)
        )


def write_pdf(
    root: Path,
    result: Result,
    path: Path,
    job: PrintJob,
    *,
    limit: int,
    preview: Path | None = None,
) -> None:
    # Issue 20 (pipeline/pdf_engine.py): a warm renderer per process, and no render at
    # all when this PDF's HTML is unchanged since the last build (nor a new preview).
    layout = Layout(root)
    document = print_unless_unchanged(job, path, layout.pdf_record(path))
    if document.pages > limit:
        result.warnings.append(
            f"{layout.shown(path)}: the handout prints on {document.pages} pages; "
            f"aim for {limit} or fewer (shorten the article or its translation)."
        )
    if document.data is None:  # unchanged: the PDF is current (its preview unless deleted)
        result.targets.append(layout.shown(path))
        if preview is not None and preview.is_file():
            result.targets.append(layout.shown(preview))
        elif preview is not None:
            write_output_bytes(root, result, preview, engine().preview(path.read_bytes()))
        return
    write_output_bytes(root, result, path, document.data)
    if preview is not None:
        write_output_bytes(root, result, preview, engine().preview(document.data))


def remove_output(root: Path, path: Path) -> None:
    """Delete a stale output file, only inside output/ and never through a link."""
    output = Layout(root).output.resolve()
    if path.is_symlink() or not path.resolve().is_relative_to(output):
        return
    path.unlink(missing_ok=True)
