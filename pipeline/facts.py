"""Original Article + plain Article -> the facts of the original the plain version leaves out.

A plain-language rewrite may change every word, but not what the reader is told. The
facts checked are those that health-literacy guides say a rewrite must keep (CDC Clear
Communication Index items on numbers, risks and the main action; NIH "Clear & Simple"):
numbers with their units, drug, product and proper names, named terms and conditions,
negations, hedges ("may", "some", "rarely"), warnings and calls to action.

Names, numbers and terms must appear somewhere in the plain version. A negation, hedge
or call to action must appear in a plain sentence that still speaks of the same thing:
one of the two words that follow it in the original. Warnings are kept when the plain
version still carries a word of the same group ("severe" or "serious"; "risk" or
"chance"). Rules, not a model: the same texts always give the same answer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pipeline.model import Article, BlockKind, Segment
from pipeline.scores import Fact
from pipeline.word_frequency import zipf_frequency

_UNITS = (
    r"%|percent|mg|mcg|µg|g|kg|ml|mL|l|L|cc|IU|units?|doses?|tablets?|pills?|times?|"
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|°[CF]?|degrees?"
)
_NUMBER = re.compile(rf"(?<![\w.])\d+(?:[.,]\d+)*(?:\s*(?:{_UNITS})\b|%)?")
_MARKED_NAME = re.compile(r"[\w’'-]+(?=[™®])")
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]{2,}\b")
_CAPITALISED = re.compile(r"(?<=[\w,;)\]’'] )[A-Z][a-z]+(?:[’']s)?(?: [A-Z][a-z]+)*")
_MEDICAL_WORD = re.compile(
    r"\b[a-z]{4,}(?:emia|aemia|osis|itis|pathy|trophy|plasia|philia|oma|ectomy|algia|iasis)\b"
)
_CONDITION_PHRASE = re.compile(
    r"\b((?:[a-z]+ ){1,2})(?:disease|disorder|syndrome|cancer|dystrophy|atrophy)s?\b"
)
RARE_ZIPF = 4.0  # a term with a word rarer than this (wordfreq) names a thing to keep
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_COMMON_CAPITALISED = frozenset(
    {"I", "English", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
    | {"Sunday", "January", "February", "March", "April", "May", "June", "July", "August"}
    | {"September", "October", "November", "December"}
)

_NEGATIONS = frozenset({"not", "no", "never", "cannot", "without", "none", "nothing", "neither"})
# A hedge is kept when a word of the same group carries it: "may" and "might" and "can"
# all say it is possible, not certain.
_HEDGE_GROUPS = {
    "possible": frozenset({"may", "might", "could", "possibly", "perhaps", "likely", "unlikely"}),
    "amount": frozenset({"some", "many", "most", "few", "several"}),
    "frequency": frozenset(
        {"rarely", "seldom", "sometimes", "often", "usually", "occasionally", "frequently"}
    ),
}
_HEDGE_KEEPERS = {"possible": frozenset({"can", "maybe", "chance"})}
_WARNING_GROUPS = {
    "severity": frozenset({"serious", "severe", "dangerous", "danger", "life-threatening"}),
    "risk": frozenset({"risk", "risks", "risky", "chance"}),
    "emergency": frozenset({"emergency", "911", "immediately", "urgent", "urgently"}),
    "harm": frozenset({"harm", "harmful", "damage", "damages", "hurt", "injury"}),
    "side effect": frozenset({"side effect", "side effects", "reaction", "reactions"}),
    "warning": frozenset({"warning", "warn", "caution", "careful"}),
}
_ACTIONS = frozenset(
    {"call", "talk", "ask", "tell", "contact", "see", "seek", "go", "visit", "avoid", "keep"}
    | {"follow", "check", "take", "stop", "bring", "make", "read", "write", "let", "use"}
)
_MUST = re.compile(r"\byou (?:should|must|need to|have to|will need to)\s+(\w+)", re.IGNORECASE)
_STOPWORDS = frozenset(
    re.split(
        r"\s+",
        "a an the to of in on at for with as by from and or but so if than then that this "
        "these those it its it’s they them their there here be is are was were been being am "
        "have has had do does did done will would shall should can could may might must you "
        "your you’re yours we us our he she his her i me my all any each every also just only "
        "even still very more most much such what which who whom whose when where why how up "
        "out about into over under get gets got make makes made",
    )
)
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, slots=True)
class _Probe:
    """A fact and how to find it kept in the plain version."""

    fact: Fact
    group: frozenset[str]  # words, any of which carries the fact; empty for names
    anchors: tuple[str, ...]  # stems of what the fact speaks of; empty: anywhere


def missing_facts(original: Article, plain: Article) -> tuple[Fact, ...]:
    """The facts of `original`, each once, in its order, that `plain` does not keep."""
    plain_text = _normalise(" ".join(s.text for s in plain.segments))
    plain_sentences = [_normalise(s.text) for s in plain.segments]
    return tuple(
        probe.fact
        for probe in _probes(original)
        if not _is_kept(probe, plain_text, plain_sentences)
    )


def extract_facts(original: Article) -> tuple[Fact, ...]:
    """Every fact of an article, each once, in reading order."""
    return tuple(probe.fact for probe in _probes(original))


def _probes(article: Article) -> list[_Probe]:
    probes: dict[tuple[str, str], _Probe] = {}
    for segment in article.segments:
        if segment.kind in (BlockKind.TITLE, BlockKind.HEADING):
            continue  # labels: their content is said again in the text they head
        for probe in _segment_probes(segment):
            kind = "phrase" if probe.fact.kind in _PHRASE_KINDS else probe.fact.kind
            key = (kind, _key(probe))
            probes.setdefault(key, probe)
    return sorted(probes.values(), key=lambda p: p.fact.line)


def _key(probe: _Probe) -> str:
    if probe.fact.kind in _PHRASE_KINDS:  # "Casgevy™" is one name, whether item or term
        return _normalise(probe.fact.text)
    return f"{probe.fact.text.lower()}|{','.join(probe.anchors)}"


_PHRASE_KINDS = ("number", "name", "term", "condition")


def _segment_probes(segment: Segment) -> Iterator[_Probe]:
    text, line = segment.text, segment.line

    def fact(kind: str, found: str) -> Fact:
        return Fact(kind, found, line, text)

    for match in _NUMBER.finditer(text):
        yield _Probe(fact("number", match.group(0)), frozenset(), ())
    for match in _MARKED_NAME.finditer(text):
        yield _Probe(fact("name", match.group(0)), frozenset(), ())
    for match in _ACRONYM.finditer(text):
        yield _Probe(fact("name", match.group(0)), frozenset(), ())
    for match in _CAPITALISED.finditer(text):
        name = re.sub(r"[’']s$", "", match.group(0))
        if name not in _COMMON_CAPITALISED:
            yield _Probe(fact("name", name), frozenset(), ())
    is_fragment = segment.kind is BlockKind.TERM or (
        segment.kind is BlockKind.LIST_ITEM and not _SENTENCE_END.search(text)
    )
    words = _WORD.findall(text)
    rare = frozenset(w for w in words if _is_rare(w))
    if is_fragment and len(words) <= 5 and rare:
        # Kept when its rare words are: "Chemotherapy or other treatments" by "chemotherapy".
        kind = "name" if len(words) == 1 and text[:1].isupper() else "term"
        yield _Probe(fact(kind, text.rstrip("™®:;,. ")), rare, ())
    for match in _CONDITION_PHRASE.finditer(text.lower()):
        before = match.group(1).split()
        kept: list[str] = []
        for word in reversed(before):  # "some genetic diseases" names "genetic diseases"
            if word in _STOPWORDS or word.endswith(("ing", "ed")) or word in _HEDGE_WORDS:
                break
            kept.insert(0, word)
        if kept:
            name = " ".join([*kept, match.group(0)[len(match.group(1)) :]])
            yield _Probe(fact("condition", name), frozenset(), ())
    for match in _MEDICAL_WORD.finditer(text):
        yield _Probe(fact("condition", match.group(0)), frozenset(), ())
    yield from _marker_probes(segment, fact)


def _marker_probes(segment: Segment, fact: Callable[[str, str], Fact]) -> Iterator[_Probe]:
    words = [w.lower() for w in _WORD.findall(segment.text)]
    for index, word in enumerate(words):
        after = _anchors(words[index + 1 :])
        if word in _NEGATIONS or word.endswith(("n’t", "n't")):
            yield _Probe(fact("negation", word), _NEGATION_WORDS, after)
        for group, members in _HEDGE_GROUPS.items():
            if word in members:
                keepers = members | _HEDGE_KEEPERS.get(group, frozenset())
                yield _Probe(fact("hedge", word), keepers, after)
    lowered = " ".join(words)
    for members in _WARNING_GROUPS.values():
        found = next((m for m in sorted(members) if re.search(rf"\b{m}\b", lowered)), None)
        if found is not None:
            yield _Probe(fact("warning", found), members, ())
    first = words[0] if words else ""
    imperative = first in _ACTIONS or (first in {"don’t", "don't", "do"} and len(words) > 1)
    if imperative and segment.kind is not BlockKind.TERM:
        verb = words[1] if first == "do" and words[1] == "not" and len(words) > 2 else first
        yield _Probe(fact("action", verb), frozenset({verb}), _anchors(words[1:]))
    for match in _MUST.finditer(segment.text):
        verb = match.group(1).lower()
        rest = [w.lower() for w in _WORD.findall(segment.text[match.end() :])]
        yield _Probe(fact("action", verb), frozenset({verb}), _anchors(rest))


_NEGATION_WORDS = _NEGATIONS | frozenset({"n’t", "n't", "nobody", "nor"})
_HEDGE_WORDS = frozenset().union(*_HEDGE_GROUPS.values())
_NOT_ANCHORS = _STOPWORDS | _NEGATIONS | _HEDGE_WORDS | frozenset().union(*_WARNING_GROUPS.values())


@functools.lru_cache(maxsize=4096)
def _is_rare(word: str) -> bool:
    if not word.isalpha() or word.isupper():
        return False
    frequency = zipf_frequency(word.lower())  # wordfreq's, from language_data's table
    return frequency < RARE_ZIPF


def _anchors(words: Iterable[str], count: int = 2) -> tuple[str, ...]:
    """The stems of the next two content words: what a marker speaks of (one of them
    must follow the marker closely in the plain version too)."""
    found: list[str] = []
    for word in words:
        if word in _NOT_ANCHORS or word.isdigit() or len(word) < 3:
            continue  # a warning word is a fact of its own, not what a marker speaks of
        found.append(_stem(word))
        if len(found) == count:
            break
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    word = re.sub(r"[’']s$", "", word.lower())
    for suffix in ("ing", "ed", "es", "s", "e", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("™", "").replace("®", "")
    return " ".join(text.lower().split())


def _is_kept(probe: _Probe, plain_text: str, plain_sentences: list[str]) -> bool:
    fact = probe.fact
    if fact.kind == "term":
        return all(_has_phrase(plain_text, word) for word in probe.group)
    if fact.kind in _PHRASE_KINDS:
        return _has_phrase(plain_text, fact.text)
    if fact.kind == "warning":
        return any(re.search(rf"\b{re.escape(m)}\b", plain_text) for m in probe.group)
    for sentence in plain_sentences:
        words = re.findall(r"[\w'-]+", sentence)
        for index, word in enumerate(words):
            if fact.kind == "action":
                is_marker = _stem(word) == _stem(fact.text)
            else:
                is_marker = word in probe.group or (fact.kind == "negation" and "n't" in word)
            if not is_marker:
                continue
            # The marker must still speak of the same thing: a word it spoke of, close by.
            # What it spoke of must follow it closely: its first word among the next
            # two content words, or both among the next three.
            after = _anchors(words[index + 1 :], count=3)
            if (
                not probe.anchors
                or probe.anchors[0] in after[:2]
                or set(probe.anchors) <= set(after)
            ):
                return True
    return False


def _has_phrase(plain_text: str, phrase: str) -> bool:
    """Each word of the phrase in order, any ending ("disorder" finds "disorders")."""
    words = _normalise(phrase).replace("'s", "").split()
    if not words:
        return True
    parts = []
    for word in words:
        if word.isalpha():
            parts.append(re.escape(_stem(word) if len(word) > 3 else word) + r"[\w'-]*")
        else:  # a number or "u.s.": exactly, so "2" is not found in "20"
            parts.append(re.escape(word) + r"(?!\d)")
    pattern = r"(?<![\w])" + r"[\s\W]+".join(parts)
    return re.search(pattern, plain_text) is not None
