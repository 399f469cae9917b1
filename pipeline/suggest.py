"""Sentence diagnoses + word lists -> a suggested rewrite of each hard sentence, by rules.

Hemingway and Readable show what is hard; an editor still writes every fix. Here each
hard sentence gets a version to accept or edit: plainer words from the plain-word list,
split points where a sentence runs past 20 words, a definition for a medical word from
the plain-definitions list, and, for passive voice, the question only the editor can
answer: who acts? Rules only, so the same sentence always gets the same suggestion and
nothing is added that a list did not say (no model that could change the meaning).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from pipeline.scores import (
    PlainWord,
    SentenceDiagnosis,
    Suggestion,
    folded,
    may_occur,
    plain_term_pattern,
)

LONG_WORDS = 20  # CDC and NIH: most sentences 20 words or fewer
MIN_PART_WORDS = 5  # a split that leaves a shorter piece makes a fragment, not a sentence
SPLIT_GUIDE = "CDC Clear Communication Index and NIH plain language: one idea a sentence"
_WORD = re.compile(r"[\w’'-]+")
# Where a long sentence can become two, and how the second begins.
_JOINS = (
    (re.compile(r";\s+"), ""),
    (re.compile(r",\s+but\s+"), "But "),
    (re.compile(r",\s+so\s+"), "So "),
    (re.compile(r",\s+which\s+"), "This "),
    (re.compile(r",\s+because\s+"), "This is because "),
    (re.compile(r",\s+and\s+"), ""),
    (re.compile(r"\s+—\s+"), ""),
)
_AGENT = re.compile(r"\s+((?:the|your|a|an|their|his|her)\s+)?([\w-]+)")


@dataclass(frozen=True, slots=True)
class Definition:
    term: str
    definition: str
    source: str


@functools.cache
def plain_definitions() -> tuple[Definition, ...]:
    """Medical words and plain definitions, shipped as package data with their sources."""
    text = resources.files("pipeline").joinpath("data/plain-definitions.csv").read_text("utf-8")
    return tuple(
        Definition(row["term"], row["definition"], row["source"])
        for row in csv.DictReader(io.StringIO(text))
    )


def suggest_rewrites(
    diagnoses: Sequence[SentenceDiagnosis],
    *,
    words: Sequence[PlainWord] = (),
    definitions: Sequence[Definition] = (),
) -> tuple[Suggestion, ...]:
    """A suggestion for each hard sentence (one with findings), in reading order.

    A medical word is defined once, where a hard sentence first uses it.
    """
    defined: set[str] = set()
    suggestions = []
    for diagnosis in diagnoses:
        if diagnosis.role != "sentence" or not diagnosis.findings:
            continue
        steps: list[str] = []
        text = _plainer(diagnosis.text, words, steps)
        text = _split(text, steps)
        text = _define(text, definitions, defined, steps)
        questions = tuple(
            _who_acts(f.span, diagnosis.text) for f in diagnosis.findings if f.code == "passive"
        )
        if text == diagnosis.text and not questions:
            continue
        suggestions.append(
            Suggestion(
                segment_id=diagnosis.segment_id,
                line=diagnosis.line,
                original=diagnosis.text,
                suggested=text,
                steps=tuple(steps),
                questions=questions,
            )
        )
    return tuple(suggestions)


def _plainer(text: str, words: Sequence[PlainWord], steps: list[str]) -> str:
    letters = folded(text)
    for word in _ordered(tuple(words)):
        if not may_occur(word.term, letters):
            continue  # its pattern is compiled only for a sentence it may be in
        match = plain_term_pattern(word.term).search(text)
        if match is None:
            continue
        after_be = bool(_BE_BEFORE.search(text[: match.start()]))  # "is given", not "is gave"
        inflected = _inflect(word.plain, match.group(2) or "", participle=after_be)
        replacement = _match_case(inflected, match.group(1))
        text = text[: match.start()] + replacement + text[match.end() :]
        letters = folded(text)
        steps.append(f"“{match.group(0)}” → “{replacement}” ({word.source})")
    return text


@functools.cache
def _ordered(words: tuple[PlainWord, ...]) -> tuple[PlainWord, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w.term), w.term)))  # "adverse reactions" first


def _inflect(plain: str, ending: str, *, participle: bool = False) -> str:
    """The plain word with the ending the formal one had: "utilizes" -> "uses"."""
    if not ending or " " in plain:
        return plain  # a phrase keeps its form; the editor adjusts the grammar
    if ending in ("s", "es"):
        return plain + ("es" if plain.endswith(("s", "sh", "ch", "x")) else "s")
    if ending in ("d", "ed"):
        irregular = _IRREGULAR_PARTICIPLE if participle else _IRREGULAR_PAST
        if plain in irregular:
            return irregular[plain]
        return plain + ("d" if plain.endswith("e") else "ed")
    return (plain[:-1] if plain.endswith("e") and not plain.endswith("ee") else plain) + "ing"


_IRREGULAR_PAST = {
    "get": "got", "give": "gave", "take": "took", "tell": "told", "find": "found",
    "buy": "bought", "send": "sent", "make": "made", "begin": "began", "keep": "kept",
    "have": "had", "go": "went", "see": "saw", "put": "put", "let": "let", "show": "showed",
}  # fmt: skip
_IRREGULAR_PARTICIPLE = {
    **_IRREGULAR_PAST, "get": "gotten", "give": "given", "take": "taken", "begin": "begun",
    "go": "gone", "see": "seen", "show": "shown",
}  # fmt: skip
_BE_BEFORE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|has|have|had|get|gets|got)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _split(text: str, steps: list[str], depth: int = 0) -> str:
    """A sentence over 20 words -> two at the join nearest its middle; twice at most."""
    if _count(text) <= LONG_WORDS or depth == 2:
        return text
    middle = len(text) / 2
    best: tuple[float, int, int, str, str] | None = None
    for pattern, opener in _JOINS:
        for match in pattern.finditer(text):
            before, after = text[: match.start()], text[match.end() :]
            if _count(before) < MIN_PART_WORDS or _count(after) < MIN_PART_WORDS:
                continue
            if opener == "" and "and" in match.group(0) and _is_list(before):
                continue  # "blood, nerve, and eye diseases": a list, not two ideas
            if "—" in match.group(0) and text.count("—") != 1:
                continue  # a pair of dashes holds an aside, not a second sentence
            distance = abs(match.start() - middle)
            if best is None or distance < best[0]:
                best = (distance, match.start(), match.end(), opener, match.group(0).strip())
    if best is None:
        return text
    _, start, end, opener, join = best
    first = text[:start].rstrip(" ,;—") + "."
    rest = text[end:]
    second = opener + rest if opener else rest[:1].upper() + rest[1:]
    steps.append(f"split at “{join}”: {_count(first)} and {_count(second)} words ({SPLIT_GUIDE})")
    return f"{_split(first, steps, depth + 1)} {_split(second, steps, depth + 1)}"


def _count(text: str) -> int:
    return len(_WORD.findall(text))


def _is_list(before: str) -> bool:
    last = before.rsplit(",", 1)
    return len(last) == 2 and _count(last[1]) <= 3


def _define(
    text: str, definitions: Sequence[Definition], defined: set[str], steps: list[str]
) -> str:
    """Add a plain definition after the sentence for its first medical word not yet
    defined (one a sentence: a definition is a sentence to read too)."""
    letters = folded(text)
    for entry in sorted(definitions, key=lambda d: (-len(d.term), d.term)):
        key = entry.term.lower()
        if key in defined or not may_occur(entry.term, letters):
            continue
        match = re.search(rf"\b{re.escape(entry.term)}(?:s|es)?\b", text, re.IGNORECASE)
        if match is None or _is_glossed(text, match.start(), match.end()):
            continue  # absent, or explained where it stands
        defined.add(key)
        steps.append(f"“{match.group(0)}” defined in plain words ({entry.source})")
        return f"{text} “{entry.term[:1].upper()}{entry.term[1:]}” means {entry.definition}."
    return text


def _is_glossed(text: str, start: int, end: int) -> bool:
    """ "word (plain words)", "(word)" or "(called word)": explained where it stands."""
    before = text[:start].rstrip()
    return text[end:].lstrip().startswith("(") or before.endswith(("(", "(called", "called"))


def _who_acts(span: str, text: str) -> str:
    """The question passive voice leaves open, and where the answer goes."""
    agent = None
    if span.endswith(" by") and span in text:
        agent = _AGENT.match(text, text.index(span) + len(span))
    if agent is not None:
        who = (agent.group(1) or "") + agent.group(2)
        return f"“{span} {who}”: start the sentence with who acts: “{who[:1].upper()}{who[1:]} …”."
    return (
        f"“{span}”: who does this? Name them and start with them "
        "(for example “Your doctor …” or “Scientists …”)."
    )
