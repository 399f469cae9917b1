"""PO text -> entries with their line numbers, or the first error GNU msgfmt reports.

One pass over the lines, checking as it reads: a string that never closes, a msgid
with no msgstr, a duplicate msgid, plural forms out of order, an unknown escape. A
byte-order mark and Windows line ends are read, not refused. polib,
which read catalogs before, let several of these through (an unterminated string lost
its last character) and dropped the `#~|` lines of obsolete entries; the tests keep
polib as an independent reader to compare with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.errors import InputError
from pipeline.po_writer import Entry

# A quoted string with its escapes, as an unrolled loop: the same strings as
# `"(?:[^"\\]|\\.)*"`, matched in a third of the time (a catalog update reads every line).
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_KEYWORD = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s*({_STRING})\s*")
_PREVIOUS = re.compile(rf"(msgctxt|msgid|msgid_plural)\s*({_STRING})\s*")
_CONTINUATION = re.compile(rf"({_STRING})\s*")
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]+)|(.))", re.DOTALL)
_VALID_ESCAPES = set("\\\"ntrabfv'?")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass(slots=True)
class Catalog:
    """A parsed catalog: the header entry (msgid ""), its fields, the messages."""

    header: Entry | None
    metadata: dict[str, str]
    entries: list[Entry]

    @property
    def header_is_fuzzy(self) -> bool:
        return self.header is not None and self.header.is_fuzzy


@dataclass(slots=True)
class _Reading:
    """The entry being read: its fields so far, and where continuation lines go."""

    entry: Entry = field(default_factory=lambda: Entry(msgid=""))
    has_msgid: bool = False
    has_msgstr: bool = False
    is_plural: bool = False
    target: str | None = None  # the field a continuation string extends


def normalise_line_ends(text: str) -> str:
    """Without a leading byte-order mark, and with CRLF line ends made LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def saved_by_windows_tool(text: str) -> str | None:
    """What `update` will change in a catalog saved with Windows conventions, or None."""
    found = [
        what
        for what, present in (
            ("its byte-order mark", text.startswith("\ufeff")),
            ("its Windows line ends (CRLF)", "\r\n" in text),
        )
        if present
    ]
    return " and ".join(found) or None


# Long: a state machine over PO lines; its states read together as the grammar.
def read_po(text: str, *, path: str) -> Catalog:
    """PO text -> Catalog, or an InputError naming the line at fault."""
    # Notepad and some Windows tools save a byte-order mark and CRLF line ends; nothing is
    # ambiguous about them, so they are read (and `update` writes the file back as GNU
    # gettext writes it: no mark, LF).
    text = normalise_line_ends(text)
    if not text.strip():
        raise InputError(
            "the catalog is empty; delete it and run `handouts update` to create it again.",
            path=path,
        )
    entries: list[Entry] = []
    seen: dict[tuple[str | None, str], int] = {}
    current = _Reading()

    def finish() -> None:
        nonlocal current
        entry = current.entry
        if current.has_msgid:
            if not current.has_msgstr:
                raise InputError(
                    'this msgid has no msgstr; add `msgstr ""` after it.',
                    path=path,
                    line=entry.line,
                )
            key = (entry.msgctxt, entry.msgid)
            if not entry.obsolete:
                if key in seen:
                    raise InputError(
                        f"this msgid is already defined at line {seen[key]}; merge the two "
                        "entries.",
                        path=path,
                        line=entry.line,
                    )
                seen[key] = entry.line
            entries.append(entry)
        current = _Reading()  # comments after the last entry belong to nothing

    if "\r" in text:
        cr = text.find("\r")
        raise InputError(
            "this line ends with a lone carriage return (an old Mac line end); save the file "
            "with LF line endings.",
            path=path,
            line=text.count("\n", 0, cr) + 1,
        )
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith(("#. ", "#: ")):  # half the lines of a catalog: what _comment does
            if current.has_msgstr:
                finish()
            entry = current.entry
            entry.line = entry.line or number
            if raw[1] == ".":
                entry.extracted_comments.append(raw[3:])
            else:
                entry.references.extend(raw[3:].split())
            current.target = None
            continue
        line = raw.strip()
        if not line:
            continue
        obsolete = False
        if line[0] == "#":
            if line[1:2] != "~":
                if current.has_msgstr:
                    finish()
                _comment(current, raw.lstrip(), path=path, number=number)  # its spaces kept
                continue
            obsolete = True
            line = line[2:].lstrip()
            if not line:
                continue
            if line[0] == "|":
                if current.has_msgstr:
                    finish()
                _previous(current, line[1:].strip(), path=path, number=number)
                continue
        if line[0] == '"':  # more of the string above
            string = _CONTINUATION.fullmatch(line)
            if string is None or current.target is None:
                raise InputError(_syntax_sentence(line, current.target), path=path, line=number)
            _extend(current, _unquote(string.group(1), path=path, line=number))
            continue
        keyword = _KEYWORD.fullmatch(line)
        if keyword is None:
            raise InputError(_syntax_sentence(line, current.target), path=path, line=number)
        name, index, quoted = keyword.group(1), keyword.group(2), keyword.group(3)
        value = _unquote(quoted, path=path, line=number)
        if name in {"msgctxt", "msgid"} and current.has_msgid:
            finish()
        entry = current.entry
        if name == "msgctxt":
            if entry.msgctxt is not None:
                raise InputError("this entry has two msgctxt lines.", path=path, line=number)
            entry.msgctxt = value
            entry.line = entry.line or number
        elif name == "msgid":
            entry.msgid, entry.line, entry.obsolete = value, number, obsolete
            current.has_msgid = True
        elif not current.has_msgid:
            raise InputError(f"this {name} has no msgid before it.", path=path, line=number)
        elif name == "msgid_plural":
            entry.msgid_plural = value
            current.is_plural = True
        elif index is None:
            if current.is_plural:
                raise InputError(
                    "a plural entry needs msgstr[0], msgstr[1]...; not a plain msgstr.",
                    path=path,
                    line=number,
                )
            if current.has_msgstr:
                raise InputError("this entry has two msgstr lines.", path=path, line=number)
            entry.msgstr = value
            current.has_msgstr = True
        else:
            if not current.is_plural:
                raise InputError(
                    f"msgstr[{index}] needs a msgid_plural before it.", path=path, line=number
                )
            if int(index) != len(entry.msgstr_plural):
                raise InputError(
                    f"expected msgstr[{len(entry.msgstr_plural)}] here, not msgstr[{index}].",
                    path=path,
                    line=number,
                )
            entry.msgstr_plural[int(index)] = value
            current.has_msgstr = True
        current.target = name if index is None else f"msgstr[{index}]"
    finish()
    header = next(
        (e for e in entries if e.msgid == "" and e.msgctxt is None and not e.obsolete), None
    )
    if header is not None:
        entries.remove(header)
    return Catalog(header, _metadata(header.msgstr if header else ""), entries)


