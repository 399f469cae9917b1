"""LocalizedDocument -> plain text: UTF-8, NFC, wrapped at 72 columns to print, or one
paragraph a line to paste into a patient portal or a message."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from pipeline.linebreak import display_width, wrap
from pipeline.model import (
    BLANK,
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


def _unwrapped(text: str, *, first: str = "", rest: str = "") -> list[str]:
    # Pasted text is wrapped by the box it lands in: one line per paragraph.
    return [first + text]


def _heading(
    text: str, level: int, fill: Callable[..., list[str]], *, underline: bool = True
) -> list[str]:
    lines = fill(text)
    if not underline:
        return [*lines, ""]
    mark = _UNDERLINES.get(level, "-")
    return [*lines, mark * max(display_width(line) for line in lines), ""]


# Long: the handout's parts in the order the printed text reads them.
def render_text(document: LocalizedDocument, *, paste: bool = False) -> str:
    """The handout as plain text: underlined headings, bulleted lists, the clinic and
    the sources last. `paste` writes each paragraph, item and heading on one line and
    draws no rules, for a patient portal or a message that wraps text itself."""
    joiner = document.sentence_joiner
    if paste:
        fill: Callable[..., list[str]] = _unwrapped
    else:
        fill = functools.partial(_wrap, keep_all=document.locale.language == "ko")
    heading = functools.partial(_heading, fill=fill, underline=not paste)
    lines: list[str] = heading(_words(document.title, joiner), 1)
    labels = document.labels
    if labels.english_title is not None:
        names = f"{document.language_name} · {document.english_language_name}"
        lines += [*fill(f"{names} · {labels.english_title.text}"), ""]
    if document.has_fallback:
        lines += [*fill(labels.fallback_note.text), ""]
    previous: LocalizedBlock | None = None
    number = 0
    # The key points come first, wherever the source has them.
    blocks = sorted(document.blocks, key=lambda b: b.block.role != "key-points")
    for block in blocks:
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
                lines += heading(text, source.level)
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
    lines += heading(labels.care_team.text, 2)
    for line in (document.clinic_name or BLANK, labels.phone.text, labels.address.text):
        lines += fill(line)
    lines.append("")
    footer = [labels.source.text]
    if document.source_url:
        footer.append(document.source_url)
    footer.append(labels.last_reviewed.text)
    if labels.translated_from is not None:
        footer.append(labels.translated_from.text)
    footer.append(labels.disclaimer.text)
    if not paste:
        lines += ["-" * WIDTH]
    for line in footer:
        lines += fill(line)
    text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
    return unicodedata.normalize("NFC", text)
