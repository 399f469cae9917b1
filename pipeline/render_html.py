"""LocalizedDocument -> HTML string (Jinja, autoescaped, CSS inlined)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
from markupsafe import Markup, escape

from pipeline.handout_parts import ListView, group_blocks, role_sections
from pipeline.model import BlockKind, LocalizedBlock, LocalizedDocument, LocalizedSentence
from pipeline.templating import environment, escaped, sentences_html, stylesheet

PAPER_SIZES = {"letter": "letter", "a4": "A4"}
_ITEM_TAGS = {BlockKind.TERM: "dt", BlockKind.DEFINITION: "dd"}  # any other item: li


def _part_html(
    part: LocalizedBlock | ListView,
    doc: LocalizedDocument,
    english: LocalizedDocument | None,
    english_blocks: dict[str, tuple[LocalizedSentence, ...]],
) -> Markup:
    """One block or list of a handout's body, as the template writes it. In Python, not
    a Jinja macro: a handout calls it for every block, and the macro's calls took half
    of a handout's time (issue 20); tests/golden holds the bytes it must give."""

    def english_of(anchor: str) -> str:
        if english is None or anchor not in english_blocks:
            return ""
        inner = sentences_html(english_blocks[anchor], english)
        return f'<span class="english" lang="en" dir="ltr">{inner}</span>'

    def element(tag: str, block: LocalizedBlock) -> str:
        anchor = block.block.anchor
        return (
            f'<{tag} id="{escaped(anchor)}">{sentences_html(block.sentences, doc)}'
            f"{english_of(anchor)}</{tag}>\n"
        )

    if not isinstance(part, ListView):
        if part.block.kind is BlockKind.HEADING:
            return Markup(element(f"h{part.block.level}", part))
        return Markup(element("p", part))
    kind = escape(part.kind)
    compact = ' class="compact"' if part.is_compact else ""
    parts = [f"<{kind}{compact}>\n"]
    is_definitions = part.kind == "dl"
    for group in part.term_groups if is_definitions else [part.items]:
        if is_definitions:
            parts.append("<div>")
        parts += [element(_ITEM_TAGS.get(item.block.kind, "li"), item) for item in group]
        if is_definitions:
            parts.append("</div>")
    parts.append(f"</{kind}>\n")
    return Markup("".join(parts))


@dataclass(frozen=True, slots=True)
class _SectionHtml:
    """A section of a handout's body as the template writes it: its blocks rendered
    here, in one string, rather than by a call from the template for each block: Jinja's
    calls were about a quarter of a handout's time (py-spy, issue 20)."""

    role: str | None
    labelled_by: str  # the anchor of its first block, which heads it
    body: Markup


def _first_anchor(part: LocalizedBlock | ListView) -> str:
    return (part.items[0] if isinstance(part, ListView) else part).block.anchor


def render_handout(
    document: LocalizedDocument,
    *,
    for_pdf: bool = False,
    paper: str = "letter",
    english: LocalizedDocument | None = None,
) -> str:
    """One handout page: valid HTML5 with lang, dir, landmarks and print styles.

    `for_pdf` adds what only a PDF engine uses: the page size and a running footer
    with the title, review date and "Page X of Y" in the handout's language.
    `english` makes a bilingual handout: the English under each block, marked
    lang="en", for the clinician who hands it over.
    """
    english_blocks = {b.block.anchor: b.sentences for b in english.blocks} if english else {}
    sections = [
        _SectionHtml(
            role=section.role,
            labelled_by=_first_anchor(section.parts[0]),
            body=Markup(
                "\n".join(_part_html(p, document, english, english_blocks) for p in section.parts)
            ),
        )
        for section in role_sections(group_blocks(document.blocks))
    ]
    template = environment().get_template("handout.html.j2")
    return template.render(
        doc=document,
        sections=sections,
        css=stylesheet(),
        for_pdf=for_pdf,
        page_size=PAPER_SIZES[paper],
        english=english,
    )


@dataclass(frozen=True, slots=True)
class IndexEntry:
    lang: str
    direction: str
    language_name: str  # in the language itself
    title: str  # in the language
    href: str
    percent: float = 100.0  # English words translated and published
    is_ready: bool = True
    reading_level: str = ""
    pdf_href: str | None = None
    preview_href: str | None = None
    article: str = ""  # the article's English title: every card names its article
    why_not: str = ""  # why there is nothing to print yet, for clinic staff
    english_href: str | None = None  # the English handout to give meanwhile, if it prints
    slug: str = ""
    english_name: str = ""  # the language named in English
    text_href: str | None = None
    paste_href: str | None = None
    report_href: str | None = None


