"""model.py: the frozen records every stage shares, and the little each of them derives
(an article's sections, a block's role, a label's printed text, a translation's share)."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import article_of

from pipeline.model import (
    BLANK,
    SLUG,
    Clinic,
    LabelText,
    Readiness,
)

BODY = """Intro sentence.

## Key points

- Rest well.

## About it

Some facts.

### Details

More facts.
"""


def test_an_article_lists_its_segments_and_sections_with_subsections() -> None:
    article = article_of(BODY)
    assert [s.text for s in article.segments] == [
        "Test",
        "Intro sentence.",
        "Key points",
        "Rest well.",
        "About it",
        "Some facts.",
        "Details",
        "More facts.",
    ]
    sections = article.sections()
    assert sections["intro"].label == "Test (introduction)"
    about = next(s for s in sections.values() if s.label == "About it")
    details = next(s for s in sections.values() if s.label == "Details")
    assert set(details.blocks) < set(about.blocks)  # a section holds its subsections
    assert about.line == 17  # in the whole file, front matter included


def test_blocks_know_their_handout_part_and_segments_their_section() -> None:
    article = article_of(BODY)
    roles = {b.block.section[-1] if b.block.section else "": b.block.role for b in article.blocks}
    assert roles["Key points"] == "key-points"
    assert roles["About it"] is None
    details = next(s for s in article.segments if s.text == "More facts.")
    assert details.section_title == "Details"
    assert article.meta.language == "en"


def test_a_label_prints_its_parts_and_a_line_for_an_empty_value() -> None:
    label = LabelText((("Phone: ", ""), ("", "blank")), is_fallback=True)
    assert label.text == "Phone: " + BLANK
    assert LabelText((("Source: ", ""), ("Clinic", "en"))).text == "Source: Clinic"


def test_readiness_is_the_share_of_words_and_no_critical_english() -> None:
    assert Readiness("es", 0, 0, (), threshold=100).percent == 100.0  # nothing to translate
    assert Readiness("es", 10, 9, (), threshold=90).is_ready
    assert not Readiness("es", 10, 8, (), threshold=90).is_ready
    assert not Readiness("es", 10, 10, ("When to call",), threshold=0).is_ready


def test_records_are_frozen_and_slugs_are_lowercase_words() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Clinic(name="A").name = "B"  # type: ignore[misc]
    assert SLUG.fullmatch("gene-therapy")
    assert not SLUG.fullmatch("Gene_Therapy")
    assert not SLUG.fullmatch("-gene")
