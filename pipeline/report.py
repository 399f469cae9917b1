"""ReadabilityReport -> reports for editors: JSON for tools, HTML for people."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from pipeline.model import ReadabilityReport, Scores
from pipeline.templating import environment, stylesheet


def report_json(report: ReadabilityReport) -> str:
    """Stable, sorted JSON: the same article gives the same bytes."""
    data: dict[str, Any] = dataclasses.asdict(report)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def report_html(report: ReadabilityReport) -> str:
    """Grades per section and per sentence, hardest visible at a glance."""
    hardest = sorted(
        (s for s in report.segments if s.scores.grade_fk is not None),
        key=lambda s: (-(s.scores.grade_fk or 0.0), s.line),
    )[:10]
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            hardest=hardest,
            css=stylesheet(),
            summary=grade_summary,
        )
    )


def grade_summary(scores: Scores) -> str:
    if scores.grade_fk is None or scores.grade_smog is None:
        return "not graded"
    return f"Flesch-Kincaid {scores.grade_fk:.1f}, SMOG {scores.grade_smog:.1f}"


def summary_lines(report: ReadabilityReport) -> list[str]:
    """A few lines for the terminal: the article, then each section."""
    overall = grade_summary(report.article)
    lines = [f"{report.path} ({report.lang}): {overall}; target grade {report.target_grade:g}"]
    if not report.is_scored:
        lines.append(f"  {report.note}")
    for section in report.sections:
        lines.append(f"  {section.label}: {grade_summary(section.scores)}")
    return lines
