"""Orchestration and all file I/O: find inputs, run the stages per locale, write outputs."""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import difflib
import functools
import json
import os
import re
import subprocess
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.cache import BuildCache, pipeline_fingerprint
from pipeline.catalog import (
    Remembered,
    catalog_stats,
    header_line,
    make_label_template,
    make_template,
    merge,
    read_entries,
    read_memory,
    read_translations,
    saved_by_windows_tool,
)
from pipeline.checks import (
    GlossaryTerm,
    check_catalog,
    glossary_note,
    parse_glossary,
    plural_forms_warning,
)
from pipeline.diagnose import diagnose_article, hardest, plain_words
from pipeline.editing import ORIGINALS, editor_notes, fact_problems, grade_of, lost_facts
from pipeline.errors import InputError, Outcome, Problem
from pipeline.files import read_text, remove_stale_temporaries, write_bytes_if_changed
from pipeline.gates import (
    grade_problems,
    held_back,
    readiness,
    readiness_problem,
    shown_percent,
    unfinished_problems,
)
from pipeline.locales import LocaleInfo, locale_info
from pipeline.localize import localize, plain
from pipeline.model import (
    LABELS,
    NO_CLINIC,
    Article,
    Clinic,
    FormulaResult,
    LocalizedDocument,
    ReadabilityReport,
    Readiness,
    Translations,
    Unfinished,
)
from pipeline.pdf_engine import engine, print_unless_unchanged
from pipeline.readability import (
    GRADE_FORMULAS,
    rules_for,
    score_article,
    score_sentence,
)
from pipeline.render_html import PAPER_SIZES, IndexEntry, render_handout, render_index
from pipeline.render_text import render_text
from pipeline.report import (
    Comparison,
    characters_per_sentence,
    compare_sections,
    is_ungraded,
    primary_by_section,
    report_csv,
    report_html,
    report_json,
    section_rows,
    ungraded,
    whole_grade,
    words_per_sentence,
)
from pipeline.segment import segment_article
from pipeline.source import parse_source

if TYPE_CHECKING:  # the importer is loaded by `handouts import` only
    from pipeline.importer import Dropped, ImportResult

LABELS_DOMAIN = "handouts"
GRADED_SHARE = 80.0  # percent of English words published before a translation is graded
SHOWN_TABLES = 3  # articles up to which a command prints a summary table per language
Progress = Callable[[int, int], None]  # told (done, total) after each article


@dataclass(frozen=True, slots=True)
class Config:
    languages: tuple[LocaleInfo, ...]  # the translations to build, besides the source language
    threshold: float = 100.0  # percent of English words translated before a handout prints
    paper: str = "letter"  # or "a4"
    bilingual: bool = False  # also write <slug>.bilingual.html (and .pdf) per translation
    max_pages: int = 2  # a handout longer than this on paper gets a warning
    clinic: Clinic = NO_CLINIC  # printed on every handout
    grade_formula: str = "smog"  # the formula English targets are checked in
    required_languages: tuple[str, ...] | None = None  # must publish for `check`; None: all


