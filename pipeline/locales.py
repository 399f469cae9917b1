"""Locale facts from Babel: BCP 47 <-> gettext names, direction, plurals, names.

Every locale code the project meets passes through `locale_info`, so there is one
place that decides what a valid code is and how it is spelled where.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

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
    plural_forms: str  # the PO header value

    @property
    def language(self) -> str:
        return self.tag.split("-")[0]

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
        plural_forms=get_plural(str(locale)).plural_forms,
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
