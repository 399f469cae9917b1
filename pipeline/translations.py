"""Catalog files: templates written, catalogs updated, each read once per process while
unchanged, and every article localized into each configured language."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog import (
    make_label_template,
    make_template,
    merge,
    read_translations,
    saved_by_windows_tool,
)
from pipeline.checks import (
    GlossaryTerm,
    glossary_note,
    parse_glossary,
)
from pipeline.config import Config
from pipeline.errors import InputError, Outcome, Problem
from pipeline.files import read_text
from pipeline.gates import (
    held_back,
    readiness,
)
from pipeline.inputs import build_date, epoch_date
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.locales import LocaleInfo
from pipeline.localize import localize
from pipeline.memory import translation_memory
from pipeline.model import (
    LABELS,
    Article,
    LocalizedDocument,
    Readiness,
    Translations,
)
from pipeline.outputs import write_output
from pipeline.terminal import (
    Result,
)


def write_template(root: Path, article: Article, result: Result) -> str:
    """An article's translation template (locales/<slug>.pot); returns its text for
    `update`."""
    template = make_template(article, created=build_date(article))
    write_output(root, result, Layout(root).template(article.meta.slug), template)
    return template


def write_label_template(root: Path, result: Result) -> str:
    """The template of the words every handout shares (locales/handouts.pot)."""
    labels = make_label_template(created=labels_date())
    write_output(root, result, Layout(root).template(LABELS_DOMAIN), labels)
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
        note = functools.partial(glossary_note, glossary=read_glossary(root, locale, result))
        for domain, template in sorted(templates.items()):
            path = Layout(root).catalog(locale, domain)
            shown = Layout(root).shown(path)
            try:
                existing = read_text(path, shown_as=shown) if path.exists() else None
                memory = (  # loaded once, and only if a new sentence needs it
                    functools.cache(
                        functools.partial(translation_memory, root, locale, exclude=path)
                    )
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
            write_output(root, result, path, merged.text)
            published[(locale.tag, domain)] = merged.translations
    return published


def _translations(root: Path, locale: LocaleInfo, domain: str) -> Translations | None:
    path = Layout(root).catalog(locale, domain)
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
    shown = Layout(root).shown(path)
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
    source_locale = article.meta.locale
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
                    shown = Layout(root).shown(Layout(root).catalog(locale, slug))
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
    shown = Layout(root).shown(Layout(root).catalog(locale, article.meta.slug))
    nothing = Translations(path=shown, lang=locale.tag, entries={})
    document, _ = localize(article, nothing, None, locale=locale)
    ready = readiness(article, document, threshold=config.threshold)
    return Localized(locale, document, False, ready, unreadable=str(error))


def read_glossary(root: Path, locale: LocaleInfo, result: Result) -> list[GlossaryTerm]:
    path = Layout(root).glossary(locale)
    if not path.exists():
        return []
    shown = Layout(root).shown(path)
    try:
        return parse_glossary(read_text(path, shown_as=shown), path=shown)
    except InputError as error:
        result.problems.append(Problem.from_error(error))
        return []


LABELS_REVISED = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)  # when the label set last changed


def labels_date() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return LABELS_REVISED if epoch is None else epoch_date(epoch)
