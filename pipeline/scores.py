"""Frozen records of what editors read: scores per sentence, block, section and article
(ReadabilityReport), why a sentence is hard (SentenceDiagnosis), suggested rewrites, facts
left out and SHeLL score cards. The document records live in model.py."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import IntEnum

from pipeline.locales import LocaleInfo
from pipeline.records import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class FormulaResult:
    key: str  # "flesch_kincaid", "fernandez_huerta", ...
    value: float
    band: str | None = None  # the published reading of the value, e.g. "fairly easy"


@quick_init
@dataclass(frozen=True, slots=True)
class FormulaInfo:
    """A readability formula as a report names it: what it measures and where from."""

    key: str
    label: str
    kind: str  # "grade" (US school grade, lower is easier) or "ease" (higher is easier)
    citation: str
    uncertainty: float | None = None  # grades either side of a value that mean the same
    uncertainty_source: str = ""  # where that margin comes from


@quick_init
@dataclass(frozen=True, slots=True)
class Scores:
    """Counts and formula results of one unit: a sentence, block, section or the article."""

    words: int
    sentences: int
    syllables: int  # 0 where the language has no syllable counter here
    polysyllables: int  # words of 3 or more syllables
    monosyllables: int
    long_words: int  # words of more than 6 letters
    letters: int
    characters: int  # letters and digits: the unit for Chinese
    long_sentences: int  # sentences of more than 20 words
    results: tuple[FormulaResult, ...] = ()
    # Words in sentences, for sentence length; fragments' words count in every other
    # figure. None: all the words are in sentences.
    sentence_words: int | None = None

    @property
    def words_in_sentences(self) -> int:
        return self.words if self.sentence_words is None else self.sentence_words

    def value(self, key: str) -> float | None:
        for result in self.results:  # a loop, not next(generator): asked for every sentence
            if result.key == key:
                return result.value
        return None


@quick_init
@dataclass(frozen=True, slots=True)
class ScoredSegment:
    segment_id: str
    text: str
    hard_words: tuple[str, ...]  # words of 3 or more syllables, in order
    line: int
    section: tuple[str, ...]
    anchor: str
    scores: Scores
    role: str = "sentence"  # "sentence"; "fragment": words only; "label": a title or heading


@quick_init
@dataclass(frozen=True, slots=True)
class ScoredUnit:
    """A block or section: its label, where it starts and its pooled scores."""

    key: str  # the block or section anchor
    label: str
    line: int
    scores: Scores


@quick_init
@dataclass(frozen=True, slots=True)
class ReadabilityReport:
    path: str
    slug: str
    locale: LocaleInfo  # the language scored: ask it, never parse a tag
    target_grade: float
    is_scored: bool  # False where no validated formula fits the language
    note: str  # which formulas, or why there are no grades
    formulas: tuple[FormulaInfo, ...]
    primary: str | None  # the formula whose value meets the target grade (English only)
    segments: tuple[ScoredSegment, ...]
    blocks: tuple[ScoredUnit, ...]
    sections: tuple[ScoredUnit, ...]
    article: Scores

    @property
    def lang(self) -> str:  # BCP 47
        return self.locale.tag

    @property
    def margin(self) -> float:
        """The target formula's uncertainty: a value this close to the target meets it."""
        info = next((f for f in self.formulas if f.key == self.primary), None)
        return (info.uncertainty or 0.0) if info else 0.0

    def target_grade_of(self, scores: Scores) -> tuple[float, FormulaInfo] | None:
        """The grade a unit is checked with: the target formula's, or, where the unit has
        too few sentences for it (SMOG needs 3), the first grade formula that has one."""
        if self.primary is None:
            return None
        for info in sorted(self.formulas, key=lambda f: f.key != self.primary):
            value = scores.value(info.key)
            if info.kind == "grade" and value is not None:
                return value, info
        return None


class Severity(IntEnum):
    NONE = 0
    MODERATE = 1
    SEVERE = 2


