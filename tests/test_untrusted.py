"""untrusted.py: what a translation may never carry onto a printed handout."""

from __future__ import annotations

import pytest

from pipeline.untrusted import LONGEST_WORD, unsafe_reason


@pytest.mark.parametrize(
    ("msgstr", "words"),
    [
        ("Tome 2 pastillas.\u202e", "invisible control character (U+202E)"),
        ("Llame \u200bal médico.", "invisible control character (U+200B)"),
        ("Tome <b>2</b> pastillas.", "contains markup (<b>)"),
        ("Tome " + "a" * (LONGEST_WORD + 1) + ".", f"a word of {LONGEST_WORD + 2} characters"),
    ],
)
def test_what_is_refused(msgstr: str, words: str) -> None:
    reason = unsafe_reason(msgstr, msgid="Take 2 pills.")
    assert reason is not None
    assert words in reason


@pytest.mark.parametrize(
    ("msgstr", "msgid"),
    [
        ("Tome 2 pastillas.", "Take 2 pills."),
        ("Vea https://example.org/" + "x" * 60 + " hoy.", "See the page today."),  # a URL
        ("基因治疗" * 20, "Gene therapy"),  # Chinese breaks between characters
        ("Pulse <Enter>.", "Press <Enter>."),  # markup the English has too
        ("\u200b", "\u200b"),  # a mark the English has too
        ("유전자 치료는 ", "Gene therapy is"),  # Korean joiners of its own are letters
    ],
)
def test_what_is_accepted(msgstr: str, msgid: str) -> None:
    assert unsafe_reason(msgstr, msgid=msgid) is None


def test_a_word_of_exactly_the_limit_fits() -> None:
    assert unsafe_reason("a" * LONGEST_WORD, msgid="x") is None
