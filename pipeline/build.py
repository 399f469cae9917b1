"""Orchestration and all file I/O: find inputs, run the stages per locale, write outputs."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.articles import ArticleJob, ArticleOutcome, Progress, kept, run_articles
from pipeline.cache import BuildCache, pipeline_fingerprint
from pipeline.catalog import (
    CatalogStats,
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
from pipeline.language_data import keep_babel
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.locales import LocaleInfo
from pipeline.model import Article, Translations
from pipeline.publish import write_index, write_reports
from pipeline.render_html import IndexRecord, index_record
from pipeline.terminal import (
    NOTHING,
    Effects,
    Result,
    status_row,
    status_table,
    total,
)
from pipeline.translations import (
    CatalogKey,
    Catalogs,
    Localized,
    label_notices,
    labels_date,
    localize_all,
    read_catalog,
    read_catalogs,
    read_glossaries,
    read_glossary,
    update,
    write_label_template,
    write_template,
)

SHOWN_TABLES = 3  # articles up to which a command prints a summary table per language


def _each_article(
    root: Path, names: list[str] | None, progress: Progress | None
) -> Iterator[Article | Problem]:
    """The articles one at a time (a library is never held whole), or for a bad one the
    problem to report; `progress` hears (done, total) after each."""
    paths = source_paths(root, names)
    for done, path in enumerate(paths, start=1):
        try:
            yield load_article(root, path)
        except InputError as error:
            yield Problem.from_error(error)
        if progress:
            progress(done, len(paths))


def _load_all(root: Path, names: list[str] | None) -> tuple[list[Article], Effects]:
    loaded = list(_each_article(root, names, None))
    bad = tuple(item for item in loaded if isinstance(item, Problem))
    return [item for item in loaded if isinstance(item, Article)], Effects(problems=bad)


def _summary(count: int, effects: Effects, *, verb: str) -> str:
    return (
        f"{count} article{'s' if count != 1 else ''} {verb}; {len(effects.written)} files written."
    )


def run_extract(
    root: Path, names: list[str] | None = None, *, progress: Progress | None = None
) -> Result:
    said: list[Effects] = []
    count = 0
    for article in _each_article(root, names, progress):
        if isinstance(article, Problem):
            said.append(Effects(problems=(article,)))
            continue
        said.append(write_template(root, article)[1])
        count += 1
    if count:
        said.append(write_label_template(root)[1])
    effects = total(said)
    return Result.of(effects, summary=_summary(count, effects, verb="extracted"))


def run_update(
    root: Path, names: list[str] | None = None, *, progress: Progress | None = None
) -> Result:
    config = load_config(root)
    glossaries, said = read_glossaries(root, config)
    parts = [said]
    count = 0
    for article in _each_article(root, names, progress):
        if isinstance(article, Problem):
            parts.append(Effects(problems=(article,)))
            continue
        template, written = write_template(root, article)
        created = build_date(article)
        _, updated = update(
            root, config, {article.meta.slug: template}, created, glossaries=glossaries
        )
        parts += [written, updated]
        count += 1
    if count:
        labels, written = write_label_template(root)
        _, updated = update(
            root, config, {LABELS_DOMAIN: labels}, labels_date(), glossaries=glossaries
        )
        parts += [written, updated]
    effects = total(parts)
    return Result.of(effects, summary=_summary(count, effects, verb="updated"))


def _read_labels(root: Path, config: Config, *, name_held: bool) -> tuple[Catalogs, Effects]:
    """Each language's label catalog, read once per command, and what is wrong with it
    said once, not once per article it serves."""
    labels, said = read_catalogs(root, config.languages, [LABELS_DOMAIN])
    return labels, said + Effects.of(label_notices(labels, config.languages, name_held=name_held))


def run_report(
    root: Path,
    names: list[str] | None = None,
    *,
    against: str | None = None,
    progress: Progress | None = None,
) -> Result:
    config = load_config(root)
    count = 0
    # A library gets the summary line, not a table per article and language.
    tables = len(source_paths(root, names)) <= SHOWN_TABLES
    labels, said = _read_labels(root, config, name_held=True)
    parts = [said]
    for article in _each_article(root, names, progress):
        if isinstance(article, Problem):
            parts.append(Effects(problems=(article,)))
            continue
        catalogs, read = read_catalogs(root, config.languages, [article.meta.slug])
        localized, localizing = localize_all(root, config, article, catalogs=labels | catalogs)
        parts += [read, localizing]
        try:
            _, reported = write_reports(
                root,
                article,
                localized,
                against=against,
                tables=tables,
                grade_formula=config.grade_formula,
            )
        except InputError as error:
            reported = Effects(problems=(Problem.from_error(error),))
        parts.append(reported)
        count += 1
    effects = total(parts)
    return Result.of(effects, summary=_summary(count, effects, verb="reported"))


def run_check(
    root: Path, names: list[str] | None = None, *, max_grade: float | None = None
) -> Result:
    """Every gate, no writes: reading grade per section, each catalog's checks and
    held-back entries, and whether each translation is ready to print (exit 1)."""
    config = load_config(root)
    articles, said = _load_all(root, names)
    parts = [said, *(_article_gates(root, config, article, max_grade) for article in articles)]
    domains = [a.meta.slug for a in articles] + ([LABELS_DOMAIN] if articles else [])
    read: dict[CatalogKey, Translations] = {}
    unreadable: dict[CatalogKey, str] = {}
    for locale in config.languages:
        glossary, reading = read_glossary(root, locale)
        parts.append(reading)
        for domain in domains:
            found, checked = _checked_catalog(root, locale, domain, glossary)
            parts.append(checked)
            if isinstance(found, str):
                unreadable[(locale.tag, domain)] = found
            elif found is not None:
                read[(locale.tag, domain)] = found
    catalogs = Catalogs(read, unreadable)
    parts.append(Effects.of(label_notices(catalogs, config.languages, name_held=False)))
    for article in articles:
        localized, localizing = localize_all(
            root, config, article, catalogs=catalogs, name_held=False
        )
        parts += [localizing, _readiness(root, config, article, localized)]
    return Result.of(total(parts))


def _article_gates(
    root: Path, config: Config, article: Article, max_grade: float | None
) -> Effects:
    """An article's own gates: its grade per section, its front matter, lost facts."""
    limit = article.meta.target_grade if max_grade is None else max_grade
    problems = grade_problems(article_report(article, config.grade_formula), max_grade=limit)
    problems += unfinished_problems(article)
    try:
        lost = lost_facts(root, article)
    except InputError as error:
        return Effects(problems=(*problems, Problem.from_error(error)))
    if lost is not None:
        problems += fact_problems(article, *lost)
    return Effects(problems=tuple(problems))


