"""Plain-text handouts: 72 columns, NFC, underlined headings, bullets, footer last."""

from __future__ import annotations

import unicodedata

from pipeline.locales import locale_info
from pipeline.localize import localize
from pipeline.render_text import WIDTH, render_text
from pipeline.segment import segment_article
from pipeline.source import parse_source

FRONT = """---
title: Test
slug: test
language: en
publisher: Clinic
original_title: Test page
last_reviewed: 2025-01-02
target_grade: 6
---
"""


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
