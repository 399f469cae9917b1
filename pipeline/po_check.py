"""PO text -> nothing, or the first syntax error polib would have let through.

polib lets an unterminated string lose its last character and reports syntax
errors as OSError without a reason; GNU msgfmt refuses such files. We side with
msgfmt and name the line.
"""

from __future__ import annotations

import re

from pipeline.errors import InputError

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(
    rf"(?:#~\|?\s*|#\|\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*"
)
_STRING_LINE = re.compile(rf"(?:#~\|?\s*|#\|\s*)?{_STRING}\s*")
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set("\\\"ntrabfv01234567x?'")


def precheck(text: str, *, path: str) -> None:
    """Refuse what polib would silently accept: unclosed strings, stray text, bad escapes."""
    if text.startswith("\ufeff"):
        raise InputError(
            "the file starts with a byte-order mark; save it as UTF-8 without BOM.",
            path=path,
            line=1,
        )
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        if stripped.startswith(("#~", "#|")) and '"' not in stripped:
            continue  # an obsolete or previous-msgid comment with no string
        if not (_KEYWORD_LINE.fullmatch(stripped) or _STRING_LINE.fullmatch(stripped)):
            if stripped.count('"') % 2 == 1 or stripped.endswith('\\"'):
                sentence = "this string opens a quote that never closes."
            else:
                sentence = "this line is neither a comment, a keyword with a string, nor a string."
            raise InputError(sentence, path=path, line=number)
        for escape in _ESCAPE.finditer(stripped):
            if escape.group(1) not in _VALID_ESCAPES:
                raise InputError(
                    f"'\\{escape.group(1)}' is not a valid escape; write '\\\\' for a backslash.",
                    path=path,
                    line=number,
                )