def _comment(current: _Reading, line: str, *, path: str, number: int) -> None:
    entry = current.entry
    entry.line = entry.line or number
    marker, rest = line[:2], line[2:]
    if marker == "#|":
        _previous(current, rest.strip(), path=path, number=number)
        return
    if marker == "#.":
        entry.extracted_comments.append(rest[1:] if rest.startswith(" ") else rest)
    elif marker == "#:":
        entry.references.extend(rest.split())
    elif marker == "#,":
        entry.flags.extend(f.strip() for f in rest.split(",") if f.strip())
    else:
        comment = line[1:]
        entry.translator_comments.append(comment[1:] if comment.startswith(" ") else comment)
    current.target = None


def _previous(current: _Reading, text: str, *, path: str, number: int) -> None:
    """A `#|` line: the msgid (or msgctxt) the translation was made for, or more of it."""
    entry = current.entry
    entry.line = entry.line or number
    keyword = _PREVIOUS.fullmatch(text)
    if keyword is not None:
        name = f"previous_{keyword.group(1)}"
        value = _unquote(keyword.group(2), path=path, line=number)
        setattr(entry, name, value)
        current.target = name
        return
    string = _CONTINUATION.fullmatch(text)
    if string is None or current.target is None or not current.target.startswith("previous_"):
        raise InputError(_syntax_sentence(text, current.target), path=path, line=number)
    _extend(current, _unquote(string.group(1), path=path, line=number))


def _syntax_sentence(line: str, target: str | None) -> str:
    if line.count('"') % 2 == 1 or line.endswith('\\"'):
        return "this string opens a quote that never closes."
    if line.startswith('"') and target is None:
        return "this string continues nothing: put it right after a msgid or msgstr line."
    return "this line is neither a comment, a keyword with a string, nor a string."


def _unquote(quoted: str, *, path: str, line: int) -> str:
    inner = quoted[1:-1]
    if "\\" not in inner:
        return inner

    def unescape(match: re.Match[str]) -> str:
        octal, hexadecimal, char = match.groups()
        if octal is not None:
            return chr(int(octal, 8))
        if hexadecimal is not None:
            code = int(hexadecimal, 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:  # not writable as UTF-8
                raise InputError(
                    f"'\\x{hexadecimal}' is not a character; write the character itself.",
                    path=path,
                    line=line,
                )
            return chr(code)
        if char not in _VALID_ESCAPES:
            raise InputError(
                f"'\\{char}' is not a valid escape; write '\\\\' for a backslash.",
                path=path,
                line=line,
            )
        return _SIMPLE.get(char, char)

    return _ESCAPE.sub(unescape, inner)


def _extend(current: _Reading, value: str) -> None:
    entry, target = current.entry, current.target
    if target == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif target == "msgid":
        entry.msgid += value
    elif target == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    elif target == "msgstr":
        entry.msgstr += value
    elif target is not None and target.startswith("msgstr["):
        index = int(target[7:-1])
        entry.msgstr_plural[index] += value
    elif target == "previous_msgctxt":
        entry.previous_msgctxt = (entry.previous_msgctxt or "") + value
    elif target == "previous_msgid":
        entry.previous_msgid = (entry.previous_msgid or "") + value
    elif target == "previous_msgid_plural":
        entry.previous_msgid_plural = (entry.previous_msgid_plural or "") + value


def _metadata(header: str) -> dict[str, str]:
    """The header's `Name: value` lines; a line without a colon continues the one before."""
    fields: dict[str, str] = {}
    key: str | None = None
    for raw in header.splitlines():
        name, colon, value = raw.partition(":")
        if colon:
            key = name
            fields[key] = value.strip()
        elif key is not None:
            fields[key] += "\n" + raw.strip()
    return fields
