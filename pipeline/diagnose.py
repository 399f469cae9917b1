"""Article + ReadabilityReport -> why each sentence is hard, in an editor's words.

The checks follow what health-literacy editors look for (CDC Clear Communication
Index, NIH plain-language guidance, Hemingway Editor): long sentences, long words,
unexplained medical words, unexplained acronyms, passive voice, and formal words
that have a plain alternative.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import resources

from pipeline.model import Article, BlockKind
from pipeline.scores import (
    Finding,
    PlainWord,
    ReadabilityReport,
    Scores,
    SentenceDiagnosis,
    Severity,
    folded,
    may_occur,
    plain_term_pattern,
)
from pipeline.word_frequency import zipf_frequency

__all__ = ["PlainWord", "diagnose_article", "hardest", "plain_words", "topic_words"]

LONG_WORDS = 20  # CDC and NIH: keep most sentences to 20 words or fewer
# One sentence is graded with Flesch-Kincaid whatever the target formula: SMOG counts
# long words per 30 sentences (McLaughlin 1969), so one sentence with two long words
# would read at grade 11 and nearly every sentence would be flagged.
SENTENCE_FORMULA = "flesch_kincaid"
VERY_LONG_WORDS = 30
RARE_ZIPF = 3.0  # Zipf 3: about once in a million words of everyday text (wordfreq)
KNOWN_ACRONYMS = frozenset({"U.S.", "US", "OK", "TV", "ID"})
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z\u2019'-]*[A-Za-z]|[A-Za-z]")
_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten)"
_ADVERB = r"(?:\s+(?:not|also|often|usually|still|then|currently|directly|already|never|\w+ly))*"
_IRREGULAR = (
    "born|built|bought|brought|caught|chosen|done|drawn|driven|eaten|fallen|felt|found|"
    "given|gone|grown|heard|held|hidden|hit|hurt|kept|known|laid|led|left|lost|made|meant|"
    "met|paid|put|read|run|said|seen|sent|set|shown|shut|sold|spent|spoken|split|spread|"
    "stolen|struck|taken|taught|told|thought|thrown|understood|woken|worn|won|written"
)
_PASSIVE = re.compile(rf"\b{_BE}{_ADVERB}\s+(?:\w+ed|{_IRREGULAR})\b(?:\s+by\b)?", re.IGNORECASE)
# -ed words that follow "be" as adjectives, not as passive participles
_ADJECTIVES_IN_ED = frozenset({"tired", "worried", "interested", "married", "concerned", "scared"})


@functools.cache
def plain_words() -> tuple[PlainWord, ...]:
    """The plain-language word list shipped as package data, with its sources."""
    text = resources.files("pipeline").joinpath("data/plain-words.csv").read_text("utf-8")
    return tuple(
        PlainWord(row["term"], row["plain"], row["source"])
        for row in csv.DictReader(io.StringIO(text))
    )


# Long: every check of a sentence shares the words seen and explained so far, which build up in
# reading order.
def diagnose_article(
    article: Article,
    report: ReadabilityReport,
    *,
    words: Sequence[PlainWord] = (),
    grade_of: Callable[[Scores], float | None] | None = None,
) -> tuple[SentenceDiagnosis, ...]:
    """Every scored sentence with its findings, in reading order.

    English checks (jargon, acronyms, passive voice, plain words) run only on English;
    other languages get the length check, counted in words. Words of the article's topic
    (in its title, or explained in it) are not flagged as hard. `grade_of` regrades
    changed counts in SENTENCE_FORMULA, so each finding can say how much it matters.
    """
    is_english = report.locale.is_english
    first_seen: set[str] = set()  # rare words and acronyms already met
    topic = topic_words(article) if is_english else frozenset()
    explained: set[str] = set(topic)
    kinds = {s.segment_id: s.kind for s in article.segments}
    scored = {s.segment_id: s for s in report.segments}
    # Once an article: the cache's key, a tuple of every word, hashed for each sentence
    # cost more than the search it saved.
    plain = _plain_patterns(tuple(words))
    result: list[SentenceDiagnosis] = []
    for segment in article.segments:
        score = scored.get(segment.segment_id)
        if score is None:
            continue
        text = score.text
        findings: list[Finding] = []
        if score.role == "sentence":
            findings.extend(_length(score.scores.words))
        if is_english:
            if kinds[segment.segment_id] is BlockKind.TERM:
                explained.update(w.lower() for w in _WORD.findall(text))
            hard = tuple(w for w in score.hard_words if not _is_topic(w, topic))
            findings.extend(_hard_words(hard, score.scores.words))
            findings.extend(_jargon(text, first_seen, explained))
            findings.extend(_acronyms(text, first_seen))
            findings.extend(_passive(text))
            findings.extend(_plain_alternatives(text, plain))
        grade = score.scores.value(SENTENCE_FORMULA) if report.primary else None
        if grade is not None and grade > report.target_grade + 4 and score.scores.words >= 8:
            findings.insert(
                0,
                Finding(
                    "grade",
                    Severity.SEVERE if grade > report.target_grade + 8 else Severity.MODERATE,
                    f"reads at grade {grade:.0f} (Flesch-Kincaid); "
                    f"the target is {report.target_grade:g}",
                    None,
                ),
            )
        if grade_of is not None and grade is not None:
            long_words = frozenset(score.hard_words)
            findings = [
                _with_impact(f, score.scores, grade, grade_of, long_words) for f in findings
            ]
        result.append(
            SentenceDiagnosis(
                segment_id=segment.segment_id,
                line=segment.line,
                section=segment.section_title,
                anchor=segment.anchor,
                text=text,
                grade=grade,
                severity=max((f.severity for f in findings), default=Severity.NONE),
                findings=tuple(findings),
                role=score.role,
            )
        )
    return tuple(result)


def topic_words(article: Article) -> frozenset[str]:
    """The article's own subject: words of its title, its definition-list terms, and words
    it glosses in parentheses ("a vector (a package)"). Readers are told these, so they
    are not flagged as hard (by stem, so "therapies" goes with "therapy")."""
    found: set[str] = {_topic_stem(w) for w in _WORD.findall(article.meta.title)}
    for segment in article.segments:
        if segment.kind is BlockKind.TERM:
            found.update(_topic_stem(w) for w in _WORD.findall(segment.text))
        for match in _GLOSSED.finditer(segment.text):
            glossed = match.group(1) or match.group(2) or ""
            found.update(_topic_stem(w) for w in _WORD.findall(glossed))
    return frozenset(found)


# "word (gloss)" or "(called word)": a word explained where it stands
_GLOSSED = re.compile(r"([\w-]+)\s*\([^)]+\)|\(called\s+([\w -]+)\)")


def _topic_stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _is_topic(word: str, topic: frozenset[str]) -> bool:
    parts = [p for p in re.split(r"[-\u2010\u2011]", word) if p]
    return bool(parts) and all(_topic_stem(part) in topic for part in parts)


def _with_impact(
    finding: Finding,
    scores: Scores,
    grade: float,
    grade_of: Callable[[Scores], float | None],
    long_words: frozenset[str],
) -> Finding:
    """How much fixing this would lower the sentence's grade, or why it matters anyway."""
    fixed: Scores | None = None
    if finding.code == "long":
        fixed = replace(scores, sentences=2, results=())  # split in two
    elif finding.code in ("syllables", "jargon", "plain"):
        spans = finding.span.split(", ") if finding.code == "syllables" else [finding.span]
        count = min(sum(1 for s in spans if s in long_words), scores.polysyllables)
        if count == 0:
            return replace(
                finding, impact="little effect on the grade, but a common word is easier to know"
            )
        # Each long word replaced by one of two syllables: at least one fewer each.
        fixed = replace(
            scores,
            polysyllables=scores.polysyllables - count,
            syllables=scores.syllables - count,
            results=(),
        )
    if fixed is None:
        if finding.code in ("acronym", "passive"):
            return replace(
                finding, impact="no effect on the grade, but readers stop here: it matters"
            )
        return finding
    after = grade_of(fixed)
    if after is None:
        return finding
    drop = max(grade - after, 0.0)
    weight = "a lot" if drop >= 2 else "some" if drop >= 0.5 else "little"
    return replace(
        finding, impact=f"matters {weight}: fixing it lowers this sentence's grade by {drop:.1f}"
    )


