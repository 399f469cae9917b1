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

from pipeline.model import Article, ArticleBlock, BlockKind
from pipeline.scores import PlainWord, ReadabilityReport, ScoreCard
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
    return tuple(
        _card(key, label, line, [article.blocks[i] for i in indexes], roles, terms)
        for key, (label, line, indexes) in members.items()
    )


def _card(
    key: str,
    label: str,
    line: int,
    blocks: Sequence[ArticleBlock],
    roles: dict[str, str],
    terms: re.Pattern[str],
) -> ScoreCard:
    texts: list[str] = []
    paragraphs = long_paragraphs = 0
    for block in blocks:
        kept = [s.text for s in block.segments if roles.get(s.segment_id, "label") != "label"]
        texts.extend(kept)
        if block.block.kind is BlockKind.PARAGRAPH and kept:
            paragraphs += 1
            words_here = sum(len(_WORD.findall(t)) for t in kept)
            if len(kept) > LONG_PARAGRAPH_SENTENCES or words_here > LONG_PARAGRAPH_WORDS:
                long_paragraphs += 1
    tokens = [w for text in texts for w in _WORD.findall(text)]
    lowered = [w.lower() for w in tokens]
    acronyms = tuple(dict.fromkeys(a for text in texts for a in _ACRONYM.findall(text)))
    listed = sum(len(terms.findall(text)) for text in texts)
    uncommon = sum(1 for w in tokens if w.islower() and _is_uncommon(w))
    acronym_uses = sum(len(_ACRONYM.findall(text)) for text in texts)
    return ScoreCard(
        key=key,
        label=label,
        line=line,
        words=len(tokens),
        complex_words=min(uncommon + acronym_uses + listed, len(tokens)),
        paragraphs=paragraphs,
        long_paragraphs=long_paragraphs,
        you_words=sum(1 for w in lowered if w in _YOU),
        third_person_words=sum(1 for w in lowered if w in _THIRD_PERSON),
        content_words=sum(1 for w in lowered if w not in _FUNCTION_WORDS),
        acronyms=acronyms,
    )


@functools.lru_cache(maxsize=8192)
def _is_uncommon(word: str) -> bool:
    frequency = zipf_frequency(word.replace("’", "'"))  # wordfreq's, from language_data's table
    return frequency < UNCOMMON_ZIPF


@functools.cache
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    ordered: Iterable[str] = sorted(terms, key=lambda t: (-len(t), t))
    alternatives = "|".join(re.escape(t) for t in ordered)
    return re.compile(rf"\b(?:{alternatives or '(?!)'})(?:s|es|d|ed|ing)?\b", re.IGNORECASE)
