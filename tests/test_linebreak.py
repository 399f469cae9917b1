"""linebreak.py: libunistring's line breaks (UAX #14) by display width, as GNU msgcat
wraps (test_po_writer compares catalogs with msgcat's), and Korean kept whole between
spaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.linebreak import (
    POSSIBLE,
    PROHIBITED,
    _kept_whole,
    break_positions,
    display_width,
    linebreaks,
    require_libunistring,
    wrap,
)


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("基因治疗") == 8
    assert display_width("유전자") == 6
    assert display_width("e\u0301") == 1  # a combining accent takes no column


def test_wrap_by_display_width() -> None:
    lines = wrap("基因治疗" * 30, width=20)
    assert all(display_width(line) <= 20 for line in lines)
    assert all(display_width(line) == 20 for line in lines[:-1])  # 10 wide characters each


def test_chinese_never_starts_a_line_with_closing_punctuation() -> None:
    text = "基因治疗是一种治疗方法。" * 10
    for width in range(8, 30):
        assert not [line for line in wrap(text, width=width)[1:] if line[0] in "。，"]


def test_korean_breaks_between_words_only() -> None:
    text = "유전자 치료는 일부 유전 질환을 치료하는 방법입니다. " * 4
    lines = wrap(text.strip(), width=30, keep_all=True)
    words = set(text.split())
    for line in lines:
        assert set(line.split()) <= words  # every piece is a whole word
    assert len(wrap(text.strip(), width=30)) >= len(lines)  # without keep-all: mid-word breaks


def test_indents_and_a_word_longer_than_the_line() -> None:
    assert wrap("", width=10, first_indent="- ") == ["-"]
    assert wrap("one two three four", width=10, first_indent="- ", rest_indent="  ") == [
        "- one two",
        "  three",
        "  four",
    ]
    long = "x" * 30
    assert wrap(f"a {long} b", width=10) == ["a", long, "b"]  # kept whole


def test_the_library_is_found() -> None:
    """libunistring is there (Debian's gettext brings it): no SetupError."""
    require_libunistring()


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Wash your hands with soap and water for at least 20 seconds, then dry them.", 20),
        ("手を洗ってください。石けんと水で二十秒以上洗い、よく乾かしてください。", 16),
        ("손을 씻으세요. 비누와 물로 20초 이상 씻고 잘 말리세요.", 14),
        ("اغسل يديك بالماء والصابون لمدة عشرين ثانية على الأقل ثم جففهما.", 18),
        ("a-very-long-hyphenated-word-that-must-break-somewhere-along-its-length", 12),
    ],
)
def test_break_positions_are_the_possible_breaks(text: str, width: int) -> None:
    """The fast scan (issue 20) finds exactly the bytes libunistring marks POSSIBLE."""
    data = text.encode("utf-8")
    overrides = bytes(len(data))
    expected = [
        i for i, kind in enumerate(linebreaks(data, width, 0, overrides)) if kind == POSSIBLE
    ]
    assert expected  # each text is long enough to need a break
    assert break_positions(data, width, 0, overrides) == expected


def test_wrap_keeps_every_word_and_the_width() -> None:
    text = "Call your care team if the fever lasts more than three days or gets worse."
    lines = wrap(text, width=24, first_indent="- ", rest_indent="  ")
    assert all(len(line) <= 24 for line in lines)
    assert " ".join(line[2:] for line in lines) == text
    assert lines[0].startswith("- ")
    assert all(line.startswith("  ") for line in lines[1:])


def _kept_whole_by_character(text: str) -> bytes:
    """What keep-all forbids, one character at a time: no break before a Hangul letter
    that follows another (the reference for `_kept_whole`, which finds runs)."""
    overrides = bytearray(len(text.encode("utf-8")))
    position, previous = 0, ""
    for char in text:
        if _hangul(char) and _hangul(previous):
            overrides[position] = PROHIBITED
        position += len(char.encode("utf-8"))
        previous = char
    return bytes(overrides)


def _hangul(char: str) -> bool:
    return bool(char) and ("\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff")


@given(st.text(alphabet="가힣한국ᄀᇿㄱ\u10ff\u1200\uabff\ud7a4\ud7b0 中a é😀1,.\n", max_size=40))
def test_keep_all_forbids_breaks_inside_korean_words_only(text: str) -> None:
    """Korean words stay whole (issue 20 made this a pass over runs of Hangul, not over
    every character: a fifth of a Korean text handout's cost)."""
    assert _kept_whole(text, len(text.encode("utf-8"))) == _kept_whole_by_character(text)
