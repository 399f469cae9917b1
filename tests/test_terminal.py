"""pipeline/terminal.py: the rows and tables commands show."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.catalog import CatalogStats
from pipeline.errors import Outcome, Problem
from pipeline.pdf_engine import PdfRequest, PrintJob
from pipeline.terminal import (
    NOTHING,
    STATUS_COLUMNS,
    Effects,
    Result,
    status_row,
    status_table,
    total,
)


def test_a_status_row_gives_entries_and_words_by_state() -> None:
    stats = CatalogStats(
        total=10, translated=6, fuzzy=2, untranslated=1, obsolete=3, words_total=100,
        words_translated=60, words_fuzzy=20, words_untranslated=10, held=1, words_held=10,
    )  # fmt: skip
    row = status_row("gene-therapy", "es", stats, published="60%", state="not ready")
    assert row == (
        "gene-therapy", "es", "6 / 60", "2 / 20", "1 / 10", "1 / 10", "3", "60%", "not ready",
    )  # fmt: skip
    assert len(row) == len(STATUS_COLUMNS)


def test_a_catalog_that_cannot_be_read_has_dashes_not_zeros() -> None:
    row = status_row("a", "fr", None, published="0%", state="cannot be read")
    assert row[2:7] == ("—",) * 5
    table = status_table([row])
    assert table.columns == STATUS_COLUMNS
    assert table.rows == [row]


def test_effects_add_up_in_order_and_notices_become_warnings() -> None:
    """Steps return frozen Effects; the orchestrator adds them up once into a Result."""
    bad = Problem("a.po:3: this string opens a quote that never closes.", Outcome.INPUT)
    fuzzy = Problem("a.po:9: this msgstr is fuzzy.", Outcome.OK)
    first = Effects.of([bad, fuzzy])
    assert (first.problems, first.warnings) == ((bad,), ("a.po:9: this msgstr is fuzzy.",))
    second = Effects(written=("output/es/a.html",), targets=("output/es/a.html",), notes=("n",))
    result = Result.of(total([first, NOTHING, second]), summary="1 file written.")
    assert result.problems == [bad]
    assert result.warnings == ["a.po:9: this msgstr is fuzzy."]
    assert (result.written, result.notes, result.summary) == (
        ["output/es/a.html"],
        ["n"],
        "1 file written.",
    )
    assert first + second == total([first, second])
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.problems = ()  # type: ignore[misc]


def test_a_pdf_asked_for_is_carried_to_the_result_never_dropped(tmp_path: Path) -> None:
    """A step's PDFs asked for add up with its other effects, and a Result refuses one
    never printed (a build that forgot it would report a handout it did not write)."""
    request = PdfRequest(tmp_path, tmp_path / "a.pdf", PrintJob("typst", "{}"), 2, "es")
    asked = Effects(to_print=(request,)) + Effects(written=("output/es/a.html",))
    assert asked.to_print == (request,)
    with pytest.raises(AssertionError, match="never printed"):
        Result.of(asked)
