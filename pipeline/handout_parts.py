"""A handout's blocks as the printed page groups them: lists (ul, ol, dl) and sections
with a role (key points first). Shared by the HTML template and the Typst PDF engine, so
both print the same parts in the same order."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import BlockKind, LocalizedBlock
from pipeline.placeholders import inline_text

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

    @property
    def term_groups(self) -> list[list[LocalizedBlock]]:
        """A definition list's items as term-and-definitions groups (HTML's <div> in <dl>),
        so print can run each term into its explanation and keep the pair on one page."""
        groups: list[list[LocalizedBlock]] = []
        for item in self.items:
            starts = item.block.kind is BlockKind.TERM or not groups
            if starts and (not groups or groups[-1][-1].block.kind is not BlockKind.TERM):
                groups.append([])
            groups[-1].append(item)
        return groups


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


@dataclass(slots=True)
class SectionView:
    """A top-level section with a handout role, or a run of ordinary content."""

    role: str | None
    parts: list[LocalizedBlock | ListView] = field(default_factory=list)


def _role(part: LocalizedBlock | ListView) -> str | None:
    return (part.items[0] if isinstance(part, ListView) else part).block.role


def role_sections(parts: list[LocalizedBlock | ListView]) -> list[SectionView]:
    """Parts grouped by section role, the key points first wherever the source has them."""
    sections: list[SectionView] = []
    for part in parts:
        role = _role(part)
        if not sections or sections[-1].role != role:
            sections.append(SectionView(role))
        sections[-1].parts.append(part)
    return sorted(sections, key=lambda section: section.role != "key-points")
