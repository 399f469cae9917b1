"""Blocks -> sentences: a real splitter, stable ids, placeholders per sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import FRONT
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Article, BlockKind, SpanKind
from pipeline.segment import (
    _splitter,
    has_no_inner_sentence_end,
    segment_article,
    split_sentences,
)
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parent.parent


def article(body: str) -> Article:
    return segment_article(parse_source(FRONT + "\n" + body, path="source/test.md"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Approved in the U.S. include these. Ask us.",
            ("Approved in the U.S. include these.", "Ask us."),
        ),
        (
            "Take it with food, e.g. rice. Then rest.",
            ("Take it with food, e.g. rice.", "Then rest."),
        ),
        ("Dr. Lee will call. Wait.", ("Dr. Lee will call.", "Wait.")),
        ("Take 1.5 tablets. Then rest.", ("Take 1.5 tablets.", "Then rest.")),
        ("Is it safe? Yes! It is.", ("Is it safe?", "Yes!", "It is.")),
    ],
)
def test_split_sentences(text: str, expected: tuple[str, ...]) -> None:
    assert split_sentences(text) == expected


def test_emphasis_across_sentences_keeps_them_together() -> None:
    assert split_sentences("{1}Stop. Call us.{/1} Then rest.") == (
        "{1}Stop. Call us.{/1}",
        "Then rest.",
    )


def test_gene_therapy_segments() -> None:
    path = ROOT / "source" / "gene-therapy.md"
    result = segment_article(parse_source(path.read_text("utf-8"), path="source/gene-therapy.md"))
    segments = result.segments
    assert segments[0].kind is BlockKind.TITLE
    assert segments[0].text == "Gene therapy"
    texts = [s.text for s in segments]
    assert "Some gene therapy drugs approved for use in the U.S. are:" in texts
    assert len({s.segment_id for s in segments}) == len(segments)
    assert all(s.line >= 1 for s in segments)


def test_segments_carry_section_line_and_placeholders() -> None:
    result = article("## Care\n\nRest a lot. See [the guide](https://example.org/g) *today*.\n")
    first, second = result.blocks[2].segments
    assert first.text == "Rest a lot."
    assert second.msgid == "See {1}the guide{/1} {2}today{/2}."
    assert second.text == "See the guide today."
    assert [p.kind for p in second.placeholders] == [SpanKind.LINK, SpanKind.EMPHASIS]
    assert (second.section, second.line, second.anchor) == (("Care",), 13, "care-p1")


def test_ids_do_not_move_when_a_paragraph_is_added_above() -> None:
    before = article("## Care\n\nRest a lot.\n")
    after = article("## Care\n\nA new first paragraph.\n\nRest a lot.\n")
    rest_before = next(s for s in before.segments if s.text == "Rest a lot.")
    rest_after = next(s for s in after.segments if s.text == "Rest a lot.")
    assert rest_before.segment_id == rest_after.segment_id
    assert rest_before.line != rest_after.line


def test_context_only_when_one_text_is_two_kinds() -> None:
    result = article("## Side effects\n\nSide effects\n: Some.\n\nSide effects\n: Again.\n")
    contexts = {(s.kind, s.msgctxt) for s in result.segments if s.text == "Side effects"}
    assert contexts == {(BlockKind.HEADING, "heading"), (BlockKind.TERM, "term")}
    assert {s.msgctxt for s in result.segments if s.text == "Some."} == {None}


_word = st.text(alphabet="abcdefghij", min_size=1, max_size=8)


@given(st.lists(_word, min_size=3, max_size=30), st.integers(min_value=1, max_value=5))
def test_rewrapping_a_paragraph_changes_no_msgid(words: list[str], every: int) -> None:
    one_line = " ".join(words) + "."
    wrapped = "".join(w + ("\n" if i % every == every - 1 else " ") for i, w in enumerate(words))
    wrapped = wrapped.rstrip() + "."
    assert [s.msgid for s in article(one_line).segments] == [
        s.msgid for s in article(wrapped).segments
    ]


@settings(max_examples=1000)
@given(
    st.lists(
        st.sampled_from(
            [*"abcXYZ ,;:-'()0123456789{}/", "U.S.", "e.g.", "1.5", ".", "?", "!", "…", "\n"]
        ),
        max_size=40,
    ).map("".join)
)
def test_one_sentence_shortcut_agrees_with_pysbd(text: str) -> None:
    """Text with no sentence end but at its close skips pysbd; pysbd finds one sentence
    there too."""
    shortcut = has_no_inner_sentence_end(text)
    pieces = [p for p in _splitter("en").segment(text) if p.strip()]
    if shortcut:
        assert len(pieces) <= 1
        assert split_sentences(text) == ((text.strip(),) if text.strip() else ())


# --- Sentences of real pages (tests/import-corpus): what must stay one sentence ------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a domain after a space: pysbd cuts "A ." and "gov website ..."
        (
            "Official websites use .gov A .gov website belongs to an official government "
            "organization in the United States. Share it.",
            (
                "Official websites use .gov A .gov website belongs to an official government "
                "organization in the United States.",
                "Share it.",
            ),
        ),
        ("A {1}.gov{/1} site is official. Look.", ("A {1}.gov{/1} site is official.", "Look.")),
        ("Visit cc.nih.gov. Then call.", ("Visit cc.nih.gov.", "Then call.")),
        (
            "Read https://www.nhs.uk/conditions/hay-fever/ first. Then rest.",
            ("Read https://www.nhs.uk/conditions/hay-fever/ first.", "Then rest."),
        ),
        ("Email dpapubs@fda.hhs.gov. Or call.", ("Email dpapubs@fda.hhs.gov.", "Or call.")),
        # abbreviations, decimals, doses and dotted names
        ("Take approx. 2.5 mg a day. Rest.", ("Take approx. 2.5 mg a day.", "Rest.")),
        ("Ask Dr. Lee, e.g. by phone. Rest.", ("Ask Dr. Lee, e.g. by phone.", "Rest.")),
        ("It affects 9 in 10 U.S. adults. Rest.", ("It affects 9 in 10 U.S. adults.", "Rest.")),
        ("It affects 38.4 million people. Rest.", ("It affects 38.4 million people.", "Rest.")),
        ("Use K.Y. Jelly or Dr. Scholl's. Go.", ("Use K.Y. Jelly or Dr. Scholl's.", "Go.")),
        ("Take Tylenol P.M. at night. Rest.", ("Take Tylenol P.M. at night.", "Rest.")),
        ("Tome aprox. 2,5 mg al día. Descanse.", ("Tome aprox. 2,5 mg al día.", "Descanse.")),
        # a copy that lost the space between two sentences
        (
            "or medicines you can take to help.Symptoms of hay fever",
            ("or medicines you can take to help.", "Symptoms of hay fever"),
        ),
        ("and disabilities.B-2 Understand it.", ("and disabilities.", "B-2 Understand it.")),
        # a note mark after the full stop
        ("It grew in 2000.iii Women also.", ("It grew in 2000.iii", "Women also.")),
        ("It is 281.4 million Americans.i More.", ("It is 281.4 million Americans.i", "More.")),
        ("See www.cdc.gov/Flu.Then rest.", ("See www.cdc.gov/Flu.Then rest.",)),  # an address
    ],
)  # fmt: skip
def test_sentences_that_pysbd_alone_cuts_wrong(text: str, expected: tuple[str, ...]) -> None:
    language = "es" if "aprox." in text else "en"
    assert split_sentences(text, language=language) == expected


def _corpus_paragraphs() -> list[tuple[str, list[str]]]:
    """Per corpus page, its expected sentences that end with a full stop, question or
    exclamation mark: run together, the splitter must give each back whole."""
    runs = []
    for path in sorted((ROOT / "tests/import-corpus").glob("*/*.expected.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        ended = [s for s in data.get("sentences") or [] if re.search(r"[.!?][\"”’)]?$", s)]
        if ended:
            runs.append((path.name.removesuffix(".expected.yaml"), ended))
    return runs


@pytest.mark.parametrize(("page", "sentences"), _corpus_paragraphs())
def test_corpus_sentences_split_back_whole(page: str, sentences: list[str]) -> None:
    assert list(split_sentences(" ".join(sentences))) == sentences


_SENTENCE_PARTS = st.sampled_from(
    [
        "Take 2.5 mg twice a day.",
        "Call Dr. Lee at the U.S. clinic!",
        "Is it safe?",
        "Wash your hands.",
        "Wash your hands.",  # a sentence twice in one paragraph
        "See www.cdc.gov.",
        "e.g. fever, cough",
        "  ",
        "\n",
        "Rest… then drink water.",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_SENTENCE_PARTS, min_size=1, max_size=8), st.sampled_from(["en", "es"]))
def test_pysbd_sentences_found_as_pysbd_finds_them(parts: list[str], language: str) -> None:
    """Issue 20: the sentences are found again in the text with str.find, as pysbd's
    own segment() finds them with one regular expression per sentence."""
    from pipeline.segment import _pysbd_segment, _splitter

    text = " ".join(parts)
    splitter = _splitter(language)
    assert _pysbd_segment(splitter, text) == splitter.segment(text)


_PLAIN_WORDS = st.sampled_from(
    [
        "the", "you", "it's", "can't", "don’t", "well-being", "x-ray", "and/or", "5", "10%",
        "1/2", "911", "mg", "US", "OK", "I", "a", "A", "U", "ii", "iii", "iv", "x", "vs",
        "etc", "approx", "Dr", "Mr", "St", "Jan", "Fig", "no", "inc", "al", "pm", "am",
        "eg", "ie", "Ltd", "Mt", "Co", "co", "art", "ave", "fig", "prof", "rev", "gen",
        "Yahoo", "Yum", "yum", "no:", "wait;", "9:30", "well,", "Kung",
    ]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(_PLAIN_WORDS, min_size=1, max_size=6),
            st.booleans(),
            st.sampled_from([".", ".", "!", "?", ""]),
            st.sampled_from([" ", " ", "  ", ", "]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_plain_sentences_split_as_pysbd_splits_them(
    sentences: list[tuple[list[str], bool, str, str]], trailing: bool
) -> None:
    """Issue 20: plain English sentences skip pysbd; where the shortcut takes a text
    (abbreviations, single letters, roman numerals, numbers and lowercase starts all
    generated here), it gives pysbd's pieces."""
    from pipeline.segment import _plain_sentences, _pysbd_segment

    text = ""
    for words, capital, mark, space in sentences:
        sentence = " ".join(words)
        if capital:
            sentence = sentence[0].upper() + sentence[1:]
        text += sentence + mark + space
    text = text if trailing else text.rstrip(" ,")
    plain = _plain_sentences(text)
    if plain is not None:
        assert plain == _pysbd_segment(_splitter("en"), text)