@dataclass(frozen=True, slots=True)
class SummaryTable:
    """A table for the terminal; cli.py draws it."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(slots=True)
class Result:
    """What a command did: lines and tables for the terminal, problems for stderr."""

    messages: list[str] = field(default_factory=list)
    tables: list[SummaryTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # stderr, exit code unchanged
    notes: list[str] = field(default_factory=list)  # stdout, left out by --quiet
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    targets: list[str] = field(default_factory=list)  # every file the command produced
    data: dict[str, Any] = field(default_factory=dict)  # machine-readable results (--json)
    summary: str = ""  # one line, printed even with --quiet


def load_config(root: Path) -> Config:
    shown = "pyproject.toml"
    try:
        data = tomllib.loads(read_text(root / shown, shown_as=shown))
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"^(.*) \(at line (\d+), column \d+\)$", str(error))
        reason, line = (found.group(1), int(found.group(2))) if found else (str(error), None)
        raise InputError(f"this is not valid TOML: {reason}.", path=shown, line=line) from None
    settings = data.get("tool", {}).get("handouts", {})
    languages = settings.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise InputError("[tool.handouts] languages must be a list of locale codes.", path=shown)
    infos = tuple(locale_info(tag, origin=shown) for tag in languages)
    for info in infos:
        if not info.plural_forms:  # a new catalog's header would have no rule to give
            raise InputError(
                f"no plural rule is recorded for '{info.tag}' ({info.english_name}); add the "
                "language to pipeline/data/plural-forms.yaml.",
                path=shown,
            )
    threshold = settings.get("publish_threshold", 100)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold <= 100
    ):
        raise InputError(
            "[tool.handouts] publish_threshold must be a percentage from 0 to 100.", path=shown
        )
    paper = settings.get("paper", "letter")
    if paper not in PAPER_SIZES:
        raise InputError('[tool.handouts] paper must be "letter" or "a4".', path=shown)
    bilingual = settings.get("bilingual", False)
    if not isinstance(bilingual, bool):
        raise InputError("[tool.handouts] bilingual must be true or false.", path=shown)
    grade_formula = settings.get("grade_formula", "smog")
    if grade_formula not in GRADE_FORMULAS:
        raise InputError(
            '[tool.handouts] grade_formula must be "smog" or "flesch_kincaid".', path=shown
        )
    required = settings.get("required_languages")
    if required is not None and (
        not isinstance(required, list) or not all(isinstance(x, str) for x in required)
    ):
        raise InputError(
            "[tool.handouts] required_languages must be a list of locale codes.", path=shown
        )
    return Config(
        clinic=_clinic(settings.get("clinic", {}), shown),
        languages=tuple(sorted(set(infos), key=lambda i: i.tag)),
        threshold=float(threshold),
        paper=paper,
        bilingual=bilingual,
        grade_formula=grade_formula,
        required_languages=None if required is None else tuple(sorted(required)),
    )


def _clinic(settings: object, shown: str) -> Clinic:
    fields = ("name", "phone", "address")
    if not isinstance(settings, dict) or not all(
        key in fields and isinstance(value, str) for key, value in settings.items()
    ):
        raise InputError(
            "[tool.handouts] clinic must be a table of texts: name, phone and address.",
            path=shown,
        )
    return Clinic(**{key: " ".join(value.split()) for key, value in settings.items()})


def build_date(article: Article) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the article's review date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        return _epoch_date(epoch)
    reviewed = article.meta.last_reviewed
    return dt.datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=dt.UTC)


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def source_paths(root: Path, names: list[str] | None = None) -> list[Path]:
    folder = root / "source"
    if names:
        return [_named_source(root, name) for name in names]
    return sorted(p for p in folder.glob("*.md") if p.is_file())


def _named_source(root: Path, name: str) -> Path:
    """An article named as a user names it: its slug, its file name, or a path from here
    or from the project; an unknown name gets the closest slugs."""
    folder = (root / "source").resolve()
    given = Path(name)
    candidates = [given, root / given, folder / given, folder / f"{name}.md"]
    found = [path for c in candidates if (path := c.resolve()).is_file()]
    for path in found:
        if path.parent == folder and path.suffix == ".md":
            return path
    if found:
        raise InputError(
            "this is not an article of the project; articles are source/<slug>.md.", path=name
        )
    slugs = sorted(p.stem for p in folder.glob("*.md"))
    wanted = given.stem if given.suffix == ".md" else given.name
    close = difflib.get_close_matches(wanted, slugs, n=3, cutoff=0.6)
    if close:
        hint = "did you mean " + " or ".join(f"'{slug}'" for slug in close) + "?"
    elif slugs:
        hint = "the articles are " + ", ".join(slugs[:10]) + ("…" if len(slugs) > 10 else "")
    else:
        hint = "source/ has no articles yet; `handouts import PAGE` makes one"
    raise InputError(f"there is no such article in source/; {hint}", path=name)


MAX_ARTICLE_BYTES = 2_000_000  # a handout is a few pages; 2 MB is hundreds of them


def load_article(root: Path, path: Path) -> Article:
    shown = _relative(root, path)
    size = path.stat().st_size if path.is_file() else 0
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the article is {size / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES / 1e6:.0f} MB: "
            "split it into several articles.",
            path=shown,
        )
    document = parse_source(read_text(path, shown_as=shown), path=shown)
    if document.meta.slug != path.stem:
        raise InputError(
            f"the slug '{document.meta.slug}' must match the file name '{path.stem}'.",
            path=shown,
            line=document.meta.title_line,
        )
    return segment_article(document)


def _po_path(root: Path, locale: LocaleInfo, domain: str) -> Path:
    return root / "locales" / locale.gettext_name / "LC_MESSAGES" / f"{domain}.po"


def _within(root: Path, path: Path) -> Path:
    """The one folder a file may be written in: locales/ for catalogs, else output/."""
    locales = root / "locales"
    return locales if path.is_relative_to(locales) else root / "output"


def _write(root: Path, result: Result, path: Path, text: str) -> None:
    _write_bytes(root, result, path, text.encode("utf-8"))


def _write_bytes(
    root: Path, result: Result, path: Path, data: bytes, *, within: Path | None = None
) -> None:
    """Write one output; a failure is reported and costs only this file."""
    shown = _relative(root, path)
    result.targets.append(shown)
    try:
        if write_bytes_if_changed(path, data, within=within or _within(root, path)):
            result.written.append(shown)
    except OSError as error:
        result.problems.append(
            Problem(f"{shown}: cannot be written: {error.strerror or error}.", Outcome.INPUT)
        )


def _score(article: Article, grade_formula: str = "smog") -> ReadabilityReport:
    return score_article(article, lang=article.meta.language, grade_formula=grade_formula)


def write_template(
    root: Path, article: Article, result: Result, *, report: ReadabilityReport | None = None
) -> str:
    """An article's translation template (locales/<slug>.pot), each entry with its
    sentence's reading grade; returns its text for `update`."""
    report = report or _score(article)
    # Translators see each entry's Flesch-Kincaid grade, a fragment's as if a sentence.
    rules = rules_for(report.lang)
    grades = {
        s.segment_id: (score_sentence(s.text, rules) if s.role == "fragment" else s.scores).value(
            "flesch_kincaid"
        )
        for s in report.segments
    }
    template = make_template(article, grades=grades, created=build_date(article))
    _write(root, result, root / "locales" / f"{article.meta.slug}.pot", template)
    return template


def write_label_template(root: Path, result: Result) -> str:
    """The template of the words every handout shares (locales/handouts.pot)."""
    labels = make_label_template(created=_labels_date())
    _write(root, result, root / "locales" / f"{LABELS_DOMAIN}.pot", labels)
    return labels


def update(
    root: Path, config: Config, templates: dict[str, str], result: Result, created: dt.datetime
) -> dict[tuple[str, str], Translations]:
    """Merge each template into each language's catalog, keeping every translation.

    Sentences already translated in the language's other catalogs are offered as
    translation memory. Returns what each updated catalog may publish, so the build
    need not read it back.
    """
    published: dict[tuple[str, str], Translations] = {}
    for locale in config.languages:
        note = functools.partial(glossary_note, glossary=_glossary(root, locale, result))
        for domain, template in sorted(templates.items()):
            path = _po_path(root, locale, domain)
            shown = _relative(root, path)
            try:
                existing = read_text(path, shown_as=shown) if path.exists() else None
                memory = (  # loaded once, and only if a new sentence needs it
                    functools.cache(functools.partial(_memory, root, locale, exclude=path))
                    if domain != LABELS_DOMAIN
                    else None
                )
                merged = merge(
                    template,
                    existing,
                    locale=locale,
                    path=shown,
                    created=created,
                    memory=memory,
                    glossary_note=note,
                )
            except InputError as error:
                result.problems.append(Problem.from_error(error))
                continue
            saved = None if existing is None else saved_by_windows_tool(existing)
            if saved and merged.text != existing:  # kept as it was while nothing changed
                result.messages.append(  # said once, when the file changes: not a warning
                    f"{shown}: read with {saved}; written back without them, as GNU gettext "
                    "writes catalogs."
                )
            _write(root, result, path, merged.text)
            published[(locale.tag, domain)] = merged.translations
    return published