def _readiness(root: Path, config: Config, article: Article, localized: list[Localized]) -> Effects:
    """Each translation not ready to print: a problem where the language is required,
    a warning where it is still in progress."""
    problems: list[Problem] = []
    warnings: list[str] = []
    for item in localized:
        if item.readiness is None or item.unreadable is not None:  # said where read
            continue
        catalog = Layout(root).shown(Layout(root).catalog(item.locale, article.meta.slug))
        problem = readiness_problem(article, item.readiness, catalog=catalog)
        required = config.required_languages
        if problem is not None and (required is None or item.locale.tag in required):
            problems.append(problem)
        elif problem is not None:  # a language in progress: said, not failed
            warnings.append(f"{problem.message[:-1]} (not in required_languages, so check passes).")
    return Effects(problems=tuple(problems), warnings=tuple(warnings))


def _checked_catalog(
    root: Path, locale: LocaleInfo, domain: str, glossary: list[GlossaryTerm]
) -> tuple[Translations | str | None, Effects]:
    """One catalog, read once for `check`: what it may publish, why it cannot be read
    (reported here), or None when it has no file; with its checks and held-back entries."""
    try:
        found = read_catalog(root, locale, domain)
        if found is None:
            return None, NOTHING
        text, shown = found
        header, entries, comments, held = read_entries(text, path=shown)
    except InputError as error:
        return str(error), Effects(problems=(Problem.from_error(error),))
    line = header_line(text, "Plural-Forms") or 1
    warning = plural_forms_warning(header, locale=locale, path=shown, line=line)
    problems = check_catalog(
        entries, locale=locale, path=shown, glossary=glossary, comments=comments
    )
    problems += [
        Problem(f"{shown}:{entry.line}: this entry is fuzzy. {note}", Outcome.CONTENT)
        for entry, note in held
    ]
    checked = Effects(problems=tuple(problems), warnings=() if warning is None else (warning,))
    try:
        return read_translations(text, path=shown, lang=locale.tag, locale=locale), checked
    except InputError as error:  # the header names another language, or miscounts plurals
        return str(error), checked + Effects(problems=(Problem.from_error(error),))


