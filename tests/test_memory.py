"""memory.py: the publishable translations of a language's other article catalogs, kept
in a store beside the build cache so unchanged catalogs are not read again."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.locales import locale_info
from pipeline.memory import translation_memory
from pipeline.model import Remembered

ES = locale_info("es", origin="test")
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'


def _catalog(root: Path, name: str, body: str) -> Path:
    path = root / "locales/es/LC_MESSAGES" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, "utf-8")
    return path


def test_other_catalogs_translations_are_remembered(tmp_path: Path) -> None:
    this = _catalog(tmp_path, "this.po", 'msgid "Rest."\nmsgstr "Descanse (aquí)."\n')
    _catalog(tmp_path, "rest.po", 'msgid "Rest."\nmsgstr "Descanse."\n\nmsgid "Eat."\nmsgstr ""\n')
    _catalog(tmp_path, "fuzzy.po", '#, fuzzy\nmsgid "Drink."\nmsgstr "Beba."\n')
    _catalog(tmp_path, "handouts.po", 'msgid "Page"\nmsgstr "Página"\n')  # labels: not memory
    memory = translation_memory(tmp_path, ES, exclude=this)
    assert memory == {"Rest.": Remembered("Descanse.", "locales/es/LC_MESSAGES/rest.po")}


def test_the_store_is_used_until_a_catalog_changes(tmp_path: Path) -> None:
    this = tmp_path / "locales/es/LC_MESSAGES/this.po"
    rest = _catalog(tmp_path, "rest.po", 'msgid "Rest."\nmsgstr "Descanse."\n')
    translation_memory(tmp_path, ES, exclude=this)
    store = tmp_path / "output/.cache/memory"
    [kept] = list(store.iterdir())
    record = json.loads(kept.read_text("utf-8"))["locales/es/LC_MESSAGES/rest.po"]
    assert record["entries"] == {"Rest.": "Descanse."}
    # The store is believed while the catalog's size and time are as recorded...
    record["entries"] = {"Rest.": "Descanse (del almacén)."}
    kept.write_text(json.dumps({"locales/es/LC_MESSAGES/rest.po": record}), "utf-8")
    assert translation_memory(tmp_path, ES, exclude=this)["Rest."].msgstr == (
        "Descanse (del almacén)."
    )
    # ...and read again when the catalog changes.
    rest.write_text(HEADER + 'msgid "Rest."\nmsgstr "Repose."\n', "utf-8")
    assert translation_memory(tmp_path, ES, exclude=this)["Rest."].msgstr == "Repose."


def test_a_broken_catalog_is_left_to_its_own_build(tmp_path: Path) -> None:
    this = tmp_path / "locales/es/LC_MESSAGES/this.po"
    _catalog(tmp_path, "broken.po", 'msgid "Rest.\nmsgstr "x"\n')
    _catalog(tmp_path, "rest.po", 'msgid "Drink."\nmsgstr "Beba."\n')
    assert set(translation_memory(tmp_path, ES, exclude=this)) == {"Drink."}
