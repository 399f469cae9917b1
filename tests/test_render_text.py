"""Plain-text handouts: 72 columns, NFC, underlined headings, bullets, footer last."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import FRONT, Built

from pipeline.locales import locale_info
from pipeline.localize import localize
from pipeline.render_text import WIDTH, render_text
from pipeline.segment import segment_article
from pipeline.source import parse_source


def text_of(body: str) -> str:
    article = segment_article(parse_source(FRONT + "\n" + body, path="source/test.md"))
    document, _ = localize(article, None, None, locale=locale_info("en", origin="t"))
    return render_text(document)


def test_layout() -> None:
    long = " ".join(["word"] * 40) + "."
    out = text_of(f"## Care\n\n{long}\n\n- one {long}\n- two\n\n1. first\n2. second\n")
    lines = out.splitlines()
    assert lines[:2] == ["Test", "===="]
    assert "Care\n====" in out
    assert all(len(line) <= WIDTH for line in lines)
    assert "- one word" in out
    assert "\n  word" in out
    assert "1. first\n2. second" in out
    assert out.endswith(
        "Your care team\n==============\n\n"
        + "_" * 24
        + "\nPhone: "
        + "_" * 24
        + "\nAddress: "
        + "_" * 24
        + "\n\n"
        + "-" * WIDTH
        + "\nSource: Clinic, “Test page”\nLast reviewed: January 2, 2025\n"
        "This handout does not replace the advice of your care team.\n"
    )


def test_paste_ready_text_has_one_paragraph_a_line() -> None:
    """For a patient portal: the box wraps the text, so no hard breaks and no rules."""
    long = " ".join(["word"] * 40) + "."
    article = segment_article(
        parse_source(FRONT + f"\n## Care\n\n{long} {long}\n\n- one {long}\n", path="s/t.md")
    )
    document, _ = localize(article, None, None, locale=locale_info("en", origin="t"))
    lines = render_text(document, paste=True).splitlines()
    assert lines[:3] == ["Test", "", "Care"]
    assert f"{long} {long}" in lines
    assert f"- one {long}" in lines
    assert not any(set(line) <= set("=-") and line for line in lines)


@pytest.mark.parametrize("folder", ["zh_Hans", "ko", "ar", "vi", "ru", "es", "en"])
def test_paste_ready_text_keeps_every_word_of_the_printable_text(
    golden_site: Built, folder: str
) -> None:
    """The same words in every script, only the line breaks differ (Chinese and Korean
    lines join without a space where the printable text broke between characters)."""
    printable = _localized_text(golden_site, folder)
    paste = (golden_site.output / folder / "gene-therapy.paste.txt").read_text("utf-8")

    def letters(text: str) -> str:
        return "".join(c for c in text if c.isalnum())

    assert letters(paste) == letters(printable)
    paragraphs = [line for line in paste.splitlines() if line]
    assert max(len(line) for line in paragraphs) > WIDTH  # not wrapped
    if folder == "zh_Hans":  # no space is ever put between two Chinese characters
        assert not any(
            "\u4e00" <= a <= "\u9fff" and b == " " and "\u4e00" <= c <= "\u9fff"
            for line in paragraphs
            for a, b, c in zip(line, line[1:], line[2:], strict=False)
        )


def test_nfc_output() -> None:
    decomposed = unicodedata.normalize("NFD", "Café résumé.")
    out = text_of(decomposed + "\n")
    assert unicodedata.is_normalized("NFC", out)
    assert "Café résumé." in out


def test_link_target_printed() -> None:
    assert "the guide <https://example.org/g>" in text_of(
        "See [the guide](https://example.org/g).\n"
    )


def _localized_text(built: Built, folder: str) -> str:
    """A handout as text, freshly built from the golden case's frozen input."""
    return (built.output / folder / "gene-therapy.txt").read_text("utf-8")


@pytest.mark.parametrize("folder", ["zh_Hans", "ko", "ar", "vi", "ru", "es", "en"])
def test_every_line_fits_72_display_columns(golden_site: Built, folder: str) -> None:
    from pipeline.linebreak import display_width

    lines = _localized_text(golden_site, folder).splitlines()
    assert max(display_width(line) for line in lines) <= WIDTH
    assert unicodedata.is_normalized("NFC", "\n".join(lines))


def test_chinese_never_breaks_before_closing_punctuation(golden_site: Built) -> None:
    lines = _localized_text(golden_site, "zh_Hans").splitlines()
    assert not [line for line in lines if line and line[0] in "。，、；：？！）」』”"]
    assert not [line for line in lines if line and line[-1] in "（「『“"]
    wide = [line for line in lines if display_width_of(line) > 60]
    assert wide  # Chinese lines are filled by width, not left short


def display_width_of(line: str) -> int:
    from pipeline.linebreak import display_width

    return display_width(line)
