"""A catalog entry -> whether its translation may be printed, and if not, why.

The one rule that build, status, check, the index, the reports and translation memory
all use: a translation is printed only if it is there, not fuzzy, not obsolete, and
passes every safety check against its msgid. The safety checks run whenever an entry
is judged, whatever its flags and comments say, so no tool's "confirm" button and no
stale comment can put a wrong number on paper.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from pipeline.placeholders import is_balanced, placeholder_numbers
from pipeline.records import quick_init
from pipeline.untrusted import URL, unsafe_reason

CHECK_NOTE = "Check before publishing:"


class Hold(StrEnum):
    """Why an entry's translation is not printed (the English sentence is, instead)."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    OBSOLETE = "obsolete"
    PLURAL = "plural"  # handouts have no plural messages; such an entry is never printed
    UNSAFE = "unsafe"  # translated and confirmed, but it disagrees with the English


@quick_init
@dataclass(frozen=True, slots=True)
class Verdict:
    """What the rule says about one entry."""

    hold: Hold | None  # None: the translation may be printed
    reasons: tuple[str, ...] = ()  # UNSAFE: each disagreement; FUZZY: the check note's changes

    @property
    def is_publishable(self) -> bool:
        return self.hold is None

    @property
    def check_note(self) -> str | None:
        """The `#. Check before publishing:` note this entry should carry, derived from
        its state: shown while it is fuzzy with an old msgid whose change matters, gone
        as soon as a translator confirms it in any tool."""
        if self.hold is not Hold.FUZZY or not self.reasons:
            return None
        return (
            f"{CHECK_NOTE} {'; '.join(self.reasons)}. Confirm the translation says the "
            "same, then remove the fuzzy flag and the #| lines."
        )


# Issue 20: every catalog of every build judges each entry; the rule is pure and its
# verdict frozen, and a library's catalogs share sentences, so a repeat is a lookup.
# Bounded, so a worker's memory stays flat as the library grows; as many as
# `readability._scored` keeps (8192: 49,500 misses a worker on the 500-article library,
# 67,700 with 4096).
@functools.lru_cache(maxsize=8192)
def judge(
    msgid: str,
    msgstr: str,
    *,
    is_fuzzy: bool,
    is_obsolete: bool = False,
    msgid_plural: str | None = None,
    previous_msgid: str | None = None,
) -> Verdict:
    """One entry -> printed or held back, and why."""
    if is_obsolete:
        return Verdict(Hold.OBSOLETE)
    if msgid_plural:
        return Verdict(Hold.PLURAL)
    if not msgstr.strip():
        return Verdict(Hold.UNTRANSLATED)
    if is_fuzzy:
        changes = unsafe_changes(previous_msgid, msgid) if previous_msgid is not None else []
        return Verdict(Hold.FUZZY, tuple(changes))
    found = safety_problems(msgid, msgstr)
    return Verdict(Hold.UNSAFE, tuple(found)) if found else Verdict(None)


def is_publishable(msgid: str, msgstr: str, *, is_fuzzy: bool) -> bool:
    return judge(msgid, msgstr, is_fuzzy=is_fuzzy).is_publishable


# --- safety: what a printed translation must keep from its English ---------------------

_MARKS = ("™", "®", "©")
# Digits of any script, grouped by "." "," or a no-break space: 1,000 and 1.000 are the
# same number (English and Spanish grouping), 1.5 and 15 are not.
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
_NUMBER_PARTS = re.compile(r"[.,\u00a0\u202f]")
_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS_WORDS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "hundred": 100,
    "thousand": 1000, "once": 1, "twice": 2, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "dozen": 12,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBER_WORD = re.compile(
    rf"\b(?:({'|'.join(_TENS_WORDS)})(?:[- ]({'|'.join(_UNITS_WORDS)}))?"
    rf"|({'|'.join([*_UNITS_WORDS, *_TEENS_WORDS])}))\b",
    re.IGNORECASE,
)
# Unit and dose symbols are international: a translation keeps them as written.
_UNIT = re.compile(r"(?<!\w)(?:mcg|µg|μg|mg|kg|mL|ml|mmol|mEq)(?!\w)|[%٪％]")
_SAME_UNIT = {"µg": "mcg", "μg": "mcg", "ml": "mL", "٪": "%", "％": "%"}


_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
_ANY_DIGIT = re.compile(r"\d")


def _ascii_digits(text: str) -> str:
    """Any script's digits as ASCII digits: Arabic-Indic ٣ and full-width ３ are 3."""
    if text.isascii() or not _NON_ASCII_DIGIT.search(text):
        return text
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.digit(m.group(0))), text)


def _numbers(text: str) -> Counter[str]:
    """Numbers written in digits, as their digit groups ("1,000" and "1.000" -> "1,000")."""
    if not _ANY_DIGIT.search(text):
        return Counter()
    return Counter(",".join(_NUMBER_PARTS.split(n)) for n in _NUMBER.findall(_ascii_digits(text)))


