"""linebreak.py: libunistring's line breaks (UAX #14) by display width, as GNU msgcat
wraps (test_po_writer compares catalogs with msgcat's), and Korean kept whole between
spaces."""

from __future__ import annotations

from pipeline.linebreak import display_width, require_libunistring, wrap


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
