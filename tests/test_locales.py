"""Locale codes: validated in one place, spelled right for HTML, gettext and Babel."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import gettext_tool

from pipeline import locales
from pipeline.errors import InputError
from pipeline.locales import known_plurals, locale_info, parse_plural_forms


@pytest.mark.parametrize(
    ("code", "tag", "folder", "babel", "direction", "name"),
    [
        ("es", "es", "es", "es", "ltr", "Español"),
        ("zh-hans", "zh-Hans", "zh_Hans", "zh_Hans", "ltr", "中文 (简体)"),
        ("zh_Hans", "zh-Hans", "zh_Hans", "zh_Hans", "ltr", "中文 (简体)"),
        ("ar", "ar", "ar", "ar", "rtl", "العربية"),
        ("tl", "tl", "tl", "fil_PH", "ltr", "Filipino"),
        ("pt-br", "pt-BR", "pt_BR", "pt_BR", "ltr", "Português (Brasil)"),
    ],
)
def test_spellings(code: str, tag: str, folder: str, babel: str, direction: str, name: str) -> None:
    info = locale_info(code, origin="pyproject.toml")
    assert (info.tag, info.gettext_name, info.babel_name, info.direction, info.native_name) == (
        tag,
        folder,
        babel,
        direction,
        name,
    )


@pytest.mark.parametrize(
    ("code", "language", "script", "is_rtl"),
    [
        ("es-419", "es", None, False),
        ("zh_hans", "zh", "Hans", False),
        ("sr-Latn-RS", "sr", "Latn", False),
        ("ar", "ar", None, True),
        ("tl", "tl", None, False),  # Babel calls it fil_PH; the language asked for stays
    ],
)
def test_a_tag_is_taken_apart_once_here(
    code: str, language: str, script: str | None, is_rtl: bool
) -> None:
    """Stages ask the validated locale for its parts instead of splitting tags again."""
    info = locale_info(code, origin="x")
    assert (info.language, info.script, info.is_rtl) == (language, script, is_rtl)


SPANISH_GETTEXT = "nplurals=2; plural=(n != 1);"
SPANISH_CLDR = "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"
ARABIC_GETTEXT = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5;"
)


def test_plural_rules_come_from_the_repository_not_from_babel() -> None:
    tree = ast.parse(Path(locales.__file__).read_text("utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(name and name.startswith("babel.messages") for name in imported)
    assert locale_info("es", origin="x").plural_forms == SPANISH_GETTEXT


@pytest.mark.parametrize(
    ("tag", "header", "who"),
    [
        ("es", SPANISH_GETTEXT, "msginit"),
        ("es", "nplurals=2; plural=n != 1;", "msginit"),  # Weblate's spelling, same rule
        ("es", SPANISH_CLDR, "CLDR"),
        ("ar", ARABIC_GETTEXT, "gettext manual"),
        ("ru", "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
         "(n%100<12 || n%100>14) ? 1 : 2;", "msginit"),  # Babel's text, gettext's behaviour
        ("tl", "nplurals=2; plural=(n > 1);", "Poedit"),
        ("zh-Hans", "nplurals=1; plural=0;", "msginit"),
    ],
)  # fmt: skip
def test_known_rules_are_recognised_by_behaviour(tag: str, header: str, who: str) -> None:
    known = known_plurals(tag)
    assert known is not None
    assert who in (known.recognise(parse_plural_forms(header)) or "")


def test_babel_218_arabic_rule_swaps_forms_4_and_5() -> None:
    swapped = parse_plural_forms(
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=0 && n%100<=2 ? 4 : 5);"
    )
    gettext_rule = parse_plural_forms(ARABIC_GETTEXT)
    known = known_plurals("ar")
    assert known is not None
    assert known.recognise(swapped) is None
    assert len(swapped.differences(gettext_rule)) == 917
    assert (swapped.forms[11], gettext_rule.forms[11]) == (5, 4)
    assert [gettext_rule.forms[n] for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103)] == [
        0, 1, 2, 3, 3, 4, 4, 5, 5, 3,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("nplurals=2; plural=(n != );", "does not parse"),
        ("nplurals=2; plural=n ? 1 :;", "does not parse"),
        ("nplurals=2; plural=import os;", "does not parse"),
        ("nplurals=2; plural=n > 1 ? 2 : 0;", "picks form 2 for n = 2"),
        ("nplurals=1; plural=1 % (n - n);", "divides by zero"),
        ("nplurals=0; plural=0;", "at least one form"),
        ("plural=(n != 1);", "is not"),
    ],
)
def test_what_msgfmt_refuses_is_refused(header: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_plural_forms(header)


def test_every_recorded_rule_parses_and_new_catalogs_get_the_first() -> None:
    for tag in ("en", "es", "ar", "ko", "ru", "tl", "vi", "zh-Hans", "pt-BR", "fil"):
        known = known_plurals(tag)
        assert known is not None, tag
        assert locale_info(tag, origin="x").plural_forms == known.new.header


MSGINIT_TABLE = ["en", "es", "fr", "it", "pt", "pt_BR", "de", "ru", "uk", "pl", "ko", "vi", "ja"]


@pytest.mark.parametrize("name", MSGINIT_TABLE)
def test_new_catalogs_get_what_msginit_writes(name: str, tmp_path: Path) -> None:
    template = tmp_path / "t.pot"
    template.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8"
    )
    written = subprocess.run(
        [gettext_tool("msginit"), "--no-translator", "-l", name, "-i", str(template), "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    header = "".join(line.strip('"') for line in written.splitlines() if line.startswith('"'))
    found = re.search(r"Plural-Forms: (.*?)\\n", header)
    assert found is not None
    ours = parse_plural_forms(locale_info(name, origin="x").plural_forms)
    assert parse_plural_forms(found.group(1)).same_as(ours)


@pytest.mark.parametrize("code", ["xx", "../x", "/etc", "es es", "", "e"])
def test_bad_codes_name_their_origin(code: str) -> None:
    with pytest.raises(InputError) as caught:
        locale_info(code, origin="pyproject.toml", line=3)
    assert str(caught.value).startswith("pyproject.toml:3: ")


def test_every_recorded_rule_parses() -> None:
    # Parsed when a language asks for them; a bad row must still fail a test.
    for key in locales._plural_rows():
        assert locales._known(key) is not None, key


BABEL_TAGS = ["en", "es", "ar", "zh-Hans", "pt-BR", "ko", "fil", "sr-Latn"]


def _fresh_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locales, "_MEMO", locales._Memo())
    locales._lookup.cache_clear()


def test_babels_answers_kept_and_recalled_give_the_same_facts_and_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from babel.dates import format_date

    _fresh_memo(monkeypatch)
    days = [dt.date(2024, 5, 3), dt.date(1999, 12, 31)]
    asked = [locale_info(tag, origin="x") for tag in BABEL_TAGS]
    written = {(i.tag, d): locales.long_date(d, i) for i in asked for d in days}
    for (tag, day), text in written.items():
        babel_name = locale_info(tag, origin="x").babel_name
        assert text == format_date(day, format="long", locale=babel_name)
    answers = locales.recalled()
    assert answers is not None
    assert locales.recalled() is None  # nothing new since
    kept = json.loads(json.dumps(answers))  # as the edge keeps them

    _fresh_memo(monkeypatch)
    locales.remember(kept)

    def no_babel(*args: object, **kwargs: object) -> None:
        raise AssertionError("Babel asked again")

    monkeypatch.setattr("babel.Locale.parse", no_babel)
    monkeypatch.setattr("babel.dates.format_date", no_babel)
    assert [locale_info(tag, origin="x") for tag in BABEL_TAGS] == asked
    assert {(i.tag, d): locales.long_date(d, i) for i in asked for d in days} == written
    assert locales.recalled() is None  # recalled, not learned


def test_a_locale_not_seen_before_still_asks_babel(monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh_memo(monkeypatch)
    locales.remember({"facts": [["es", "es", "ltr", "Español", "Spanish"]], "dates": []})
    assert locale_info("de", origin="x").english_name == "German"
    answers = locales.recalled()
    assert answers is not None
    assert [row[0] for row in answers["facts"]] == ["de", "es"]
    with pytest.raises(InputError):
        locale_info("xx-Nowhere", origin="x")


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"facts": "es", "dates": []},
        {"facts": [["es", "es", "ltr", "Español"]], "dates": []},  # a fact missing
        {"facts": [], "dates": [["es", "2024-05-03", 3]]},
    ],
)
def test_malformed_answers_are_refused_whole(
    answers: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh_memo(monkeypatch)
    with pytest.raises(ValueError, match="not Babel's answers"):
        locales.remember(answers)
    assert locales._MEMO.facts == {}
    assert locales._MEMO.dates == {}
