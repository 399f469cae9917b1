"""ReadabilityReport + diagnoses -> reports for editors: HTML, JSON, CSV and a summary."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson
from markupsafe import Markup

from pipeline.scores import (
    EditorNotes,
    ReadabilityReport,
    ScoredSegment,
    ScoredUnit,
    Scores,
    SentenceDiagnosis,
    Severity,
    Suggestion,
)
from pipeline.templating import environment, escaped, stylesheet

_SEVERITY_WORDS = {Severity.NONE: "", Severity.MODERATE: "hard", Severity.SEVERE: "very hard"}


@dataclass(frozen=True, slots=True)
class SectionRow:
    """One line of the terminal summary and of the gate."""

    label: str
    line: int
    value: float | None  # the primary formula, or words per sentence where there is none
    passes: bool | None  # None where no target applies (a translation, no formula)
    status: str = ""  # "below target", "at target" (within the uncertainty), "above target"


@dataclass(frozen=True, slots=True)
class Comparison:
    """A section's primary value before and after an edit."""

    key: str
    label: str
    before: float | None
    after: float | None


def section_rows(report: ReadabilityReport, *, max_grade: float | None = None) -> list[SectionRow]:
    limit = report.target_grade if max_grade is None else max_grade
    rows = []
    for section in report.sections:
        graded = report.target_grade_of(section.scores)
        if graded is None:
            rows.append(SectionRow(section.label, section.line, _primary(report, section), None))
            continue
        value, info = graded
        status = grade_status(value, target=limit, margin=info.uncertainty or 0.0)
        rows.append(
            SectionRow(section.label, section.line, value, status != "above target", status)
        )
    return rows


def grade_status(value: float, *, target: float, margin: float) -> str:
    """A grade against its target, read with the formula's uncertainty: within it is
    "at target", as no one can tell the two apart."""
    if value > target + margin:
        return "above target"
    if value < target - margin:
        return "below target"
    return "at target"


def whole_grade(value: float, margin: float = 0.0) -> str:
    """A grade as a reader should take it: a whole grade, with the formula's margin."""
    shown = f"{math.floor(value + 0.5):d}"
    return f"{shown} ± {margin:.1f}" if margin else shown


def _primary(report: ReadabilityReport, unit: ScoredUnit) -> float | None:
    if report.primary:
        return unit.scores.value(report.primary)
    formula = report.formulas[0].key if report.formulas else None
    return unit.scores.value(formula) if formula else None


TOO_LITTLE = "too little is translated to grade it"


def ungraded(report: ReadabilityReport, *, share: float, needed: float) -> ReadabilityReport:
    """A translation's report with every formula result taken out, and a note saying
    why: counts of the real sentences stay, grades of too little text go."""

    def bare(scores: Scores) -> Scores:
        return replace(scores, results=())

    note = (
        f"Only {share:.0f}% of the article's English words are translated and published: "
        f"{TOO_LITTLE} (a grade needs {needed:g}%). The counts below are of the translated "
        "sentences only."
    )
    return replace(
        report,
        is_scored=False,
        note=note,
        formulas=(),
        primary=None,
        segments=tuple(replace(s, scores=bare(s.scores)) for s in report.segments),
        blocks=tuple(replace(b, scores=bare(b.scores)) for b in report.blocks),
        sections=tuple(replace(s, scores=bare(s.scores)) for s in report.sections),
        article=bare(report.article),
    )


def is_ungraded(report: ReadabilityReport) -> bool:
    """True for a report `ungraded` made: a formula may fit the language, not the text."""
    return not report.is_scored and TOO_LITTLE in report.note


def words_per_sentence(unit: ScoredUnit) -> float | None:
    scores = unit.scores
    words = scores.words_in_sentences
    return round(words / scores.sentences, 1) if scores.sentences and words else None


def characters_per_sentence(unit: ScoredUnit) -> float | None:
    scores = unit.scores
    return round(scores.characters / scores.sentences, 1) if scores.sentences else None


