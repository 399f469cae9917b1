"""ReadabilityReport, LocalizedDocument -> whether each may be published, and why not."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

from pipeline.errors import Outcome, Problem
from pipeline.model import (
    Article,
    LocalizedDocument,
    Readiness,
    Translations,
)
from pipeline.publishable import Hold
from pipeline.scores import ReadabilityReport

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


# Every language of an article counts the same English sentences: each is counted once
# (the cache holds more than an article's sentences).
@functools.lru_cache(maxsize=1024)
def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def readiness(article: Article, document: LocalizedDocument, *, threshold: float) -> Readiness:
    """Share of the article's English words that are translated, and critical sections
    that still show English. Counted in words: a one-word heading is not worth as much
    as a paragraph."""
    fallback = {
        s.segment_id
        for s in (*document.title, *(s for b in document.blocks for s in b.sentences))
        if s.is_fallback
    }
    total = translated = 0
    missing: list[str] = []
    for segment in article.segments:
        words = _word_count(segment.text)
        total += words
        if segment.segment_id in fallback:
            critical = [c for c in article.meta.critical_sections if c in segment.section]
            missing += [c for c in critical if c not in missing]
        else:
            translated += words
    return Readiness(
        lang=document.lang,
        words_total=total,
        words_translated=translated,
        untranslated_critical=tuple(missing),
        threshold=threshold,
    )


def shown_percent(ready: Readiness) -> str:
    """The share translated, never rounded up to the threshold it has not reached."""
    whole = f"{ready.percent:.0f}"
    if ready.percent < ready.threshold and float(whole) >= ready.threshold:
        return f"{min(ready.percent, ready.threshold - 0.1):.1f}"
    return whole


def readiness_problem(article: Article, ready: Readiness, *, catalog: str) -> Problem | None:
    """A not-ready translation -> one message saying why (a content gate, exit 1)."""
    if ready.is_ready:
        return None
    reasons = []
    if ready.percent < ready.threshold:
        reasons.append(
            f"{shown_percent(ready)}% of the English words are translated and published "
            f"(the threshold is {ready.threshold:g}%)"
        )
    for section in ready.untranslated_critical:
        reasons.append(f"the critical section “{section}” still has English in it")
    return Problem(
        f"{catalog}: the {ready.lang} handout of {article.path} is not published: "
        f"{'; '.join(reasons)}.",
        Outcome.CONTENT,
    )


def held_back(
    keys: Iterable[tuple[str | None, str]], translations: Translations, *, is_printed: bool
) -> list[Problem]:
    """Each entry of these sentences that a handout shows in English, and why, as
    `path:line: why`. A translation that disagrees with the English is bad input (exit
    2); a fuzzy one waits for its translator and an untranslated one is named when its
    handout prints anyway (notices: Outcome.OK, the exit code unchanged)."""
    problems = []
    for key in dict.fromkeys(keys):
        held = translations.held.get(key)
        if held is None:
            continue
        where = f"{translations.path}:{held.line}"
        if held.hold == Hold.UNSAFE:
            problems.append(
                Problem(
                    f"{where}: {held.reasons[0]}; the English sentence is shown instead.",
                    Outcome.INPUT,
                )
            )
        elif held.hold == Hold.FUZZY:
            changed = (
                f", and the English changed: {'; '.join(held.reasons)}" if held.reasons else ""
            )
            problems.append(
                Problem(
                    f"{where}: this msgstr is fuzzy{changed}; the English sentence is printed "
                    "until a translator checks the translation and removes the fuzzy flag.",
                    Outcome.OK,
                )
            )
        elif held.hold == Hold.UNTRANSLATED and is_printed:
            problems.append(
                Problem(
                    f"{where}: this msgid is not translated yet; the English sentence is printed.",
                    Outcome.OK,
                )
            )
    return problems


def unfinished_problems(article: Article) -> list[Problem]:
    """Front-matter values left for the editor -> one sentence each (a content gate)."""
    return [
        Problem(f"{article.path}:{field.line}: {field.sentence}", Outcome.CONTENT)
        for field in article.meta.unfinished
    ]


def grade_problems(report: ReadabilityReport, *, max_grade: float) -> list[Problem]:
    """Each section above the grade limit by more than the formula's uncertainty -> a
    problem naming it (exit 1); within the margin a section is at target."""
    if report.primary is None or not report.formulas:
        return []
    problems = []
    for section in report.sections:
        graded = report.target_grade_of(section.scores)
        if graded is None:
            continue
        value, info = graded
        label, margin = info.label, info.uncertainty or 0.0
        if value > max_grade + margin:
            shown = f"{math.floor(value + 0.5):d}" + (f" ± {margin:.1f}" if margin else "")
            problems.append(
                Problem(
                    f"{report.path}:{section.line}: section “{section.label}” reads at grade "
                    f"{shown} ({label}, {value:.1f}); the target is {max_grade:g}, so it is "
                    "above the target by more than the formula's uncertainty.",
                    Outcome.CONTENT,
                )
            )
    return problems
