"""data/import-rules.yaml (or a project's own rules file) -> ImportRules, checked."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources

import yaml

from pipeline.errors import InputError
from pipeline.importer.metadata import (
    publishers_from,
)
from pipeline.importer.notices import (
    notice_classes_from,
)


@dataclass(frozen=True, slots=True)
class ImportRules:
    """Words and sizes that tell chrome from content, read from `data/import-rules.yaml`."""

    short_line_words: int
    heading_max_words: int
    item_max_words: int
    repeat_min: int
    repeat_min_near_chrome: int
    promo_max_words: int
    body_min_words: int
    wrap_width: int
    separators: frozenset[str]
    html_areas: Mapping[str, str]  # class or id token -> rule name
    stopwords: Mapping[str, frozenset[str]]  # language -> its most frequent words
    date_orders: Mapping[str, str]  # language -> "mdy" or "dmy"
    months: Mapping[str, int]
    minor_words: frozenset[str]
    action_verbs: frozenset[str]
    ad_labels: frozenset[str]
    ui_labels: frozenset[str]
    notice_stems: tuple[str, ...]
    toc_markers: frozenset[str]
    review_words: Mapping[str, str]  # word -> language, so a date is read in its language
    published_words: Mapping[str, str]
    future_words: tuple[str, ...]
    site_link_openers: tuple[str, ...]
    site_words: frozenset[str]
    speech_verbs: frozenset[str]
    video_words: frozenset[str]
    publisher_phrases: tuple[str, ...]
    url_labels: tuple[str, ...]
    breadcrumb_roots: frozenset[str]
    social_networks: frozenset[str]
    credentials: frozenset[str]
    icon_nouns: frozenset[str]
    icon_words: frozenset[str]
    site_phrases: tuple[str, ...]
    notice_classes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # class -> phrases
    image_openers: tuple[str, ...] = ()  # "illustration of": a picture's words
    metadata_labels: frozenset[str] = frozenset()  # "source", "revision state": a CMS field
    resource_words: tuple[str, ...] = ()  # "resources", "fact sheets": a pointer elsewhere
    publishers: Mapping[str, str] = field(default_factory=dict)  # host -> publisher name


_RULES_PATH = "pipeline/data/import-rules.yaml"
_INT_SETTINGS = (
    "short_line_words",
    "heading_max_words",
    "item_max_words",
    "repeat_min",
    "repeat_min_near_chrome",
    "promo_max_words",
    "body_min_words",
    "wrap_width",
)
_WORD_LISTS = (
    "stopwords",
    "minor_words",
    "action_verbs",
    "ad_labels",
    "ui_labels",
    "notice_stems",
    "toc_markers",
    "review_words",
    "published_words",
    "future_words",
    "site_link_openers",
    "site_words",
    "speech_verbs",
    "video_words",
    "publisher_phrases",
    "url_labels",
    "breadcrumb_roots",
    "social_networks",
    "image_openers",
    "metadata_labels",
    "resource_words",
)


@functools.cache
def default_import_rules() -> ImportRules:
    """The rules shipped with the pipeline."""
    text = resources.files("pipeline").joinpath("data/import-rules.yaml").read_text("utf-8")
    return parse_import_rules(text, path=_RULES_PATH)


# Long: one check per key of import-rules.yaml, each with its own line and message.
def parse_import_rules(text: str, *, path: str) -> ImportRules:
    """The text of an import-rules file -> ImportRules, or InputError saying what is wrong."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = (error.problem or "invalid YAML").rstrip(".")
        line = mark.line + 1 if mark else None
        raise InputError(
            f"the import rules are not valid YAML: {reason}.", path=path, line=line
        ) from None
    except yaml.YAMLError:
        raise InputError("the import rules are not valid YAML.", path=path) from None
    if not isinstance(data, dict):
        raise InputError("the import rules must be a mapping of settings.", path=path)

    def fail(key: str, expected: str) -> InputError:
        return InputError(f"'{key}' in the import rules must be {expected}.", path=path)

    def strings(value: object, key: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise fail(key, "a list of words")
        return [str(v) for v in value]

    def words(value: object, key: str) -> list[str]:
        return [w.casefold() for w in strings(value, key)]

    for key in _INT_SETTINGS:
        if not isinstance(data.get(key), int) or isinstance(data.get(key), bool):
            raise fail(key, "a whole number")
    languages = data.get("languages")
    if not isinstance(languages, dict) or not languages:
        raise fail("languages", "a mapping from language codes to word lists")
    merged: dict[str, set[str]] = {key: set() for key in _WORD_LISTS}
    stopwords: dict[str, frozenset[str]] = {}
    date_orders: dict[str, str] = {}
    months: dict[str, int] = {}
    review_words: dict[str, str] = {}
    published_words: dict[str, str] = {}
    for language, lists in languages.items():
        if not isinstance(lists, dict):
            raise fail(f"languages.{language}", "a mapping of word lists")
        for key in _WORD_LISTS:
            merged[key].update(words(lists.get(key), f"languages.{language}.{key}"))
        stopwords[str(language)] = frozenset(words(lists.get("stopwords"), "stopwords"))
        order = lists.get("numeric_date_order", "mdy")
        if order not in ("mdy", "dmy"):
            raise fail(f"languages.{language}.numeric_date_order", "'mdy' or 'dmy'")
        date_orders[str(language)] = order
        for word in words(lists.get("review_words"), "review_words"):
            review_words.setdefault(word, str(language))
        for word in words(lists.get("published_words"), "published_words"):
            published_words.setdefault(word, str(language))
        month_map = lists.get("months") or {}
        if not isinstance(month_map, dict) or not all(
            isinstance(v, int) and 1 <= v <= 12 for v in month_map.values()
        ):
            raise fail(f"languages.{language}.months", "a mapping of month names to 1-12")
        months.update({str(k).casefold(): v for k, v in month_map.items()})
    areas = data.get("html_areas") or {}
    if not isinstance(areas, dict):
        raise fail("html_areas", "a mapping from rule names to class tokens")
    area_tokens = {
        token: str(rule) for rule, tokens in areas.items() for token in words(tokens, "html_areas")
    }
    phrases = data.get("site_phrases") or []
    if not isinstance(phrases, list) or not all(
        isinstance(p, dict) and isinstance(p.get("phrase"), str) and p.get("why") for p in phrases
    ):
        raise fail("site_phrases", "a list of {phrase, why} entries")

    def tuple_of(key: str) -> tuple[str, ...]:
        return tuple(sorted(merged[key], key=lambda w: (-len(w), w)))  # longest first

    return ImportRules(
        **{key: data[key] for key in _INT_SETTINGS},
        separators=frozenset(strings(data.get("separators"), "separators")),
        html_areas=area_tokens,
        stopwords=stopwords,
        date_orders=date_orders,
        months=months,
        minor_words=frozenset(merged["minor_words"]),
        action_verbs=frozenset(merged["action_verbs"]),
        ad_labels=frozenset(merged["ad_labels"]),
        ui_labels=frozenset(merged["ui_labels"]),
        notice_stems=tuple_of("notice_stems"),
        toc_markers=frozenset(merged["toc_markers"]),
        review_words=review_words,
        published_words=published_words,
        future_words=tuple_of("future_words"),
        site_link_openers=tuple_of("site_link_openers"),
        site_words=frozenset(merged["site_words"]),
        speech_verbs=frozenset(merged["speech_verbs"]),
        video_words=frozenset(merged["video_words"]),
        publisher_phrases=tuple_of("publisher_phrases"),
        url_labels=tuple_of("url_labels"),
        breadcrumb_roots=frozenset(merged["breadcrumb_roots"]),
        social_networks=frozenset(merged["social_networks"]),
        credentials=frozenset(strings(data.get("credentials"), "credentials")),
        icon_nouns=frozenset(words(data.get("icon_nouns"), "icon_nouns")),
        icon_words=frozenset(words(data.get("icon_words"), "icon_words")),
        site_phrases=tuple(p["phrase"].casefold() for p in phrases),
        notice_classes=notice_classes_from(data.get("notice_classes"), fail),
        image_openers=tuple_of("image_openers"),
        metadata_labels=frozenset(merged["metadata_labels"]),
        resource_words=tuple_of("resource_words"),
        publishers=publishers_from(data.get("publishers"), fail),
    )
