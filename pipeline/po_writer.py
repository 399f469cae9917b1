"""PO entries -> PO text, byte for byte as GNU msgcat writes it.

Translators' tools and git diffs stay quiet only if every program writes a catalog
the same way. GNU gettext is the reference: this module follows its `write-po.c`
(comment order, which flags survive, `msgid ""` before a wrapped string, the
79-column page) and breaks lines where GNU does, by asking the same library,
libunistring, for Unicode line-break opportunities (UAX #14: spaces, hyphens,
between Chinese characters, never before 。 or after an opening bracket).
(`linebreak.py`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.linebreak import PROHIBITED as _PROHIBITED
from pipeline.linebreak import UNDEFINED as _UNDEFINED
from pipeline.linebreak import break_positions as _break_positions

PAGE_WIDTH = 79  # msgcat's default --width

# The format flags GNU gettext 0.21 knows, in its own order (format_language[]).
FORMATS = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_BRACE_DIRECTIVE = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


@dataclass(slots=True)
class Entry:
    """One PO message as the writer needs it; the header is the entry with msgid ""."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)  # of its msgid, when read from a file

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def has_translation(self) -> bool:
        return bool(self.msgstr) or any(self.msgstr_plural.values())


def canonical_flags(flags: Sequence[str]) -> list[str]:
    """The flags GNU keeps, in GNU's order; msgcat drops flags it does not know."""
    if not flags or flags == ["fuzzy"]:
        return list(flags)  # most entries
    kept: list[str] = []
    if "fuzzy" in flags:
        kept.append("fuzzy")
    for name in FORMATS:
        for spelled in (f"{name}-format", f"no-{name}-format", f"possible-{name}-format"):
            if spelled in flags:
                kept.append(spelled)
                break
    kept.extend(f for f in flags if f.startswith("range:"))
    if "no-wrap" in flags:
        kept.append("no-wrap")
    elif "wrap" in flags:
        kept.append("wrap")
    return kept


def write_po(entries: Sequence[Entry], *, width: int = PAGE_WIDTH) -> str:
    """Entries in file order -> PO text; obsolete entries go last, as msgcat puts them."""
    blocks = [_entry(e, width) for e in entries if not e.obsolete]
    blocks += [_obsolete(e, width) for e in entries if e.obsolete and e.has_translation]
    return "\n".join(blocks)


def _comment_lines(entry: Entry, width: int) -> list[str]:
    lines = [f"# {c}" if c else "#" for c in entry.translator_comments]
    lines += [f"#. {c}" if c else "#." for c in entry.extracted_comments]
    if entry.references:
        line, column = "#:", 2
        for reference in dict.fromkeys(entry.references):  # GNU keeps each place once
            if column > 2 and column + len(reference) + 1 > width:
                lines.append(line)
                line, column = "#:", 2
            line += f" {reference}"
            column += len(reference) + 1
        lines.append(line)
    return lines


def _entry(entry: Entry, width: int) -> str:
    lines = _comment_lines(entry, width)
    flags = canonical_flags(entry.flags)
    if "fuzzy" in flags and not entry.has_translation:
        flags.remove("fuzzy")  # GNU does not print fuzzy on an empty msgstr
    if flags:
        lines.append("#, " + ", ".join(flags))
    do_wrap = "no-wrap" not in flags
    brace = "python-brace-format" in flags
    for name, value in _previous(entry):
        lines += _wrap(name, value, prefix="#| ", width=width, do_wrap=do_wrap)
    lines += _fields(entry, prefix="", width=width, do_wrap=do_wrap, brace=brace)
    return "".join(line + "\n" for line in lines)


def _obsolete(entry: Entry, width: int) -> str:
    lines = _comment_lines(entry, width)
    flags = canonical_flags(entry.flags)  # all of them, as msgcat keeps them: no-wrap too
    if flags:
        lines.append("#, " + ", ".join(flags))
    do_wrap = "no-wrap" not in flags
    for name, value in _previous(entry):
        lines += _wrap(name, value, prefix="#~| ", width=width, do_wrap=do_wrap)
    lines += _fields(entry, prefix="#~ ", width=width, do_wrap=do_wrap, brace=False)
    return "".join(line + "\n" for line in lines)


def _previous(entry: Entry) -> list[tuple[str, str]]:
    pairs = [
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ]
    return [(name, value) for name, value in pairs if value is not None]