def run_status(root: Path, names: list[str] | None = None) -> Result:
    """Per article and language: entries and words by state, and ready to print or not."""
    config = load_config(root)
    rows: list[tuple[str, ...]] = []
    records: list[dict[str, Any]] = []
    labels, said = _read_labels(root, config, name_held=False)
    articles, loading = _load_all(root, names)
    parts = [said, loading]
    for article in articles:
        slug = article.meta.slug
        catalogs, read = read_catalogs(root, config.languages, [slug], keep_text=True)
        localized, localizing = localize_all(
            root, config, article, catalogs=labels | catalogs, name_held=False
        )
        parts += [read, localizing]
        for item in localized:
            if item.readiness is None:
                continue
            shown = Layout(root).shown(Layout(root).catalog(item.locale, slug))
            text = catalogs.texts.get((item.locale.tag, slug))
            stats = None
            if text is not None and item.unreadable is None:
                stats = catalog_stats(text, path=shown)
            record = _status_record(article, item, shown, stats)
            records.append(record)
            state = "ready" if record["ready"] else "not ready"
            rows.append(
                status_row(
                    slug,
                    item.locale.tag,
                    stats,
                    published=f"{shown_percent(item.readiness)}%",
                    state="cannot be read" if item.unreadable else state,
                )
            )
    parts.append(Effects(tables=(status_table(rows),)))
    return Result.of(total(parts), data={"status": records})


def _status_record(
    article: Article, item: Localized, shown: str, stats: CatalogStats | None
) -> dict[str, Any]:
    """One language of one article, as `status --json` gives it."""
    ready = item.readiness
    assert ready is not None  # a translation, never the source language
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
    return record


def _article_inputs(root: Path, config: Config, path: Path) -> list[str]:
    """An article's input files, as paths from the root (a library has thousands)."""
    slug = path.stem
    files = [Layout(root).shown(path), f"source/{ORIGINALS}/{slug}.md"]  # by convention
    layout = Layout(root)
    for locale in config.languages:
        files += layout.shown_catalogs(locale, (slug, LABELS_DOMAIN))  # issue 20: no pathlib
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
    config = load_config(root)
    with_english = config.bilingual if bilingual is None else bilingual
    layout = Layout(root)
    # A killed build's temporary files: a build of named articles leaves output/ (tens of
    # thousands of files in a large library, 0.05 s of one edited article's build, issue
    # 20) for the next whole build to walk; the catalogs are a tenth of that.
    for folder in (layout.locales,) if names else (layout.output, layout.locales):
        remove_stale_temporaries(folder)
    glossaries, read = read_glossaries(root, config)
    label_template, extracted = write_label_template(root)
    labels, updated = update(
        root, config, {LABELS_DOMAIN: label_template}, labels_date(), glossaries=glossaries
    )
    noticed = Effects.of(label_notices(labels, config.languages, name_held=True))
    cache = BuildCache.load(
        layout.build_cache, root=root, settings=_settings(config, pdf=pdf, bilingual=with_english)
    )
    paths = source_paths(root, names)
    replayed, todo, again = _fresh_or_todo(root, config, cache, paths, pdf=pdf)
    job = functools.partial(
        ArticleJob, root, config=config, pdf=pdf, bilingual=with_english, labels=labels,
        glossaries=glossaries, tables=len(paths) <= SHOWN_TABLES,
    )  # fmt: skip
    chosen = set(again) | set(todo)
    todo_jobs = [job(p, only_pdfs=p in again, plan_key=again.get(p)) for p in paths if p in chosen]
    outcomes, (indexed, built_index) = run_articles(
        todo_jobs, jobs=jobs, progress=progress, already=len(replayed) - len(again),
        of=len(paths), keep=_plan_keeper(root, config, cache),
        meanwhile=_index_writer(root, cache, paths, replayed, whole=not names),
    )  # fmt: skip
    gathered = _gather(root, config, cache, paths, replayed, outcomes, built_index)
    effects = total((read, extracted, updated, noticed, gathered, indexed))
    if len(paths) > SHOWN_TABLES:  # a library: the summary line, not a table per language
        effects = dataclasses.replace(effects, tables=())
    effects += _save(cache)
    reprinted = f", {len(again)} printed again" if again else ""
    summary = (
        f"{len(paths)} article{'s' if len(paths) != 1 else ''}: {len(todo)} built{reprinted}, "
        f"{len(replayed) - len(again)} unchanged; {len(effects.written)} files written."
    )
    return Result.of(effects, summary=summary)


