"""scores.py: the records editors read (scores, reports, findings, facts, score cards) and
what each derives: a formula's value, the grade a unit is checked in, its margin, shares."""

from __future__ import annotations

import re

import pytest
from conftest import article_of
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.language_data import language_data
from pipeline.locales import locale_info
from pipeline.readability import score_article
from pipeline.scores import Fact, FormulaResult, ScoreCard, Scores, folded, may_occur

EN = locale_info("en", origin="test")


def _scores(**results: float) -> Scores:
    found = tuple(FormulaResult(key, value, "") for key, value in results.items())
    return Scores(10, 2, 14, 1, 8, 2, 40, 40, 0, found, sentence_words=8)


def test_scores_give_their_values_and_words_in_sentences() -> None:
    scores = _scores(smog=7.5)
    assert scores.value("smog") == 7.5
    assert scores.value("flesch_kincaid") is None
    assert scores.words_in_sentences == 8
    assert Scores(10, 2, 14, 1, 8, 2, 40, 40, 0).words_in_sentences == 10


def test_a_report_checks_each_unit_in_its_target_formula_with_its_margin() -> None:
    report = score_article(
        article_of("Rest at home after your treatment. Drink water.\n"),
        data=language_data(),
        locale=EN,
    )
    assert report.lang == "en"
    assert report.primary == "smog"
    graded = report.target_grade_of(report.article)
    assert graded is not None
    value, info = graded
    assert info.kind == "grade"
    assert value == report.article.value(info.key)
    smog = next(f for f in report.formulas if f.key == "smog")
    assert report.margin == (smog.uncertainty or 0.0)
    tagalog = score_article(
        article_of("Magpahinga.\n"), data=language_data(), locale=locale_info("tl", origin="t")
    )
    assert tagalog.primary is None
    assert tagalog.target_grade_of(tagalog.article) is None
    assert tagalog.margin == 0.0


def test_facts_name_their_kind_in_words() -> None:
    assert Fact("number", "14 days", 3, "Rest for 14 days.").kind_words == "number or dose"
    assert Fact("name", "Casgevy™", 4, "Casgevy™ is.").kind_words == (
        "drug, product or proper name"
    )
    assert Fact("other", "x", 1, "x").kind_words == "other"


def test_score_cards_give_shares_and_no_share_of_nothing() -> None:
    card = ScoreCard("article", "Rest", 1, 200, 20, 4, 1, 9, 3, 100, ("MRI",))
    assert (card.complex_share, card.lexical_density, card.person_centred) == (10.0, 50.0, 75.0)
    empty = ScoreCard("intro", "Intro", 1, 0, 0, 0, 0, 0, 0, 0, ())
    assert (empty.complex_share, empty.lexical_density, empty.person_centred) == (0.0, 0.0, None)


_TERMS = ("utilize", "adverse reactions", "kidney", "sinus", "diabetes", "i.v.")
# The letters re.IGNORECASE matches with an ASCII letter: its two cases, and for i, s and k
# a letter of another alphabet too.
_SAME_LETTER = {"i": "iI\u0130\u0131", "s": "sS\u017f", "k": "kK\u212a"}


@st.composite
def _text_with_term(draw: st.DrawFn) -> tuple[str, str]:
    term = draw(st.sampled_from(_TERMS))
    spelled = "".join(draw(st.sampled_from(_SAME_LETTER.get(c, c + c.upper()))) for c in term)
    around = st.text(alphabet="ab sI\u0130\u0307.-", max_size=6)
    return term, draw(around) + spelled + draw(st.sampled_from(["", "s", "ed", "ing", "x"])) + draw(
        around
    )


@settings(max_examples=500, deadline=None)
@given(_text_with_term())
def test_a_term_its_pattern_finds_may_occur(case: tuple[str, str]) -> None:
    """`may_occur` is the cheap test before a plain word's pattern (issue 20): wherever
    the pattern, matched ignoring case as diagnose and suggest match it, finds the term,
    `may_occur` says it may be there (the dotted and dotless i, the long s and the
    Kelvin sign included)."""
    term, text = case
    pattern = re.compile(rf"\b{re.escape(term)}(?:s|es|d|ed|ing)?\b", re.IGNORECASE)
    if pattern.search(text):
        assert may_occur(term, folded(text))


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("utilize", "Doctors UTILIZE tests."),
        ("sinus", "Sinuſ pain"),
        ("kidney", "\u212aidney stones"),
        ("diabetes", "D\u0130ABETES"),
        ("diabetes", "d\u0131abetes"),
    ],
)
def test_the_letters_re_matches_ignoring_case_may_occur(term: str, text: str) -> None:
    assert re.search(re.escape(term), text, re.IGNORECASE)
    assert may_occur(term, folded(text))


def test_a_term_whose_letters_are_absent_does_not_occur() -> None:
    assert not may_occur("utilize", folded("Doctors use tests."))
    assert may_occur("naïve", folded("no such word"))  # not ASCII: its pattern decides
