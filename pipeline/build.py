"""Orchestration and all file I/O: find inputs, run the stages per locale, write outputs."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.cache import BuildCache, pipeline_fingerprint
from pipeline.catalog import (
    catalog_stats,
    header_line,
    read_entries,
    read_translations,
)
from pipeline.checks import (
    GlossaryTerm,
    check_catalog,
    plural_forms_warning,
)
from pipeline.config import Config, load_config
from pipeline.editing import ORIGINALS, fact_problems, lost_facts
from pipeline.errors import InputError, Outcome, Problem
from pipeline.files import remove_stale_temporaries
from pipeline.gates import (
    grade_problems,
    readiness_problem,
    shown_percent,
    unfinished_problems,
)
from pipeline.inputs import article_report, build_date, load_article, source_paths
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.locales import LocaleInfo
from pipeline.model import (
    Article,
    Translations,
)
from pipeline.publish import write_handouts, write_index, write_reports
from pipeline.render_html import IndexEntry
from pipeline.terminal import (
    Result,
    status_row,
    status_table,
)
from pipeline.translations import (
    CatalogKey,
    Catalogs,
    Glossaries,
    label_notices,
    labels_date,
    localize_all,
    note_problems,
    read_catalog,
    read_catalogs,
    read_glossaries,
    read_glossary,
    update,
    write_label_template,
    write_template,
)

if TYPE_CHECKING:  # the importer is loaded by `handouts import` only
    pass

SHOWN_TABLES = 3  # articles up to which a command prints a summary table per language
Progress = Callable[[int, int], None]  # told (done, total) after each article


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
    glossaries = read_glossaries(root, config, result)
    count = 0
    for article in _each_article(root, names, result, progress):
        template = write_template(root, article, result)
        created = build_date(article)
        update(root, config, {article.meta.slug: template}, result, created, glossaries=glossaries)
        count += 1
    if count:
        labels = write_label_template(root, result)
        update(root, config, {LABELS_DOMAIN: labels}, result, labels_date(), glossaries=glossaries)
    result.summary = _summary(count, result, verb="updated")
    return result


def _read_labels(root: Path, config: Config, result: Result, *, name_held: bool) -> Catalogs:
    """Each language's label catalog, read once per command, and what is wrong with it
    said once, not once per article it serves."""
    labels = read_catalogs(root, config.languages, [LABELS_DOMAIN], result)
    note_problems(result, label_notices(labels, config.languages, name_held=name_held))
    return labels


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
    labels = _read_labels(root, config, result, name_held=True)
    for article in _each_article(root, names, result, progress):
        catalogs = labels | read_catalogs(root, config.languages, [article.meta.slug], result)
        localized = localize_all(root, config, article, result, catalogs=catalogs)
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
            grade_problems(article_report(article, config.grade_formula), max_grade=limit)
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
    read: dict[CatalogKey, Translations] = {}
    unreadable: dict[CatalogKey, str] = {}
    for locale in config.languages:
        glossary = read_glossary(root, locale, result)
        for domain in domains:
            found = _checked_catalog(root, locale, domain, glossary, result)
            if isinstance(found, str):
                unreadable[(locale.tag, domain)] = found
            elif found is not None:
                read[(locale.tag, domain)] = found
    catalogs = Catalogs(read, unreadable)
    note_problems(result, label_notices(catalogs, config.languages, name_held=False))
    for article in articles:
        localized = localize_all(root, config, article, result, catalogs=catalogs, name_held=False)
        for item in localized:
            if item.readiness is not None and item.unreadable is None:  # said where read
                catalog = Layout(root).shown(Layout(root).catalog(item.locale, article.meta.slug))
                problem = readiness_problem(article, item.readiness, catalog=catalog)
                required = config.required_languages
                if problem is not None and (required is None or item.locale.tag in required):
                    result.problems.append(problem)
                elif problem is not None:  # a language in progress: said, not failed
                    result.warnings.append(
                        f"{problem.message[:-1]} (not in required_languages, so check passes)."
                    )
    return result


def _checked_catalog(
    root: Path, locale: LocaleInfo, domain: str, glossary: list[GlossaryTerm], result: Result
) -> Translations | str | None:
    """One catalog, read once for `check`: its checks and held-back entries into the
    result, and what it may publish; why it cannot be read (reported here); or None when
    it has no file."""
    try:
        found = read_catalog(root, locale, domain)
        if found is None:
            return None
        text, shown = found
        header, entries, comments, held = read_entries(text, path=shown)
    except InputError as error:
        result.problems.append(Problem.from_error(error))
        return str(error)
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
    try:
        return read_translations(text, path=shown, lang=locale.tag, locale=locale)
    except InputError as error:  # the header names another language, or miscounts plurals
        result.problems.append(Problem.from_error(error))
        return str(error)


def run_status(root: Path, names: list[str] | None = None) -> Result:
    """Per article and language: entries and words by state, and ready to print or not."""
    result = Result()
    config = load_config(root)
    rows: list[tuple[str, ...]] = []
    records: list[dict[str, Any]] = []
    labels = _read_labels(root, config, result, name_held=False)
    for article in _load_all(root, names, result):
        slug = article.meta.slug
        catalogs = labels | read_catalogs(root, config.languages, [slug], result, keep_text=True)
        for item in localize_all(root, config, article, result, catalogs=catalogs, name_held=False):
            if item.readiness is None:
                continue
            path = Layout(root).catalog(item.locale, slug)
            shown = Layout(root).shown(path)
            text = catalogs.texts.get((item.locale.tag, slug))
            stats = None
            if text is not None and item.unreadable is None:
                stats = catalog_stats(text, path=shown)
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
            state = "ready" if record["ready"] else "not ready"
            rows.append(
                status_row(
                    article.meta.slug,
                    item.locale.tag,
                    stats,
                    published=f"{shown_percent(ready)}%",
                    state="cannot be read" if item.unreadable else state,
                )
            )
    result.tables.append(status_table(rows))
    result.data["status"] = records
    return result


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """One article to build, with everything a worker process needs."""

    root: Path
    path: Path
    config: Config
    pdf: bool
    bilingual: bool
    labels: Catalogs  # the label catalogs, merged once by the build: no worker reads them
    glossaries: Glossaries  # read once by the build
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
    shown = Layout(root).shown(job.path)
    try:
        article = load_article(root, job.path)
        created = build_date(article)
    except InputError as error:
        result.problems.append(Problem.from_error(error))
        return ArticleOutcome(shown, result, [], is_built=False)
    source_report = article_report(article, config.grade_formula)
    template = write_template(root, article, result)
    catalogs = update(
        root, config, {article.meta.slug: template}, result, created, glossaries=job.glossaries
    )
    localized = localize_all(root, config, article, result, catalogs=job.labels | catalogs)
    levels = write_reports(
        root,
        article,
        localized,
        result,
        source_report=source_report,
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
    return ArticleOutcome(shown, result, index, is_built=True)


def _article_inputs(root: Path, config: Config, path: Path) -> list[str]:
    """An article's input files, as paths from the root (a library has thousands)."""
    slug = path.stem
    files = [Layout(root).shown(path), f"source/{ORIGINALS}/{slug}.md"]  # by convention
    layout = Layout(root)
    for locale in config.languages:
        files += [
            layout.shown(layout.catalog(locale, slug)),
            layout.shown(layout.catalog(locale, LABELS_DOMAIN)),
        ]
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
    layout = Layout(root)
    for folder in (layout.output, layout.locales):
        remove_stale_temporaries(folder)
    glossaries = read_glossaries(root, config, result)
    label_template = write_label_template(root, result)
    labels = update(
        root, config, {LABELS_DOMAIN: label_template}, result, labels_date(), glossaries=glossaries
    )
    note_problems(result, label_notices(labels, config.languages, name_held=True))

    settings = json.dumps(
        [dataclasses.asdict(config), pdf, with_english, pipeline_fingerprint(),
         os.environ.get("SOURCE_DATE_EPOCH")],
        sort_keys=True,
        default=str,
    )  # fmt: skip
    cache = BuildCache.load(layout.build_cache, root=root, settings=settings)
    paths = source_paths(root, names)
    replayed, todo = _fresh_or_todo(root, config, cache, paths)
    outcomes = _run_jobs(
        [
            ArticleJob(
                root,
                path,
                config,
                pdf,
                with_english,
                labels=labels,
                glossaries=glossaries,
                tables=len(paths) <= SHOWN_TABLES,
            )
            for path in todo
        ],
        jobs=jobs,
        progress=progress,
        already=len(replayed),
        total=len(paths),
    )
    index = _gather(root, config, cache, paths, replayed, outcomes, result)
    if names:  # the other articles keep their place in the index
        index += _recorded_elsewhere(root, cache, paths)
    write_index(root, index, result)
    if len(paths) > SHOWN_TABLES:  # a library: the summary line, not a table per language
        result.tables = []
    result.summary = (
        f"{len(paths)} article{'s' if len(paths) != 1 else ''}: {len(todo)} built, "
        f"{len(replayed)} unchanged; {len(result.written)} files written."
    )
    try:
        cache.save()
    except OSError as error:
        result.warnings.append(f"output/.cache: not saved ({error.strerror or error}).")
    return result


