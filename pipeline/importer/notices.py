"""A copied line -> the kind of page furniture it is: a shared site notice, image text, a
citation, a file link or a metadata label; or None. Helpers of the importer.

Notices that many sites share come in classes (the words of each class are in
pipeline/data/import-rules.yaml under `notice_classes`): the US federal "official website"
and "secure website" banners, cookie notices, skip links, accessibility notices and site
operating-status notices. A class is known by phrases that no article sentence uses, so a
whole line holding one is dropped, and the import report names the class.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

# Longer than this, a line is article text even if it quotes a notice phrase.
_NOTICE_MAX_WORDS = 90
_IMAGE_TEXT_MAX_WORDS = 25
_METADATA_MAX_WORDS = 10

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")
# "Nat Vital Stat Rep. 2011;60(3):1-117", "doi:10.1000/182", "Smith J, et al."
_CITATION = re.compile(
    r"\b(?:1[89]|20)\d{2}\s*;\s*\d+\s*(?:\(\s*\w+\s*\))?\s*:\s*[e\d]+|\bdoi:\s*10\.|\bet al\.",
    re.IGNORECASE,
)
# "Printer-friendly PDF (331 KB)", "Deaths 2009 [PDF-3M]", "Leaflet (Word, 52 KB)"
_FILE_SIZE = re.compile(
    r"\((?:[A-Za-z]{2,5}\s*[,-]?\s*)?\d+(?:[.,]\d+)?\s*[KMG]B\)|\[(?:PDF|DOC|XLS)[ -]\d",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"[.!?…](?:[\"'”’)\]]|™|®)*$")


def fold(text: str) -> str:
    """Lowercase, straight quotes, one space: how notice phrases are compared."""
    plain = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(plain.split())


def notice_class(text: str, classes: Mapping[str, tuple[str, ...]]) -> str | None:
    """ "An official website of the United States government" -> "official-site"."""
    if len(_WORD.findall(text)) > _NOTICE_MAX_WORDS:
        return None
    folded = fold(text)
    for name, phrases in classes.items():
        if any(phrase in folded for phrase in phrases):
            return name
    return None


def is_image_text(text: str, openers: tuple[str, ...]) -> bool:
    """ "Illustration of how blood pressure is measured." : the words of a picture."""
    if len(_WORD.findall(text)) > _IMAGE_TEXT_MAX_WORDS:
        return False
    folded = fold(text)
    return any(folded == o or folded.startswith(f"{o} ") for o in openers)


def is_citation(text: str) -> bool:
    """A reference to a journal article, which a patient handout does not reprint."""
    return bool(_CITATION.search(text))


def is_file_link(text: str) -> bool:
    """A link to a download, known by the file's size: "Printer-friendly PDF (331 KB)"."""
    return len(_WORD.findall(text)) <= 12 and bool(_FILE_SIZE.search(text))


_BYLINE_MAX_WORDS = 16
_CREDENTIAL = re.compile(r",\s*([A-Za-z][A-Za-z.-]{1,7})(?=[\s,]|$)")


def is_byline(text: str, credentials: frozenset[str]) -> bool:
    """ "Story C. Landis, Ph.D. Director, National Institute of ...": a person named with a
    degree near the start of a short line is a byline or a photo caption."""
    words = _WORD.findall(text)
    if len(words) > _BYLINE_MAX_WORDS:
        return False
    found = _CREDENTIAL.search(text)
    if found is None or len(_WORD.findall(text[: found.start()])) > 5:
        return False
    return found.group(1).replace(".", "") in credentials


def is_metadata_label(text: str, labels: frozenset[str]) -> bool:
    """ "Source: National Institute of Mental Health", "Revision State: Archived"."""
    label, colon, value = text.partition(":")
    if not colon or not value.strip() or _ENDS_SENTENCE.search(text):
        return False
    if len(_WORD.findall(text)) > _METADATA_MAX_WORDS:
        return False
    return fold(label) in labels


def notice_classes_from(
    value: object, fail: Callable[[str, str], Exception]
) -> dict[str, tuple[str, ...]]:
    """`notice_classes` of the import rules -> class name -> folded phrases."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) for p in v) for v in value.values()
    ):
        raise fail("notice_classes", "a mapping from class names to lists of phrases")
    return {str(name): tuple(fold(p) for p in phrases) for name, phrases in value.items()}
