"""LocalizedDocument -> plain text: UTF-8, NFC, wrapped at 72 columns."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from pipeline.linebreak import display_width, wrap
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


def _wrap(text: str, *, first: str = "", rest: str = "", keep_all: bool = False) -> list[str]:
    # Unicode line breaking by display width: Chinese breaks between characters but
    # never before 。 or after an opening bracket; a wide character takes two columns.
    return wrap(text, width=WIDTH, first_indent=first, rest_indent=rest, keep_all=keep_all)


def _heading(text: str, level: int, fill: Callable[..., list[str]]) -> list[str]:
    lines = fill(text)
    underline = _UNDERLINES.get(level, "-")
    return [*lines, underline * max(display_width(line) for line in lines), ""]


def render_text(document: LocalizedDocument) -> str:
    """The handout as plain text: underlined headings, bulleted lists, footer last."""
    joiner = document.sentence_joiner
    fill = functools.partial(_wrap, keep_all=document.lang.split("-")[0] == "ko")
    lines: list[str] = _heading(_words(document.title, joiner), 1, fill)
    if document.has_fallback:
        lines += [*fill(document.labels.fallback_note.text), ""]
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
                lines += _heading(text, source.level, fill)
            case BlockKind.LIST_ITEM:
                number += 1
                bullet = f"{number}. " if source.ordered else "- "
                lines += fill(text, first=indent + bullet, rest=indent + " " * len(bullet))
            case BlockKind.TERM:
                lines += fill(text, first=indent, rest=indent)
            case BlockKind.DEFINITION:
                lines += fill(text, first=indent + "    ", rest=indent + "    ")
            case _:
                lines += [*fill(text), ""]
        previous = block
    if previous is not None and previous.block.group is not None:
        lines.append("")
    labels = document.labels
    footer = [labels.source.text, labels.last_reviewed.text]
    if labels.translated_from is not None:
        footer.append(labels.translated_from.text)
    lines += ["-" * WIDTH]
    for line in footer:
        lines += fill(line)
    text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
    return unicodedata.normalize("NFC", text)
