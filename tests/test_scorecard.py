"""SHeLL-style score cards: counts whose answers are known, per article and section."""

from __future__ import annotations

import pytest
from conftest import FRONT

from pipeline.language_data import language_data
from pipeline.readability import score_article
from pipeline.scorecard import score_cards
from pipeline.scores import PlainWord, ScoreCard
from pipeline.segment import segment_article
from pipeline.source import parse_source

BODY = (
    "Patients should take the tablet. Your doctor will tell you when.\n\n"
    "## Side effects\n\n"
    "The HIV medicine may cause emesis. " + "You can eat well. " * 6 + "\n\n"
    "- Utilize a bucket\n"
)


def cards() -> dict[str, ScoreCard]:
    article = segment_article(parse_source(FRONT + "\n" + BODY, path="source/test.md"))
    report = score_article(article, data=language_data())
    found = score_cards(article, report, words=[PlainWord("utilize", "use", "PLAIN")])
    return {c.key: c for c in found}


def test_one_card_for_the_article_and_one_per_section() -> None:
    assert list(cards()) == ["article", "intro", "side-effects"]


def test_person_centred_language_counts_you_against_patients() -> None:
    intro = cards()["intro"]
    assert (intro.you_words, intro.third_person_words) == (2, 1)
    assert intro.person_centred == pytest.approx(200 / 3)


def test_long_paragraphs_acronyms_and_complex_words() -> None:
    side = cards()["side-effects"]
    assert (side.paragraphs, side.long_paragraphs) == (1, 1)
    assert side.acronyms == ("HIV",)
    # "emesis" is uncommon, "HIV" an acronym, "Utilize" on the plain-word list.
    assert side.complex_words == 3
    assert side.words == 6 + 4 * 6 + 3


def test_lexical_density_is_the_share_of_content_words() -> None:
    intro = cards()["intro"]
    # Patients, take, tablet, doctor, tell: 5 of 11 words.
    assert intro.content_words == 5
    assert intro.lexical_density == pytest.approx(500 / 11)


def test_a_section_counts_its_subsections_and_the_article_counts_everything() -> None:
    body = (
        "You may feel tired.\n\n"
        "## After the test\n\n"
        "Rest at home. Call the GP.\n\n"
        "### Getting results\n\n"
        "Your NHS letter comes in a week. The GP will call you.\n\n"
        "## Help\n\n"
        "Ask the NHS nurse.\n"
    )
    article = segment_article(parse_source(FRONT + "\n" + body, path="source/test.md"))
    found = {c.key: c for c in score_cards(article, score_article(article, data=language_data()))}
    after, results, help_ = found["after-the-test"], found["getting-results"], found["help"]
    assert (results.words, results.acronyms) == (12, ("NHS", "GP"))
    assert after.words == 6 + results.words  # its own sentences, then its subsection's
    assert after.acronyms == ("GP", "NHS")  # in order of first use, each once
    assert after.you_words == results.you_words == 2
    assert found["article"].words == 4 + after.words + help_.words
    assert found["article"].acronyms == ("GP", "NHS")