def hardest(diagnoses: Sequence[SentenceDiagnosis], count: int = 10) -> list[SentenceDiagnosis]:
    """The hardest sentences, worst first: severity, then number of findings, then grade.
    Fragments (a drug name, a term) and headings are not sentences an editor can simplify."""
    ranked = [d for d in diagnoses if d.findings and d.role == "sentence"]
    ranked.sort(key=lambda d: (-d.severity, -len(d.findings), -(d.grade or 0.0), d.line))
    return ranked[:count]


def _length(words: int) -> list[Finding]:
    if words > VERY_LONG_WORDS:
        return [
            Finding(
                "long",
                Severity.SEVERE,
                f"{words} words: split it (over {VERY_LONG_WORDS} is very long)",
                None,
            )
        ]
    if words > LONG_WORDS:
        return [
            Finding(
                "long", Severity.MODERATE, f"{words} words: aim for {LONG_WORDS} or fewer", None
            )
        ]
    return []


def _hard_words(hard: tuple[str, ...], words: int) -> list[Finding]:
    # One long word is normal; a cluster of them is what makes a sentence hard.
    if len(hard) >= 3 or (words and len(hard) / words > 0.3 and len(hard) >= 2):
        listed = ", ".join(dict.fromkeys(hard))
        return [
            Finding(
                "syllables",
                Severity.MODERATE,
                f"{len(hard)} words of 3 or more syllables: {listed}",
                None,
                span=", ".join(hard),
            )
        ]
    return []


