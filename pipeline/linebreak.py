"""Where a line of text may break, by display width: the Unicode line-breaking rules.

GNU gettext asks libunistring (UAX #14: after spaces and hyphens, between Chinese
characters, never before 。 or after an opening bracket, by display columns where a
Chinese character takes two). We ask the same library through ctypes, so catalogs
wrap as msgcat wraps them and plain-text handouts wrap Chinese and Korean correctly.
Where libunistring is missing, a simpler rule covers spaces and CJK characters.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import unicodedata
from collections.abc import Sequence

UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2, 3


@functools.cache
def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
        function = library.u8_width_linebreaks
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_int
    function.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
    ]  # fmt: skip
    return library


def uses_libunistring() -> bool:
    return _libunistring() is not None


def linebreaks(data: bytes, width: int, start: int, overrides: Sequence[int]) -> list[int]:
    """Per byte: POSSIBLE where the line is to be broken before that byte."""
    if not data:
        return []
    library = _libunistring()
    if library is None:
        return _simple_linebreaks(data, width, start, overrides)
    result = ctypes.create_string_buffer(len(data))
    library.u8_width_linebreaks(
        data, len(data), width, start, 0, bytes(overrides), b"UTF-8", result
    )
    return list(result.raw)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F"}


_NO_BREAK_BEFORE = set("。，、；：？！）」』】》〉”’・ー々〕］｝")
_NO_BREAK_AFTER = set("（「『【《〈“‘〔［｛")


def _simple_linebreaks(data: bytes, width: int, start: int, overrides: Sequence[int]) -> list[int]:
    """Greedy breaking after spaces and between CJK characters, by display width."""
    text = data.decode("utf-8")
    chars: list[tuple[int, str]] = []  # (byte offset, char)
    position = 0
    for char in text:
        chars.append((position, char))
        position += len(char.encode("utf-8"))
    opportunities = [False] * len(chars)
    for i in range(1, len(chars)):
        before, here = chars[i - 1][1], chars[i][1]
        if overrides[chars[i][0]] == PROHIBITED:
            continue
        if before == " " and here != " ":
            opportunities[i] = True
        elif (_is_cjk(before) or _is_cjk(here)) and here != " " and before != " ":
            opportunities[i] = here not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER
    result = [PROHIBITED] * len(data)
    column, piece, last = start, 0, -1
    for i, (_, char) in enumerate(chars):
        if opportunities[i]:
            if last >= 0 and column + piece > width:
                result[chars[last][0]] = POSSIBLE
                column = 0
            last = i
            column += piece
            piece = 0
        piece += 2 if _is_cjk(char) else (0 if unicodedata.combining(char) else 1)
    if last >= 0 and column + piece > width:
        result[chars[last][0]] = POSSIBLE
    return result


def wrap(
    text: str,
    *,
    width: int,
    first_indent: str = "",
    rest_indent: str = "",
    keep_all: bool = False,
) -> list[str]:
    """Text -> lines of at most `width` display columns (a longer word stays whole).

    `keep_all` breaks Korean only between words, as CSS `word-break: keep-all` does:
    Korean puts spaces between words, and a word split across lines is hard to read.
    """
    if not text:
        return [first_indent.rstrip()]
    if text.isprintable() and first_indent.isascii():
        # It fits: no character takes more than one column (ASCII), or two.
        columns = len(text) if text.isascii() else 2 * len(text)
        if len(first_indent) + columns <= width:
            return [first_indent + text.rstrip()]
    rest = display_width(rest_indent)
    data = text.encode("utf-8")
    overrides = [UNDEFINED] * len(data)
    if keep_all:
        position = 0
        previous = ""
        for char in text:
            if _is_hangul(char) and _is_hangul(previous):
                overrides[position] = PROHIBITED
            position += len(char.encode("utf-8"))
            previous = char
    breaks = linebreaks(data, width - rest, display_width(first_indent) - rest, overrides)
    lines: list[str] = []
    start = 0
    for position in [i for i, kind in enumerate(breaks) if kind == POSSIBLE]:
        if position > start:
            lines.append(data[start:position].decode("utf-8").rstrip())
            start = position
    lines.append(data[start:].decode("utf-8").rstrip())
    return [(first_indent if i == 0 else rest_indent) + line for i, line in enumerate(lines)]


def _is_hangul(char: str) -> bool:
    return bool(char) and ("\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff")


def display_width(text: str) -> int:
    """Columns a terminal or monospaced printout gives the text (wcwidth)."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)
