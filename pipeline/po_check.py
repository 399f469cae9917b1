"""PO text -> nothing, or the first error polib would have let through.

polib lets an unterminated string lose its last character, accepts a msgid with no
msgstr, and reports syntax errors as OSError without a reason; GNU msgfmt refuses
such files. We side with msgfmt, name the line and say what to do.
"""

from __future__ import annotations

import re

from pipeline.errors import InputError

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+({_STRING})\s*")
_CONTINUATION = re.compile(rf"{_STRING}\s*")
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set("\\\"ntrabfv01234567x?'")


class _Entry:
    """The keywords seen so far in one entry, to check their order."""

    def __init__(self, line: int, *, obsolete: bool) -> None:
        self.line = line
        self.obsolete = obsolete
        self.context: str | None = None
        self.msgid: str | None = None
        self.msgid_line = line
        self.plural = False
        self.forms: list[int] = []
        self.has_msgstr = False


def precheck(text: str, *, path: str) -> None:
    """Refuse what GNU msgfmt refuses and polib would silently accept."""
    if text.startswith("\ufeff"):
        raise InputError(
            "the file starts with a byte-order mark; save it as UTF-8 without BOM.",
            path=path,
            line=1,
        )
    if not text.strip():
        raise InputError(
            "the catalog is empty; delete it and run `handouts update` to create it again.",
            path=path,
        )
    entry: _Entry | None = None
    seen: dict[tuple[bool, str | None, str], int] = {}
    last_keyword: str | None = None

    def finish(current: _Entry | None) -> None:
        if current is None or current.msgid is None:
            return
        if not current.has_msgstr:
            raise InputError(
                'this msgid has no msgstr; add `msgstr ""` after it.',
                path=path,
                line=current.msgid_line,
            )
        key = (current.obsolete, current.context, current.msgid)
        if key in seen and not current.obsolete:
            raise InputError(
                f"this msgid is already defined at line {seen[key]}; merge the two entries.",
                path=path,
                line=current.msgid_line,
            )
        seen[key] = current.msgid_line

    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.endswith("\r"):
            raise InputError(
                "this line ends with a Windows line break (CRLF); save the file with LF "
                "line endings.",
                path=path,
                line=number,
            )
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if line.startswith("|"):
                continue  # a previous msgid of an obsolete entry
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#|"):
                _check_strings(line[2:].strip(), path=path, line=number, previous=True)
            if entry is not None and entry.msgid is not None and entry.has_msgstr:
                finish(entry)
                entry = None
            last_keyword = None
            continue
        keyword = _KEYWORD.fullmatch(line)
        if keyword is None:
            if _CONTINUATION.fullmatch(line) and last_keyword is not None:
                _check_escapes(line, path=path, line=number)
                if entry is not None and last_keyword == "msgid" and entry.msgid is not None:
                    entry.msgid += line  # a msgid split over lines is one msgid
                elif entry is not None and last_keyword == "msgctxt" and entry.context is not None:
                    entry.context += line
                continue
            raise InputError(_syntax_sentence(line, last_keyword), path=path, line=number)
        _check_escapes(keyword.group(3), path=path, line=number)
        name, index = keyword.group(1), keyword.group(2)
        value = keyword.group(3)
        if name in {"msgctxt", "msgid"} and (entry is None or entry.msgid is not None):
            if entry is not None:
                finish(entry)
            entry = _Entry(number, obsolete=obsolete)
        assert entry is not None or name.startswith(("msgstr", "msgid_plural"))
        if entry is None:
            raise InputError(f"this {name} has no msgid before it.", path=path, line=number)
        if name == "msgctxt":
            entry.context = value
        elif name == "msgid":
            entry.msgid, entry.msgid_line = value, number
        elif entry.msgid is None:
            raise InputError(f"this {name} has no msgid before it.", path=path, line=number)
        elif name == "msgid_plural":
            entry.plural = True
        elif index is None:
            if entry.plural:
                raise InputError(
                    "a plural entry needs msgstr[0], msgstr[1]...; not a plain msgstr.",
                    path=path,
                    line=number,
                )
            entry.has_msgstr = True
        else:
            if not entry.plural:
                raise InputError(
                    f"msgstr[{index}] needs a msgid_plural before it.", path=path, line=number
                )
            if int(index) != len(entry.forms):
                raise InputError(
                    f"expected msgstr[{len(entry.forms)}] here, not msgstr[{index}].",
                    path=path,
                    line=number,
                )
            entry.forms.append(number)
            entry.has_msgstr = True
        last_keyword = name
    finish(entry)


def _syntax_sentence(line: str, last_keyword: str | None) -> str:
    if line.count('"') % 2 == 1 or line.endswith('\\"'):
        return "this string opens a quote that never closes."
    if line.startswith('"') and last_keyword is None:
        return "this string continues nothing: put it right after a msgid or msgstr line."
    return "this line is neither a comment, a keyword with a string, nor a string."


def _check_strings(text: str, *, path: str, line: int, previous: bool) -> None:
    if previous and '"' in text and text.count('"') % 2 == 1:
        raise InputError("this string opens a quote that never closes.", path=path, line=line)


def _check_escapes(text: str, *, path: str, line: int) -> None:
    for escape in _ESCAPE.finditer(text):
        if escape.group(1) not in _VALID_ESCAPES:
            raise InputError(
                f"'\\{escape.group(1)}' is not a valid escape; write '\\\\' for a backslash.",
                path=path,
                line=line,
            )