def _save(cache: BuildCache) -> Effects:
    """The build cache, and what Babel answered (for the next command to skip it)."""
    keep_babel()
    try:
        cache.save()
    except OSError as error:
        return Effects(warnings=(f"output/.cache: not saved ({error.strerror or error}).",))
    return Effects()


BuiltIndex = dict[Path, list[IndexRecord]]  # a built article's index entries


def _index_writer(
    root: Path,
    cache: BuildCache,
    paths: list[Path],
    replayed: dict[Path, dict[str, Any]],
    *,
    whole: bool,
) -> Callable[[dict[Path, ArticleOutcome]], tuple[Effects, BuiltIndex]]:
    """What writes the index page from the built articles' outcomes, while their last
    PDFs print (the page does not show them; issue 20: an edited sentence with its
    PDFs), and gives back the built articles' entries for their build records. A build
    of named articles (not `whole`) lists the others as recorded."""

    def write(outcomes: dict[Path, ArticleOutcome]) -> tuple[Effects, BuiltIndex]:
        index, built = _index(paths, replayed, outcomes)
        if not whole:  # the other articles keep their place in the index
            index += _recorded_elsewhere(root, cache, paths)
        return write_index(root, index), built

    return write


def _plan_keeper(
    root: Path, config: Config, cache: BuildCache
) -> Callable[[ArticleOutcome], ArticleOutcome]:
    """What keeps each arriving article's print plan (`articles.kept`), under the key its
    build record will have: its inputs as the build leaves them."""

    def keep(outcome: ArticleOutcome) -> ArticleOutcome:
        key = cache.inputs_key(_article_inputs(root, config, root / outcome.source))
        return kept(outcome, root=root, config=config, key=key)

    return keep


PRINT_SETTINGS = ("paper", "max_pages", "pdf_engine")  # what only the PDFs depend on


def _settings(config: Config, *, pdf: bool, bilingual: bool) -> str:
    """Everything besides the inputs and the print settings that a build's outputs
    depend on: a change rebuilds all."""
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in PRINT_SETTINGS}
    return json.dumps(
        [settings, pdf, bilingual, pipeline_fingerprint(), os.environ.get("SOURCE_DATE_EPOCH")],
        sort_keys=True,
        default=str,
    )


def _print_settings(config: Config) -> str:
    """The settings only PDFs depend on: a change prints the PDFs again, nothing else."""
    return json.dumps([getattr(config, name) for name in PRINT_SETTINGS])


def _fresh_or_todo(
    root: Path, config: Config, cache: BuildCache, paths: list[Path], *, pdf: bool
) -> tuple[dict[Path, dict[str, Any]], list[Path], dict[Path, str]]:
    """The articles whose cached results are still true (replayed), those to build, and
    among the replayed those to print again, with their records' keys: issue 20, their
    last build differs from this one in its print settings alone (paper, engine), so
    their PDFs are printed again (from the data that build kept) and nothing else is
    rebuilt."""
    replayed: dict[Path, dict[str, Any]] = {}
    todo: list[Path] = []
    for path in paths:
        shown = Layout(root).shown(path)
        # No record, nothing to compare: its inputs are hashed once, after its build
        # (`_plan_keeper`), not here on one core before the workers start (issue 20).
        record = (
            cache.fresh(shown, cache.inputs_key(_article_inputs(root, config, path)))
            if cache.has_record(shown)
            else None
        )
        if record is None:
            todo.append(path)
        else:
            replayed[path] = record
    printing = _print_settings(config)
    again = {
        path: record["key"]
        for path, record in replayed.items()
        if pdf and record.get("print") != printing
    }
    return replayed, todo, again