@functools.cache
def _pipeline_once() -> str:
    """The pipeline's fingerprint, hashed once per process: its files do not change."""
    return pipeline_fingerprint()


def _memory(root: Path, locale: LocaleInfo, *, exclude: Path) -> dict[str, Remembered]:
    """Publishable translations from the language's other article catalogs.

    Each catalog's translations are kept in output/.cache/memory/<lang>.json with the
    file's size and time, so a new sentence in a library of hundreds of articles reads
    again only the catalogs that changed (reading all of them took seconds).
    """
    folder = root / "locales" / locale.gettext_name / "LC_MESSAGES"
    store = root / "output" / ".cache" / "memory" / f"{locale.gettext_name}.json"
    try:
        kept: Any = json.loads(store.read_text("utf-8"))
    except (OSError, ValueError):
        kept = {}
    if not isinstance(kept, dict):
        kept = {}  # not ours, or damaged: it is written again
    fresh: dict[str, Any] = {}
    memory: dict[str, Remembered] = {}
    # Kept entries are what the pipeline judged publishable: a new pipeline judges again.
    rule = _pipeline_once()
    for path in sorted(folder.glob("*.po")):
        if path == exclude or path.stem == LABELS_DOMAIN:
            continue
        shown = _relative(root, path)
        try:
            stat = path.stat()
        except OSError:
            continue
        record = kept.get(shown)
        if (
            not isinstance(record, dict)
            or record.get("stat") != [stat.st_mtime_ns, stat.st_size]
            or record.get("pipeline") != rule
            or not isinstance(record.get("entries"), dict)
        ):
            try:
                found = read_memory(read_text(path, shown_as=shown), path=shown)
            except InputError:
                continue  # a broken catalog is reported when its own article is built
            entries = {msgid: remembered.msgstr for msgid, remembered in found.items()}
            record = {
                "stat": [stat.st_mtime_ns, stat.st_size],
                "pipeline": rule,
                "entries": entries,
            }
        fresh[shown] = record
        for msgid, msgstr in record["entries"].items():
            memory.setdefault(msgid, Remembered(msgstr, shown))
    if fresh != kept:
        data = json.dumps(fresh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        with contextlib.suppress(OSError):  # a cache that cannot be kept costs only time
            write_bytes_if_changed(store, data.encode("utf-8"), within=root / "output")
    return memory


def _translations(root: Path, locale: LocaleInfo, domain: str) -> Translations | None:
    path = _po_path(root, locale, domain)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_catalog(root, locale, path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_catalog(
    root: Path, locale: LocaleInfo, path: Path, mtime_ns: int, size: int
) -> Translations:
    """Read once per process while the file is unchanged: every article of a build
    reads the same label catalogs."""
    shown = _relative(root, path)
    text = read_text(path, shown_as=shown)
    return read_translations(text, path=shown, lang=locale.tag, locale=locale)


@dataclass(frozen=True, slots=True)
class Localized:
    """One article in one language, ready to render and to score."""

    locale: LocaleInfo
    document: LocalizedDocument
    is_source: bool
    readiness: Readiness | None  # None for the source language
    unreadable: str | None = None  # why its catalog cannot be read: nothing of it prints


def localize_all(
    root: Path,
    config: Config,
    article: Article,
    result: Result,
    *,
    known: dict[tuple[str, str], Translations] | None = None,
    name_held: bool = True,
) -> list[Localized]:
    """The source language and every configured translation; a bad catalog costs one.
    `known` holds catalogs the caller has just updated, by (language, domain). With
    `name_held`, each entry shown in English is named (`check` names them its own way)."""
    known = known or {}
    source_locale = locale_info(article.meta.language, origin=article.path)
    localized = []
    for locale in (source_locale, *config.languages):
        is_source = locale is source_locale
        if locale.tag == source_locale.tag and not is_source:
            continue
        try:
            translations = labels = None
            if not is_source:
                slug = article.meta.slug
                translations = known.get((locale.tag, slug)) or _translations(root, locale, slug)
                if translations is None:  # no catalog yet: nothing is translated
                    shown = _relative(root, _po_path(root, locale, slug))
                    translations = Translations(path=shown, lang=locale.tag, entries={})
                labels = known.get((locale.tag, LABELS_DOMAIN)) or _translations(
                    root, locale, LABELS_DOMAIN
                )
            document, found = localize(
                article, translations, labels, locale=locale, clinic=config.clinic
            )
        except InputError as error:
            result.problems.append(Problem.from_error(error))
            if not is_source:  # the language keeps its row and card, saying why
                localized.append(_unreadable(root, config, article, locale, error))
            continue
        ready = None if is_source else readiness(article, document, threshold=config.threshold)
        problems = list(found)
        if name_held and translations is not None and ready is not None:
            is_printed = ready.is_ready and not article.meta.unfinished
            keys = [(s.msgctxt, s.msgid) for s in article.segments]
            problems += held_back(keys, translations, is_printed=is_printed)
            if labels is not None:
                problems += held_back(
                    [(None, label.msgid) for label in LABELS], labels, is_printed=False
                )
        result.problems.extend(p for p in problems if p.outcome is not Outcome.OK)
        result.warnings.extend(p.message for p in problems if p.outcome is Outcome.OK)
        localized.append(Localized(locale, document, is_source, ready))
    return localized


def _unreadable(
    root: Path, config: Config, article: Article, locale: LocaleInfo, error: InputError
) -> Localized:
    """A language whose catalog cannot be read: the article as it stands with nothing
    translated, so it is never printed but still has its row in `status` and its card."""
    shown = _relative(root, _po_path(root, locale, article.meta.slug))
    nothing = Translations(path=shown, lang=locale.tag, entries={})
    document, _ = localize(article, nothing, None, locale=locale)
    ready = readiness(article, document, threshold=config.threshold)
    return Localized(locale, document, False, ready, unreadable=str(error))


def _translated_texts(document: LocalizedDocument) -> dict[str, str]:
    sentences = [*document.title, *(s for b in document.blocks for s in b.sentences)]
    return {s.segment_id: plain(s) for s in sentences if not s.is_fallback}


def write_reports(
    root: Path,
    article: Article,
    localized: list[Localized],
    result: Result,
    *,
    against: str | None = None,
    source_report: ReadabilityReport | None = None,
    tables: bool = True,
    grade_formula: str = "smog",
) -> dict[str, str]:
    """Readability reports for the source and for each translation that has published
    text; returns each language's reading level in a few words, for the index.

    A translation is scored on its published sentences only, and graded only when they
    hold at least GRADED_SHARE percent of the article's English words: a grade of two
    translated headings would describe text that is not there."""
    levels: dict[str, str] = {}
    source_report = source_report or _score(article, grade_formula)
    for item in localized:
        base = root / "output" / "reports" / f"{article.meta.slug}.{item.locale.tag}"
        if item.is_source:
            report = source_report
            diagnoses = diagnose_article(
                article, report, words=plain_words(), grade_of=grade_of(report)
            )
            notes, problems = editor_notes(root, article, report, diagnoses)
            result.problems.extend(problems)
        else:
            texts = _translated_texts(item.document)
            notes = None
            if not texts:  # no catalog, or nothing published yet: no report at all
                for kind in ("html", "json", "csv"):
                    remove_output(root, base.with_name(f"{base.name}.{kind}"))
                continue
            report = score_article(article, lang=item.locale.tag, texts=texts)
            share = item.readiness.percent if item.readiness is not None else 100.0
            if share < GRADED_SHARE:
                report = ungraded(report, share=share, needed=GRADED_SHARE)
            diagnoses = diagnose_article(article, report)
        comparison: list[Comparison] = []
        if against is not None and item.is_source:
            older = _older_sections(root, article, against, grade_formula)
            comparison = compare_sections(older, report)
            result.tables.append(_comparison_table(article, comparison, report))
        ranked = hardest(diagnoses)
        page = report_html(
            report,
            diagnoses,
            hardest=ranked,
            source=None if item.is_source else source_report,
            comparison=comparison,
            notes=notes,
        )
        _write(root, result, base.with_name(base.name + ".html"), page)
        data = report_json(report, diagnoses, notes=notes)
        _write(root, result, base.with_name(base.name + ".json"), data)
        _write(root, result, base.with_name(base.name + ".csv"), report_csv(report, diagnoses))
        if tables:
            result.tables.append(_summary_table(report))
        levels[item.locale.tag] = plain_level(report)
    return levels


def reading_level(report: ReadabilityReport) -> str:
    """The article's level in the language's own validated formula, or why there is none."""
    if is_ungraded(report):
        return "too little translated to grade"
    if not report.formulas:
        return "no validated readability formula for this language"
    key = report.primary or report.formulas[-1].key
    result = next((r for r in report.article.results if r.key == key), None)
    if result is None:
        return "not scored"
    info = next(f for f in report.formulas if f.key == key)
    band = f" ({result.band})" if result.band else ""
    if info.kind == "grade":
        return f"{info.label} {whole_grade(result.value, info.uncertainty or 0.0)}{band}"
    return f"{info.label} {result.value:.1f}{band}"


def plain_level(report: ReadabilityReport) -> str:
    """The reading level as clinic staff read it: a school grade or an ease band first,
    the formula after."""
    if is_ungraded(report):
        return "too little translated to grade"
    key = report.primary or (report.formulas[-1].key if report.formulas else None)
    result = next((r for r in report.article.results if r.key == key), None)
    info = next((f for f in report.formulas if f.key == key), None)
    if result is None or info is None:
        return "no tested formula for this language"
    if info.kind == "grade":
        return f"US school grade {result.value:.0f} ({info.label})"
    plain = result.band.capitalize() if result.band else "Score"
    return f"{plain} ({info.label} {result.value:.0f})"


def _summary_table(report: ReadabilityReport) -> SummaryTable:
    rows = section_rows(report)
    columns: tuple[str, ...]
    body: list[tuple[str, ...]]
    if report.primary:
        label = report.formulas[0].label
        columns = ("Section", label, "Target", "Result")
        body = [
            (
                row.label,
                "—" if row.value is None else whole_grade(row.value, report.margin),
                f"{report.target_grade:g}",
                row.status or "—",
            )
            for row in rows
        ]
        overall = report.article.value(report.primary)
        title = (
            f"{report.path} ({report.lang}): {label} {whole_grade(overall, report.margin)}"
            if overall
            else report.path
        )
    elif report.formulas:
        columns = ("Section", *(f.label for f in report.formulas))
        body = [
            (s.label, *(_with_band(s.scores.results, f.key) for f in report.formulas))
            for s in report.sections
        ]
        title = f"{report.path} ({report.lang}): {report.note}"
    else:
        columns = ("Section", "Words per sentence", "Characters per sentence")
        body = [
            (s.label, str(words_per_sentence(s) or "—"), str(characters_per_sentence(s) or "—"))
            for s in report.sections
        ]
        title = f"{report.path} ({report.lang}): {report.note}"
    return SummaryTable(title=title, columns=columns, rows=body)


def _with_band(results: tuple[FormulaResult, ...], key: str) -> str:
    found = next((r for r in results if r.key == key), None)
    if found is None:
        return "—"
    return f"{found.value:.1f} ({found.band})" if found.band else f"{found.value:.1f}"


def _comparison_table(
    article: Article, rows: list[Comparison], report: ReadabilityReport
) -> SummaryTable:
    def number(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    return SummaryTable(
        title=f"{article.path}: {report.formulas[0].label} before and after",
        columns=("Section", "Before", "After", "Change"),
        rows=[
            (
                row.label,
                number(row.before),
                number(row.after),
                "—"
                if row.before is None or row.after is None
                else f"{row.after - row.before:+.1f}",
            )
            for row in rows
        ],
    )


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
    report = _score(older, grade_formula)
    return {
        s.key: (s.label, s.scores.value(report.primary) if report.primary else None)
        for s in report.sections
    }


def write_handouts(
    root: Path,
    config: Config,
    article: Article,
    localized: list[Localized],
    result: Result,
    *,
    levels: dict[str, str],
    pdf: bool,
    bilingual: bool,
) -> list[IndexEntry]:
    """Handouts (HTML, text, PDF and a preview image) for the source and every
    translation ready to print; a translation that is not ready is reported and any
    handout it had before is removed, so a stale page cannot be printed. While the
    article's front matter holds a value left for the editor, no language is printed."""
    entries = []
    not_ready: list[str] = []
    english = next((item.document for item in localized if item.is_source), None)
    unfinished = article.meta.unfinished
    result.warnings += [problem.message for problem in unfinished_problems(article)]
    source = next((item.locale for item in localized if item.is_source), None)
    english_href = None
    if source is not None and not unfinished:
        english_href = f"{source.gettext_name}/{article.meta.slug}.html"
    for item in localized:
        document = item.document
        folder = root / "output" / item.locale.gettext_name
        slug = article.meta.slug
        outputs = [folder / f"{slug}.{kind}" for kind in ("html", "txt", "pdf", "png")]
        outputs += [folder / f"{slug}.bilingual.{kind}" for kind in ("html", "pdf")]
        outputs.append(folder / f"{slug}.paste.txt")
        ready = item.readiness
        if unfinished or (ready is not None and not ready.is_ready):
            if ready is not None and not ready.is_ready:
                # One line per article, not per language: `status` and `check` say why.
                not_ready.append(f"{item.locale.tag} ({int(ready.percent)}% translated)")
            for stale in outputs:
                remove_output(root, stale)
        else:
            _write(root, result, outputs[0], render_handout(document))
            _write(root, result, outputs[1], render_text(document))
            _write(root, result, outputs[6], render_text(document, paste=True))
            if pdf:
                _write_pdf(
                    root,
                    result,
                    outputs[2],
                    render_handout(document, for_pdf=True, paper=config.paper),
                    limit=config.max_pages,
                    preview=outputs[3],
                )
            if bilingual and english is not None and not item.is_source:
                _write(root, result, outputs[4], render_handout(document, english=english))
                if pdf:
                    page = render_handout(
                        document, english=english, for_pdf=True, paper=config.paper
                    )
                    _write_pdf(root, result, outputs[5], page, limit=2 * config.max_pages)
        entries.append(
            IndexEntry(
                lang=item.locale.tag,
                direction=item.locale.direction,
                language_name=item.locale.native_name,
                title=document.sentence_joiner.join(plain(s) for s in document.title),
                href=f"{item.locale.gettext_name}/{slug}.html",
                percent=100.0 if ready is None else round(ready.percent, 1),
                is_ready=not unfinished and (ready is None or ready.is_ready),
                article=article.meta.title,
                why_not=(
                    f"its catalog cannot be read ({item.unreadable.rstrip('.')})"
                    if item.unreadable
                    else _why_not_ready(unfinished, ready)
                ),
                english_href=None if item.is_source else english_href,
                reading_level=levels.get(item.locale.tag, "not scored"),
                slug=slug,
                english_name=item.locale.english_name,
                text_href=f"{item.locale.gettext_name}/{slug}.txt",
                paste_href=f"{item.locale.gettext_name}/{slug}.paste.txt",
                report_href=f"reports/{slug}.{item.locale.tag}.html",
                pdf_href=f"{item.locale.gettext_name}/{slug}.pdf" if pdf else None,
                preview_href=f"{item.locale.gettext_name}/{slug}.png" if pdf else None,
            )
        )
    if not_ready:
        result.notes.append(
            f"{article.path}: not published yet in {', '.join(not_ready)}; "
            "`handouts status` says what is left."
        )
    return entries


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


def _write_pdf(
    root: Path, result: Result, path: Path, html: str, *, limit: int, preview: Path | None = None
) -> None:
    # Issue 20 (pipeline/pdf_engine.py): a warm renderer per process, and no render at
    # all when this PDF's HTML is unchanged since the last build (nor a new preview).
    record = root / "output" / ".cache" / "pdf" / f"{path.relative_to(root / 'output')}.json"
    document = print_unless_unchanged(html, path, record)
    if document.pages > limit:
        result.warnings.append(
            f"{_relative(root, path)}: the handout prints on {document.pages} pages; "
            f"aim for {limit} or fewer (shorten the article or its translation)."
        )
    if document.data is None:  # unchanged: the PDF is current (its preview unless deleted)
        result.targets.append(_relative(root, path))
        if preview is not None and preview.is_file():
            result.targets.append(_relative(root, preview))
        elif preview is not None:
            _write_bytes(root, result, preview, engine().preview(path.read_bytes()))
        return
    _write_bytes(root, result, path, document.data)
    if preview is not None:
        _write_bytes(root, result, preview, engine().preview(document.data))


def write_index(root: Path, entries: list[IndexEntry], result: Result) -> None:
    entries = sorted(entries, key=lambda e: (e.lang != "en", e.english_name, e.href))
    _write(
        root,
        result,
        root / "output" / "index.html",
        render_index(entries, heading="Patient handouts"),
    )


def _each_article(
    root: Path, names: list[str] | None, result: Result, progress: Progress | None
) -> Iterator[Article]:
    """The articles one at a time (a library is never held whole), a bad one reported
    and skipped; `progress` hears (done, total) after each."""
    paths = source_paths(root, names)
    for done, path in enumerate(paths, start=1):
        try:
            article = load_article(root, path)
        except InputError as error:
            result.problems.append(Problem.from_error(error))
        else:
            yield article
        if progress:
            progress(done, len(paths))


def _load_all(root: Path, names: list[str] | None, result: Result) -> list[Article]:
    return list(_each_article(root, names, result, None))


def _summary(count: int, result: Result, *, verb: str) -> str:
    return (
        f"{count} article{'s' if count != 1 else ''} {verb}; {len(result.written)} files written."
    )


def run_extract(
    root: Path, names: list[str] | None = None, *, progress: Progress | None = None
) -> Result:
    result = Result()
    count = 0
    for article in _each_article(root, names, result, progress):
        write_template(root, article, result)
        count += 1
    if count:
        write_label_template(root, result)
    result.summary = _summary(count, result, verb="extracted")
    return result


def run_update(
    root: Path, names: list[str] | None = None, *, progress: Progress | None = None
) -> Result:
    result = Result()
    config = load_config(root)
    count = 0
    for article in _each_article(root, names, result, progress):
        template = write_template(root, article, result)
        update(root, config, {article.meta.slug: template}, result, build_date(article))
        count += 1
    if count:
        labels = write_label_template(root, result)
        update(root, config, {LABELS_DOMAIN: labels}, result, _labels_date())
    result.summary = _summary(count, result, verb="updated")
    return result


def run_report(
    root: Path,
    names: list[str] | None = None,
    *,
    against: str | None = None,
    progress: Progress | None = None,
) -> Result:
    result = Result()
    config = load_config(root)
    count = 0
    # A library gets the summary line, not a table per article and language.
    tables = len(source_paths(root, names)) <= SHOWN_TABLES
    for article in _each_article(root, names, result, progress):
        localized = localize_all(root, config, article, result)
        try:
            write_reports(
                root,
                article,
                localized,
                result,
                against=against,
                tables=tables,
                grade_formula=config.grade_formula,
            )
        except InputError as error:
            result.problems.append(Problem.from_error(error))
        count += 1
    result.summary = _summary(count, result, verb="reported")
    return result


def run_check(
    root: Path, names: list[str] | None = None, *, max_grade: float | None = None
) -> Result:
    """Every gate, no writes: reading grade per section, each catalog's checks and
    held-back entries, and whether each translation is ready to print (exit 1)."""
    result = Result()
    config = load_config(root)
    articles = _load_all(root, names, result)
    for article in articles:
        limit = article.meta.target_grade if max_grade is None else max_grade
        result.problems.extend(
            grade_problems(_score(article, config.grade_formula), max_grade=limit)
        )
        result.problems.extend(unfinished_problems(article))
        try:
            lost = lost_facts(root, article)
        except InputError as error:
            result.problems.append(Problem.from_error(error))
            lost = None
        if lost is not None:
            result.problems.extend(fact_problems(article, *lost))
    domains = [a.meta.slug for a in articles] + ([LABELS_DOMAIN] if articles else [])
    for locale in config.languages:
        glossary = _glossary(root, locale, result)
        for domain in domains:
            path = _po_path(root, locale, domain)
            if not path.exists():
                continue
            shown = _relative(root, path)
            try:
                text = read_text(path, shown_as=shown)
                header, entries, comments, held = read_entries(text, path=shown)
            except InputError as error:
                result.problems.append(Problem.from_error(error))
                continue
            line = header_line(text, "Plural-Forms") or 1
            warning = plural_forms_warning(header, locale=locale, path=shown, line=line)
            if warning is not None:
                result.warnings.append(warning)
            result.problems.extend(
                check_catalog(
                    entries, header, locale=locale, path=shown, glossary=glossary, comments=comments
                )
            )
            result.problems.extend(
                Problem(f"{shown}:{entry.line}: this entry is fuzzy. {note}", Outcome.CONTENT)
                for entry, note in held
            )
    for article in articles:
        for item in localize_all(root, config, article, result, name_held=False):
            if item.readiness is not None:
                catalog = _relative(root, _po_path(root, item.locale, article.meta.slug))
                problem = readiness_problem(article, item.readiness, catalog=catalog)
                required = config.required_languages
                if problem is not None and (required is None or item.locale.tag in required):
                    result.problems.append(problem)
                elif problem is not None:  # a language in progress: said, not failed
                    result.warnings.append(
                        f"{problem.message[:-1]} (not in required_languages, so check passes)."
                    )
    result.problems = list(dict.fromkeys(result.problems))
    return result


def _glossary(root: Path, locale: LocaleInfo, result: Result) -> list[GlossaryTerm]:
    path = root / "locales" / locale.gettext_name / "glossary.csv"
    if not path.exists():
        return []
    shown = _relative(root, path)
    try:
        return parse_glossary(read_text(path, shown_as=shown), path=shown)
    except InputError as error:
        result.problems.append(Problem.from_error(error))
        return []


def run_status(root: Path, names: list[str] | None = None) -> Result:
    """Per article and language: entries and words by state, and ready to print or not."""
    result = Result()
    config = load_config(root)
    rows: list[tuple[str, ...]] = []
    records: list[dict[str, Any]] = []
    for article in _load_all(root, names, result):
        for item in localize_all(root, config, article, result, name_held=False):
            if item.readiness is None:
                continue
            path = _po_path(root, item.locale, article.meta.slug)
            shown = _relative(root, path)
            try:
                stats = (
                    catalog_stats(read_text(path, shown_as=shown), path=shown)
                    if path.exists() and item.unreadable is None
                    else None
                )
            except InputError as error:
                result.problems.append(Problem.from_error(error))
                stats = None
            ready = item.readiness
            record: dict[str, Any] = {
                "article": article.path,
                "lang": item.locale.tag,
                "catalog": shown,
                "ready": ready.is_ready and not article.meta.unfinished,
                "unfinished_front_matter": [field.key for field in article.meta.unfinished],
                "published_words_percent": round(ready.percent, 1),
                "untranslated_critical_sections": list(ready.untranslated_critical),
                "threshold_percent": ready.threshold,
                "unreadable": item.unreadable,
            }
            if stats is not None:
                record.update(dataclasses.asdict(stats))
            records.append(record)
            rows.append(
                (
                    article.meta.slug,
                    item.locale.tag,
                    *(
                        (
                            f"{stats.translated} / {stats.words_translated}",
                            f"{stats.fuzzy} / {stats.words_fuzzy}",
                            f"{stats.untranslated} / {stats.words_untranslated}",
                            f"{stats.held} / {stats.words_held}",
                            str(stats.obsolete),
                        )
                        if stats
                        else ("—", "—", "—", "—", "—")
                    ),
                    f"{shown_percent(ready)}%",
                    "cannot be read"
                    if item.unreadable
                    else ("ready" if record["ready"] else "not ready"),
                )
            )
    result.tables.append(
        SummaryTable(
            title="Translations (entries / English words)",
            columns=(
                "Article",
                "Language",
                "Translated",
                "Fuzzy",
                "Untranslated",
                "Held back",
                "Obsolete",
                "Published",
                "Status",
            ),
            rows=rows,
        )
    )
    result.data["status"] = records
    return result


LABELS_REVISED = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)  # when the label set last changed


def _labels_date() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return LABELS_REVISED if epoch is None else _epoch_date(epoch)


def _epoch_date(epoch: str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError):
        raise InputError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}.",
            path="environment",
        ) from None


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """One article to build, with everything a worker process needs."""

    root: Path
    path: Path
    config: Config
    pdf: bool
    bilingual: bool
    tables: bool = True  # a summary table per language; a large library shows one line


