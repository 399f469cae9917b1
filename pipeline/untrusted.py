"""Translation text is untrusted: what may never reach a printed handout.

Shared by `checks` (which reports it) and `localize` (which refuses the entry and
prints the English instead), so both always agree.
"""

from __future__ import annotations

import functools
import re

LONGEST_WORD = 40  # characters; a longer "word" cannot fit a printed line
# Bidirectional overrides, embeddings, isolates and marks, zero-width space and joiners
# that are not letters' own (ZWJ and ZWNJ are kept: Persian and Indic scripts need them).
HIDDEN = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
HTML = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
URL = re.compile(r"https?://[^\s)\]}>\"]+|www\.[^\s)\]}>\"]+|[\w.+-]+@[\w-]+\.[\w.]+")
# Chinese, Japanese and Korean break between characters: their runs are not words.
_LONG_RUN = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


# The catalog's judge and the handout's localizer each ask about every translation of
# an article, one after the other: the second asks the cache. 2,048 entries hold an
# article's translations in every language; 8,192 held 3.3 MB when full, for 9% more
# hits (223,400 against 205,700 of 248,200 calls, a worker's calls in a 250-article
# build replayed): about 0.05 s of CPU (issue 20: memory flat as the library grows).
@functools.lru_cache(maxsize=2048)
def unsafe_reason(msgstr: str, *, msgid: str) -> str | None:
    """Why a translation must not be printed, in a translator's words, or None."""
    hidden = HIDDEN.search(msgstr)
    if hidden and not HIDDEN.search(msgid):
        return (
            f"the msgstr contains an invisible control character (U+{ord(hidden.group(0)):04X}) "
            "that can make the printed text differ from what a reviewer saw; delete it"
        )
    tag = HTML.search(msgstr)
    if tag and not HTML.search(msgid):
        return f"the msgstr contains markup ({tag.group(0)}); handouts show text only, remove it"
    if not _LONG_RUN.search(msgstr):
        return None  # no run of characters long enough, whatever the script
    words = _WIDE.sub(" ", msgstr).split()
    long_word = next((w for w in words if len(w) > LONGEST_WORD and not URL.fullmatch(w)), None)
    if long_word:
        return (
            f"the msgstr has a word of {len(long_word)} characters that cannot fit a printed "
            "line; check it for missing spaces"
        )
    return None