def test_plain_sentences_take_most_paragraphs_and_leave_the_rest_to_pysbd() -> None:
    from pipeline.segment import _plain_sentences

    assert _plain_sentences("Wash your hands. Drink water! Is it safe? Call us") == [
        "Wash your hands. ",
        "Drink water! ",
        "Is it safe? ",
        "Call us",
    ]
    for text in (
        "Call Dr. Lee today.",  # an abbreviation
        "Take 1.5 mg. Then rest.",  # a number with a point
        "Ask your doctor (or nurse). Then rest.",  # brackets
        "Read {1}the guide{/1}. Then rest.",  # a placeholder
        "It was fine. then it was not.",  # no capital after the full stop
        "See www.cdc.gov. Then rest.",  # a full stop inside a word
        "Plan A. Plan B.",  # a single letter before the full stop
        "I use Yahoo! Then I rest.",  # a name pysbd knows ends in "!"
    ):
        assert _plain_sentences(text) is None, text


def test_shortcut_changes_no_sentence_of_the_shipped_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every paragraph of the articles in source/ and tests/golden splits into the same
    sentences with the shortcut as with pysbd alone."""
    import pipeline.segment as segment

    root = Path(__file__).parents[1]
    articles = [*root.glob("source/*.md"), *root.glob("tests/golden/*/input/source/*.md")]
    assert articles
    asked: list[tuple[str, str]] = []

    def recorded(text: str, *, language: str = "en") -> tuple[str, ...]:
        asked.append((text, language))
        return split_sentences(text, language=language)

    monkeypatch.setattr(segment, "split_sentences", recorded)
    for path in sorted(articles):
        segment_article(parse_source(path.read_text(encoding="utf-8"), path=str(path)))
    assert any(segment._plain_sentences(text) for text, _ in asked)
    split_sentences.cache_clear()
    with_shortcut = [split_sentences(text, language=language) for text, language in asked]
    monkeypatch.setattr(segment, "_plain_sentences", lambda text: None)
    split_sentences.cache_clear()
    assert [split_sentences(t, language=lang) for t, lang in asked] == with_shortcut
    split_sentences.cache_clear()
