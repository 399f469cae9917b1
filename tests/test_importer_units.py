"""importer/units.py: what every reader produces (units and the rules' marks on them) and
the text helpers every rule uses."""

from __future__ import annotations

from pipeline.importer.units import (
    Dropped,
    _ends_sentence,
    _folded,
    _key,
    _Marks,
    _normalise,
    _Unit,
    _words,
)


def test_text_is_normalised_as_a_reader_sees_it() -> None:
    assert _normalise("  Cafe\u0301\u00a0au\u200b lait\tnow ") == "Café au lait now"
    assert _normalise("soft\u00adhyphen") == "softhyphen"


def test_words_keys_and_folding() -> None:
    assert _words("Don't take 2 pills—ask U.S. staff.") == [
        "Don't",
        "take",
        "pills",
        "ask",
        "U.S",
        "staff",
    ]
    assert _key("Call us: 1-800!") == _key("call US 1800") == "callus1800"
    assert _folded("  « Home » / Flu. ") == "home flu"  # punctuation but . and - folded away


def test_sentence_ends_with_marks_and_notes() -> None:
    for text in ("Rest.", "Rest!”", "Casgevy™.", "in the United States.1", "in 2000.iii", "休息。"):
        assert _ends_sentence(text), text
    for text in ("Rest", "Call us:", "Fever and cough"):
        assert not _ends_sentence(text), text


def test_marks_keep_wins_and_the_first_rule_stays() -> None:
    units = [_Unit(p, p, line) for line, p in enumerate(["Ad", "Rest.", "Call us now"], start=1)]
    marks = _Marks(units, keep=("Call us",))
    assert marks.mark(0, "advert")
    assert not marks.mark(0, "notice")  # already dropped, by the first rule
    assert not marks.mark(2, "phone")  # kept
    assert marks.live() == [1, 2]
    assert marks.dropped() == [Dropped("advert", 1, "Ad")]
