"""What a build publishes: editor's reports (HTML, JSON, CSV), handouts (HTML, text, PDF,
preview) for each language ready to print, and the index for clinic staff."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from pipeline.cache import load_index_rows, pipeline_fingerprint, save_index_rows
from pipeline.config import Config
from pipeline.diagnose import diagnose_article, hardest, plain_words
from pipeline.editing import editor_notes, grade_of
from pipeline.errors import InputError
from pipeline.files import read_text
from pipeline.gates import (
    shown_percent,
    unfinished_problems,
)
from pipeline.inputs import article_report
from pipeline.language_data import language_data
from pipeline.layout import HandoutFiles, Layout
from pipeline.localize import plain
from pipeline.model import (
    Article,
    LocalizedDocument,
    Readiness,
    Unfinished,
)
from pipeline.outputs import remove_output, request_pdf, write_output, write_output_bytes
from pipeline.pdf_engine import PrintJob
from pipeline.pdf_typst import typst_data
from pipeline.readability import (
    score_article,
)
from pipeline.render_html import IndexEntry, IndexRecord, index_page, render_handout
from pipeline.render_text import render_texts
from pipeline.report import (
    Comparison,
    compare_sections,
    primary_by_section,
    report_csv,
    report_html,
    report_json,
    ungraded,
)
from pipeline.scores import EditorNotes, ReadabilityReport, SentenceDiagnosis
from pipeline.segment import segment_article
from pipeline.source import parse_source
from pipeline.terminal import (
    Effects,
    comparison_table,
    plain_level,
    summary_table,
    total,
)
from pipeline.translations import Localized

GRADED_SHARE = 80.0  # percent of English words published before a translation is graded


def _translated_texts(document: LocalizedDocument) -> dict[str, str]:
    sentences = [*document.title, *(s for b in document.blocks for s in b.sentences)]
    return {s.segment_id: plain(s) for s in sentences if not s.is_fallback}


def write_reports(
    root: Path,
    article: Article,
    localized: list[Localized],
    *,
    against: str | None = None,
    source_report: ReadabilityReport | None = None,
    tables: bool = True,
    grade_formula: str = "smog",
) -> tuple[dict[str, str], Effects]:
    """Readability reports for the source and for each translation that has published
    text; returns each language's reading level in a few words, for the index.

    A translation is scored on its published sentences only, and graded only when they
    hold at least GRADED_SHARE percent of the article's English words: a grade of two
    translated headings would describe text that is not there."""
    levels: dict[str, str] = {}
    said: list[Effects] = []
    source_report = source_report or article_report(article, grade_formula)
    for item in localized:
        base = Layout(root).report(article.meta.slug, item.locale.tag)
        scored = (
            _source_scored(root, article, source_report)
            if item.is_source
            else _translation_scored(article, item)
        )
        if scored is None:  # no catalog, or nothing published yet: no report at all
            for kind in ("html", "json", "csv"):
                remove_output(root, base.with_name(f"{base.name}.{kind}"))
            continue
        report, diagnoses, notes, noted = scored
        said.append(noted)
        comparison: list[Comparison] = []
        if against is not None and item.is_source:
            older = _older_sections(root, article, against, grade_formula)
            comparison = compare_sections(older, report)
            said.append(Effects(tables=(comparison_table(article, comparison, report),)))
        page = report_html(
            report,
            diagnoses,
            hardest=hardest(diagnoses),
            source=None if item.is_source else source_report,
            comparison=comparison,
            notes=notes,
        )
        data = report_json(report, diagnoses, notes=notes)
        said += [
            write_output(root, base.with_name(base.name + ".html"), page),
            write_output_bytes(root, base.with_name(base.name + ".json"), data),
            write_output(root, base.with_name(base.name + ".csv"), report_csv(report, diagnoses)),
        ]
        if tables:
            said.append(Effects(tables=(summary_table(report),)))
        levels[item.locale.tag] = plain_level(report)
    return levels, total(said)


Scored = tuple[ReadabilityReport, tuple[SentenceDiagnosis, ...], EditorNotes | None, Effects]


def _source_scored(root: Path, article: Article, report: ReadabilityReport) -> Scored:
    """The source language's report (scored once, by the caller), its diagnoses and the
    editor's notes (reads the original)."""
    diagnoses = diagnose_article(article, report, words=plain_words(), grade_of=grade_of(report))
    notes, problems = editor_notes(root, article, report, diagnoses)
    return report, diagnoses, notes, Effects(problems=tuple(problems))