@dataclass(slots=True)
class ArticleOutcome:
    source: str
    result: Result
    index: list[IndexEntry]
    is_built: bool  # False when the article itself could not be read


def build_article(job: ArticleJob) -> ArticleOutcome:
    """Catalogs, reports and handouts of one article, in every language."""
    root, config = job.root, job.config
    result = Result()
    shown = _relative(root, job.path)
    try:
        article = load_article(root, job.path)
        created = build_date(article)
    except InputError as error:
        result.problems.append(Problem.from_error(error))
        return ArticleOutcome(shown, result, [], is_built=False)
    report = _score(article, config.grade_formula)
    template = write_template(root, article, result, report=report)
    known = update(root, config, {article.meta.slug: template}, result, created)
    localized = localize_all(root, config, article, result, known=known)
    levels = write_reports(
        root,
        article,
        localized,
        result,
        source_report=report,
        tables=job.tables,
        grade_formula=config.grade_formula,
    )
    index = write_handouts(
        root,
        config,
        article,
        localized,
        result,
        levels=levels,
        pdf=job.pdf,
        bilingual=job.bilingual,
    )
    result.problems = list(dict.fromkeys(result.problems))  # a bad catalog fails twice
    return ArticleOutcome(shown, result, index, is_built=True)


def _article_inputs(root: Path, config: Config, path: Path) -> list[str]:
    """An article's input files, as paths from the root (a library has thousands)."""
    slug = path.stem
    files = [_relative(root, path), f"source/{ORIGINALS}/{slug}.md"]  # by convention
    for locale in config.languages:
        folder = f"locales/{locale.gettext_name}/LC_MESSAGES"
        files += [f"{folder}/{slug}.po", f"{folder}/{LABELS_DOMAIN}.po"]
    return files


