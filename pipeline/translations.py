"""Catalog files: templates written, catalogs merged or read once per command (a
`Catalogs` record), and every article localized into each configured language from it."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
from pipeline.errors import InputError, Problem
from pipeline.files import read_text
from pipeline.gates import (
    held_back,
    readiness,
)
from pipeline.inputs import build_date, epoch_date
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.locales import LocaleInfo
from pipeline.localize import label_problems, localize
from pipeline.memory import translation_memory
from pipeline.model import (
    LABELS,
    Article,
    LocalizedDocument,
    Readiness,
    Translations,
)
from pipeline.outputs import write_output
from pipeline.terminal import NOTHING, Effects, total

CatalogKey = tuple[str, str]  # (BCP 47 tag, domain): one catalog file
Glossaries = Mapping[str, Sequence[GlossaryTerm]]  # by BCP 47 tag


@dataclass(frozen=True, slots=True)
class Catalogs:
    """The catalogs a command works from, each merged or read once, by (tag, domain).

    A catalog that cannot be read is reported once, where it is read, and only named
    here, so no later consumer reports it again. A key in neither map has no file yet:
    nothing of it is translated."""

    read: Mapping[CatalogKey, Translations] = field(default_factory=dict)
    unreadable: Mapping[CatalogKey, str] = field(default_factory=dict)  # why, as reported
    texts: Mapping[CatalogKey, str] = field(default_factory=dict)  # only when asked for

    def __or__(self, other: Catalogs) -> Catalogs:
        return Catalogs(
            {**self.read, **other.read},
            {**self.unreadable, **other.unreadable},
            {**self.texts, **other.texts},
        )


def write_template(root: Path, article: Article) -> tuple[str, Effects]:
    """An article's translation template (locales/<slug>.pot), and its text for
    `update`."""
    template = make_template(article, created=build_date(article))
    return template, write_output(root, Layout(root).template(article.meta.slug), template)


def write_label_template(root: Path) -> tuple[str, Effects]:
    """The template of the words every handout shares (locales/handouts.pot)."""
    labels = make_label_template(created=labels_date())
    return labels, write_output(root, Layout(root).template(LABELS_DOMAIN), labels)


def update(
    root: Path,
    config: Config,
    templates: dict[str, str],
    created: dt.datetime,
    *,
    glossaries: Glossaries,
) -> tuple[Catalogs, Effects]:
    """Merge each template into each language's catalog, keeping every translation.

    Sentences already translated in the language's other catalogs are offered as
    translation memory. Returns what each updated catalog may publish (or why it cannot
    be read, reported here), so the command never reads it back.
    """
    published: dict[CatalogKey, Translations] = {}
    unreadable: dict[CatalogKey, str] = {}
    said: list[Effects] = []
    for locale in config.languages:
        note = functools.partial(glossary_note, glossary=list(glossaries.get(locale.tag, ())))
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
                said.append(Effects(problems=(Problem.from_error(error),)))
                unreadable[(locale.tag, domain)] = str(error)
                continue
            saved = None if existing is None else saved_by_windows_tool(existing)
            if saved and merged.text != existing:  # kept as it was while nothing changed
                said.append(  # said once, when the file changes: not a warning
                    Effects(
                        messages=(
                            f"{shown}: read with {saved}; written back without them, as GNU "
                            "gettext writes catalogs.",
                        )
                    )
                )
            said.append(write_output(root, path, merged.text))
            published[(locale.tag, domain)] = merged.translations
    return Catalogs(published, unreadable), total(said)


def read_catalog(root: Path, locale: LocaleInfo, domain: str) -> tuple[str, str] | None:
    """A catalog's text and the path it is shown by, or None while it has no file."""
    path = Layout(root).catalog(locale, domain)
    if not path.exists():
        return None
    shown = Layout(root).shown(path)
    return read_text(path, shown_as=shown), shown


def read_catalogs(
    root: Path,
    locales: Iterable[LocaleInfo],
    domains: Iterable[str],
    *,
    keep_text: bool = False,
) -> tuple[Catalogs, Effects]:
    """Each of these catalogs read once; one that cannot be read is reported here. With
    `keep_text`, the texts stay too, for a consumer that counts them (`status`)."""
    read: dict[CatalogKey, Translations] = {}
    unreadable: dict[CatalogKey, str] = {}
    texts: dict[CatalogKey, str] = {}
    problems: list[Problem] = []
    for locale in locales:
        for domain in domains:
            key = (locale.tag, domain)
            try:
                found = read_catalog(root, locale, domain)
                if found is None:
                    continue
                text, shown = found
                read[key] = read_translations(text, path=shown, lang=locale.tag, locale=locale)
            except InputError as error:
                problems.append(Problem.from_error(error))
                unreadable[key] = str(error)
                continue
            if keep_text:
                texts[key] = text
    return Catalogs(read, unreadable, texts), Effects(problems=tuple(problems))


