"""Orchestration and all file I/O: find inputs, run the stages per locale, write outputs."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalog import make_label_template, make_template, merge_catalog, read_translations
from pipeline.errors import InputError, Outcome, Problem
from pipeline.files import read_text, write_if_changed
from pipeline.locales import LocaleInfo, locale_info
from pipeline.localize import localize
from pipeline.model import Article, ReadabilityReport, Translations
from pipeline.readability import score_article
from pipeline.render_html import IndexEntry, render_handout, render_index
from pipeline.render_text import render_text
from pipeline.report import report_html, report_json, summary_lines
from pipeline.segment import segment_article
from pipeline.source import parse_source

LABELS_DOMAIN = "handouts"


@dataclass(frozen=True, slots=True)
class Config:
    languages: tuple[LocaleInfo, ...]  # the translations to build, besides the source language


@dataclass(slots=True)
class Result:
    """What a command did: lines for the terminal and problems for stderr."""

    messages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


def load_config(root: Path) -> Config:
    shown = "pyproject.toml"
    try:
        data = tomllib.loads(read_text(root / shown, shown_as=shown))
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}.", path=shown) from None
    settings = data.get("tool", {}).get("handouts", {})
    languages = settings.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise InputError("[tool.handouts] languages must be a list of locale codes.", path=shown)
    infos = tuple(locale_info(tag, origin=shown) for tag in languages)
    return Config(languages=tuple(sorted(set(infos), key=lambda i: i.tag)))


def build_date(article: Article) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the article's review date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError):
            raise InputError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}.",
                path="environment",
            ) from None
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
    path = (root / name).resolve()
    if not path.is_relative_to((root / "source").resolve()) or path.suffix != ".md":
        raise InputError("an article must be a .md file inside source/.", path=name)
    return path


def load_article(root: Path, path: Path) -> Article:
    shown = _relative(root, path)
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


def _write(root: Path, result: Result, path: Path, text: str) -> None:
    try:
        if write_if_changed(path, text):
            result.written.append(_relative(root, path))
    except OSError as error:
        result.problems.append(
            Problem(
                f"{_relative(root, path)}: cannot be written: {error.strerror or error}.",
                Outcome.INPUT,
            )
        )


def _score(article: Article) -> ReadabilityReport:
    return score_article(article, lang=article.meta.language)


def extract(root: Path, articles: list[Article], result: Result) -> dict[str, str]:
    """Write every template; returns them by domain for `update`."""
    templates: dict[str, str] = {}
    for article in articles:
        report = _score(article)
        grades = {s.segment_id: s.scores.grade_fk for s in report.segments}
        pot = make_template(article, grades=grades, created=build_date(article))
        templates[article.meta.slug] = pot
        _write(root, result, root / "locales" / f"{article.meta.slug}.pot", pot)
    if articles:
        created = max(build_date(a) for a in articles)
        labels = make_label_template(created=created)
        templates[LABELS_DOMAIN] = labels
        _write(root, result, root / "locales" / f"{LABELS_DOMAIN}.pot", labels)
    return templates


def update(
    root: Path, config: Config, templates: dict[str, str], result: Result, created: dt.datetime
) -> None:
    """Merge each template into each language's catalog, keeping every translation."""
    for locale in config.languages:
        for domain, template in sorted(templates.items()):
            path = _po_path(root, locale, domain)
            shown = _relative(root, path)
            try:
                existing = read_text(path, shown_as=shown) if path.exists() else None
                merged = merge_catalog(
                    template, existing, locale=locale, path=shown, created=created
                )
            except InputError as error:
                result.problems.append(Problem.from_error(error))
                continue
            _write(root, result, path, merged)


def _translations(root: Path, locale: LocaleInfo, domain: str) -> Translations | None:
    path = _po_path(root, locale, domain)
    if not path.exists():
        return None
    shown = _relative(root, path)
    return read_translations(read_text(path, shown_as=shown), path=shown, lang=locale.tag)


def write_reports(root: Path, articles: list[Article], result: Result) -> None:
    for article in articles:
        report = _score(article)
        base = root / "output" / "reports" / f"{article.meta.slug}.{report.lang}"
        _write(root, result, base.with_name(base.name + ".json"), report_json(report))
        _write(root, result, base.with_name(base.name + ".html"), report_html(report))
        result.messages.extend(summary_lines(report))


def write_handouts(root: Path, config: Config, articles: list[Article], result: Result) -> None:
    index: list[IndexEntry] = []
    for article in articles:
        source_locale = locale_info(article.meta.language, origin=article.path, line=None)
        for locale in (source_locale, *config.languages):
            if locale.tag == source_locale.tag and locale is not source_locale:
                continue
            try:
                if locale is source_locale:
                    translations = labels = None
                else:
                    translations = _translations(root, locale, article.meta.slug)
                    labels = _translations(root, locale, LABELS_DOMAIN)
                document, problems = localize(article, translations, labels, locale=locale)
            except InputError as error:  # a bad catalog costs one locale, not the whole run
                result.problems.append(Problem.from_error(error))
                continue
            result.problems.extend(problems)
            folder = root / "output" / locale.gettext_name
            _write(root, result, folder / f"{article.meta.slug}.html", render_handout(document))
            _write(root, result, folder / f"{article.meta.slug}.txt", render_text(document))
            title = document.sentence_joiner.join(
                "".join(getattr(n, "text", "") for n in s.inlines) for s in document.title
            )
            index.append(
                IndexEntry(
                    lang=locale.tag,
                    direction=locale.direction,
                    language_name=locale.native_name,
                    title=title,
                    href=f"{locale.gettext_name}/{article.meta.slug}.html",
                )
            )
    index.sort(key=lambda e: (e.lang != "en", e.lang, e.href))
    _write(
        root,
        result,
        root / "output" / "index.html",
        render_index(index, heading="Patient handouts"),
    )


def _load_all(root: Path, names: list[str] | None, result: Result) -> list[Article]:
    articles = []
    for path in source_paths(root, names):
        try:
            articles.append(load_article(root, path))
        except InputError as error:
            result.problems.append(Problem.from_error(error))
    return articles


def run_extract(root: Path, names: list[str] | None = None) -> Result:
    result = Result()
    extract(root, _load_all(root, names, result), result)
    return result


def run_update(root: Path, names: list[str] | None = None) -> Result:
    result = Result()
    config = load_config(root)
    articles = _load_all(root, names, result)
    templates = extract(root, articles, result)
    if articles:
        update(root, config, templates, result, max(build_date(a) for a in articles))
    return result


def run_report(root: Path, names: list[str] | None = None) -> Result:
    result = Result()
    write_reports(root, _load_all(root, names, result), result)
    return result


def run_build(root: Path, names: list[str] | None = None) -> Result:
    """Catalogs, reports and handouts for every article and configured language."""
    result = Result()
    config = load_config(root)
    articles = _load_all(root, names, result)
    templates = extract(root, articles, result)
    if articles:
        update(root, config, templates, result, max(build_date(a) for a in articles))
    write_reports(root, articles, result)
    write_handouts(root, config, articles, result)
    result.problems = list(dict.fromkeys(result.problems))  # a bad catalog fails update and build
    return result
