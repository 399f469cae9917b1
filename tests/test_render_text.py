"""Plain-text handouts: 72 columns, NFC, underlined headings, bullets, footer last."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import FRONT

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
    assert out.endswith("Source: Clinic, “Test page”\nLast reviewed: January 2, 2025\n")


def test_nfc_output() -> None:
    decomposed = unicodedata.normalize("NFD", "Café résumé.")
    out = text_of(decomposed + "\n")
    assert unicodedata.is_normalized("NFC", out)
    assert "Café résumé." in out


def test_link_target_printed() -> None:
    assert "the guide <https://example.org/g>" in text_of(
        "See [the guide](https://example.org/g).\n"
    )


def _localized_text(folder: str) -> str:
    from conftest import ROOT

    return (ROOT / "tests/golden/gene-therapy/expected" / f"{folder}.gene-therapy.txt").read_text(
        "utf-8"
    )


@pytest.mark.parametrize("folder", ["zh_Hans", "ko", "ar", "vi", "ru", "es", "en"])
def test_every_line_fits_72_display_columns(folder: str) -> None:
    from pipeline.linebreak import display_width

    lines = _localized_text(folder).splitlines()
    assert max(display_width(line) for line in lines) <= WIDTH
    assert unicodedata.is_normalized("NFC", "\n".join(lines))


def test_chinese_never_breaks_before_closing_punctuation() -> None:
    lines = _localized_text("zh_Hans").splitlines()
    assert not [line for line in lines if line and line[0] in "。，、；：？！）」』”"]
    assert not [line for line in lines if line and line[-1] in "（「『“"]
    wide = [line for line in lines if display_width_of(line) > 60]
    assert wide  # Chinese lines are filled by width, not left short


def display_width_of(line: str) -> int:
    from pipeline.linebreak import display_width

    return display_width(line)


def test_korean_breaks_between_words_only() -> None:
    from pipeline.linebreak import wrap

    text = "유전자 치료는 일부 유전 질환을 치료하는 방법입니다. " * 4
    lines = wrap(text.strip(), width=30, keep_all=True)
    words = set(text.split())
    for line in lines:
        assert set(line.split()) <= words  # every piece is a whole word
    assert len(wrap(text.strip(), width=30)) >= len(lines)  # without keep-all: mid-word breaks


def test_wrap_by_display_width() -> None:
    from pipeline.linebreak import display_width, wrap

    lines = wrap("基因治疗" * 30, width=20)
    assert all(display_width(line) <= 20 for line in lines)
    assert all(display_width(line) == 20 for line in lines[:-1])  # 10 wide characters each