@dataclass(frozen=True, slots=True)
class IndexLanguage:
    lang: str
    direction: str
    native_name: str
    english_name: str


# An IndexEntry as the build cache keeps it (`dataclasses.asdict`): a library's index is
# made from 4,500 of these, which as IndexEntry objects took 0.06-0.08 s to make again
# in every build of one article (issue 20); only a row rendered anew needs the objects.
IndexRecord = Mapping[str, Any]
Cell = TypeVar("Cell", IndexEntry, IndexRecord)


_INDEX_FIELDS = tuple(f.name for f in dataclasses.fields(IndexEntry))


def index_record(entry: IndexEntry) -> dict[str, Any]:
    """`dataclasses.asdict(entry)` without its deep copy, which no field needs (each is a
    string, number, flag or None): 1.8 us an entry against 22 (timeit), and a 500-article
    build makes 4,500 of them after its workers end (issue 20)."""
    return {name: getattr(entry, name) for name in _INDEX_FIELDS}


@dataclass(frozen=True, slots=True)
class IndexRow(Generic[Cell]):
    """One article's row: its cells as records (the table) or entries (to render)."""

    slug: str
    english_title: str
    report_href: str | None
    cells: tuple[Cell | None, ...]  # one per language, None: not built at all


_TableRow = IndexRow[IndexRecord]


def index_table(records: Sequence[IndexRecord]) -> tuple[list[IndexLanguage], list[_TableRow]]:
    """Articles by languages: English first, then languages in the order of their English
    names (staff who do not read 中文 find "Chinese"), articles by English title."""
    languages: dict[str, IndexLanguage] = {}
    for entry in records:
        if entry["lang"] not in languages:
            languages[entry["lang"]] = IndexLanguage(
                entry["lang"], entry["direction"], entry["language_name"], entry["english_name"]
            )
    columns = sorted(languages.values(), key=lambda x: (x.lang != "en", x.english_name, x.lang))
    by_article: dict[str, dict[str, IndexRecord]] = {}
    for entry in records:
        by_article.setdefault(entry["slug"], {})[entry["lang"]] = entry
    rows = []
    for slug, cells in by_article.items():
        english = cells.get("en") or next(iter(cells.values()))
        rows.append(
            IndexRow(
                slug=slug,
                english_title=english["article"] or english["title"],
                report_href=f"reports/{slug}.en.html",
                cells=tuple(cells.get(column.lang) for column in columns),
            )
        )
    rows.sort(key=lambda row: (row.english_title.casefold(), row.slug))
    return columns, rows


def render_index(entries: list[IndexEntry], *, heading: str) -> str:
    """One table of articles by languages for clinic staff: every language named in
    itself and in English, every cell linking the PDF, HTML and text, or saying why it
    is not ready; a filter box finds an article by title."""
    return index_page([index_record(e) for e in entries], heading=heading, known={}).html


@dataclass(frozen=True, slots=True)
class IndexPage:
    html: str
    rows: dict[str, str]  # each article's row of the table, by `index_row_key`


def index_page(
    records: Sequence[IndexRecord], *, heading: str, known: Mapping[str, str]
) -> IndexPage:
    """`render_index`, reusing the rows in `known` (from an earlier page, by key) instead
    of rendering them again: a build after one edited article renders one row, not 500
    (0.2 s on the 500-article library, issue 20). The same bytes either way."""
    columns, rows = index_table(records)
    row_template = environment().get_template("index_row.html.j2")
    keys = [index_row_key(row) for row in rows]
    rendered: dict[str, str] = {}
    for key, row in zip(keys, rows, strict=True):
        if key not in rendered:
            rendered[key] = known.get(key) or row_template.render(row=_with_entries(row))
    template = environment().get_template("index.html.j2")
    rows_html = [Markup(rendered[key]) for key in keys]
    page = template.render(columns=columns, rows=rows_html, heading=heading, css=stylesheet())
    return IndexPage(page, rendered)


def _with_entries(row: _TableRow) -> IndexRow[IndexEntry]:
    cells = tuple(None if cell is None else IndexEntry(**cell) for cell in row.cells)
    return IndexRow(row.slug, row.english_title, row.report_href, cells)


def index_row_key(row: _TableRow) -> str:
    """A hash of everything an article's row shows (its fields and cells, in column
    order, each cell's fields by name): rows with the same key render to the same bytes."""
    shown = (row.slug, row.english_title, row.report_href, row.cells)
    return hashlib.sha256(orjson.dumps(shown, option=orjson.OPT_SORT_KEYS)).hexdigest()
