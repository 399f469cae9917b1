"""The textstat adapter: textstat's own counts, published formulas, honest per language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.language_data import _syllable_dictionary, language_data
from pipeline.locales import locale_info
from pipeline.readability import (
    FERNANDEZ_HUERTA,
    FLESCH_EASE,
    FLESCH_KINCAID,
    SZIGRISZT_PAZOS,
    dictionary_syllables,
    english_syllables,
    estimate_syllables,
    fallback_syllables,
    hard_words,
    inflesz_band,
    pool,
    rules_for,
    score_article,
    score_sentence,
    spanish_syllables,
)
from pipeline.scores import Scores
from pipeline.segment import segment_article
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parent.parent
DATA = language_data()  # the CMU dictionary, as the edge hands it to scoring
EN = rules_for(locale_info("en", origin="test"), DATA)
ES = rules_for(locale_info("es", origin="test"))
SENTENCES = [
    "Gene therapy is a way to treat some genetic diseases.",
    "Scientists can also directly add the genes to the cells in a lab without using a vector.",
    "Gene therapies may not be available to everyone due to cost, access to technology "
    "and other factors.",
]


def counts(words: int, sentences: int, syllables: int, polysyllables: int = 0) -> Scores:
    return Scores(words, sentences, syllables, polysyllables, 0, 0, 0, 0, 0)


def test_flesch_formulas_on_the_published_example() -> None:
    """Flesch's platypus sentence: 13 words, 26 syllables, one sentence -> ease 24.4."""
    example = counts(words=13, sentences=1, syllables=26)
    assert FLESCH_EASE.compute(example) == pytest.approx(24.44, abs=0.01)
    assert FLESCH_KINCAID.compute(example) == pytest.approx(13.08, abs=0.01)


@pytest.mark.parametrize("text", SENTENCES)
def test_sentence_grades_are_textstats_own(text: str) -> None:
    scores = score_sentence(text, EN)
    textstat.set_lang("en")
    assert scores.value("flesch_kincaid") == pytest.approx(
        textstat.flesch_kincaid_grade(text), abs=0.01
    )
    # SMOG needs 3 sentences (README); textstat grades even one, see the pooled test below.
    assert scores.value("smog") is None
    assert scores.value("flesch_reading_ease") == pytest.approx(
        textstat.flesch_reading_ease(text), abs=0.01
    )
    assert scores.words == textstat.lexicon_count(text)
    assert scores.syllables == textstat.syllable_count(text)
    assert scores.polysyllables == textstat.polysyllabcount(text)


# Letters of several scripts, digits, a combining mark, contractions' apostrophes (both
# kinds), punctuation that textstat deletes and spaces it splits on.
_WORDISH = st.text(
    alphabet=st.sampled_from(
        [*"abcsdtvelrIY7_'-.,;:!?()\"/%", *"\u00e9\u0301\u0416\u05d0\u2019\u2014 \u00a0\n\t\u2009"]
    ),
    max_size=60,
)


@settings(max_examples=500)
@given(_WORDISH)
def test_words_are_counted_as_textstat_counts_them(text: str) -> None:
    textstat.set_lang("en")
    assert score_sentence(text, EN).words == textstat.lexicon_count(text.replace("’", "'"))


def test_pooled_grades_equal_textstat_on_the_joined_text() -> None:
    pooled = pool([score_sentence(s, EN) for s in SENTENCES], EN)
    joined = " ".join(SENTENCES)
    textstat.set_lang("en")
    assert pooled.sentences == 3
    assert pooled.value("flesch_kincaid") == pytest.approx(
        textstat.flesch_kincaid_grade(joined), abs=0.01
    )
    assert pooled.value("smog") == pytest.approx(textstat.smog_index(joined), abs=0.01)


def test_short_items_count_as_sentences() -> None:
    """textstat drops sentences of 2 words or fewer; headings and list items still count."""
    pooled = pool([score_sentence(s, EN) for s in ("Blood tests", "Chemotherapy", "Rest.")], EN)
    assert (pooled.sentences, pooled.words) == (3, 4)
    textstat.set_lang("en")
    assert textstat.sentence_count("Blood tests. Chemotherapy. Rest.") == 1  # the trap


def test_long_sentences_and_hard_words() -> None:
    assert score_sentence(" ".join(["word"] * 21) + ".", EN).long_sentences == 1
    assert score_sentence(" ".join(["word"] * 20) + ".", EN).long_sentences == 0
    assert hard_words("Chemotherapy and HIV care help disease-causing cells.", EN) == (
        "Chemotherapy",
        "disease-causing",
    )


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("terapia", 3),
        ("génica", 3),
        ("enfermedad", 4),
        ("proteína", 4),
        ("células", 3),
        ("quimioterapia", 5),
        ("aéreo", 4),
        ("guitarra", 3),
        ("pingüino", 3),
        ("ley", 1),
        ("oído", 3),
        ("leer", 2),
    ],
)
def test_spanish_syllables(word: str, syllables: int) -> None:
    assert spanish_syllables(word) == syllables


