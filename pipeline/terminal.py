"""What a command shows on the terminal: each step's Effects (problems, warnings, lines,
tables, files written), the Result they add up to, and the tables made from readability
reports; cli.py draws them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.catalog import CatalogStats
from pipeline.errors import Outcome, Problem
from pipeline.model import Article
from pipeline.pdf_engine import PdfRequest
from pipeline.records import quick_init
from pipeline.report import (
    Comparison,
    characters_per_sentence,
    is_ungraded,
    section_rows,
    whole_grade,
    words_per_sentence,
)
from pipeline.scores import FormulaResult, ReadabilityReport


@dataclass(frozen=True, slots=True)
class SummaryTable:
    """A table for the terminal; cli.py draws it."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@quick_init
@dataclass(frozen=True, slots=True)
class Effects:
    """What one step did that its command reports: problems, warnings, lines and tables
    for the terminal, files written. A step returns its own and never edits another's;
    the orchestrator adds them up once (`total`) into the command's Result."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()  # stderr, exit code unchanged
    notes: tuple[str, ...] = ()  # stdout, left out by --quiet
    messages: tuple[str, ...] = ()  # stdout
    tables: tuple[SummaryTable, ...] = ()
    written: tuple[str, ...] = ()  # files whose bytes changed
    targets: tuple[str, ...] = ()  # every file the step produced
    # PDFs asked for and not printed yet: the build prints them where it chooses
    # (articles.py) and adds what printing did; a command's Result never holds one.
    to_print: tuple[PdfRequest, ...] = ()

    def __add__(self, other: Effects) -> Effects:
        return total((self, other))

    @staticmethod
    def of(problems: Iterable[Problem]) -> Effects:
        """Problems: those that fail the command stay problems, notices (Outcome.OK)
        become warnings."""
        found = tuple(problems)
        return Effects(
            problems=tuple(p for p in found if p.outcome is not Outcome.OK),
            warnings=tuple(p.message for p in found if p.outcome is Outcome.OK),
        )


NOTHING = Effects()


def total(parts: Iterable[Effects]) -> Effects:
    """Steps' effects in order, as one record."""
    gathered: dict[str, list[Any]] = {f.name: [] for f in dataclasses.fields(Effects)}
    for part in parts:
        for name, found in gathered.items():
            found.extend(getattr(part, name))
    return Effects(**{name: tuple(found) for name, found in gathered.items()})


