"""LocalizedDocument -> HTML string (Jinja, autoescaped, CSS inlined)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import BlockKind, LocalizedBlock, LocalizedDocument
from pipeline.templating import environment, stylesheet


@dataclass(slots=True)
class ListView:
    """Consecutive list items (or term/definition pairs) under one container."""

    kind: str  # "ul", "ol" or "dl"
    items: list[LocalizedBlock] = field(default_factory=list)


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


def render_handout(document: LocalizedDocument) -> str:
    """One handout page: valid HTML5 with lang, dir, landmarks and print styles."""
    template = environment().get_template("handout.html.j2")
    return template.render(
        doc=document,
        parts=group_blocks(document.blocks),
        css=stylesheet(),
        is_list=lambda part: isinstance(part, ListView),
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


def render_index(entries: list[IndexEntry], *, heading: str) -> str:
    """The page that lists every handout by language, each language named in itself."""
    template = environment().get_template("index.html.j2")
    return template.render(entries=entries, heading=heading, css=stylesheet())