# Long: every field written out by hand for speed (a third of a report's cost); tests/test_report.py
# checks that none is missed.
def report_json(
    report: ReadabilityReport,
    diagnoses: Sequence[SentenceDiagnosis],
    *,
    notes: EditorNotes | None = None,
) -> bytes:
    """Stable, sorted JSON, as the file's UTF-8 bytes: the same article gives the same
    bytes (handed to the writer as they are: decoding and encoding again cost 4 ms an
    article, a report of 9 languages being about 1 MB).

    Every field of the report's records, written out by hand rather than found by
    introspection: a third of the cost of a report (tests/test_report.py checks that
    no field is missed).
    """
    data = {
        "path": report.path,
        "slug": report.slug,
        "lang": report.lang,
        "target_grade": report.target_grade,
        "is_scored": report.is_scored,
        "note": report.note,
        "formulas": [
            {
                "key": f.key,
                "label": f.label,
                "kind": f.kind,
                "citation": f.citation,
                "uncertainty": f.uncertainty,
                "uncertainty_source": f.uncertainty_source,
            }
            for f in report.formulas
        ],
        "primary": report.primary,
        "segments": [
            {
                "segment_id": s.segment_id,
                "text": s.text,
                "hard_words": s.hard_words,
                "line": s.line,
                "section": s.section,
                "anchor": s.anchor,
                "scores": _scores(s.scores),
                "role": s.role,
            }
            for s in report.segments
        ],
        "blocks": [_unit(b) for b in report.blocks],
        "sections": [_unit(s) for s in report.sections],
        "article": _scores(report.article),
        "diagnoses": [
            {
                "segment_id": d.segment_id,
                "line": d.line,
                "section": d.section,
                "anchor": d.anchor,
                "text": d.text,
                "grade": d.grade,
                "severity": d.severity,
                "findings": [
                    {
                        "code": f.code,
                        "severity": f.severity,
                        "reason": f.reason,
                        "suggestion": f.suggestion,
                        "span": f.span,
                        "impact": f.impact,
                    }
                    for f in d.findings
                ],
                "role": d.role,
            }
            for d in diagnoses
        ],
    }
    if notes is not None:
        data.update(_notes(notes))
    # Compact, sorted UTF-8: the bytes of json.dumps(ensure_ascii=False, sort_keys=True,
    # separators=(",", ":")), written by orjson in a sixth of the time (the JSON report was
    # a tenth of a build's CPU); `python -m json.tool` shows it indented.
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def _notes(notes: EditorNotes) -> dict[str, Any]:
    return {
        "suggestions": [
            {
                "segment_id": s.segment_id,
                "line": s.line,
                "original": s.original,
                "suggested": s.suggested,
                "steps": list(s.steps),
                "questions": list(s.questions),
            }
            for s in notes.suggestions
        ],
        "score_cards": [
            {
                "key": c.key,
                "label": c.label,
                "line": c.line,
                "words": c.words,
                "complex_words": c.complex_words,
                "complex_share": round(c.complex_share, 1),
                "paragraphs": c.paragraphs,
                "long_paragraphs": c.long_paragraphs,
                "you_words": c.you_words,
                "third_person_words": c.third_person_words,
                "person_centred": None if c.person_centred is None else round(c.person_centred, 1),
                "content_words": c.content_words,
                "lexical_density": round(c.lexical_density, 1),
                "acronyms": list(c.acronyms),
            }
            for c in notes.cards
        ],
        "original": notes.original,
        "missing_facts": [
            {"kind": f.kind, "text": f.text, "line": f.line, "sentence": f.sentence}
            for f in notes.missing
        ],
    }


def _unit(unit: ScoredUnit) -> dict[str, Any]:
    return {"key": unit.key, "label": unit.label, "line": unit.line, "scores": _scores(unit.scores)}


def _scores(scores: Scores) -> dict[str, Any]:
    return {
        "words": scores.words,
        "sentences": scores.sentences,
        "syllables": scores.syllables,
        "polysyllables": scores.polysyllables,
        "monosyllables": scores.monosyllables,
        "long_words": scores.long_words,
        "letters": scores.letters,
        "characters": scores.characters,
        "long_sentences": scores.long_sentences,
        "sentence_words": scores.sentence_words,
        "results": [{"key": r.key, "value": r.value, "band": r.band} for r in scores.results],
    }