@dataclass(frozen=True, slots=True)
class Result:
    """What a command did, made once from its steps' effects: lines and tables for the
    terminal, problems for stderr; cli.py shows it."""

    messages: list[str] = field(default_factory=list)
    tables: list[SummaryTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # stderr, exit code unchanged
    notes: list[str] = field(default_factory=list)  # stdout, left out by --quiet
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    targets: list[str] = field(default_factory=list)  # every file the command produced
    data: dict[str, Any] = field(default_factory=dict)  # machine-readable results (--json)
    summary: str = ""  # one line, printed even with --quiet

    @staticmethod
    def of(effects: Effects, *, summary: str = "", data: dict[str, Any] | None = None) -> Result:
        assert not effects.to_print, "a PDF was asked for and never printed"
        return Result(
            messages=list(effects.messages),
            tables=list(effects.tables),
            problems=list(effects.problems),
            warnings=list(effects.warnings),
            notes=list(effects.notes),
            written=list(effects.written),
            targets=list(effects.targets),
            data=data or {},
            summary=summary,
        )


def reading_level(report: ReadabilityReport) -> str:
    """The article's level in the language's own validated formula, or why there is none."""
    if is_ungraded(report):
        return "too little translated to grade"
    if not report.formulas:
        return "no validated readability formula for this language"
    key = report.primary or report.formulas[-1].key
    result = next((r for r in report.article.results if r.key == key), None)
    if result is None:
        return "not scored"
    info = next(f for f in report.formulas if f.key == key)
    band = f" ({result.band})" if result.band else ""
    if info.kind == "grade":
        return f"{info.label} {whole_grade(result.value, info.uncertainty or 0.0)}{band}"
    return f"{info.label} {result.value:.1f}{band}"


def plain_level(report: ReadabilityReport) -> str:
    """The reading level as clinic staff read it: a school grade or an ease band first,
    the formula after."""
    if is_ungraded(report):
        return "too little translated to grade"
    key = report.primary or (report.formulas[-1].key if report.formulas else None)
    result = next((r for r in report.article.results if r.key == key), None)
    info = next((f for f in report.formulas if f.key == key), None)
    if result is None or info is None:
        return "no tested formula for this language"
    if info.kind == "grade":
        return f"US school grade {result.value:.0f} ({info.label})"
    plain = result.band.capitalize() if result.band else "Score"
    return f"{plain} ({info.label} {result.value:.0f})"


def summary_table(report: ReadabilityReport) -> SummaryTable:
    rows = section_rows(report)
    columns: tuple[str, ...]
    body: list[tuple[str, ...]]
    if report.primary:
        label = report.formulas[0].label
        columns = ("Section", label, "Target", "Result")
        body = [
            (
                row.label,
                "—" if row.value is None else whole_grade(row.value, report.margin),
                f"{report.target_grade:g}",
                row.status or "—",
            )
            for row in rows
        ]
        overall = report.article.value(report.primary)
        title = (
            f"{report.path} ({report.lang}): {label} {whole_grade(overall, report.margin)}"
            if overall
            else report.path
        )
    elif report.formulas:
        columns = ("Section", *(f.label for f in report.formulas))
        body = [
            (s.label, *(_with_band(s.scores.results, f.key) for f in report.formulas))
            for s in report.sections
        ]
        title = f"{report.path} ({report.lang}): {report.note}"
    else:
        columns = ("Section", "Words per sentence", "Characters per sentence")
        body = [
            (s.label, str(words_per_sentence(s) or "—"), str(characters_per_sentence(s) or "—"))
            for s in report.sections
        ]
        title = f"{report.path} ({report.lang}): {report.note}"
    return SummaryTable(title=title, columns=columns, rows=body)


def _with_band(results: tuple[FormulaResult, ...], key: str) -> str:
    found = next((r for r in results if r.key == key), None)
    if found is None:
        return "—"
    return f"{found.value:.1f} ({found.band})" if found.band else f"{found.value:.1f}"


def comparison_table(
    article: Article, rows: list[Comparison], report: ReadabilityReport
) -> SummaryTable:
    def number(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    return SummaryTable(
        title=f"{article.path}: {report.formulas[0].label} before and after",
        columns=("Section", "Before", "After", "Change"),
        rows=[
            (
                row.label,
                number(row.before),
                number(row.after),
                "—"
                if row.before is None or row.after is None
                else f"{row.after - row.before:+.1f}",
            )
            for row in rows
        ],
    )


STATUS_COLUMNS = (
    "Article",
    "Language",
    "Translated",
    "Fuzzy",
    "Untranslated",
    "Held back",
    "Obsolete",
    "Published",
    "Status",
)


def status_row(
    slug: str, lang: str, stats: CatalogStats | None, *, published: str, state: str
) -> tuple[str, ...]:
    """One row of `handouts status`: entries / English words by state."""
    counts = (
        (
            f"{stats.translated} / {stats.words_translated}",
            f"{stats.fuzzy} / {stats.words_fuzzy}",
            f"{stats.untranslated} / {stats.words_untranslated}",
            f"{stats.held} / {stats.words_held}",
            str(stats.obsolete),
        )
        if stats
        else ("—", "—", "—", "—", "—")
    )
    return (slug, lang, *counts, published, state)


def status_table(rows: Sequence[tuple[str, ...]]) -> SummaryTable:
    return SummaryTable(
        title="Translations (entries / English words)", columns=STATUS_COLUMNS, rows=rows
    )
