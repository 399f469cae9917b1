"""A page's address and words -> its publisher and the words its title should share with
the address. Helpers of the importer.

An editor who imports copied text gives the page's address (`handouts import --url`); the
address of an archived copy holds the original one. The publisher is then the organisation
the address names: a short host name ("nhlbi", "fda") that the page writes as an acronym,
with the full name when the page spells it out ("Food and Drug Administration (FDA)"), or a
name the page writes whose letters are the host's ("NIH News in Health" for newsinhealth);
failing that, the directory of publishers in the import rules; failing that, the host name
itself, as a guess for the editor to check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import unquote, urlsplit

# Host labels that name no organisation.
_GENERIC_LABELS = frozenset(
    {"www", "www2", "m", "gov", "org", "com", "net", "edu", "int", "uk", "us", "co", "ac", "au",
     "ca", "ie", "nz", "info", "health", "stage", "staging", "beta", "preview"}
)  # fmt: skip
_EMBEDDED = re.compile(r"https?:/+[^/]")  # web.archive.org/web/2009/http://www.fda.gov/...
_ACRONYM_MAX = 7
_NAME_WORD = r"(?:[A-Z][\w’'&.-]*|of|for|and|the|on|in|at|to)"
_PHRASE = re.compile(rf"[A-Z][\w’'&.-]*(?:\s+{_NAME_WORD}){{0,8}}")
_TOKEN = re.compile(r"[a-z0-9]+")


def original_address(url: str) -> str:
    """The address of the page itself, also when `url` is an archive's copy of it."""
    path = unquote(urlsplit(url).path)
    found = _EMBEDDED.search(path)
    if found is None:
        return url
    inner = path[found.start() :]
    return re.sub(r"^(https?):/+", r"\1://", inner)


def host(url: str) -> str:
    name = (urlsplit(original_address(url)).hostname or "").casefold()
    return name.removeprefix("www.")


def publisher_from_address(
    url: str, page_texts: Iterable[str], directory: Mapping[str, str]
) -> tuple[str | None, bool]:
    """(publisher, is_guess) for the page at `url`, whose text lines are `page_texts`."""
    name = host(url)
    if not name:
        return None, False
    text = "\n".join(page_texts)
    parts = name.split(".")
    labels = [p for p in parts if p not in _GENERIC_LABELS]
    for start, label in enumerate(parts):  # the most specific part of the host first
        if label not in _GENERIC_LABELS and (found := _named_in_text(label, labels, text)):
            return found, False
        suffix = ".".join(parts[start:])
        if suffix in directory:
            return directory[suffix], False
    return name, True


def _named_in_text(label: str, labels: list[str], text: str) -> str | None:
    if 3 <= len(label) <= _ACRONYM_MAX and label.isalpha():
        acronym = label.upper()
        if re.search(rf"(?<![\w-]){acronym}(?![\w-])", text) or re.search(
            rf"(?<![\w-]){acronym}(?=[’'-])", text
        ):
            expanded = _expansion(acronym, text)
            return expanded or acronym
    squashed_labels = {label, *("".join(p) for p in _pairs(labels))}
    for phrase in sorted(set(_PHRASE.findall(text)), key=len):
        squashed = "".join(_TOKEN.findall(phrase.casefold()))
        if len(squashed) >= 8 and squashed in squashed_labels:
            return str(phrase).strip()
    return None


def _pairs(labels: list[str]) -> Iterable[tuple[str, str]]:
    for first in labels:
        for second in labels:
            if first != second:
                yield first, second


def _expansion(acronym: str, text: str) -> str | None:
    """ "the National Center for Complementary and Integrative Health (NCCIH)" -> the name."""
    pattern = rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,10}})\s*\({acronym}\)"
    for found in re.finditer(pattern, text):
        words = found.group(1).split()
        while words and not words[0][0].isupper():
            words.pop(0)  # "the", "of" before the name
        while words and words[0] in ("The", "A"):
            words.pop(0)
        initials = "".join(w[0] for w in words if w[0].isupper())
        if len(words) >= 2 and acronym[0] in initials:
            start = initials.index(acronym[0])
            capitals = [i for i, w in enumerate(words) if w[0].isupper()]
            return " ".join(words[capitals[start] :])
    return None


def address_parts(url: str | None) -> tuple[str, ...]:
    """The last two parts of the page's path, letters and digits only, the last first:
    "/bloodpressure/about.htm" -> ("about", "bloodpressure")."""
    if not url:
        return ()
    path = unquote(urlsplit(original_address(url)).path).casefold()
    parts: list[str] = []
    for part in reversed([p for p in path.split("/") if p]):
        stem = re.sub(r"\.(?:s?html?|aspx?|php|jsp|cfm)$", "", part)
        if stem in ("index", "default", "page", "home"):
            continue
        parts.append("".join(_TOKEN.findall(stem)))
        if len(parts) == 2:
            break
    return tuple(p for p in parts if p)


def _in_part(word: str, part: str) -> bool:
    """ "pressure" in "bloodpressure"; "information" in "druginfo" by its first four letters."""
    return (len(word) >= 4 and word in part) or (len(word) >= 7 and word[:4] in part)


def address_score(text: str, parts: tuple[str, ...]) -> int:
    """How well a heading matches its page's address: each of its words (4 letters or more)
    in the last part counts 2, in the part before 1; the heading, or one of its words, being
    the whole last part counts 3 more. 0 when they share nothing."""
    words = set(_TOKEN.findall(text.casefold()))
    if not parts or not words:
        return 0
    score = 0
    for weight, part in zip((2, 1), parts, strict=False):
        score += weight * sum(1 for w in words if _in_part(w, part))
    squashed = "".join(_TOKEN.findall(text.casefold()))
    if squashed == parts[0] or any(w == parts[0] for w in words if len(w) >= 3):
        score += 3
    return score


def publishers_from(value: object, fail: Callable[[str, str], Exception]) -> dict[str, str]:
    """`publishers` of the import rules -> host (without "www.") -> publisher name."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise fail("publishers", "a mapping from web addresses to publisher names")
    return {str(site).casefold().removeprefix("www."): name for site, name in value.items()}