def _fresh_or_todo(
    root: Path, config: Config, cache: BuildCache, paths: list[Path]
) -> tuple[dict[Path, dict[str, Any]], list[Path]]:
    """The articles whose cached results are still true (replayed), and those to build."""
    keys = {path: cache.inputs_key(_article_inputs(root, config, path)) for path in paths}
    replayed: dict[Path, dict[str, Any]] = {}
    todo: list[Path] = []
    for path in paths:
        record = cache.fresh(Layout(root).shown(path), keys[path])
        if record is None:
            todo.append(path)
        else:
            replayed[path] = record
    return replayed, todo


def _gather(
    root: Path,
    config: Config,
    cache: BuildCache,
    paths: list[Path],
    replayed: dict[Path, dict[str, Any]],
    outcomes: dict[Path, ArticleOutcome],
    result: Result,
) -> list[IndexEntry]:
    """Each article's outcome, in order, into the command's result and the build cache;
    returns the index entries."""
    index: list[IndexEntry] = []
    for path in paths:
        shown = Layout(root).shown(path)
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
    return index


def _recorded_elsewhere(root: Path, cache: BuildCache, paths: list[Path]) -> list[IndexEntry]:
    """The index entries of the articles not named in this build, from the cache."""
    layout = Layout(root)
    named = {layout.shown(path) for path in paths}
    index: list[IndexEntry] = []
    for other in source_paths(root, None):
        if layout.shown(other) not in named:
            index += [IndexEntry(**e) for e in cache.recorded_index(layout.shown(other))]
    return index


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
