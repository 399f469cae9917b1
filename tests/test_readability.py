"""The textstat adapter: textstat's own numbers, offline, and honest about language."""

from __future__ import annotations

from pathlib import Path

import pytest
import textstat

from pipeline.readability import (
    ensure_pronunciations,
    formulas_for,
    pool,
    score_article,
    score_sentence,
)
from pipeline.segment import segment_article
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parent.parent
EN = formulas_for("en")
SENTENCES = [
    "Gene therapy is a way to treat some genetic diseases.",
    "Scientists can also directly add the genes to the cells in a lab without using a vector.",
    "Gene therapies may not be available to everyone due to cost, access to technology "
    "and other factors.",
]


def test_pronunciations_are_installed_without_a_network() -> None:
    path = ensure_pronunciations()
    assert path.name == "cmudict"
    assert path.exists()
    import nltk

    assert nltk.corpus.cmudict.dict()["therapy"] == [["TH", "EH1", "R", "AH0", "P", "IY0"]]


@pytest.mark.parametrize("text", SENTENCES)
def test_sentence_grades_are_textstats_own(text: str) -> None:
    scores = score_sentence(text, EN)
    textstat.set_lang("en")
    assert scores.grade_fk == pytest.approx(textstat.flesch_kincaid_grade(text), abs=0.01)
    assert scores.grade_smog == pytest.approx(textstat.smog_index(text), abs=0.01)
    assert scores.reading_ease == pytest.approx(textstat.flesch_reading_ease(text), abs=0.01)
    assert scores.words == textstat.lexicon_count(text)
    assert scores.syllables == textstat.syllable_count(text)
    assert scores.polysyllables == textstat.polysyllabcount(text)


def test_pooled_grades_equal_textstat_on_the_joined_text() -> None:
    pooled = pool([score_sentence(s, EN) for s in SENTENCES], EN)
    joined = " ".join(SENTENCES)
    textstat.set_lang("en")
    assert pooled.sentences == 3
    assert pooled.grade_fk == pytest.approx(textstat.flesch_kincaid_grade(joined), abs=0.01)
    assert pooled.grade_smog == pytest.approx(textstat.smog_index(joined), abs=0.01)
    assert pooled.reading_ease == pytest.approx(textstat.flesch_reading_ease(joined), abs=0.01)


def test_short_items_count_as_sentences() -> None:
    """textstat drops sentences of 2 words or fewer; a list of items is still read."""
    pooled = pool([score_sentence(s, EN) for s in ("Blood tests", "Chemotherapy", "Rest.")], EN)
    assert (pooled.sentences, pooled.words) == (3, 4)


def test_long_sentences_and_hard_words_are_counted() -> None:
    long = " ".join(["word"] * 21) + "."
    assert score_sentence(long, EN).long_sentences == 1
    assert score_sentence(" ".join(["word"] * 20) + ".", EN).long_sentences == 0
    assert score_sentence("Chemotherapy helps.", EN).polysyllables == 1


@pytest.mark.parametrize("tag", ["es", "zh-Hans", "ar", "es-ES"])
def test_no_english_grade_for_other_languages(tag: str) -> None:
    assert formulas_for(tag) is None
    scores = score_sentence("La terapia génica es un tratamiento.", formulas_for(tag))
    assert (scores.grade_fk, scores.grade_smog, scores.reading_ease) == (None, None, None)
    assert scores.words == 6


def test_gene_therapy_report() -> None:
    path = ROOT / "source" / "gene-therapy.md"
    article = segment_article(parse_source(path.read_text("utf-8"), path="source/gene-therapy.md"))
    report = score_article(article, lang="en")
    assert report.is_scored
    assert len(report.segments) == len(article.segments)
    assert report.article.sentences == len(article.segments)
    assert 4 < (report.article.grade_fk or 0) < 12
    overview = next(s for s in report.sections if s.key == "overview")
    what_is = next(s for s in report.sections if s.key == "what-is-gene-therapy")
    assert overview.scores.words > what_is.scores.words  # a section holds its subsections
    spanish = score_article(article, lang="es")
    assert not spanish.is_scored
    assert "no grade" in spanish.note
