"""LocalizedDocument -> plain text: UTF-8, NFC, wrapped at 72 columns."""

from __future__ import annotations

import textwrap
import unicodedata

from wcwidth import wcswidth

from pipeline.model import (
    BlockKind,
    LocalizedBlock,
    LocalizedDocument,
    LocalizedSentence,
    Span,
    Text,
)

WIDTH = 72
_UNDERLINES = {1: "=", 2: "=", 3: "-"}


def _words(sentences: tuple[LocalizedSentence, ...], joiner: str) -> str:
    return joiner.join("".join(_plain(n) for n in s.inlines) for s in sentences)


def _plain(node: Text | Span) -> str:
    if isinstance(node, Text):
        return node.text
    inner = "".join(_plain(child) for child in node.children)
    if node.href and node.href != inner:
        return f"{inner} <{node.href}>"  # a printed page cannot be clicked
    return inner


def _width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _wrap(text: str, *, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _heading(text: str, level: int) -> list[str]:
    lines = _wrap(text)
    underline = _UNDERLINES.get(level, "-")
    return [*lines, underline * max(_width(line) for line in lines), ""]


def render_text(document: LocalizedDocument) -> str:
    """The handout as plain text: underlined headings, bulleted lists, footer last."""
    joiner = document.sentence_joiner
    lines: list[str] = _heading(_words(document.title, joiner), 1)
    if document.has_fallback:
        lines += [*_wrap(document.labels.fallback_note.text), ""]
    previous: LocalizedBlock | None = None
    number = 0
    for block in document.blocks:
        source = block.block
        text = _words(block.sentences, joiner)
        is_item = source.kind in (BlockKind.LIST_ITEM, BlockKind.TERM, BlockKind.DEFINITION)
        ends_list = previous is not None and previous.block.group is not None
        if ends_list and (not is_item or previous.block.group != source.group):  # type: ignore[union-attr]
            lines.append("")
        elif (
            source.kind is BlockKind.TERM
            and previous
            and previous.block.kind is BlockKind.DEFINITION
        ):
            lines.append("")  # a blank line between term groups, as in a printed glossary
        if source.group != (previous.block.group if previous else None):
            number = 0
        indent = "  " * source.depth
        match source.kind:
            case BlockKind.HEADING:
                lines += _heading(text, source.level)
            case BlockKind.LIST_ITEM:
                number += 1
                bullet = f"{number}. " if source.ordered else "- "
                lines += _wrap(text, first=indent + bullet, rest=indent + " " * len(bullet))
            case BlockKind.TERM:
                lines += _wrap(text, first=indent, rest=indent)
            case BlockKind.DEFINITION:
                lines += _wrap(text, first=indent + "    ", rest=indent + "    ")
            case _:
                lines += [*_wrap(text), ""]
        previous = block
    if previous is not None and previous.block.group is not None:
        lines.append("")
    labels = document.labels
    footer = [labels.source.text, labels.last_reviewed.text]
    if labels.translated_from is not None:
        footer.append(labels.translated_from.text)
    lines += ["-" * WIDTH]
    for line in footer:
        lines += _wrap(line)
    text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
    return unicodedata.normalize("NFC", text)
