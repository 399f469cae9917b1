"""importer/markdown.py: the imported article written as Markdown that reads back as the
same text (never as markup), headings in sentence case, a slug from the title."""

from __future__ import annotations

import pytest
from conftest import FRONT
from hypothesis import given
from hypothesis import strategies as st

from pipeline.importer.markdown import (
    _escape,
    _escape_block_start,
    _sentence_case,
    _slugify,
    _yaml_scalar,
)
from pipeline.importer.rules import default_import_rules
from pipeline.model import BlockKind, Text
from pipeline.placeholders import inline_text
from pipeline.source import parse_source

RULES = default_import_rules()


def _read_back(markdown: str) -> str:
    """The text a paragraph of this Markdown holds, which must be plain text, no markup."""
    document = parse_source(FRONT + "\n" + markdown + "\n", path="source/test.md")
    assert [block.kind for block in document.blocks] == [BlockKind.PARAGRAPH]
    assert all(isinstance(node, Text) for node in document.blocks[0].inlines)
    return inline_text(document.blocks[0].inlines)


@pytest.mark.parametrize(
    "text",
    [
        "Use <b>only</b> 2*3 [tablets] & `water` _daily_",
        "# not a heading",
        "1. not a list",
        "- not an item",
        "> not a quote",
        "+ not an item",
    ],
)
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    assert _read_back(_escape_block_start(_escape(text))) == text


@given(st.text(alphabet=st.sampled_from(list("ab 12.)#>-+*_`[]<>&\\")), min_size=1, max_size=30))
def test_any_line_of_plain_text_reads_back_as_itself(text: str) -> None:
    line = " ".join(text.split())
    if line:
        assert _read_back(_escape_block_start(_escape(line))) == line


def test_title_case_headings_become_sentence_case_names_stay() -> None:
    proper = frozenset({"shingrix"})
    assert _sentence_case("Treatment Details For Shingrix", proper, RULES) == (
        "Treatment details for Shingrix"
    )
    assert _sentence_case("Who Needs HPV Vaccines", frozenset(), RULES) == "Who needs HPV vaccines"
    assert _sentence_case("When to call", frozenset(), RULES) == "When to call"  # already


def test_slugs_and_yaml_values() -> None:
    assert _slugify("Deshidratación: ¿Qué Hacer?") == "deshidratacion-que-hacer"
    assert _slugify("基因治疗") == "article"
    assert _yaml_scalar("Flu: what to do") == "'Flu: what to do'"
    assert _yaml_scalar("Plain title") == "Plain title"