def test_spanish_formulas_on_a_worked_example() -> None:
    """ "El gato come pescado." el(1) ga-to(2) co-me(2) pes-ca-do(3): 4 words, 8 syllables.

    Szigriszt-Pazos: 206.835 - 62.3 * 8/4 - 4/1 = 78.235 ("fairly easy" on INFLESZ);
    Fernández-Huerta: 206.84 - 60 * 8/4 - 1.02 * 4 = 82.76.
    """
    scores = score_sentence("El gato come pescado.", ES)
    assert (scores.words, scores.syllables) == (4, 8)
    assert scores.value("szigriszt_pazos") == pytest.approx(78.24, abs=0.01)
    assert scores.value("fernandez_huerta") == pytest.approx(82.76, abs=0.01)
    assert SZIGRISZT_PAZOS.info.kind == FERNANDEZ_HUERTA.info.kind == "ease"
    assert inflesz_band(78.24) == "fairly easy"
    assert [inflesz_band(v) for v in (39.9, 40, 55, 65, 80)] == [
        "very difficult",
        "somewhat difficult",
        "normal",
        "fairly easy",
        "very easy",
    ]


@pytest.mark.parametrize("tag", ["es-ES", "es_MX", "es-419"])
def test_regional_spanish_tags_use_spanish_not_english(tag: str) -> None:
    """textstat reads `es-ES` with English constants; we read it as Spanish."""
    assert rules_for(locale_info(tag, origin="test")) is ES
    assert (
        score_sentence("El gato come pescado.", rules_for(locale_info(tag, origin="test"))).value(
            "flesch_kincaid"
        )
        is None
    )


@pytest.mark.parametrize("tag", ["vi", "ko", "ar", "tl", "ht", "zh-Hans", "ru"])
def test_no_formula_no_grade_and_no_keyerror(tag: str) -> None:
    """pyphen has no dictionary for several of these: textstat would raise KeyError."""
    rules = rules_for(locale_info(tag, origin="test"))
    assert rules.formulas == ()
    scores = score_sentence("Liệu pháp gen là một cách điều trị.", rules)
    assert scores.results == ()
    assert scores.words == 8
    assert scores.syllables == 0


def test_chinese_is_counted_in_characters_not_words() -> None:
    scores = score_sentence(
        "基因治疗是一种治疗遗传病的方法。", rules_for(locale_info("zh-Hans", origin="test"))
    )
    assert scores.words == 0
    assert scores.characters == 15
    assert scores.results == ()  # no character-based English formula on Chinese


def test_syllable_fallback_against_the_dictionary() -> None:
    """Words the dictionary lacks are estimated; on words it has, the estimate must agree
    far more often than textstat's hyphenation fallback (README: 88.8% against 54.2%)."""
    words = sorted(w for w in _syllable_dictionary() if w.isalpha() and len(w) > 2)[::100]
    ours = sum(estimate_syllables(w) == dictionary_syllables(w, DATA) for w in words) / len(words)
    textstats = sum(fallback_syllables(w) == dictionary_syllables(w, DATA) for w in words) / len(
        words
    )
    assert ours > 0.85
    assert ours > textstats + 0.2


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("adrenoleukodystrophy", 8), ("thalassemia", 5), ("neuromuscular", 5), ("leukodystrophy", 5)],
)
def test_medical_words_missing_from_the_dictionary(word: str, syllables: int) -> None:
    assert dictionary_syllables(word, DATA) is None
    assert english_syllables(word, DATA) == syllables


def test_acronyms_are_spelled_out_syllables() -> None:
    assert english_syllables("HIV", DATA) == 3
    assert english_syllables("IV", DATA) == 2


def test_gene_therapy_report() -> None:
    path = ROOT / "source" / "gene-therapy.md"
    article = segment_article(parse_source(path.read_text("utf-8"), path="source/gene-therapy.md"))
    report = score_article(article, data=DATA)
    assert report.is_scored
    assert report.primary == "smog"  # the default; the target formula is listed first
    assert [f.key for f in report.formulas] == [
        "smog",
        "flesch_kincaid",
        "gunning_fog",
        "coleman_liau",
        "flesch_reading_ease",
    ]
    assert len(report.segments) == len(article.segments)
    # The title, headings, terms and list fragments are not sentences (README, Readability).
    roles = [s.role for s in report.segments]
    assert report.article.sentences == roles.count("sentence") < len(article.segments)
    assert {"label", "fragment"} <= set(roles)
    assert 4 < (report.article.value("flesch_kincaid") or 0) < 12
    overview = next(s for s in report.sections if s.key == "overview")
    what_is = next(s for s in report.sections if s.key == "what-is-gene-therapy")
    assert overview.scores.words >= what_is.scores.words > 0  # a section holds its subsections
    chinese = score_article(
        article, data=DATA, locale=locale_info("zh-Hans", origin="test"), texts={}
    )
    assert not chinese.is_scored
    assert "no grade" in chinese.note
    assert chinese.segments == ()