def report_csv(report: ReadabilityReport, diagnoses: Sequence[SentenceDiagnosis]) -> str:
    """One row per sentence, for a spreadsheet."""
    by_id = {d.segment_id: d for d in diagnoses}
    keys = [f.key for f in report.formulas]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "line",
            "section",
            "segment_id",
            "words",
            "syllables",
            *keys,
            "severity",
            "reasons",
            "text",
        ]
    )
    for segment in report.segments:
        diagnosis = by_id.get(segment.segment_id)
        reasons = "; ".join(f.reason for f in diagnosis.findings) if diagnosis else ""
        writer.writerow(
            [
                segment.line,
                segment.section[-1] if segment.section else "",
                segment.segment_id,
                segment.scores.words,
                segment.scores.syllables,
                *(_number(segment.scores.value(k)) for k in keys),
                _SEVERITY_WORDS[diagnosis.severity] if diagnosis else "",
                reasons,
                segment.text,
            ]
        )
    return out.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def report_html(
    report: ReadabilityReport,
    diagnoses: Sequence[SentenceDiagnosis],
    *,
    hardest: Sequence[SentenceDiagnosis],
    source: ReadabilityReport | None = None,
    comparison: Sequence[Comparison] = (),
    notes: EditorNotes | None = None,
    live: str = "",
) -> str:
    """The editor's page: grades, a chart against the target, hardest sentences first,
    then the article as written with each hard sentence marked and its reasons beside it.

    `source` is the English report when this one scores a translation; `notes` add the
    suggested rewrites, score cards and lost facts; `live`, the version of the article
    shown, makes the page ask the editing server (`handouts serve`) for a newer one.
    """
    by_id = {d.segment_id: d for d in diagnoses}
    by_block: dict[str, list[tuple[ScoredSegment, SentenceDiagnosis | None]]] = {}
    for segment in report.segments:
        by_block.setdefault(segment.anchor, []).append((segment, by_id.get(segment.segment_id)))
    suggestions = {s.segment_id: s for s in (notes.suggestions if notes else ())}
    rows = section_rows(report)
    written = _article_as_written(
        [(block.key, by_block.get(block.key, [])) for block in report.blocks], suggestions
    )
    source_sections: Mapping[str, ScoredUnit] = (
        {s.key: s for s in source.sections} if source is not None else {}
    )
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            section_table=_section_table(report, rows, source_sections),
            hardest=hardest,
            written=written,
            chart=section_chart(report, rows),
            css=stylesheet(),
            source_sections=source_sections,
            comparison=comparison,
            whole_grade=whole_grade,
            notes=notes or EditorNotes(),
            suggestions=suggestions,
            live=live,
        )
    )


def _section_table(
    report: ReadabilityReport, rows: Sequence[SectionRow], source: Mapping[str, ScoredUnit]
) -> Markup:
    """The rows of the sections table: each formula's grade, sentence length in words
    (and in the English, for a translation) and characters, and the target's verdict.
    Written here rather than in the template, where a Python call per cell cost about
    2% of a build (issue 20); tests/golden holds the bytes it must give."""
    out: list[str] = []
    for section, row in zip(report.sections, rows, strict=True):
        out.append(
            f'<tr><th scope="row">{escaped(section.label)}</th>'
            f'<td class="num">{section.line}</td>\n'
        )
        for formula in report.formulas:
            value = section.scores.value(formula.key)
            if value is None:
                cell = "—"
            elif formula.kind == "grade":
                cell = whole_grade(value, formula.uncertainty or 0)
            else:
                cell = f"{value:.1f}"
            out.append(f'<td class="num">{escaped(cell)}</td>')
        out.append(f'<td class="num">{_or_dash(words_per_sentence(section))}</td>\n')
        if source:
            english = source.get(section.key)
            shown = _or_dash(words_per_sentence(english)) if english is not None else "—"
            out.append(f'<td class="num">{shown}</td>')
        out.append(f'<td class="num">{_or_dash(characters_per_sentence(section))}</td>\n')
        if report.primary:
            out.append(f"<td>{escaped(row.status or '—')}</td>")
        out.append("</tr>\n")
    return Markup("".join(out))


def _or_dash(value: float | None) -> str:
    return "—" if value is None else str(value)