def _word_numbers(text: str) -> set[str]:
    """English number words as digits ("twenty-four" -> "24", "twice" -> "2")."""
    found = set()
    for match in _NUMBER_WORD.finditer(text):
        tens, unit, single = match.groups()
        if tens:
            value = _TENS_WORDS[tens.lower()] + (_UNITS_WORDS[unit.lower()] if unit else 0)
        else:
            value = {**_UNITS_WORDS, **_TEENS_WORDS}[single.lower()]
        found.add(str(value))
    return found


def _units(text: str) -> Counter[str]:
    return Counter(_SAME_UNIT.get(u, u) for u in _UNIT.findall(text))


def safety_problems(msgid: str, msgstr: str) -> list[str]:
    """Every way a translation disagrees with its English that must keep it off paper,
    each in a translator's words (no final full stop), or [] when it is safe."""
    found: list[str] = []
    reason = unsafe_reason(msgstr, msgid=msgid)  # markup, invisible characters, long words
    if reason:
        found.append(reason)
    if ("{" in msgid or "{" in msgstr) and (
        Counter(placeholder_numbers(msgid)) != Counter(placeholder_numbers(msgstr))
        or not is_balanced(msgstr)
    ):
        found.append(
            "the msgstr's {n}...{/n} placeholders do not match the msgid's; keep each pair "
            "once, around the words it marks"
        )
    if _may_have_address(msgid, msgstr) and sorted(URL.findall(msgid)) != sorted(
        URL.findall(msgstr)
    ):
        found.append("a web address or email differs from the msgid's; copy it exactly")
    # Most sentences hold no number and no dose: one search each, before any counting.
    if _ANY_DIGIT.search(msgid) or _ANY_DIGIT.search(msgstr):
        found += _number_problems(msgid, msgstr)
    if _UNIT.search(msgid) or _UNIT.search(msgstr):
        units_english, units_translated = _units(msgid), _units(msgstr)
        if units_english != units_translated:
            wanted = ", ".join(sorted(units_english)) or "none"
            written = ", ".join(sorted(units_translated)) or "none"
            found.append(
                f"the units or doses differ (the msgid has {wanted}, the msgstr {written}); "
                "keep each unit symbol as the msgid writes it"
            )
    for mark in _MARKS:
        if msgid.count(mark) > msgstr.count(mark):
            found.append(
                f"the msgstr drops a {mark} mark that the msgid has; keep it after the product name"
            )
    return found


def _number_problems(msgid: str, msgstr: str) -> list[str]:
    english, translated = _numbers(msgid), _numbers(msgstr)
    missing = english - translated
    if missing:
        shown = next(n for n in _NUMBER.findall(_ascii_digits(msgid)) if _canonical(n) in missing)
        return [f"the number {shown} from the msgid is missing or changed in the msgstr"]
    if unexplained := [n for n in translated if n not in english]:
        spelled = _word_numbers(msgid)  # only now: most translations add no number
        extra = sorted(n for n in unexplained if n not in spelled)
        if extra:
            return [
                f"the msgstr has the number {extra[0]}, which the msgid does not have; "
                "write the msgid's number"
            ]
    return []


def _may_have_address(*texts: str) -> bool:
    return any("http" in t or "www." in t or "@" in t for t in texts)


def _canonical(number: str) -> str:
    return ",".join(_NUMBER_PARTS.split(number))


# --- what changed in the English: the check note on a fuzzy entry ----------------------

_CHANGE_NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    "hundred|thousand|half|once|twice|single|double|first|second|third|daily|weekly|monthly|"
    "hourly|yearly"
)
_CHANGE_NUMBER = re.compile(rf"\d+(?:[.,]\d+)*|\b(?:{_CHANGE_NUMBER_WORDS})\b", re.IGNORECASE)
_CHANGE_UNIT = re.compile(
    r"\b(?:mg|mcg|µg|g|kg|ml|mL|l|L|cc|units?|IU|mmol|mEq|tablets?|capsules?|drops?|puffs?|"
    r"teaspoons?|tablespoons?|hours?|days?|weeks?|months?|years?|minutes?)\b|%",
)
_CHANGE_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|without|cannot|n't|don't|doesn't|didn't|can't|"
    r"won't|isn't|aren't|wasn't|weren't|shouldn't|mustn't|avoid|stop)\b|n['’]t\b",
    re.IGNORECASE,
)
_CHANGE_NAME = re.compile(r"\b\w+[™®]|(?<=\s)[A-Z][\w-]*[A-Z0-9][\w-]*\b")


def unsafe_changes(old: str, new: str) -> list[str]:
    """What changed between two English sentences that a fuzzy translation may get wrong."""
    found = []
    for label, pattern in (
        ("a number", _CHANGE_NUMBER),
        ("a unit or dose", _CHANGE_UNIT),
        ("a negation", _CHANGE_NEGATION),
        ("a product or name", _CHANGE_NAME),
    ):
        before = sorted(m.group(0).lower() for m in pattern.finditer(old))
        after = sorted(m.group(0).lower() for m in pattern.finditer(new))
        if before != after:
            removed = [w for w in before if w not in after] or ["—"]
            added = [w for w in after if w not in before] or ["—"]
            found.append(f"{label} changed ({', '.join(removed)} → {', '.join(added)})")
    return found
