"""LocalizedDocument -> HTML string (Jinja, autoescaped, CSS inlined)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import BlockKind, LocalizedBlock, LocalizedDocument
from pipeline.placeholders import inline_text
from pipeline.templating import environment, stylesheet

COMPACT_ITEM = 24  # characters: a list of items this short prints in columns


@dataclass(slots=True)
class ListView:
    """Consecutive list items (or term/definition pairs) under one container."""

    kind: str  # "ul", "ol" or "dl"
    items: list[LocalizedBlock] = field(default_factory=list)

    @property
    def is_compact(self) -> bool:
        """Many short items (product names): columns save a printed page."""
        texts = ["".join(inline_text(s.inlines) for s in i.sentences) for i in self.items]
        return self.kind != "dl" and len(texts) >= 6 and all(len(t) <= COMPACT_ITEM for t in texts)


def group_blocks(blocks: tuple[LocalizedBlock, ...]) -> list[LocalizedBlock | ListView]:
    """Flat blocks -> blocks and lists, so the template writes real ul/ol/dl elements."""
    grouped: list[LocalizedBlock | ListView] = []
    current_group: int | None = None
    for block in blocks:
        source = block.block
        if source.group is None:
            grouped.append(block)
            current_group = None
            continue
        if source.group != current_group:
            if source.kind in (BlockKind.TERM, BlockKind.DEFINITION):
                kind = "dl"
            else:
                kind = "ol" if source.ordered else "ul"
            grouped.append(ListView(kind))
            current_group = source.group
        view = grouped[-1]
        assert isinstance(view, ListView)
        view.items.append(block)
    return grouped


PAPER_SIZES = {"letter": "letter", "a4": "A4"}


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
    template = environment().get_template("handout.html.j2")
    return template.render(
        doc=document,
        parts=group_blocks(document.blocks),
        css=stylesheet(),
        is_list=lambda part: isinstance(part, ListView),
        for_pdf=for_pdf,
        page_size=PAPER_SIZES[paper],
        english=english,
        english_blocks=english_blocks,
    )


@dataclass(frozen=True, slots=True)
class IndexEntry:
    lang: str
    direction: str
    language_name: str
    title: str
    href: str
    percent: float = 100.0  # English words translated and published
    is_ready: bool = True
    reading_level: str = ""
    pdf_href: str | None = None
    preview_href: str | None = None
    article: str = ""  # the article's English title: every card names its article
    why_not: str = ""  # why there is nothing to print yet, for clinic staff
    english_href: str | None = None  # the English handout to give meanwhile, if it prints


def render_index(entries: list[IndexEntry], *, heading: str) -> str:
    """The page that lists every handout by language, each language named in itself."""
    template = environment().get_template("index.html.j2")
    return template.render(entries=entries, heading=heading, css=stylesheet())