def run_build(
    root: Path,
    names: list[str] | None = None,
    *,
    pdf: bool = True,
    bilingual: bool | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Result:
    """Catalogs, reports and handouts for every article and configured language.

    Articles whose inputs, settings and pipeline are unchanged since the last build
    are not rebuilt (their results are replayed from the cache); the others are built
    in parallel, one article per task, so memory stays flat as the library grows.
    """
    result = Result()
    config = load_config(root)
    with_english = config.bilingual if bilingual is None else bilingual
    for folder in ("output", "locales"):
        remove_stale_temporaries(root / folder)
    labels = write_label_template(root, result)
    update(root, config, {LABELS_DOMAIN: labels}, result, _labels_date())

    settings = json.dumps(
        [dataclasses.asdict(config), pdf, with_english, pipeline_fingerprint(),
         os.environ.get("SOURCE_DATE_EPOCH")],
        sort_keys=True,
        default=str,
    )  # fmt: skip
    cache = BuildCache.load(root / "output" / ".cache" / "build.json", root=root, settings=settings)
    paths = source_paths(root, names)
    keys = {path: cache.inputs_key(_article_inputs(root, config, path)) for path in paths}
    replayed: dict[Path, dict[str, Any]] = {}
    todo: list[Path] = []
    for path in paths:
        record = cache.fresh(_relative(root, path), keys[path])
        if record is None:
            todo.append(path)
        else:
            replayed[path] = record
    outcomes = _run_jobs(
        [
            ArticleJob(root, path, config, pdf, with_english, tables=len(paths) <= SHOWN_TABLES)
            for path in todo
        ],
        jobs=jobs,
        progress=progress,
        already=len(replayed),
        total=len(paths),
    )
    index: list[IndexEntry] = []
    for path in paths:
        shown = _relative(root, path)
        if path in replayed:
            record = replayed[path]
            index += [IndexEntry(**entry) for entry in record["index"]]
            result.warnings += record["warnings"]
            result.notes += record.get("notes", [])
            continue
        outcome = outcomes[path]
        result.messages += outcome.result.messages
        result.tables += outcome.result.tables
        result.problems += outcome.result.problems
        result.warnings += outcome.result.warnings
        result.notes += outcome.result.notes
        result.written += outcome.result.written
        index += outcome.index
        if outcome.is_built and not outcome.result.problems:
            # Recorded after the build, with the keys of the inputs as the build read them.
            cache.record(
                shown,
                {
                    "key": cache.inputs_key(_article_inputs(root, config, path)),
                    "outputs": sorted(set(outcome.result.targets)),
                    "index": [dataclasses.asdict(entry) for entry in outcome.index],
                    "warnings": outcome.result.warnings,
                    "notes": outcome.result.notes,
                },
            )
        else:
            cache.forget(shown)  # problems are shown again on the next build
    if names:  # the other articles keep their place in the index
        named = {_relative(root, path) for path in paths}
        for other in source_paths(root, None):
            if _relative(root, other) not in named:
                index += [IndexEntry(**e) for e in cache.recorded_index(_relative(root, other))]
    write_index(root, index, result)
    if len(paths) > SHOWN_TABLES:  # a library: the summary line, not a table per language
        result.tables = []
    result.summary = (
        f"{len(paths)} article{'s' if len(paths) != 1 else ''}: {len(todo)} built, "
        f"{len(replayed)} unchanged; {len(result.written)} files written."
    )
    result.problems = list(dict.fromkeys(result.problems))
    result.warnings = list(dict.fromkeys(result.warnings))  # a label catalog serves each article
    try:
        cache.save()
    except OSError as error:
        result.warnings.append(f"output/.cache: not saved ({error.strerror or error}).")
    return result


def _run_jobs(
    jobs_to_run: list[ArticleJob],
    *,
    jobs: int | None,
    progress: Progress | None,
    already: int,
    total: int,
) -> dict[Path, ArticleOutcome]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(jobs_to_run)))
    outcomes: dict[Path, ArticleOutcome] = {}
    done = already
    if progress:
        progress(done, total)
    if workers == 1:
        for job in jobs_to_run:
            outcomes[job.path] = build_article(job)
            done += 1
            if progress:
                progress(done, total)
        return outcomes
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(build_article, job): job.path for job in jobs_to_run}
        for future in concurrent.futures.as_completed(futures):
            outcomes[futures[future]] = future.result()
            done += 1
            if progress:
                progress(done, total)
    return outcomes


