"""Locale facts: BCP 47 <-> gettext names, direction and names from Babel; plural rules
from the project's own data, judged by what they do.

Every locale code the project meets passes through `locale_info`, so there is one
place that decides what a valid code is and how it is spelled where. Plural-Forms come
from `data/plural-forms.yaml`, not from Babel, whose tables change between releases.
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass
from importlib import resources

import yaml
from babel import Locale, UnknownLocaleError

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
    try:
        locale = Locale.parse(canonical, sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    # The region only when the code names one ("pt-BR"); "tl" is not "Filipino (Pilipinas)".
    if len(parts) > 1:
        name = locale.get_display_name(locale) or canonical
    else:
        name = locale.get_language_name(locale) or canonical
    return LocaleInfo(
        tag=canonical,
        gettext_name=canonical.replace("-", "_"),
        babel_name=str(locale),
        direction=locale.text_direction,
        native_name=name[:1].upper() + name[1:],
        english_name=locale.get_display_name("en") or canonical,
        plural_forms=_new_plural_forms(canonical),
        language=canonical.split("-")[0],
        script=next((p for p in canonical.split("-")[1:] if len(p) == 4 and p.isalpha()), None),
    )


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
def _plural_table() -> dict[str, KnownPlurals]:
    text = resources.files("pipeline").joinpath("data/plural-forms.yaml").read_text("utf-8")
    table = {}
    # Our own data: libyaml's loader where PyYAML has it (2 ms against 23, issue 20).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for key, rows in yaml.load(text, Loader=loader).items():
        definitions = tuple((", ".join(row[:-1]), parse_plural_forms(row[-1])) for row in rows)
        table[key] = KnownPlurals(key, definitions)
    return table


def known_plurals(tag: str) -> KnownPlurals | None:
    """The recorded rules for a BCP 47 tag: its gettext name ("pt_BR") or its language."""
    table = _plural_table()
    return table.get(tag.replace("-", "_")) or table.get(re.split(r"[-_]", tag)[0].lower())


def _new_plural_forms(tag: str) -> str:
    known = known_plurals(tag)
    return "" if known is None else known.new.header
