"""Markdown + front matter -> blocks, and a clear `path:line:` error for bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FRONT

from pipeline.errors import InputError
from pipeline.model import BlockKind, Span, SpanKind, Text
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "gene-therapy.md"
SEED_CHROME = (
    "Advertisement",
    "Make an Appointment",
    "216.444.2538",
    "Policy",
    "Arrow Down",
    "Schedule Genetic Counseling",
    "Find a Doctor",
    "non-profit academic medical center",
    "Rabi Hanna",
    "Health Library",
    "Request an Appointment",
)


def parse(text: str) -> object:
    return parse_source(text, path="source/test.md")


def test_gene_therapy_front_matter() -> None:
    document = parse_source(ARTICLE.read_text("utf-8"), path="source/gene-therapy.md")
    meta = document.meta
    assert meta.slug == "gene-therapy"
    assert meta.language == "en"
    assert meta.last_reviewed == dt.date(2025, 6, 17)
    assert meta.publisher == "Cleveland Clinic"
    assert meta.original_title == "What Is Gene Therapy? Pros, Cons & Examples"
    assert meta.target_grade == 6


def test_gene_therapy_has_no_page_chrome_and_keeps_the_medicine() -> None:
    text = ARTICLE.read_text("utf-8")
    for chrome in SEED_CHROME:
        assert chrome not in text
    document = parse_source(text, path="source/gene-therapy.md")
    kinds = [b.kind for b in document.blocks]
    assert kinds.count(BlockKind.TERM) == 10
    assert kinds.count(BlockKind.DEFINITION) == 10
    items = [b for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    words = [" ".join(t.text for t in b.inlines if isinstance(t, Text)) for b in items]
    assert {"Casgevy™", "Luxturna™", "Skysona®", "Zynteglo™"} <= set(words)
    assert (
        "Sickle cell disease, thalassemia and hemophilia. These are blood disorders passed down "
        "from parents." in words
    )


def test_blocks_carry_sections_lines_and_anchors() -> None:
    document = parse(FRONT + "\nIntro.\n\n## Care\n\n### At home\n\nRest.\n\n- one\n- two\n")
    intro, care, home, rest, one, two = document.blocks  # type: ignore[attr-defined]
    assert (intro.line, intro.section, intro.anchor) == (11, (), "intro-p1")
    assert (care.kind, care.level, care.line) == (BlockKind.HEADING, 2, 13)
    assert home.section == ("Care", "At home")
    assert (rest.line, rest.anchor, rest.section_anchor) == (17, "at-home-p1", "at-home")
    assert (one.kind, one.anchor, one.group) == (BlockKind.LIST_ITEM, "at-home-li1", two.group)


def test_definition_list_terms_and_explanations() -> None:
    document = parse(FRONT + "\nGene addition\n: Adds a working gene.\n")
    term, definition = document.blocks  # type: ignore[attr-defined]
    assert term.kind is BlockKind.TERM
    assert term.inlines == (Text("Gene addition"),)
    assert definition.kind is BlockKind.DEFINITION
    assert definition.group == term.group


def test_inline_markup_and_link_target() -> None:
    document = parse(FRONT + "\nSee *the* [guide](https://example.org/g).\n")
    (block,) = document.blocks  # type: ignore[attr-defined]
    assert block.inlines == (
        Text("See "),
        Span(SpanKind.EMPHASIS, (Text("the"),)),
        Text(" "),
        Span(SpanKind.LINK, (Text("guide"),), "https://example.org/g"),
        Text("."),
    )


def test_rewrapped_paragraph_gives_the_same_block() -> None:
    one = parse(FRONT + "\nA long   sentence\nthat wraps.\n")
    two = parse(FRONT + "\nA long sentence that wraps.\n")
    assert one.blocks[0].inlines == two.blocks[0].inlines  # type: ignore[attr-defined]


BAD = [
    ("no front matter", "# Title\n", 1, "the file must start with YAML front matter"),
    ("unclosed", "---\ntitle: x\n", 1, "never closed"),
    ("not a mapping", "---\n- a\n- b\n---\nText.\n", 2, "must be a mapping"),
    ("empty front matter", "---\n---\nText.\n", 2, "must be a mapping"),
    ("bad yaml", "---\ntitle: [unclosed\n---\nText.\n", 3, "not valid YAML"),
    ("object tag", "---\ntitle: !!python/object:os.system x\n---\nT.\n", 2, "uses a YAML tag"),
    (
        "bad date",
        FRONT.replace("2025-01-02", "June 2025") + "\nT.\n",
        7,
        "'last_reviewed' must be a date",
    ),
    ("impossible date", FRONT.replace("2025-01-02", "2025-02-30") + "\nT.\n", 7, "must be a date"),
    ("missing key", FRONT.replace("publisher: Clinic\n", "") + "\nT.\n", 2, "needs 'publisher'"),
    (
        "unknown key",
        FRONT.replace("slug: test", "slug: test\nsulg: x") + "\nT.\n",
        4,
        "unknown front matter key 'sulg'",
    ),
    ("bad slug", FRONT.replace("slug: test", "slug: ../x") + "\nT.\n", 3, "'slug' must be"),
    (  # validated where it is read, so the locale travels with the article from here on
        "unknown language",
        FRONT.replace("language: en", "language: xx") + "\nT.\n",
        4,
        "'xx' is not a known locale code",
    ),
    (
        "grade text",
        FRONT.replace("target_grade: 6", "target_grade: six") + "\nT.\n",
        8,
        "'target_grade' must be",
    ),
    ("empty article", FRONT, None, "no text"),
    ("h1 in body", FRONT + "\n# Title\n", 11, "title comes from the front matter"),
    ("raw html", FRONT + "\n<div>x</div>\n", 11, "raw HTML"),
    ("inline html", FRONT + "\nSome <b>bold</b>.\n", 11, "raw HTML"),
    ("ftp link", FRONT + "\n[x](ftp://example.org/a)\n", 11, "not allowed"),
]


@pytest.mark.parametrize(("text", "line", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_source_names_file_and_line(text: str, line: int | None, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert caught.value.path == "source/test.md"
    assert caught.value.line == line
    assert words in caught.value.sentence
    assert str(caught.value).startswith(f"source/test.md{'' if line is None else f':{line}'}: ")
    assert str(caught.value).endswith(".")


def test_html_comment_is_an_editor_note_not_content() -> None:
    document = parse(FRONT + "\n<!-- check with Dr. Lee -->\n\nText.\n")
    assert [b.inlines for b in document.blocks] == [(Text("Text."),)]  # type: ignore[attr-defined]


def test_javascript_link_stays_text() -> None:
    document = parse(FRONT + "\n[x](javascript:alert(1))\n")
    assert document.blocks[0].inlines == (Text("[x](javascript:alert(1))"),)  # type: ignore[attr-defined]