def _translation_scored(article: Article, item: Localized) -> Scored | None:
    """A translation scored once, on its published sentences, or None with none."""
    texts = _translated_texts(item.document)
    if not texts:
        return None
    data = language_data(item.locale.language)
    report = score_article(article, data=data, locale=item.locale, texts=texts)
    share = item.readiness.percent if item.readiness is not None else 100.0
    if share < GRADED_SHARE:
        report = ungraded(report, share=share, needed=GRADED_SHARE)
    return report, diagnose_article(article, report), None, Effects()


def _older_sections(
    root: Path, article: Article, against: str, grade_formula: str
) -> dict[str, tuple[str, float | None]]:
    """The section grades of an older version: a JSON report file or a git revision."""
    if against.endswith(".json"):
        shown = against
        try:
            data = json.loads(read_text(root / against, shown_as=shown))
        except json.JSONDecodeError as error:
            raise InputError(
                f"not a JSON report: {error.msg}.", path=shown, line=error.lineno
            ) from None
        return primary_by_section(data)
    if against.startswith("-") or not re.fullmatch(r"[\w./~^@{}-]+", against):
        raise InputError(f"'{against}' is not a git revision or a .json report.", path="--against")
    completed = subprocess.run(
        ["git", "-C", str(root), "show", f"{against}:{article.path}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        reason = (
            completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "git failed"
        )
        raise InputError(f"cannot read it at revision '{against}': {reason}.", path=article.path)
    older = segment_article(parse_source(completed.stdout, path=article.path))
    report = article_report(older, grade_formula)
    return {
        s.key: (s.label, s.scores.value(report.primary) if report.primary else None)
        for s in report.sections
    }


def print_job(
    document: LocalizedDocument, config: Config, *, english: LocalizedDocument | None = None
) -> PrintJob:
    """What the configured PDF engine prints a handout from: its print HTML (WeasyPrint)
    or its Typst data (issue 20)."""
    if config.pdf_engine == "typst":
        return PrintJob("typst", typst_data(document, paper=config.paper, english=english))
    page = render_handout(document, for_pdf=True, paper=config.paper, english=english)
    return PrintJob("weasyprint", page)


def write_handouts(
    root: Path,
    article: Article,
    localized: list[Localized],
    *,
    levels: dict[str, str],
    pdf: bool,
    bilingual: bool,
) -> tuple[list[IndexEntry], Effects]:
    """Handouts (HTML, text, the text to paste) for the source and every translation
    ready to print, and their cards in the index (with `pdf`, a PDF each: `pdf_requests`
    asks for those); a translation that is not ready is reported and any handout it had
    before is removed, so a stale page cannot be printed. While the article's front
    matter holds a value left for the editor, no language is printed."""
    entries = []
    not_ready: list[str] = []
    english = next((item.document for item in localized if item.is_source), None)
    unfinished = article.meta.unfinished
    said = [Effects(warnings=tuple(problem.message for problem in unfinished_problems(article)))]
    source = next((item.locale for item in localized if item.is_source), None)
    english_href = None
    layout = Layout(root)
    if source is not None and not unfinished:
        english_href = layout.href(layout.handouts(source, article.meta.slug).html)
    for item in localized:
        files = layout.handouts(item.locale, article.meta.slug)
        ready = item.readiness
        if not _is_printed(article, item):
            if ready is not None and not ready.is_ready:
                # One line per article, not per language: `status` and `check` say why.
                not_ready.append(f"{item.locale.tag} ({int(ready.percent)}% translated)")
            for stale in files.all():
                remove_output(root, stale)
        else:
            english_beside = english if bilingual and not item.is_source else None
            said.append(_print(root, item.document, files, english_beside))
        level = levels.get(item.locale.tag, "not scored")
        entries.append(_index_entry(layout, article, item, level, english_href, pdf=pdf))
    if not_ready:
        note = (
            f"{article.path}: not published yet in {', '.join(not_ready)}; "
            "`handouts status` says what is left."
        )
        said.append(Effects(notes=(note,)))
    return entries, total(said)


def _print(
    root: Path, document: LocalizedDocument, files: HandoutFiles, english: LocalizedDocument | None
) -> Effects:
    """One language's handout: HTML, text, text to paste; with `english`, the bilingual
    page beside (their PDFs: `pdf_requests`)."""
    printed, pasted = render_texts(document)
    said = [
        write_output(root, files.html, render_handout(document)),
        write_output(root, files.text, printed),
        write_output(root, files.paste, pasted),
    ]
    if english is not None:
        both = render_handout(document, english=english)
        said.append(write_output(root, files.bilingual_html, both))
    return total(said)


def _is_printed(article: Article, item: Localized) -> bool:
    """Whether a language's handouts are published: the article's front matter finished
    and the translation ready to print."""
    ready = item.readiness
    return not article.meta.unfinished and (ready is None or ready.is_ready)


def pdf_requests(
    root: Path, config: Config, article: Article, localized: list[Localized], *, bilingual: bool
) -> Effects:
    """The PDFs (with their previews, and with `bilingual` the bilingual PDFs) of an
    article's published handouts (those `write_handouts` writes), asked for and nothing
    written: an article's build asks for them before it writes the rest, and when only a
    print setting changed they are all a build asks for (issue 20)."""
    english = next((item.document for item in localized if item.is_source), None)
    pages = config.max_pages
    layout = Layout(root)
    said = []
    for item in localized:
        if not _is_printed(article, item):
            continue
        files, document = layout.handouts(item.locale, article.meta.slug), item.document
        job, language = print_job(document, config), item.locale.language
        said.append(
            request_pdf(root, files.pdf, job, limit=pages, language=language, preview=files.preview)
        )
        if bilingual and english is not None and not item.is_source:
            job = print_job(document, config, english=english)
            said.append(
                request_pdf(root, files.bilingual_pdf, job, limit=2 * pages, language=language)
            )
    return total(said)


def _index_entry(
    layout: Layout,
    article: Article,
    item: Localized,
    level: str,
    english_href: str | None,
    *,
    pdf: bool,
) -> IndexEntry:
    """One language's card in the index, printed or saying why not."""
    slug, document, ready = article.meta.slug, item.document, item.readiness
    unfinished = article.meta.unfinished
    files = layout.handouts(item.locale, slug)
    return IndexEntry(
        lang=item.locale.tag,
        direction=item.locale.direction,
        language_name=item.locale.native_name,
        title=document.sentence_joiner.join(plain(s) for s in document.title),
        href=layout.href(files.html),
        percent=100.0 if ready is None else round(ready.percent, 1),
        is_ready=_is_printed(article, item),
        article=article.meta.title,
        why_not=(
            f"its catalog cannot be read ({item.unreadable.rstrip('.')})"
            if item.unreadable
            else _why_not_ready(unfinished, ready)
        ),
        english_href=None if item.is_source else english_href,
        reading_level=level,
        slug=slug,
        english_name=item.locale.english_name,
        text_href=layout.href(files.text),
        paste_href=layout.href(files.paste),
        report_href=f"reports/{slug}.{item.locale.tag}.html",
        pdf_href=layout.href(files.pdf) if pdf else None,
        preview_href=layout.href(files.preview) if pdf else None,
    )


def _why_not_ready(unfinished: tuple[Unfinished, ...], ready: Readiness | None) -> str:
    """Why a card of the index has no handout to print, in a few words for clinic staff."""
    if unfinished:
        fields = ", ".join(field.key for field in unfinished)
        return f"the article's details are not finished ({fields}); the editor fills them in"
    if ready is None or ready.is_ready:
        return ""
    reasons = []
    if ready.percent < ready.threshold:
        reasons.append(f"{shown_percent(ready)}% translated ({ready.threshold:g}% needed)")
    if ready.untranslated_critical:
        sections = ", ".join(f"“{s}”" for s in ready.untranslated_critical)
        reasons.append(f"not yet translated: {sections}")
    return "; ".join(reasons)


def write_index(root: Path, records: list[IndexRecord]) -> Effects:
    """The library's index page, from every article's index entries as the build cache
    keeps them (`index_record`)."""
    entries = sorted(records, key=lambda e: (e["lang"] != "en", e["english_name"], e["href"]))
    # Issue 20: each article's row is rendered again only when its entries changed (the
    # others come from output/.cache/index-rows.json); the same bytes as a fresh render.
    layout, pipeline = Layout(root), pipeline_fingerprint()
    known = load_index_rows(layout.index_rows, pipeline=pipeline)
    page = index_page(entries, heading="Patient handouts", known=known)
    if page.rows.keys() != known.keys():
        save_index_rows(layout.index_rows, page.rows, pipeline=pipeline)
    return write_output(root, layout.index, page.html)