MAX_IMPORT_BYTES = 20_000_000  # a saved page with inline images can be large; a handout is not


def run_init(target: Path) -> Result:
    """A new content project in `target`: settings, folders, an example article."""
    from pipeline.project import init_project

    result = Result()
    for path in init_project(target):
        result.written.append(str(path))
    shown = target.resolve()
    result.messages.append(f"created a plain-handouts project in {shown}")
    result.messages.append(
        "next: edit pyproject.toml (languages), then run `handouts build` there; "
        "source/washing-your-hands.md is an example article"
    )
    result.summary = f"{len(result.written)} files written."
    return result


def run_import(
    root: Path,
    source: str,
    *,
    slug: str | None = None,
    keep: Sequence[str] = (),
    force: bool = False,
    url: str | None = None,
) -> Result:
    """A saved page, a Word file or copied text -> source/<slug>.md, a report of what
    was dropped (output/reports/<slug>.import.txt), and the new article's grade."""
    from pipeline.importer import import_document

    result = Result()
    path = Path(source)  # as the user typed it: from the folder they are in
    try:
        if path.is_file() and path.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(
                f"the file is over {MAX_IMPORT_BYTES // 1_000_000} MB; save the page without "
                "its images and try again.",
                path=source,
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("this is a folder, not a file.", path=source) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error}).", path=source) from None
    imported = import_document(data, filename=source, slug=slug, keep=keep, source_url=url)
    target = root / "source" / f"{imported.slug}.md"
    shown = _relative(root, target)
    if target.exists() and not force:
        raise InputError(
            "an article with this slug exists; choose another with --slug, or --force to "
            "replace it.",
            path=shown,
        )
    _write_bytes(root, result, target, imported.markdown.encode("utf-8"), within=root / "source")
    report = import_report(imported, source=source)
    _write(root, result, root / "output" / "reports" / f"{imported.slug}.import.txt", report)
    result.messages.append(f"wrote {shown}; dropped {len(imported.dropped)} lines or blocks:")
    for rule, count in sorted(Counter(d.rule for d in imported.dropped).items()):
        result.messages.append(f"  {rule}: {count}")
    result.messages.append(f"  (each one in output/reports/{imported.slug}.import.txt)")
    for field_name in imported.missing:
        result.warnings.append(
            f"{shown}: the front matter's {field_name} could not be found; check it."
        )
    try:
        article = load_article(root, target)
    except InputError as error:
        result.problems.append(Problem.from_error(error))
        return result
    scored = _score(article)
    result.messages.append(f"reading level: {reading_level(scored)}")
    for diagnosis in hardest(diagnose_article(article, scored, words=plain_words()), 5):
        reasons = "; ".join(f.reason for f in diagnosis.findings)
        result.messages.append(f"  line {diagnosis.line}: {diagnosis.text} ({reasons})")
    return result


def import_report(imported: ImportResult, *, source: str) -> str:
    """What the importer dropped, grouped by the rule that dropped it."""
    lines = [f"Import of {source} -> source/{imported.slug}.md", ""]
    by_rule: dict[str, list[Dropped]] = {}
    for dropped in imported.dropped:
        by_rule.setdefault(dropped.rule, []).append(dropped)
    for rule in sorted(by_rule):
        lines.append(f"{rule} ({len(by_rule[rule])})")
        for dropped in by_rule[rule]:
            where = f"line {dropped.line}: " if dropped.line else ""
            lines.append(f"  {where}{dropped.text}")
        lines.append("")
    if imported.missing:
        lines.append("Not found, to fill in: " + ", ".join(imported.missing))
    return "\n".join(lines).rstrip("\n") + "\n"


def remove_output(root: Path, path: Path) -> None:
    """Delete a stale output file, only inside output/ and never through a link."""
    output = (root / "output").resolve()
    if path.is_symlink() or not path.resolve().is_relative_to(output):
        return
    path.unlink(missing_ok=True)
