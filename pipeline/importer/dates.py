"""Metadata in text lines: review dates, the page's address and its publisher."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.importer.rules import ImportRules
from pipeline.importer.units import _folded, _Found, _Unit, _words

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+")


# --- Metadata in text lines ----------------------------------------------------------------

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|º)?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4})\b")
# A line that is a date and nothing else, as pages print under a title.
_DATE_ONLY = re.compile(
    r"[^\W\d_]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [^\W\d_]{3,9}\.? \d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}"
)


@dataclass(frozen=True, slots=True)
class _DateLine:
    when: dt.date
    kind: str  # "reviewed", "published" or "future"
    is_guess: bool  # the day and month could be read either way, or the day is missing


def _review_date(text: str, rules: ImportRules) -> _DateLine | None:
    """ "Last reviewed on 06/17/2025." -> that date, if the line is a review or publish date."""
    if len(_words(text)) > 16:  # a label and a date, not a sentence that mentions a review
        return None
    folded = _folded(text)
    words = set(folded.split())
    language = next((lang for w, lang in rules.review_words.items() if w in words), None)
    kind = "reviewed"
    if any(f in folded for f in rules.future_words):
        kind = "future"
    elif language is None:
        language = next((lang for w, lang in rules.published_words.items() if w in folded), None)
        kind = "published"
    if language is None and _DATE_ONLY.fullmatch(text):
        language, kind = next(iter(rules.date_orders), "en"), "dated"  # "Jan 13, 2006"
    if language is None:
        return None
    found = _parse_date(text, rules, order=rules.date_orders.get(language, "mdy"))
    if found is None:
        return None
    when, is_guess = found
    return _DateLine(when, kind, is_guess)


def _parse_date(text: str, rules: ImportRules, *, order: str) -> tuple[dt.date, bool] | None:
    """A date written in a common form -> (date, whether day and month were guessed)."""
    candidates: list[tuple[int, int, int, bool]] = []  # year, month, day, is_guess
    if match := _ISO_DATE.search(text):
        candidates.append((int(match[1]), int(match[2]), int(match[3]), False))
    if match := _NUMERIC_DATE.search(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year += 2000  # "06/22/16": pages with two-digit years are from this century
        is_guess = first <= 12 and second <= 12 and first != second
        month, day = (first, second) if order == "mdy" else (second, first)
        if first > 12:
            month, day = second, first
        elif second > 12:
            month, day = first, second
        candidates.append((year, month, day, is_guess))
    for found in _DAY_MONTH_YEAR.finditer(text):
        if (named := rules.months.get(found[2].casefold())) is not None:
            candidates.append((int(found[3]), named, int(found[1]), False))
    for found in _MONTH_DAY_YEAR.finditer(text):
        if (named := rules.months.get(found[1].casefold())) is not None:
            candidates.append((int(found[3]), named, int(found[2]), False))
    for found in _MONTH_YEAR.finditer(text):
        if (named := rules.months.get(found[1].casefold())) is not None:
            candidates.append((int(found[2]), named, 1, True))  # no day: the 1st, a guess
    for year, month, day, is_guess in candidates:
        try:
            return dt.date(year, month, day), is_guess
        except ValueError:
            continue
    return None


def _page_url(text: str, rules: ImportRules) -> str | None:
    """ "URL of this page: https://..." -> the address."""
    match = _URL_IN_TEXT.search(text)
    if not match:
        return None
    label = _folded(text[: match.start()]).rstrip(" :")
    return match.group().rstrip(".,;)") if label in rules.url_labels else None


_ORG = r"(?P<org>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|for|and|the|de|del|la|y)){0,7})"
_ORG_IS = re.compile(_ORG + r"\s+(?:is|es)\s+(?:an?|una?)\s+(?P<what>[^.;]{3,120})")
_ORG_COPYRIGHT = re.compile(r"(?i:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?" + _ORG)


def _publisher_in(text: str, rules: ImportRules) -> str | None:
    """ "X is a non-profit ..." or "© 2024 X." -> X."""
    for found in _ORG_IS.finditer(text):
        if any(p in found["what"].casefold() for p in rules.publisher_phrases):
            return found["org"].strip()
    if copyright_line := _ORG_COPYRIGHT.search(text):
        org = re.split(r"\.\s|,|\s+all rights", copyright_line["org"], flags=re.IGNORECASE)[0]
        return org.strip().rstrip(".") or None
    return None


def _found_in_units(units: Sequence[_Unit], rules: ImportRules) -> _Found:
    """Review date, page address and publisher named anywhere in the text, chrome included."""
    dates: dict[str, _DateLine] = {}
    url = publisher = None
    for unit in units:
        line = _review_date(unit.plain, rules)
        if line is not None:
            dates.setdefault(line.kind, line)
        url = url or _page_url(unit.plain, rules)
        publisher = publisher or _publisher_in(unit.plain, rules)
    best = dates.get("reviewed") or dates.get("published") or dates.get("dated")
    return _Found(
        publisher=publisher,
        url=url,
        reviewed=best.when if best else None,
        is_reviewed_guess=bool(best and best.is_guess),
    )


def _iso_date(text: str) -> dt.date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
