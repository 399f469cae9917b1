"""translations.py: catalog files read once per command (one that cannot be read reported
there and only named afterwards), the label template's date, and what is wrong with a
language's label catalog said once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.errors import Outcome
from pipeline.locales import locale_info
from pipeline.translations import (
    LABELS_REVISED,
    Catalogs,
    label_notices,
    labels_date,
    read_catalog,
    read_catalogs,
)

ES = locale_info("es", origin="test")
FR = locale_info("fr", origin="test")


def _catalog(root: Path, folder: str, domain: str, body: str) -> None:
    path = root / "locales" / folder / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {folder}\\n"\n\n'
    )
    path.write_text(header + body, "utf-8")


def test_a_catalog_is_read_with_the_path_it_is_shown_by(tmp_path: Path) -> None:
    _catalog(tmp_path, "es", "rest", 'msgid "Rest."\nmsgstr "Descanse."\n')
    found = read_catalog(tmp_path, ES, "rest")
    assert found is not None
    text, shown = found
    assert shown == "locales/es/LC_MESSAGES/rest.po"
    assert 'msgstr "Descanse."' in text
    assert read_catalog(tmp_path, FR, "rest") is None  # no file yet: nothing translated


def test_each_catalog_read_once_and_a_broken_one_reported_once(tmp_path: Path) -> None:
    _catalog(tmp_path, "es", "rest", 'msgid "Rest."\nmsgstr "Descanse."\n')
    _catalog(tmp_path, "fr", "rest", 'msgid "Rest.\nmsgstr "Reposez-vous."\n')
    catalogs, result = read_catalogs(tmp_path, [ES, FR], ["rest", "other"])
    assert catalogs.read["es", "rest"].entries[None, "Rest."].msgstr == "Descanse."
    assert list(catalogs.unreadable) == [("fr", "rest")]
    assert [p.message.split(":")[0] for p in result.problems] == ["locales/fr/LC_MESSAGES/rest.po"]
    assert ("es", "other") not in catalogs.read  # no file: neither read nor broken
    merged = catalogs | Catalogs(unreadable={("es", "other"): "why"})
    assert set(merged.unreadable) == {("fr", "rest"), ("es", "other")}


def test_a_label_catalog_s_bad_entry_is_named(tmp_path: Path) -> None:
    _catalog(
        tmp_path,
        "es",
        "handouts",
        'msgid "Phone: {phone}"\nmsgstr "Teléfono"\n\n'
        '#, fuzzy\nmsgid "Your care team"\nmsgstr "Su equipo"\n',
    )
    catalogs, _ = read_catalogs(tmp_path, [ES], ["handouts"])
    problems = label_notices(catalogs, [ES, FR], name_held=False)  # French: no catalog
    assert [(p.message, p.outcome) for p in problems] == [
        (
            "locales/es/LC_MESSAGES/handouts.po:6: this msgstr drops a placeholder of its "
            "msgid ({phone}); the English label is shown.",
            Outcome.INPUT,
        )
    ]
    named = label_notices(catalogs, [ES], name_held=True)  # and each label shown in English
    assert [p.outcome for p in named] == [Outcome.INPUT, Outcome.OK]
    assert named[1].message.startswith(
        "locales/es/LC_MESSAGES/handouts.po:10: this msgstr is fuzzy"
    )


def test_the_label_template_date_is_fixed_unless_the_epoch_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert labels_date() == LABELS_REVISED
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert labels_date() == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