def _fields(entry: Entry, *, prefix: str, width: int, do_wrap: bool, brace: bool) -> list[str]:
    lines: list[str] = []
    if entry.msgctxt is not None:
        lines += _wrap("msgctxt", entry.msgctxt, prefix=prefix, width=width, do_wrap=do_wrap)
    lines += _wrap("msgid", entry.msgid, prefix=prefix, width=width, do_wrap=do_wrap, brace=brace)
    if entry.msgid_plural is not None:
        lines += _wrap(
            "msgid_plural", entry.msgid_plural, prefix=prefix, width=width, do_wrap=do_wrap,
            brace=brace,
        )  # fmt: skip
        for index in sorted(entry.msgstr_plural):
            lines += _wrap(
                f"msgstr[{index}]", entry.msgstr_plural[index], prefix=prefix, width=width,
                do_wrap=do_wrap, brace=brace,
            )  # fmt: skip
    else:
        lines += _wrap(
            "msgstr", entry.msgstr, prefix=prefix, width=width, do_wrap=do_wrap, brace=brace
        )
    return lines


def _portions(value: str) -> list[str]:
    """The string cut after each newline, as GNU wraps it: one portion per line."""
    if not value:
        return [""]
    return [p for p in re.split(r"(?<=\n)", value) if p]


@functools.lru_cache(maxsize=1024)
def _wrap(
    name: str,
    value: str,
    *,
    prefix: str,
    width: int,
    do_wrap: bool,
    brace: bool = False,
) -> tuple[str, ...]:
    """One field's lines. Cached: a template's msgids recur in every language."""
    lines: list[str] = []
    directive_inner = _directive_inner_positions(value) if brace else set()
    portions = _portions(value)
    first_line = True
    offset = 0
    after_break = len(prefix) + 1
    line_width = (width if do_wrap else 2**31 - 1) - 1 - after_break
    for index, portion in enumerate(portions):
        data, overrides = _escape(portion, offset, directive_inner)
        offset += len(portion)
        if portion.endswith("\n"):
            overrides[-2] = _PROHIBITED  # no break just before the "\n" that ends it
        has_more = index < len(portions) - 1
        while True:
            start = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - after_break
            if start + len(data) <= line_width and data.isascii():
                cuts: list[int] = []  # it fits: no break can be needed
            else:
                cuts = _break_positions(data, line_width, start, bytes(overrides))
            if first_line and data and (has_more or start > line_width or cuts):
                lines.append(f'{prefix}{name} ""')
                first_line = False
                continue
            break
        head = prefix + (f"{name} " if first_line else "") + '"'
        first_line = False
        previous = 0
        for cut in cuts:
            lines.append(head + data[previous:cut].decode("utf-8") + '"')
            head, previous = prefix + '"', cut
        lines.append(head + data[previous:].decode("utf-8") + '"')
    return tuple(lines)


def _directive_inner_positions(value: str) -> set[int]:
    """Character positions inside a python-brace directive, where GNU never breaks."""
    inner: set[int] = set()
    for match in _BRACE_DIRECTIVE.finditer(value):
        inner.update(range(match.start() + 1, match.end()))
    return inner


_NEEDS_ESCAPE = re.compile(r'[\\"\a\b\f\n\r\t\v]')
_ESCAPE_TABLE = str.maketrans(
    {**{c: "\\" + e for c, e in _ESCAPES.items()}, "\\": "\\\\", '"': '\\"'}
)
# Per UTF-8 byte: a continuation byte (0x80-0xBF) can never start a line.
_CONTINUATION = bytes(_PROHIBITED if 0x80 <= b < 0xC0 else _UNDEFINED for b in range(256))
_ESCAPED_PAIR = re.compile(rb"\\.", re.DOTALL)


def _escape(portion: str, offset: int, directive_inner: set[int]) -> tuple[bytes, bytearray]:
    """A portion -> its escaped UTF-8 bytes, and per byte whether a break is
    forbidden before it (inside a character, an escape or a brace directive)."""
    if directive_inner:
        return _escape_with_directives(portion, offset, directive_inner)
    escaped = portion.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(portion) else portion
    data = escaped.encode("utf-8")
    overrides = bytearray(data.translate(_CONTINUATION))
    if len(escaped) != len(portion):
        for pair in _ESCAPED_PAIR.finditer(data):
            overrides[pair.start() + 1] = _PROHIBITED
    return data, overrides


def _escape_with_directives(
    portion: str, offset: int, directive_inner: set[int]
) -> tuple[bytes, bytearray]:
    data = bytearray()
    overrides = bytearray()
    for index, char in enumerate(portion):
        brk = _PROHIBITED if offset + index in directive_inner else _UNDEFINED
        if char in _ESCAPES:
            data += b"\\" + _ESCAPES[char].encode()
            overrides += bytes([brk, _PROHIBITED])
        elif char in '\\"':
            data += b"\\" + char.encode()
            overrides += bytes([brk, _PROHIBITED])
        else:
            encoded = char.encode("utf-8")
            data += encoded
            overrides += bytes([brk] + [_PROHIBITED] * (len(encoded) - 1))
    return bytes(data), overrides