@quick_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a sentence is hard, in words an editor understands."""

    code: str  # "long", "syllables", "jargon", "acronym", "passive", "plain", "grade"
    severity: Severity
    reason: str
    suggestion: str | None  # a plainer option, with its source
    span: str = ""  # the words found, as written ("is given", "altering")
    impact: str = ""  # how much it matters, in the editor's terms


@quick_init
@dataclass(frozen=True, slots=True)
class SentenceDiagnosis:
    segment_id: str
    line: int
    section: str
    anchor: str
    text: str
    grade: float | None
    severity: Severity
    findings: tuple[Finding, ...]
    role: str = "sentence"  # "fragment" and "label" are never ranked among the hardest


@quick_init
@dataclass(frozen=True, slots=True)
class PlainWord:
    """A formal word and the plainer one a guide gives for it."""

    term: str
    plain: str
    source: str


def folded(text: str) -> str:
    """`text` as `may_occur` reads it: case-folded, with the dotted capital I and the
    dotless i made "i", as re.IGNORECASE matches them with "i"."""
    return text.casefold().replace("i\u0307", "i").replace("\u0131", "i")


PLAIN_TERM_ENDINGS = "s|es|d|ed|ing"  # a plain-word term's forms: "infusions", "treated"


@functools.cache
def plain_term_pattern(term: str) -> re.Pattern[str]:
    """A plain-word term in a sentence, ignoring case: group 1 the term as written,
    group 2 its ending (diagnose finds it, suggest rewrites it)."""
    return re.compile(rf"\b({re.escape(term)})({PLAIN_TERM_ENDINGS})?\b", re.IGNORECASE)


def may_occur(term: str, folded_text: str) -> bool:
    """False only when a pattern of `term`'s letters, matched ignoring case, cannot be in
    the text (`folded`): a substring test instead of compiling the term's pattern (a
    build compiled one for each of 45 plain-word terms, 35 ms of an article's build)."""
    return not term.isascii() or term.casefold() in folded_text


@quick_init
@dataclass(frozen=True, slots=True)
class Suggestion:
    """A hard sentence rewritten by rules the editor can accept or edit."""

    segment_id: str
    line: int
    original: str
    suggested: str  # the sentence with every rule below applied
    steps: tuple[str, ...]  # each change, with the list or guide it comes from
    questions: tuple[str, ...]  # what only the editor can answer: who acts?


@quick_init
@dataclass(frozen=True, slots=True)
class Fact:
    """Something the original says that a plain rewrite must still say."""

    kind: str  # "number", "name", "term", "condition", "negation", "hedge", "warning", "action"
    text: str  # as written in the original: "Casgevy™", "may", "14 days"
    line: int  # 1-based, in the original
    sentence: str  # the original sentence it stands in, for the editor

    @property
    def kind_words(self) -> str:
        return _FACT_KINDS.get(self.kind, self.kind)


_FACT_KINDS = {
    "number": "number or dose",
    "name": "drug, product or proper name",
    "term": "named term",
    "condition": "condition name",
    "negation": "negation",
    "hedge": "hedge",
    "warning": "warning",
    "action": "call to action",
}


@quick_init
@dataclass(frozen=True, slots=True)
class ScoreCard:
    """Plain-language measures of an article or section, after the SHeLL Health Literacy
    Editor (Sydney Health Literacy Lab): counts, with the shares a report shows."""

    key: str  # "article" or the section anchor
    label: str
    line: int
    words: int  # in sentences and fragments; headings left out
    complex_words: int  # uncommon words, acronyms and words the plain-word list replaces
    paragraphs: int
    long_paragraphs: int  # more than LONG_PARAGRAPH sentences or words (scorecard.py)
    you_words: int  # you, your...: speaking to the reader
    third_person_words: int  # patients, people, individuals: speaking about them
    content_words: int  # nouns, verbs, adjectives, adverbs: what lexical density counts
    acronyms: tuple[str, ...]  # distinct, in order of first use

    @property
    def complex_share(self) -> float:
        return 100.0 * self.complex_words / self.words if self.words else 0.0

    @property
    def lexical_density(self) -> float:
        return 100.0 * self.content_words / self.words if self.words else 0.0

    @property
    def person_centred(self) -> float | None:
        """Share of reader references that say "you"; None where there are none."""
        total = self.you_words + self.third_person_words
        return 100.0 * self.you_words / total if total else None


@quick_init
@dataclass(frozen=True, slots=True)
class EditorNotes:
    """What the editor's report adds to the scores of the source language."""

    suggestions: tuple[Suggestion, ...] = ()
    cards: tuple[ScoreCard, ...] = ()
    original: str | None = None  # the original's path, when the article names one
    missing: tuple[Fact, ...] = ()  # facts of the original the article leaves out
