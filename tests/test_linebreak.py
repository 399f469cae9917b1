"""Line breaks by display width (libunistring), as catalogs and text handouts use them."""

from __future__ import annotations

import pytest

from pipeline.linebreak import POSSIBLE, break_positions, linebreaks, wrap


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
