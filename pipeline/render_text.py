"""LocalizedDocument -> plain text: UTF-8, NFC, wrapped at 72 columns to print, or one
paragraph a line to paste into a patient portal or a message."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

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


# What the printed and the pasted text are made of, in order: the same for both, so a
# document's words are gathered once for its two text files (issue 20).
@dataclass(frozen=True, slots=True)
class _Heading:
    text: str
    level: int


@dataclass(frozen=True, slots=True)
class _Fill:
    text: str
    first: str = ""
    rest: str = ""


_BLANK_LINE = "blank"  # an empty line between parts
_RULE = "rule"  # the line above the footer, printed only
_Part = _Heading | _Fill | str


# Long: the handout's parts in the order the printed text reads them.
def _parts(document: LocalizedDocument) -> list[_Part]:
    joiner = document.sentence_joiner
    parts: list[_Part] = [_Heading(_words(document.title, joiner), 1)]
    labels = document.labels
    if labels.english_title is not None:
        names = f"{document.language_name} · {document.english_language_name}"
        parts += [_Fill(f"{names} · {labels.english_title.text}"), _BLANK_LINE]
    if document.has_fallback:
        parts += [_Fill(labels.fallback_note.text), _BLANK_LINE]
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
            parts.append(_BLANK_LINE)
        elif (
            source.kind is BlockKind.TERM
            and previous
            and previous.block.kind is BlockKind.DEFINITION
        ):
            parts.append(_BLANK_LINE)  # between term groups, as in a printed glossary
        if source.group != (previous.block.group if previous else None):
            number = 0
        indent = "  " * source.depth
        match source.kind:
            case BlockKind.HEADING:
                parts.append(_Heading(text, source.level))
            case BlockKind.LIST_ITEM:
                number += 1
                bullet = f"{number}. " if source.ordered else "- "
                parts.append(_Fill(text, indent + bullet, indent + " " * len(bullet)))
            case BlockKind.TERM:
                parts.append(_Fill(text, indent, indent))
            case BlockKind.DEFINITION:
                parts.append(_Fill(text, indent + "    ", indent + "    "))
            case _:
                parts += [_Fill(text), _BLANK_LINE]
        previous = block
    if previous is not None and previous.block.group is not None:
        parts.append(_BLANK_LINE)
    parts.append(_Heading(labels.care_team.text, 2))
    for line in (document.clinic_name or BLANK, labels.phone.text, labels.address.text):
        parts.append(_Fill(line))
    parts += [_BLANK_LINE, _RULE]
    footer = [labels.source.text]
    if document.source_url:
        footer.append(document.source_url)
    footer.append(labels.last_reviewed.text)
    if labels.translated_from is not None:
        footer.append(labels.translated_from.text)
    footer.append(labels.disclaimer.text)
    return parts + [_Fill(line) for line in footer]


def _written(parts: list[_Part], *, paste: bool, keep_all: bool) -> str:
    if paste:
        fill: Callable[..., list[str]] = _unwrapped
    else:
        fill = functools.partial(_wrap, keep_all=keep_all)
    lines: list[str] = []
    for part in parts:
        if isinstance(part, _Fill):
            lines += fill(part.text, first=part.first, rest=part.rest)
        elif isinstance(part, _Heading):
            lines += _heading(part.text, part.level, fill, underline=not paste)
        elif part == _BLANK_LINE:
            lines.append("")
        elif not paste:  # the rule
            lines.append("-" * WIDTH)
    text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
    return unicodedata.normalize("NFC", text)


def render_text(document: LocalizedDocument, *, paste: bool = False) -> str:
    """The handout as plain text: underlined headings, bulleted lists, the clinic and
    the sources last. `paste` writes each paragraph, item and heading on one line and
    draws no rules, for a patient portal or a message that wraps text itself."""
    keep_all = document.locale.language == "ko"
    return _written(_parts(document), paste=paste, keep_all=keep_all)


def render_texts(document: LocalizedDocument) -> tuple[str, str]:
    """The text to print and the text to paste (`render_text`), from one reading of the
    document."""
    parts = _parts(document)
    keep_all = document.locale.language == "ko"
    printed = _written(parts, paste=False, keep_all=keep_all)
    return printed, _written(parts, paste=True, keep_all=keep_all)
