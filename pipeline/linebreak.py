"""Where a line of text may break, by display width: the Unicode line-breaking rules.

GNU gettext asks libunistring (UAX #14: after spaces and hyphens, between Chinese
characters, never before 。 or after an opening bracket, by display columns where a
Chinese character takes two). We ask the same library through ctypes, so catalogs
wrap as msgcat wraps them and plain-text handouts wrap Chinese and Korean correctly.
Without libunistring there is no fallback: other rules would give other bytes on
another machine, so the command stops and says what to install.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import re
from collections.abc import Sequence

from pipeline.errors import SetupError

UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2, 3


MISSING = (
    "libunistring, the Unicode line-breaking library GNU gettext uses, is not installed; "
    "install the Debian package gettext (which brings it) or run `make build`, which does."
)


@functools.cache
def _libunistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring")
    if name is None:
        raise SetupError(MISSING)
    try:
        library = ctypes.CDLL(name)
        function = library.u8_width_linebreaks
    except (OSError, AttributeError):
        raise SetupError(MISSING) from None
    function.restype = ctypes.c_int
    function.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
    ]  # fmt: skip
    return library


def require_libunistring() -> None:
    """Stop before any work when the line breaker is missing (SetupError)."""
    _libunistring()


def linebreaks(data: bytes, width: int, start: int, overrides: Sequence[int]) -> list[int]:
    """Per byte: POSSIBLE where the line is to be broken before that byte."""
    if not data:
        return []
    library = _libunistring()
    result = ctypes.create_string_buffer(len(data))
    library.u8_width_linebreaks(
        data, len(data), width, start, 0, bytes(overrides), b"UTF-8", result
    )
    return list(result.raw)


_POSSIBLE_BYTE = bytes([POSSIBLE])


@functools.cache
def _buffer_type(size: int) -> type[ctypes.Array[ctypes.c_char]]:
    # An array type per size made once: ctypes makes one for each new length, and
    # create_string_buffer for every paragraph's length cost 4 µs a call (issue 20).
    return ctypes.c_char * size


def break_positions(data: bytes, width: int, start: int, overrides: bytes) -> list[int]:
    """The byte offsets where the line is to be broken (`linebreaks`' POSSIBLE ones),
    found with bytes.find: most bytes of a line are not breaks, and a list of every
    byte's kind cost a tenth of a text handout (issue 20)."""
    if not data:
        return []
    result = _buffer_type(-(-len(data) // 256) * 256)()
    _libunistring().u8_width_linebreaks(
        data, len(data), width, start, 0, overrides, b"UTF-8", result
    )
    raw = result.raw[: len(data)]
    positions = []
    found = raw.find(_POSSIBLE_BYTE)
    while found >= 0:
        positions.append(found)
        found = raw.find(_POSSIBLE_BYTE, found + 1)
    return positions


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
    overrides = _kept_whole(text, len(data)) if keep_all else bytes(len(data))  # UNDEFINED
    cuts = break_positions(data, width - rest, display_width(first_indent) - rest, overrides)
    lines: list[str] = []
    start = 0
    for position in cuts:
        if position > start:
            lines.append(data[start:position].decode("utf-8").rstrip())
            start = position
    lines.append(data[start:].decode("utf-8").rstrip())
    return [(first_indent if i == 0 else rest_indent) + line for i, line in enumerate(lines)]


# Hangul syllables and jamo: three bytes each in UTF-8.
_HANGUL_RUN = re.compile("[\uac00-\ud7a3\u1100-\u11ff]{2,}")


def _kept_whole(text: str, size: int) -> bytes:
    """Per byte of `text` in UTF-8: PROHIBITED before each Hangul letter that follows
    another (a Korean word stays whole), else UNDEFINED."""
    overrides = bytearray(size)
    position = counted = 0  # a byte offset, and the characters it counts up to
    for run in _HANGUL_RUN.finditer(text):
        position += len(text[counted : run.start()].encode("utf-8"))
        counted = run.end()
        for letter in range(1, run.end() - run.start()):
            overrides[position + 3 * letter] = PROHIBITED
        position += 3 * (run.end() - run.start())
    return bytes(overrides)


def display_width(text: str) -> int:
    """Columns a terminal or monospaced printout gives the text (wcwidth)."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)
