"""Inline markup <-> the `{n}...{/n}` placeholder notation translators see.

Translators get the words and numbered pairs, never HTML: `See {1}the guide{/1}.`
A literal brace is doubled (`{{`, `}}`), as in Python's format strings, which
Weblate and Poedit already highlight.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.model import Inline, Placeholder, Span, Text

_TOKEN = re.compile(r"\{\{|\}\}|\{(/?)(\d+)\}")


class PlaceholderError(ValueError):
    """A translation whose placeholders do not match its msgid's."""


def escape_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def to_msgid(inlines: Sequence[Inline]) -> tuple[str, tuple[Placeholder, ...]]:
    """Inline tree -> placeholder text and what each number stands for, numbered from 1."""
    placeholders: list[Placeholder] = []
    return _walk(inlines, placeholders), tuple(placeholders)


def _walk(nodes: Sequence[Inline], placeholders: list[Placeholder]) -> str:
    """The nodes' text, numbering their markup on from `placeholders`. A function of its
    own, not a closure that calls itself: that closure was a reference cycle made for
    every sentence, left for the collector after each article (issue 20)."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(escape_braces(node.text))
            continue
        number = len(placeholders) + 1
        placeholders.append(Placeholder(number, node.kind, node.href))
        parts.append(f"{{{number}}}{_walk(node.children, placeholders)}{{/{number}}}")
    return "".join(parts)


def placeholder_numbers(text: str) -> list[tuple[bool, int]]:
    """Every placeholder token in order, as (is_closing, number)."""
    return [(m.group(1) == "/", int(m.group(2))) for m in _TOKEN.finditer(text) if m.group(2)]


def is_balanced(text: str) -> bool:
    """Every `{n}` closed by `{/n}` in the same text, properly nested."""
    stack: list[int] = []
    for is_closing, number in placeholder_numbers(text):
        if not is_closing:
            stack.append(number)
        elif not stack or stack.pop() != number:
            return False
    return not stack


def renumber(text: str) -> tuple[str, dict[int, int]]:
    """Number a sentence's placeholders from 1 again; returns the text and old -> new."""
    mapping: dict[int, int] = {}

    def replace(match: re.Match[str]) -> str:
        if not match.group(2):
            return match.group(0)
        old = int(match.group(2))
        new = mapping.setdefault(old, len(mapping) + 1)
        return f"{{{match.group(1)}{new}}}"

    return _TOKEN.sub(replace, text), mapping


def to_plain(text: str) -> str:
    """Placeholder text -> the words alone, as a reader sees them."""

    def replace(match: re.Match[str]) -> str:
        if match.group(2):
            return ""
        return match.group(0)[0]

    return _TOKEN.sub(replace, text)


def inline_text(nodes: Sequence[Inline]) -> str:
    """Inline tree -> the words a reader sees, markup dropped."""
    return "".join(n.text if isinstance(n, Text) else inline_text(n.children) for n in nodes)


def to_inlines(text: str, placeholders: Sequence[Placeholder]) -> tuple[Inline, ...]:
    """Placeholder text -> inline tree, using only the markup the msgid had.

    Raises PlaceholderError when a pair is missing, added, repeated, unclosed or
    crossed, so a translation can never add markup or drop a link.
    """
    if "{" not in text and "}" not in text and not placeholders:
        return (Text(text),) if text else ()  # plain text: most sentences
    known = {p.number: p for p in placeholders}
    stack: list[tuple[Placeholder | None, list[Inline]]] = [(None, [])]
    seen: set[int] = set()
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            stack[-1][1].append(Text(text[position : match.start()]))
        position = match.end()
        if not match.group(2):
            stack[-1][1].append(Text(match.group(0)[0]))
            continue
        number = int(match.group(2))
        if match.group(1) == "":
            if number not in known:
                raise PlaceholderError(f"placeholder {{{number}}} is not in the msgid")
            if number in seen:
                raise PlaceholderError(f"placeholder {{{number}}} is used twice")
            seen.add(number)
            stack.append((known[number], []))
            continue
        placeholder, children = stack[-1]
        if placeholder is None or placeholder.number != number:
            raise PlaceholderError(f"{{/{number}}} closes a placeholder that is not open")
        stack.pop()
        stack[-1][1].append(Span(placeholder.kind, _merge(children), placeholder.href))
    if position < len(text):
        stack[-1][1].append(Text(text[position:]))
    if len(stack) > 1:
        unclosed = stack[-1][0]
        number = unclosed.number if unclosed else 0
        raise PlaceholderError(f"placeholder {{{number}}} is never closed with {{/{number}}}")
    missing = sorted(set(known) - seen)
    if missing:
        raise PlaceholderError(f"placeholder {{{missing[0]}}} from the msgid is missing")
    return _merge(stack[0][1])


def _merge(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring text runs, so `{{` does not split a word in three."""
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)
