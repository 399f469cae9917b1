"""Locale facts: BCP 47 <-> gettext names, direction and names from Babel; plural rules
from the project's own data, judged by what they do.

Every locale code the project meets passes through `locale_info`, so there is one
place that decides what a valid code is and how it is spelled where. Plural-Forms come
from `data/plural-forms.yaml`, not from Babel, whose tables change between releases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gettext
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from pipeline.errors import InputError

# Letters, digits and hyphens only: a code also names a folder, so nothing else gets in.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, slots=True)
class LocaleInfo:
    tag: str  # BCP 47, for HTML `lang`: "es", "zh-Hans"
    gettext_name: str  # folder under locales/ and PO `Language`: "es", "zh_Hans"
    babel_name: str  # Babel's identifier for locale data: "es", "zh_Hans", "fil_PH"
    direction: str  # "ltr" or "rtl"
    native_name: str  # the language named in itself, capitalised for a list
    english_name: str
    plural_forms: str  # the PO header value a new catalog gets; "" when none is recorded
    # The tag's parts, taken apart once here so no other module parses a tag again.
    language: str  # the language subtag: "es", "zh", "ko"
    script: str | None = None  # the script subtag when the tag names one: "Hans"

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    @property
    def sentence_joiner(self) -> str:
        # Chinese and Japanese put no space between sentences; Korean does.
        return "" if self.language in {"zh", "ja"} else " "


def _canonical_tag(parts: list[str]) -> str:
    """BCP 47 casing: language lower, script title, region upper."""
    spelled = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            spelled.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            spelled.append(part.upper())
        else:
            spelled.append(part.lower())
    return "-".join(spelled)


@functools.cache
def _lookup(tag: str) -> LocaleInfo | None:
    if not _TAG.fullmatch(tag):
        return None
    parts = re.split(r"[-_]", tag)
    canonical = _canonical_tag(parts)
    said = _MEMO.facts.get(canonical)
    if said is None:
        said = _ask_babel(canonical)
        if said is None:
            return None
        _MEMO.learn_fact(canonical, said)
    babel_name, direction, native_name, english_name = said
    return LocaleInfo(
        tag=canonical,
        gettext_name=canonical.replace("-", "_"),
        babel_name=babel_name,
        direction=direction,
        native_name=native_name,
        english_name=english_name,
        plural_forms=_new_plural_forms(canonical),
        language=canonical.split("-")[0],
        script=next((p for p in canonical.split("-")[1:] if len(p) == 4 and p.isalpha()), None),
    )


def _ask_babel(canonical: str) -> tuple[str, str, str, str] | None:
    """What Babel says of a canonical tag: its identifier, direction, and the language
    named in itself and in English; None for a locale Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(canonical, sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    # The region only when the code names one ("pt-BR"); "tl" is not "Filipino (Pilipinas)".
    if "-" in canonical:
        name = locale.get_display_name(locale) or canonical
    else:
        name = locale.get_language_name(locale) or canonical
    native = name[:1].upper() + name[1:]
    return str(locale), locale.text_direction, native, locale.get_display_name("en") or canonical


def locale_info(tag: str, *, origin: str, line: int | None = None) -> LocaleInfo:
    """A locale code as written by a user -> its facts, or an error naming `origin`."""
    info = _lookup(tag)
    if info is None:
        raise InputError(
            f"'{tag}' is not a known locale code; use a BCP 47 code such as 'es' or 'zh-Hans'.",
            path=origin,
            line=line,
        )
    return info


def long_date(day: dt.date, locale: LocaleInfo) -> str:
    """`day` written out in the language, as Babel's long date format has it."""
    key = (locale.babel_name, day.isoformat())
    known = _MEMO.dates.get(key)
    if known is None:
        from babel.dates import format_date

        known = format_date(day, format="long", locale=locale.babel_name)
        _MEMO.learn_date(key, known)
    return known


# --- what Babel said before -----------------------------------------------------------
# Babel loads a locale's whole CLDR data to name a language or write a date: 0.13 s for
# nine languages, with 0.03 s more to import its date module, in every command (issue
# 20: a sixth of one edited article's build). Its answers depend on its version alone,
# so an edge (`language_data`) keeps them from one process to the next and hands them
# back here; only a locale or a date not seen before asks Babel again.


@dataclass(slots=True)
class _Memo:
    # canonical tag -> (Babel identifier, direction, native name, English name)
    facts: dict[str, tuple[str, str, str, str]] = dataclasses.field(default_factory=dict)
    dates: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    learned: bool = False  # something here that the edge has not kept yet

    def learn_fact(self, canonical: str, said: tuple[str, str, str, str]) -> None:
        self.facts[canonical] = said
        self.learned = True

    def learn_date(self, key: tuple[str, str], text: str) -> None:
        self.dates[key] = text
        self.learned = True


_MEMO = _Memo()
BabelAnswers = dict[str, list[list[str]]]  # "facts": [tag, 4 facts], "dates": [locale, day, text]


def remember(answers: Mapping[str, Any]) -> None:
    """Take Babel's earlier answers (as `recalled` gave them, read back from JSON); a
    malformed one is a ValueError, and then none is taken."""
    facts, dates = answers.get("facts"), answers.get("dates")
    if not (isinstance(facts, list) and isinstance(dates, list)) or not all(
        isinstance(row, list) and len(row) == width and all(isinstance(x, str) for x in row)
        for rows, width in ((facts, 5), (dates, 3))
        for row in rows
    ):
        raise ValueError("not Babel's answers as `recalled` writes them")
    for tag, *said in facts:
        _MEMO.facts.setdefault(tag, (said[0], said[1], said[2], said[3]))
    for name, day, text in dates:
        _MEMO.dates.setdefault((name, day), text)
    _lookup.cache_clear()


def recalled() -> BabelAnswers | None:
    """Everything Babel has answered in this process or before, sorted, for the edge
    to keep; None when nothing is new since the last call."""
    if not _MEMO.learned:
        return None
    _MEMO.learned = False
    return {
        "facts": [[tag, *said] for tag, said in sorted(_MEMO.facts.items())],
        "dates": [[name, day, text] for (name, day), text in sorted(_MEMO.dates.items())],
    }


# --- plural rules ---------------------------------------------------------------------

# The numbers a rule is judged on: every n up to 1000, and millions, where CLDR's rules for
# Spanish, French, Italian and Portuguese pick a form of their own.
PLURAL_SAMPLE = (*range(1001), 1_000_000, 1_000_001, 2_000_000, 10_000_000, 1_100_000)
_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*")


@dataclass(frozen=True, slots=True)
class PluralRule:
    """A parsed Plural-Forms header and the form it picks for each n in PLURAL_SAMPLE."""

    nplurals: int
    expression: str
    forms: tuple[int, ...]

    @property
    def header(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.expression};"

    def same_as(self, other: PluralRule) -> bool:
        return self.nplurals == other.nplurals and self.forms == other.forms

    def differences(self, other: PluralRule) -> list[int]:
        """The numbers 0-999 for which the two rules pick different forms."""
        return [n for n in range(1000) if self.forms[n] != other.forms[n]]


@functools.cache
def parse_plural_forms(value: str) -> PluralRule:
    """A Plural-Forms value -> its rule; ValueError with a sentence for what msgfmt refuses:
    no nplurals or plural, a formula that does not parse, or one that picks a form past
    nplurals or divides by zero."""
    match = _PLURAL_FORMS.fullmatch(value)
    if match is None:
        raise ValueError('is not "nplurals=N; plural=EXPRESSION;"')
    nplurals, expression = int(match.group(1)), match.group(2)
    if nplurals < 1:
        raise ValueError("gives nplurals=0; a language has at least one form")
    try:
        # The standard library's converter checks the C syntax gettext accepts.
        pick = gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        raise ValueError(f"has a plural formula that does not parse: {expression}") from None
    forms = []
    for n in PLURAL_SAMPLE:
        try:
            form = pick(n)
        except ZeroDivisionError:
            raise ValueError(f"has a plural formula that divides by zero for n = {n}") from None
        if not 0 <= form < nplurals:
            raise ValueError(
                f"picks form {form} for n = {n}, but nplurals={nplurals} allows 0 to {nplurals - 1}"
            )
        forms.append(form)
    return PluralRule(nplurals, expression, tuple(forms))


@dataclass(frozen=True, slots=True)
class KnownPlurals:
    """The plural rules recorded for a language; the first is what new catalogs get."""

    key: str  # the key in data/plural-forms.yaml: "es", "pt_BR"
    definitions: tuple[tuple[str, PluralRule], ...]  # (who writes it, its rule)

    @property
    def new(self) -> PluralRule:
        return self.definitions[0][1]

    def recognise(self, rule: PluralRule) -> str | None:
        """Who writes a rule that does the same, or None when no recorded one does."""
        return next((who for who, known in self.definitions if known.same_as(rule)), None)


@functools.cache
def _plural_rows() -> dict[str, list[list[str]]]:
    text = resources.files("pipeline").joinpath("data/plural-forms.yaml").read_text("utf-8")
    # Our own data: libyaml's loader where PyYAML has it (2 ms against 23, issue 20).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rows: dict[str, list[list[str]]] = yaml.load(text, Loader=loader)
    return rows


@functools.cache
def _known(key: str) -> KnownPlurals | None:
    # Parsed when asked for: judging all 76 recorded rules took 10 ms of every command.
    rows = _plural_rows().get(key)
    if rows is None:
        return None
    definitions = tuple((", ".join(row[:-1]), parse_plural_forms(row[-1])) for row in rows)
    return KnownPlurals(key, definitions)


def known_plurals(tag: str) -> KnownPlurals | None:
    """The recorded rules for a BCP 47 tag: its gettext name ("pt_BR") or its language."""
    return _known(tag.replace("-", "_")) or _known(re.split(r"[-_]", tag)[0].lower())


def _new_plural_forms(tag: str) -> str:
    known = known_plurals(tag)
    return "" if known is None else known.new.header