def label_notices(
    catalogs: Catalogs, locales: Iterable[LocaleInfo], *, name_held: bool
) -> list[Problem]:
    """What is wrong with each language's label catalog, said once per command, not once
    per article it serves. With `name_held`, each label shown in English is named."""
    problems: list[Problem] = []
    for locale in locales:
        labels = catalogs.read.get((locale.tag, LABELS_DOMAIN))
        if labels is None:
            continue
        problems += label_problems(labels)
        if name_held:
            keys = [(None, label.msgid) for label in LABELS]
            problems += held_back(keys, labels, is_printed=False)
    return problems


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
    *,
    catalogs: Catalogs | None = None,
    name_held: bool = True,
) -> tuple[list[Localized], Effects]:
    """The source language and every configured translation, from `catalogs` (the
    article's and the label catalogs, as the command merged or read them; read here when
    not given). A catalog that cannot be read costs its language, and was reported where
    it was read. With `name_held`, each entry shown in English is named (`check` names
    them its own way)."""
    slug = article.meta.slug
    said = NOTHING
    if catalogs is None:
        catalogs, said = read_catalogs(root, config.languages, (slug, LABELS_DOMAIN))
    problems: list[Problem] = []
    source_locale = article.meta.locale
    localized = [_localized_source(article, config)]
    for locale in config.languages:
        if locale.tag == source_locale.tag:
            continue
        why = catalogs.unreadable.get((locale.tag, slug)) or catalogs.unreadable.get(
            (locale.tag, LABELS_DOMAIN)
        )
        if why is not None:  # the language keeps its row and card, saying why
            localized.append(_unreadable(root, config, article, locale, why))
            continue
        translations = catalogs.read.get((locale.tag, slug)) or _nothing(root, locale, slug)
        labels = catalogs.read.get((locale.tag, LABELS_DOMAIN))
        document, found = localize(
            article, translations, labels, locale=locale, clinic=config.clinic
        )
        ready = readiness(article, document, threshold=config.threshold)
        problems += found
        if name_held:
            is_printed = ready.is_ready and not article.meta.unfinished
            keys = [(s.msgctxt, s.msgid) for s in article.segments]
            problems += held_back(keys, translations, is_printed=is_printed)
        localized.append(Localized(locale, document, False, ready))
    return localized, said + Effects.of(problems)


def _localized_source(article: Article, config: Config) -> Localized:
    """The article in its own language: nothing to translate, nothing to report."""
    document, _ = localize(article, None, None, locale=article.meta.locale, clinic=config.clinic)
    return Localized(article.meta.locale, document, True, None)


def _nothing(root: Path, locale: LocaleInfo, domain: str) -> Translations:
    """A catalog with no file yet: nothing of it is translated."""
    shown = Layout(root).shown(Layout(root).catalog(locale, domain))
    return Translations(path=shown, lang=locale.tag, entries={})


def _unreadable(
    root: Path, config: Config, article: Article, locale: LocaleInfo, why: str
) -> Localized:
    """A language whose catalog cannot be read: the article as it stands with nothing
    translated, so it is never printed but still has its row in `status` and its card."""
    document, _ = localize(article, _nothing(root, locale, article.meta.slug), None, locale=locale)
    ready = readiness(article, document, threshold=config.threshold)
    return Localized(locale, document, False, ready, unreadable=why)


def read_glossary(root: Path, locale: LocaleInfo) -> tuple[list[GlossaryTerm], Effects]:
    path = Layout(root).glossary(locale)
    if not path.exists():
        return [], NOTHING
    shown = Layout(root).shown(path)
    try:
        return parse_glossary(read_text(path, shown_as=shown), path=shown), NOTHING
    except InputError as error:
        return [], Effects(problems=(Problem.from_error(error),))


def read_glossaries(root: Path, config: Config) -> tuple[dict[str, list[GlossaryTerm]], Effects]:
    """Each language's glossary, read (and a bad one reported) once per command."""
    read = {locale.tag: read_glossary(root, locale) for locale in config.languages}
    return {tag: terms for tag, (terms, _) in read.items()}, total(e for _, e in read.values())


LABELS_REVISED = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)  # when the label set last changed


def labels_date() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return LABELS_REVISED if epoch is None else epoch_date(epoch)