def test_scoring_leaves_nltk_unloaded_until_used() -> None:
    """textstat imports NLTK for a lookup we replace; it is put off, not broken."""
    script = (
        "import sys\n"
        "from pipeline.locales import locale_info\n"
        "from pipeline.readability import score_sentence, rules_for\n"
        "from pipeline.language_data import language_data\n"
        "english = rules_for(locale_info('en', origin='test'), language_data())\n"
        "score_sentence('Take one tablet a day.', english)\n"
        "import wordfreq\n"  # walks sys.modules with inspect at import
        "assert 'nltk.corpus' not in sys.modules, 'NLTK was loaded'\n"
        "import textstat\n"
        "assert textstat.syllable_count('hello world') == 3\n"  # NLTK loads when used
        "assert 'nltk.corpus' in sys.modules\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


PROSE = sorted((ROOT / "tests" / "prose").glob("*.md"))


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    ("key", "textstat_formula"),
    [("flesch_kincaid", textstat.flesch_kincaid_grade), ("smog", textstat.smog_index)],
)
def test_prose_grades_agree_with_textstat(path: Path, key: str, textstat_formula: Any) -> None:
    """On prose (no headings, no lists) the honest convention is textstat's: the title is
    a label, not a sentence, so the two agree within half a grade."""
    text = path.read_text("utf-8")
    article = segment_article(parse_source(text, path=f"tests/prose/{path.name}"))
    ours = score_article(article, data=DATA).article.value(key)
    body = " ".join(text.split("---", 2)[2].split())  # the prose, front matter and title left out
    theirs = textstat_formula(body)
    assert ours is not None
    assert abs(ours - theirs) <= 0.5, (ours, theirs)


def test_titles_headings_terms_and_fragments_are_not_sentences() -> None:
    text = (
        "---\ntitle: Sickle cell disease\nslug: s\nlanguage: en\npublisher: p\n"
        "original_title: o\nlast_reviewed: 2026-01-01\ntarget_grade: 6\n---\n\n"
        "## Medicines\n\nSome medicines help.\n\n- Casgevy™\n- Lyfgenia™\n"
        "- Take them as your doctor says.\n\nHemoglobin\n: The part of blood that carries air.\n"
    )
    article = segment_article(parse_source(text, path="source/s.md"))
    report = score_article(article, data=DATA)
    roles = {s.text: s.role for s in report.segments}
    assert roles == {
        "Sickle cell disease": "label",
        "Medicines": "label",
        "Some medicines help.": "sentence",
        "Casgevy™": "fragment",
        "Lyfgenia™": "fragment",
        "Take them as your doctor says.": "sentence",
        "Hemoglobin": "fragment",
        "The part of blood that carries air.": "sentence",
    }
    assert report.article.sentences == 3
    # Fragments count toward words; labels count toward nothing.
    assert report.article.words == 3 + 1 + 1 + 6 + 1 + 7
    fragment = next(s for s in report.segments if s.role == "fragment")
    assert fragment.scores.results == ()  # no grade for "Casgevy™"


def test_the_target_formula_is_a_setting_listed_first() -> None:
    article = segment_article(parse_source((PROSE[0]).read_text("utf-8"), path="tests/prose/x.md"))
    smog = score_article(article, data=DATA)
    kincaid = score_article(article, data=DATA, grade_formula="flesch_kincaid")
    assert (smog.primary, smog.formulas[0].key, smog.margin) == ("smog", "smog", 1.5159)
    assert (kincaid.primary, kincaid.formulas[0].key) == ("flesch_kincaid", "flesch_kincaid")
    assert "McLaughlin 1969" in smog.formulas[0].uncertainty_source
    assert (
        score_article(article, data=DATA, locale=locale_info("es", origin="test"), texts={}).primary
        is None
    )  # no English target


def test_formula_results_keep_every_count() -> None:
    """Issue 20: results are added to a unit's counts by building the record field by
    field; a field added to Scores and not copied would be lost here."""
    import dataclasses

    from pipeline.readability import _with_results

    values: dict[str, Any] = {
        f.name: 30 + i for i, f in enumerate(dataclasses.fields(Scores)) if f.name != "results"
    }
    counts = Scores(**values)
    scored = _with_results(counts, rules_for(locale_info("en", origin="test")))
    assert scored.results
    assert dataclasses.replace(scored, results=()) == counts
