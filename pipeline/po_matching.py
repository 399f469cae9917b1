"""Fuzzy matching for the catalog merge: which old translation, or which remembered one from
another catalog of the language, is close enough to offer a translator (as fuzzy). Helper of
catalog.py."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

from pipeline.model import Remembered
from pipeline.po_writer import Entry

FUZZY_CUTOFF = 0.75  # word-level similarity below which an old translation is not offered
MEMORY_NOTE = "Translation memory:"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:['’]\w+)*", text.lower())  # words only: "." weighs nothing


def similarity(old: str, new: str) -> float:
    """Word-level likeness: one changed word weighs more in a short sentence.

    "Do not drink." and "Do not drive." are 0.67 alike, below the cutoff, so the
    translation of one is never offered for the other, as GNU msgmerge would.
    """
    return difflib.SequenceMatcher(None, _words(old), _words(new), autojunk=False).ratio()


def closest(entry: Entry, candidates: Sequence[Entry]) -> Entry | None:
    best: Entry | None = None
    best_score = FUZZY_CUTOFF
    for candidate in candidates:
        score = similarity(candidate.msgid, entry.msgid)
        if set(candidate.references) & set(entry.references):
            score += 0.05  # same block: most likely the same sentence, edited
        if score >= best_score and (best is None or score > best_score):
            best, best_score = candidate, score
    return best


def offer_from_memory(entry: Entry, memory: Mapping[str, Remembered]) -> None:
    best, best_score = None, FUZZY_CUTOFF
    # `similarity` against every remembered sentence, as difflib's get_close_matches
    # does it: the new sentence is indexed once, and the two cheap upper bounds skip
    # the full comparison for sentences that cannot beat the best so far.
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(_words(entry.msgid))
    for msgid, remembered in sorted(memory.items()):
        matcher.set_seq1(_words(msgid))
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best, best_score = (msgid, remembered), score
    if best is None:
        return
    msgid, remembered = best
    entry.msgstr = remembered.msgstr
    entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = msgid
    entry.extracted_comments.append(
        f"{MEMORY_NOTE} a close match ({best_score:.0%} the same words) from "
        f"{remembered.source}; its English is in the #| lines."
    )