def _gather(
    root: Path,
    config: Config,
    cache: BuildCache,
    paths: list[Path],
    replayed: dict[Path, dict[str, Any]],
    outcomes: dict[Path, ArticleOutcome],
    built_index: BuiltIndex,
) -> Effects:
    """Each article's outcome, in order, recorded in the build cache (with its index
    entries as `_index` made them); returns what the articles did, as one record."""
    parts: list[Effects] = []
    for path in paths:
        shown = Layout(root).shown(path)
        record, outcome = replayed.get(path), outcomes.get(path)
        if record is not None:
            warnings = record["warnings"] + ([] if outcome else record.get("print_warnings", []))
            parts.append(Effects(warnings=tuple(warnings), notes=tuple(record.get("notes", []))))
        if outcome is None:
            continue
        did = outcome.effects + outcome.printing
        parts.append(dataclasses.replace(did, targets=()))  # the cache keeps those
        if not outcome.is_built or did.problems:
            cache.forget(shown)  # problems are shown again on the next build
        elif record is not None:  # printed again: the rest of the record holds
            outputs = sorted(set(record["outputs"]) | set(outcome.printing.targets))
            cache.record(shown, record | _printing(config, outcome, outputs))
        else:
            # Recorded after the build, with the keys of the inputs as the build read them.
            built = {
                "key": cache.inputs_key(_article_inputs(root, config, path)),
                "index": built_index[path],
                "warnings": list(outcome.effects.warnings),
                "notes": list(outcome.effects.notes),
            }
            cache.record(shown, built | _printing(config, outcome, sorted(set(did.targets))))
    return total(parts)


def _index(
    paths: list[Path],
    replayed: dict[Path, dict[str, Any]],
    outcomes: dict[Path, ArticleOutcome],
) -> tuple[list[IndexRecord], BuiltIndex]:
    """The articles' index entries, in order: as recorded for those replayed (an
    article printed again keeps its entries), as built for the others; and the built
    ones' by article, made once for the page and the build records."""
    index: list[IndexRecord] = []
    built: BuiltIndex = {}
    for path in paths:
        record, outcome = replayed.get(path), outcomes.get(path)
        if record is not None:
            index += record["index"]
        elif outcome is not None:
            built[path] = [index_record(entry) for entry in outcome.index]
            index += built[path]
    return index, built


def _printing(config: Config, outcome: ArticleOutcome, outputs: list[str]) -> dict[str, Any]:
    """What a build record keeps of an article's printing: its outputs, the print settings
    its PDFs were printed with, and what printing them said."""
    return {
        "outputs": outputs,
        "print": _print_settings(config),
        "print_warnings": list(outcome.printing.warnings),
    }


def _recorded_elsewhere(root: Path, cache: BuildCache, paths: list[Path]) -> list[IndexRecord]:
    """The index entries of the articles not named in this build, from the cache."""
    layout = Layout(root)
    named = {layout.shown(path) for path in paths}
    index: list[IndexRecord] = []
    for other in source_paths(root, None):
        if layout.shown(other) not in named:
            index += cache.recorded_index(layout.shown(other))
    return index


def run_init(target: Path) -> Result:
    """A new content project in `target`: settings, folders, an example article."""
    from pipeline.project import init_project

    written = tuple(str(path) for path in init_project(target))
    messages = (
        f"created a plain-handouts project in {target.resolve()}",
        "next: edit pyproject.toml (languages), then run `handouts build` there; "
        "source/washing-your-hands.md is an example article",
    )
    effects = Effects(messages=messages, written=written)
    return Result.of(effects, summary=f"{len(written)} files written.")