def _article_as_written(
    blocks: Sequence[tuple[str, Sequence[tuple[ScoredSegment, SentenceDiagnosis | None]]]],
    suggestions: Mapping[str, Suggestion],
) -> Markup:
    """The report's last part, every block with its hard sentences marked and the reasons
    beside it. Written here, not in the template: a loop over every sentence of every
    language's report was the costliest part of a report page in Jinja (issue 20);
    tests/golden holds the bytes it must give. Every text is escaped."""
    out: list[str] = []
    for key, sentences in blocks:
        out.append(f'<div class="block" id="block-{escaped(key)}">\n<p>')
        out.append(
            " ".join(
                f'<mark class="sev-{d.severity.value}">{escaped(s.text)}</mark>'
                if d and d.findings
                else escaped(s.text)
                for s, d in sentences
            )
        )
        out.append('</p>\n<ul class="notes">\n')
        for _, d in sentences:
            if d and d.findings:
                out.append(_block_note(d, suggestions.get(d.segment_id)))
        out.append("</ul>\n</div>\n")
    return Markup("".join(out))


def _block_note(d: SentenceDiagnosis, suggestion: Suggestion | None) -> str:
    reasons = "; ".join(
        f"{escaped(f.reason)}"
        + (f" ({escaped(f.suggestion)})" if f.suggestion else "")
        + (f" <small>[{escaped(f.impact)}]</small>" if f.impact else "")
        for f in d.findings
    )
    note = (
        f'<li><span class="tag">Line {d.line}, {escaped(_SEVERITY_WORDS[d.severity])}:</span> '
        f"{reasons}.\n"
    )
    if suggestion is not None:
        steps = "".join(f"<li>{escaped(step)}</li>" for step in suggestion.steps)
        asks = "".join(f"<li>Ask: {escaped(q)}</li>" for q in suggestion.questions)
        note += (
            f'<div class="suggestion" data-line="{suggestion.line}"><span class="tag">'
            f"Suggested:</span> {escaped(suggestion.suggested)}\n<ul>{steps}{asks}</ul></div>"
        )
    return note + "</li>\n"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    y: float
    width: float
    passes: bool


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_width: int
    bars: tuple[Bar, ...]
    target_x: float
    ticks: tuple[tuple[float, int], ...]  # (x, grade)


def section_chart(
    report: ReadabilityReport, rows: Sequence[SectionRow] | None = None
) -> Chart | None:
    """Grade per section as horizontal bars with the target as a line: SVG, no script.
    `rows`: the report's `section_rows`, when the caller has them already."""
    if report.primary is None:
        return None
    rows = section_rows(report) if rows is None else rows
    known = [(row.label, row.value) for row in rows if row.value is not None]
    passing = {row.label: bool(row.passes) for row in rows}
    if not known:
        return None
    top = max(18, int(max(v for _, v in known)) + 2)
    plot_left, plot_width, row = 280, 400, 28

    def x(value: float) -> float:
        return round(plot_left + plot_width * max(value, 0) / top, 1)

    bars = tuple(
        Bar(label, value, 30 + i * row, round(x(value) - plot_left, 1), passing[label])
        for i, (label, value) in enumerate(known)
    )
    return Chart(
        width=plot_left + plot_width + 60,
        height=30 + len(bars) * row + 30,
        plot_left=plot_left,
        plot_width=plot_width,
        bars=bars,
        target_x=x(report.target_grade),
        ticks=tuple((x(g), g) for g in range(0, top + 1, 2)),
    )


def compare_sections(
    before: Mapping[str, tuple[str, float | None]], report: ReadabilityReport
) -> list[Comparison]:
    """Section key -> (label, value) from an older report, against this one."""
    rows = []
    for section in report.sections:
        old = before.get(section.key)
        rows.append(
            Comparison(
                section.key, section.label, old[1] if old else None, _primary(report, section)
            )
        )
    return rows


def primary_by_section(data: Mapping[str, Any]) -> dict[str, tuple[str, float | None]]:
    """An older JSON report -> section key -> (label, value of its primary formula)."""
    primary = data.get("primary")
    result: dict[str, tuple[str, float | None]] = {}
    for section in data.get("sections", []):
        values = {r["key"]: r["value"] for r in section["scores"].get("results", [])}
        result[section["key"]] = (section["label"], values.get(primary) if primary else None)
    return result
