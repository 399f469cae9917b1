"""Article + ReadabilityReport -> plain-language score cards for the article and each section.

The measures follow the SHeLL Health Literacy Editor (Sydney Health Literacy Lab; Ayre et
al., JMIR Formative Research 2023, e40645), which editors used to bring health texts from
grade 12.3 to 8.5: complex language as a share of the text (uncommon words, acronyms,
words a plain-language thesaurus replaces), long paragraphs, person-centred language
("you" rather than "patients"), lexical density and acronyms. The thresholds below are
this project's, named where they are set.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.model import Article, ArticleBlock, BlockKind
from pipeline.scores import PLAIN_TERM_ENDINGS, PlainWord, ReadabilityReport, ScoreCard
from pipeline.word_frequency import zipf_frequency

LONG_PARAGRAPH_SENTENCES = 5  # CDC and NIH: short paragraphs, one topic, a few sentences
LONG_PARAGRAPH_WORDS = 100
UNCOMMON_ZIPF = 3.0  # rarer than once in a million words (wordfreq), as diagnose.py uses
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*\b")
_YOU = frozenset(
    {"you", "your", "yours", "yourself", "yourselves", "you’re", "you're", "you’ll", "you'll"}
    | {"you’ve", "you've", "you’d", "you'd"}
)
_THIRD_PERSON = frozenset(
    {"patient", "patients", "people", "person", "persons", "individual", "individuals"}
    | {"client", "clients", "consumer", "consumers", "sufferer", "sufferers"}
)
# Function words (articles, pronouns, auxiliaries, prepositions, conjunctions and the
# like): lexical density is the share of words that are not these (Ure 1971).
_FUNCTION_WORDS = frozenset(
    re.split(
        r"\s+",
        "a an the this that these those my your his her its our their mine yours hers ours "
        "theirs i me you he him she it we us they them myself yourself himself herself itself "
        "ourselves themselves who whom whose which what whatever whoever someone anyone "
        "everyone something anything everything nothing one ones some any each every either "
        "neither both all few many much more most several such no none other another "
        "am is are was were be been being have has had having do does did done doing will "
        "would shall should can could may might must ought "
        "of in on at by for with about against between into through during before after above "
        "below to from up down out off over under again further than as like onto upon "
        "within without along across behind beyond near toward towards among around "
        "and or but nor so yet if because while although though unless until since when "
        "where whether how why then there here not very too also just only even still "
        "it’s it's you’re you're they’re they're we’re we're i’m i'm don’t don't doesn’t "
        "doesn't isn’t isn't aren’t aren't can’t can't won’t won't that’s that's there’s "
        "there's you’ll you'll you’ve you've",
    )
)


def score_cards(
    article: Article, report: ReadabilityReport, *, words: Sequence[PlainWord] = ()
) -> tuple[ScoreCard, ...]:
    """One card for the whole article, then one per section (a section holds its
    subsections), from the English text as scored."""
    roles = {s.segment_id: s.role for s in report.segments}
    everything = tuple(range(len(article.blocks)))
    members = {"article": (article.meta.title, article.meta.title_line, everything)}
    members.update(
        (key, (section.label, section.line, section.blocks))
        for key, section in article.sections().items()
    )
    terms = _term_pattern(tuple(w.term for w in words))
    # Each block counted once: the article's card and its sections' cards (a section
    # holds its subsections) share blocks, and counting them again per card cost a
    # third of the English report's time (issue 20).
    counted = [_counts(block, roles, terms) for block in article.blocks]
    return tuple(
        _card(key, label, line, [counted[i] for i in indexes])
        for key, (label, line, indexes) in members.items()
    )


@dataclass(frozen=True, slots=True)
class _Counts:
    """One block's share of a card: what `_card` adds up."""

    words: int
    complex_words: int  # uncommon words, acronym uses and listed terms, before the cap
    paragraphs: int
    long_paragraphs: int
    you_words: int
    third_person_words: int
    content_words: int
    acronyms: tuple[str, ...]  # in order of use, repeats kept


def _counts(block: ArticleBlock, roles: dict[str, str], terms: re.Pattern[str]) -> _Counts:
    kept = [s.text for s in block.segments if roles.get(s.segment_id, "label") != "label"]
    tokens = [w for text in kept for w in _WORD.findall(text)]
    lowered = [w.lower() for w in tokens]
    acronyms = tuple(a for text in kept for a in _ACRONYM.findall(text))
    is_paragraph = block.block.kind is BlockKind.PARAGRAPH and bool(kept)
    is_long = len(kept) > LONG_PARAGRAPH_SENTENCES or len(tokens) > LONG_PARAGRAPH_WORDS
    return _Counts(
        words=len(tokens),
        complex_words=sum(1 for w in tokens if w.islower() and _is_uncommon(w))
        + len(acronyms)
        + sum(len(terms.findall(text)) for text in kept),
        paragraphs=int(is_paragraph),
        long_paragraphs=int(is_paragraph and is_long),
        you_words=sum(1 for w in lowered if w in _YOU),
        third_person_words=sum(1 for w in lowered if w in _THIRD_PERSON),
        content_words=sum(1 for w in lowered if w not in _FUNCTION_WORDS),
        acronyms=acronyms,
    )


def _card(key: str, label: str, line: int, counted: Sequence[_Counts]) -> ScoreCard:
    words = sum(c.words for c in counted)
    return ScoreCard(
        key=key,
        label=label,
        line=line,
        words=words,
        complex_words=min(sum(c.complex_words for c in counted), words),
        paragraphs=sum(c.paragraphs for c in counted),
        long_paragraphs=sum(c.long_paragraphs for c in counted),
        you_words=sum(c.you_words for c in counted),
        third_person_words=sum(c.third_person_words for c in counted),
        content_words=sum(c.content_words for c in counted),
        acronyms=tuple(dict.fromkeys(a for c in counted for a in c.acronyms)),
    )


@functools.lru_cache(maxsize=8192)
def _is_uncommon(word: str) -> bool:
    frequency = zipf_frequency(word.replace("’", "'"))  # wordfreq's, from language_data's table
    return frequency < UNCOMMON_ZIPF


@functools.cache
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    ordered: Iterable[str] = sorted(terms, key=lambda t: (-len(t), t))
    alternatives = "|".join(re.escape(t) for t in ordered)
    return re.compile(rf"\b(?:{alternatives or '(?!)'})(?:{PLAIN_TERM_ENDINGS})?\b", re.IGNORECASE)
