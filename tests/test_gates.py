"""gates.py: whether a translated handout may be published, and each reason it may not,
as one sentence with its exit code."""

from __future__ import annotations

from conftest import FRONT, article_of, translations_of

from pipeline.errors import Outcome
from pipeline.gates import (
    grade_problems,
    held_back,
    readiness,
    readiness_problem,
    shown_percent,
    unfinished_problems,
)
from pipeline.language_data import language_data
from pipeline.locales import locale_info
from pipeline.localize import localize
from pipeline.model import HeldEntry, Readiness
from pipeline.publishable import Hold
from pipeline.readability import score_article
from pipeline.segment import segment_article
from pipeline.source import parse_source

BODY = """Rest after your treatment and drink plenty of water every day.

## When to call your care team

Call if you have a fever.
"""
SPANISH = {
    "Test": "Prueba",
    "Rest after your treatment and drink plenty of water every day.": (
        "Descanse después del tratamiento y beba mucha agua todos los días."
    ),
    "When to call your care team": "Cuándo llamar a su equipo de atención",
    "Call if you have a fever.": "Llame si tiene fiebre.",
}
ES = locale_info("es", origin="test")


def _readiness(pairs: dict[str, str], threshold: float = 100) -> Readiness:
    article = article_of(BODY)
    document, _ = localize(article, translations_of(pairs), None, locale=ES)
    return readiness(article, document, threshold=threshold)


def test_fully_translated_is_ready() -> None:
    ready = _readiness(SPANISH)
    assert ready.words_translated == ready.words_total == 1 + 11 + 6 + 6
    assert ready.is_ready
    assert readiness_problem(article_of(BODY), ready, catalog="es.po") is None


def test_the_share_is_counted_in_words_and_named_when_short() -> None:
    pairs = {k: v for k, v in SPANISH.items() if not k.startswith("Rest")}
    ready = _readiness(pairs, threshold=90)
    assert (ready.words_translated, ready.words_total) == (13, 24)
    problem = readiness_problem(article_of(BODY), ready, catalog="locales/es/x.po")
    assert problem is not None
    assert problem.outcome is Outcome.CONTENT
    assert problem.message == (
        "locales/es/x.po: the es handout of source/test.md is not published: 54% of the "
        "English words are translated and published (the threshold is 90%)."
    )


def test_a_share_just_below_the_threshold_is_never_shown_as_reaching_it() -> None:
    ready = Readiness("es", 1000, 999, (), threshold=100)
    assert shown_percent(ready) == "99.9"
    assert shown_percent(Readiness("es", 4, 1, (), threshold=100)) == "25"


def test_an_untranslated_critical_section_holds_the_handout() -> None:
    article = article_of(BODY, front_matter="critical_sections: [When to call your care team]\n")
    pairs = {k: v for k, v in SPANISH.items() if k != "Call if you have a fever."}
    document, _ = localize(article, translations_of(pairs), None, locale=ES)
    ready = readiness(article, document, threshold=0)
    assert ready.untranslated_critical == ("When to call your care team",)
    assert not ready.is_ready
    problem = readiness_problem(article, ready, catalog="es.po")
    assert problem is not None
    assert problem.message == (
        "es.po: the es handout of source/test.md is not published: the critical section "
        "“When to call your care team” still has English in it."
    )


def test_held_back_entries_are_named_at_their_line() -> None:
    translations = translations_of({})
    translations.held[None, "a"] = HeldEntry(Hold.UNSAFE, ("the number 2 became 3",), 12)
    translations.held[None, "b"] = HeldEntry(Hold.FUZZY, (), 20)
    translations.held[None, "c"] = HeldEntry(Hold.UNTRANSLATED, (), 30)
    keys = [(None, "a"), (None, "b"), (None, "c"), (None, "a"), (None, "unknown")]
    printed = held_back(keys, translations, is_printed=True)
    path = translations.path
    assert [(p.message, p.outcome) for p in printed] == [
        (f"{path}:12: the number 2 became 3; the English sentence is shown instead.",
         Outcome.INPUT),
        (f"{path}:20: this msgstr is fuzzy; the English sentence is printed until a translator "
         "checks the translation and removes the fuzzy flag.", Outcome.OK),
        (f"{path}:30: this msgid is not translated yet; the English sentence is printed.",
         Outcome.OK),
    ]  # fmt: skip
    not_printed = held_back(keys, translations, is_printed=False)
    assert len(not_printed) == 2  # an untranslated entry of an unprinted handout is no news


def test_unfinished_front_matter_is_a_content_problem() -> None:
    assert unfinished_problems(article_of(BODY)) == []
    front = FRONT.replace("publisher: Clinic", "publisher: TODO")
    unfinished = segment_article(parse_source(front + "\n" + BODY, path="source/test.md"))
    problems = unfinished_problems(unfinished)
    assert [p.outcome for p in problems] == [Outcome.CONTENT]
    assert problems[0].message.startswith("source/test.md:5: 'publisher' is still “TODO”")


def test_grade_gate_names_each_section_above_the_limit() -> None:
    hard = (
        "Pharmacogenomic considerations substantially complicate individualized "
        "immunosuppressive therapeutic administration regimens.\n"
    )
    report = score_article(
        article_of(hard + "\n## Easy\n\nRest. Drink water.\n"),
        data=language_data(),
        locale=locale_info("en", origin="test"),
    )
    problems = grade_problems(report, max_grade=6)
    assert len(problems) == 1
    assert problems[0].outcome is Outcome.CONTENT
    assert problems[0].message.startswith("source/test.md:")
    assert "the target is 6, so it is above the target" in problems[0].message
    assert grade_problems(report, max_grade=60) == []
