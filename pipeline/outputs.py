"""Writing outputs: atomically, only when the bytes change, inside output/ or locales/, each
file and each failure noted in the command's Result; stale handouts removed."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Outcome, Problem
from pipeline.files import write_bytes_if_changed
from pipeline.layout import Layout
from pipeline.render_pdf import preview_png, render_pdf
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
    root: Path, result: Result, path: Path, html: str, *, limit: int, preview: Path | None = None
) -> None:
    document = render_pdf(html)
    if document.pages > limit:
        result.warnings.append(
            f"{Layout(root).shown(path)}: the handout prints on {document.pages} pages; "
            f"aim for {limit} or fewer (shorten the article or its translation)."
        )
    write_output_bytes(root, result, path, document.data)
    if preview is not None:
        write_output_bytes(root, result, preview, preview_png(document.data))


def remove_output(root: Path, path: Path) -> None:
    """Delete a stale output file, only inside output/ and never through a link."""
    output = Layout(root).output.resolve()
    if path.is_symlink() or not path.resolve().is_relative_to(output):
        return
    path.unlink(missing_ok=True)