def _jargon(text: str, seen: set[str], explained: set[str]) -> list[Finding]:
    findings = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.lower()
        if lower in seen or len(lower) < 4 or _ACRONYM.fullmatch(word):
            continue
        if word[0].isupper() and match.start() > 0:
            continue  # a name: Duchenne, Leber
        if text[match.end() : match.end() + 1] in {"™", "®"}:
            continue  # a product name
        frequency = zipf_frequency(lower)  # wordfreq's, from the table language_data loaded
        if frequency >= RARE_ZIPF or (word[0].isupper() and frequency == 0):
            continue  # common, or a name no word list knows (Lenmeldy)
        seen.add(lower)
        if lower in explained or _is_glossed(text, match.start(), match.end()):
            continue
        findings.append(
            Finding(
                "jargon",
                Severity.MODERATE,
                f"“{word}” is a medical or rare word that is not explained here",
                None,
                span=word,
            )
        )
    return findings


def _is_glossed(text: str, start: int, end: int) -> bool:
    """A plain explanation right beside the word: "word (plain words)", "plain words (word)",
    or "(called word)"."""
    after = text[end:].lstrip()
    before = text[:start].rstrip()
    if after.startswith("(") or (before.endswith("(") and after.startswith(")")):
        return True
    return bool(re.search(r"\b(?:called|known as|or)\s*$", before))


def _acronyms(text: str, seen: set[str]) -> list[Finding]:
    findings = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group(0)
        if acronym in KNOWN_ACRONYMS or acronym in seen:
            continue
        seen.add(acronym)
        spelled_after = re.match(r"\s*\((?:[a-z]+[\s-]){1,}", text[match.end() :].lower() + " ")
        spelled_before = text[: match.start()].rstrip().endswith("(")
        if spelled_after or spelled_before:
            continue
        findings.append(
            Finding(
                "acronym",
                Severity.MODERATE,
                f"“{acronym}” is not spelled out where it first appears",
                None,
                span=acronym,
            )
        )
    return findings


def _passive(text: str) -> list[Finding]:
    findings = []
    for match in _PASSIVE.finditer(text):
        last = match.group(0).split()[-1].lower()
        if last == "by":
            last = match.group(0).split()[-2].lower()
        if last in _ADJECTIVES_IN_ED:
            continue
        findings.append(
            Finding(
                "passive",
                Severity.MODERATE,
                f"passive voice: “{match.group(0)}”; say who does it",
                None,
                span=match.group(0),
            )
        )
    return findings


_PlainPatterns = tuple[tuple[PlainWord, ...], re.Pattern[str]]


def _plain_alternatives(text: str, plain: _PlainPatterns) -> list[Finding]:
    findings: list[Finding] = []
    ordered, any_term = plain
    if not any_term.search(text):
        return findings  # most sentences: none of the terms, one search instead of hundreds
    taken: list[range] = []
    letters = folded(text)
    for word in ordered:
        if not may_occur(word.term, letters):
            continue  # its pattern is compiled only for a sentence it may be in
        match = plain_term_pattern(word.term).search(text)
        if match and not any(match.start() in span for span in taken):
            taken.append(range(match.start(), match.end()))
            findings.append(
                Finding(
                    "plain",
                    Severity.MODERATE,
                    f"“{match.group(0)}” has a plainer word",
                    f"try “{word.plain}” ({word.source})",
                    span=match.group(0),
                )
            )
    return findings


@functools.cache
def _plain_patterns(words: tuple[PlainWord, ...]) -> _PlainPatterns:
    """The terms, longest first ("adverse reactions" before "adverse"), and one pattern
    that finds any of them."""
    ordered = tuple(sorted(words, key=lambda w: -len(w.term)))
    sources = [plain_term_pattern(w.term).pattern for w in ordered]
    return ordered, re.compile("|".join(sources) or "(?!)", re.IGNORECASE)
