"""Editor's notes around a report: the original's lost facts, rewrites and score cards.

An edge like build.py (it reads the original an article names), kept apart so build.py
does not grow: build, check and serve all ask it for the same notes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.diagnose import SENTENCE_FORMULA, plain_words
from pipeline.errors import InputError, Outcome, Problem
from pipeline.facts import missing_facts
from pipeline.files import read_text
from pipeline.model import Article
from pipeline.readability import regrade
from pipeline.scorecard import score_cards
from pipeline.scores import (
    EditorNotes,
    Fact,
    ReadabilityReport,
    Scores,
    SentenceDiagnosis,
)
from pipeline.segment import segment_article
from pipeline.source import parse_source
from pipeline.suggest import plain_definitions, suggest_rewrites

ORIGINALS = "originals"  # source/originals/<slug>.md: imported texts kept for comparison


def lost_facts(root: Path, article: Article) -> tuple[str, tuple[Fact, ...]] | None:
    """The original an article names (as shown) and the facts of it the article leaves
    out; None when it names none."""
    original = article.meta.original
    if original is None:
        return None
    path = root / "source" / original
    shown = path.relative_to(root).as_posix()
    if not path.is_file():
        raise InputError(
            f"the original '{original}' is not a file in source/; put the imported text "
            f"there (as source/{ORIGINALS}/{article.meta.slug}.md) or remove the key.",
            path=article.path,
            line=article.meta.original_line,
        )
    older = segment_article(parse_source(read_text(path, shown_as=shown), path=shown))
    return shown, missing_facts(older, article)


def fact_problems(article: Article, shown: str, facts: Sequence[Fact]) -> list[Problem]:
    return [
        Problem(
            f"{shown}:{fact.line}: the plain version {article.path} leaves out the "
            f"{fact.kind_words} “{fact.text}”; say it there too.",
            Outcome.CONTENT,
        )
        for fact in facts
    ]


def editor_notes(
    root: Path,
    article: Article,
    report: ReadabilityReport,
    diagnoses: Sequence[SentenceDiagnosis],
) -> tuple[EditorNotes, list[Problem]]:
    """Suggested rewrites, score cards and the facts of the original left out; a missing
    original is reported and costs only the facts."""
    problems: list[Problem] = []
    try:
        lost = lost_facts(root, article)
    except InputError as error:
        problems.append(Problem.from_error(error))
        lost = None
    notes = EditorNotes(
        suggestions=suggest_rewrites(
            diagnoses, words=plain_words(), definitions=plain_definitions()
        ),
        cards=score_cards(article, report, words=plain_words()),
        original=lost[0] if lost else None,
        missing=lost[1] if lost else (),
    )
    return notes, problems


def grade_of(report: ReadabilityReport) -> Callable[[Scores], float | None] | None:
    if report.primary is None:
        return None
    return functools.partial(regrade, locale=report.locale, key=SENTENCE_FORMULA)
