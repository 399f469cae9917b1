"""Copied page text -> units: bullets, joined lines and the text-only rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.importer.chrome import (
    _PHONE,
    _is_icon,
    _is_phone_line,
    _mark_chrome,
    _mark_separated_trails,
)
from pipeline.importer.dates import _found_in_units
from pipeline.importer.markdown import _escape
from pipeline.importer.metadata import (
    address_parts,
)
from pipeline.importer.rules import ImportRules
from pipeline.importer.structure import (
    _can_be_term,
    _classify,
    _drop_empty_sections,
    _mark_captions,
    _mark_closing_pointers,
    _mark_page_footer,
    _mark_page_header,
)
from pipeline.importer.units import (
    _Article,
    _ends_sentence,
    _folded,
    _is_label,
    _Marks,
    _normalise,
    _Unit,
    _words,
)

# --- Copied text ---------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:(?P<mark>[•·▪◦‣●○■□–*-])|(?P<number>\d{1,3})[.)])\s+(?=\S)")
_JOIN_TIGHT = tuple(",.;:!?)]}…%™®’”")  # marks that cling to the word before them


def _read_text(
    text: str, *, rules: ImportRules, keep: tuple[str, ...], address: str | None = None
) -> _Article:
    raw_lines = text.splitlines()
    lines = [
        _Unit(
            plain=clean,
            markdown="",
            line=number,
            after_blank=number > 1 and not raw_lines[number - 2].strip(),
        )
        for number, raw in enumerate(raw_lines, start=1)
        if (clean := _normalise(raw))
    ]
    line_marks = _Marks(lines, keep)
    for index, line in enumerate(lines):  # lines that would spoil the joining of the others
        rule = _line_rule(line, rules)
        if rule is not None:
            line_marks.mark(index, rule)
    _mark_separated_trails(lines, line_marks, rules)
    joined = _join_lines([lines[i] for i in line_marks.live()], rules)
    premarked = {lines[i].line: rule for i, rule in line_marks.rules.items()}
    # Dropped lines go back in their place: the rules below look at a line's neighbours.
    units = sorted(
        [*joined, *(replace(lines[i], markdown=_escape(lines[i].plain)) for i in line_marks.rules)],
        key=lambda unit: unit.line,
    )
    found = _found_in_units(units, rules)
    marks = _Marks(units, keep)
    marks.rules.update({i: premarked[u.line] for i, u in enumerate(units) if u.line in premarked})
    contents = _mark_chrome(units, marks, rules)
    _mark_captions(units, marks, rules)
    title, original_title = _mark_page_header(
        units, marks, contents, rules, address=address_parts(address)
    )
    _mark_page_footer(units, marks, rules)
    _mark_closing_pointers(units, marks, rules)
    blocks = _classify([units[i] for i in marks.live()], contents, rules)
    dropped = marks.dropped()
    return _Article(
        blocks=tuple(_drop_empty_sections(blocks, dropped)),
        dropped=tuple(dropped),
        found=replace(found, title=title, original_title=original_title),
    )


def _line_rule(line: _Unit, rules: ImportRules) -> str | None:
    """Chrome that stands alone on a line and is never part of a sentence."""
    folded = _folded(line.plain)
    if folded in rules.ad_labels:
        return "advert"
    if _is_icon(folded, rules):
        return "icon"
    if _is_phone_line(line.plain) and not _PHONE.sub("", line.plain).strip(" :"):
        return "phone"
    return None


def _join_lines(lines: Sequence[_Unit], rules: ImportRules) -> list[_Unit]:
    """Lines of copied text -> blocks, rejoining link text that the copy put on lines of its own."""
    units: list[_Unit] = []
    for line in lines:
        text = line.plain
        bullet = _BULLET.match(text)
        previous = units[-1] if units else None
        if bullet:
            units.append(
                replace(
                    line,
                    plain=text[bullet.end() :],
                    is_bullet=True,
                    is_ordered=bool(bullet["number"]),
                )
            )
        elif (
            text.startswith(":") and text[1:].strip() and previous and _can_be_term(previous, rules)
        ):
            units.append(replace(line, plain=text[1:].strip(), is_definition=True))
        elif (
            previous is not None
            and not (line.after_blank and _is_label(previous.plain, rules.heading_max_words))
            and _continues(previous.plain, text, rules)
        ):  # a blank line after a heading or label starts a new block
            tight = text.startswith(_JOIN_TIGHT) or previous.plain.endswith("(")
            joined = previous.plain + ("" if tight else " ") + text
            units[-1] = replace(previous, plain=joined, pieces=previous.pieces + 1)
        else:
            units.append(line)
    return [replace(u, markdown=_escape(u.plain)) for u in units]


def _continues(before: str, text: str, rules: ImportRules) -> bool:
    """Does `text` go on with the sentence `before` left open?"""
    if _ends_sentence(before) or before.endswith(":"):
        return False
    first = text[0]
    if first.islower() or text.startswith(_JOIN_TIGHT):
        return True
    if first == "(" and text[1:2].islower():
        return True
    if before[-1] in ",;(—–":
        return True
    words = _words(before)
    short_link = len(_words(text)) <= 6 and not _ends_sentence(text)
    return bool(words) and words[-1].casefold() in rules.minor_words and short_link
