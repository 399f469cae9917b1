"""POT and PO files: GNU gettext accepts them, and a merge never loses a translation."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polib
import pytest
from conftest import COMMITTED_CATALOGS, ROOT, article_of, msgfmt_check
from hypothesis import given
from hypothesis import strategies as st

from pipeline.catalog import (
    catalog_stats,
    header_line,
    make_label_template,
    make_template,
    merge,
    read_translations,
)
from pipeline.errors import InputError
from pipeline.locales import locale_info

CREATED = dt.datetime(2025, 6, 17, tzinfo=dt.UTC)
ES = locale_info("es", origin="test")


article = article_of


def template(body: str) -> str:
    return make_template(article(body), created=CREATED)


def translate(po_text: str, translations: dict[str, str]) -> str:
    catalog = polib.pofile(po_text)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    return str(catalog)


def entries(po_text: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(po_text)}


def test_template_entry_has_context_for_translators() -> None:
    pot = template("## Care\n\nRest a lot. See [the guide](https://example.org/g).\n")
    entry = entries(pot)["See {1}the guide{/1}."]
    assert entry.occurrences == [("source/test.md#care-p1", "")]
    assert "Section: Care" in entry.comment
    assert "{1}...{/1}: link to https://example.org/g" in entry.comment
    assert "Before: Rest a lot." in entry.comment
    assert entry.msgstr == ""
    assert "https://example.org/g" not in entry.msgid


def test_identical_sentences_share_one_entry() -> None:
    pot = template("Rest.\n\n## Care\n\nRest.\n")
    entry = entries(pot)["Rest."]
    assert entry.occurrences == [("source/test.md#intro-p1", ""), ("source/test.md#care-p1", "")]


def test_no_entry_carries_a_reading_grade() -> None:
    """Translators get context, not scores: a grade in every entry was noise to them, and
    a change to the syllable rules rewrote every catalog."""
    pot = template("## Care\n\nAdminister the medication prophylactically twice daily.\n")
    # A catalog written before the grade went out: each entry still has one.
    old = re.sub(
        r"^#: ",
        "#. Reading grade (Flesch-Kincaid): 3.1\n#: ",
        translate(
            merge(pot, None, locale=ES, path="es.po", created=CREATED).text,
            {"Care": "Cuidados"},
        ),
        flags=re.MULTILINE,
    )
    assert old.count("Reading grade") == 3  # the title, the heading and the sentence
    merged = merge(pot, old, locale=ES, path="es.po", created=CREATED).text
    for text in (pot, merged):
        assert all("grade" not in e.comment.lower() for e in polib.pofile(text))
    assert entries(merged)["Care"].msgstr == "Cuidados"
    committed = [*(ROOT / "locales").glob("*.pot"), *(ROOT / "locales").glob("*/*/*.po")]
    assert committed
    assert [p.name for p in committed if "Reading grade" in p.read_text("utf-8")] == []


@pytest.mark.parametrize(
    "name",
    COMMITTED_CATALOGS,
)
def test_gnu_msgfmt_accepts_every_catalog(name: str, tmp_path: Path) -> None:
    result = msgfmt_check(ROOT / "locales" / name, tmp_path)
    assert result.returncode == 0, result.stderr


def test_gnu_msgfmt_accepts_generated_files(tmp_path: Path) -> None:
    pot = template('## Care\n\nA "quoted"\tword and a \\\\ slash, 50% off. {braces} too.\n')
    merged = merge(pot, None, locale=ES, path="es.po", created=CREATED).text
    for name, text in (
        ("t.pot", pot),
        ("t.po", merged),
        ("l.pot", make_label_template(created=CREATED)),
    ):
        (tmp_path / name).write_text(text, "utf-8")
        result = msgfmt_check(tmp_path / name, tmp_path)
        assert result.returncode == 0, result.stderr


def test_new_catalog_header() -> None:
    merged = polib.pofile(
        merge(template("Rest.\n"), None, locale=ES, path="es.po", created=CREATED).text
    )
    assert merged.metadata["Language"] == "es"
    assert merged.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert merged.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert merged.metadata["POT-Creation-Date"] == "2025-06-17 00:00+0000"


def test_update_keeps_marks_fuzzy_and_keeps_obsolete() -> None:
    old_pot = template("Take one tablet each morning with food.\n\nRest a lot.\n\nDrink water.\n")
    po = translate(
        merge(old_pot, None, locale=ES, path="es.po", created=CREATED).text,
        {
            "Take one tablet each morning with food.": "Tome una tableta cada mañana con comida.",
            "Rest a lot.": "Descanse mucho.",
            "Drink water.": "Beba agua.",
        },
    )
    po = po.replace('msgid "Rest a lot."', '# checked by Ana\nmsgid "Rest a lot."')
    new_pot = template("Take one tablet each morning with breakfast.\n\nRest a lot.\n")
    merged = entries(merge(new_pot, po, locale=ES, path="es.po", created=CREATED).text)
    assert merged["Rest a lot."].msgstr == "Descanse mucho."
    assert merged["Rest a lot."].tcomment == "checked by Ana"
    assert "fuzzy" not in merged["Rest a lot."].flags
    changed = merged["Take one tablet each morning with breakfast."]
    assert changed.msgstr == "Tome una tableta cada mañana con comida."
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "Take one tablet each morning with food."
    assert merged["Drink water."].obsolete
    assert merged["Drink water."].msgstr == "Beba agua."


def test_a_removed_sentence_returns_with_its_translation() -> None:
    pot = template("Rest a lot.\n\nDrink water.\n")
    po = translate(
        merge(pot, None, locale=ES, path="es.po", created=CREATED).text,
        {"Drink water.": "Beba agua."},
    )
    removed = merge(template("Rest a lot.\n"), po, locale=ES, path="es.po", created=CREATED).text
    back = entries(merge(pot, removed, locale=ES, path="es.po", created=CREATED).text)
    assert back["Drink water."].msgstr == "Beba agua."
    assert not back["Drink water."].obsolete


def test_update_twice_changes_nothing() -> None:
    pot = template("Take one tablet.\n\nRest.\n")
    once = merge(pot, None, locale=ES, path="es.po", created=CREATED).text
    assert merge(pot, once, locale=ES, path="es.po", created=CREATED).text == once


def test_only_publishable_entries_are_read() -> None:
    po = translate(
        merge(
            template("One.\n\nTwo.\n\nThree.\n"), None, locale=ES, path="es.po", created=CREATED
        ).text,
        {"One.": "Uno.", "Two.": "Dos."},
    )
    po = po.replace('msgid "Two."', '#, fuzzy\nmsgid "Two."')
    read = read_translations(po, path="es.po", lang="es")
    assert {k[1]: v.msgstr for k, v in read.entries.items()} == {"One.": "Uno."}
    stats = catalog_stats(po, path="es.po")
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (1, 1, 2)  # and the title


def test_syntax_error_names_file_and_line() -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    broken = header + 'msgid "One."\nmsgstr "Uno.\n'
    with pytest.raises(InputError) as caught:
        read_translations(broken, path="locales/es/LC_MESSAGES/x.po", lang="es")
    assert str(caught.value).startswith("locales/es/LC_MESSAGES/x.po:")
    assert caught.value.line is not None


_sentence = st.text(alphabet="abcdefgh ", min_size=3, max_size=30).map(
    lambda s: s.strip().capitalize() + "."
)


@given(
    old=st.lists(_sentence, min_size=1, max_size=6, unique=True),
    new=st.lists(_sentence, min_size=1, max_size=6, unique=True),
)
def test_update_never_loses_a_translation(old: list[str], new: list[str]) -> None:
    old = [s for s in old if len(s) > 1]
    new = [s for s in new if len(s) > 1]
    if not old or not new:
        return
    po = translate(
        merge(template("\n\n".join(old)), None, locale=ES, path="es.po", created=CREATED).text,
        {s: f"ES {s}" for s in old},
    )
    merged = polib.pofile(
        merge(template("\n\n".join(new)), po, locale=ES, path="es.po", created=CREATED).text
    )
    kept = {e.msgstr for e in merged if e.msgstr}
    before = {e.msgstr for e in polib.pofile(po) if e.msgstr}
    assert before <= kept


def test_an_entry_the_template_lacks_becomes_obsolete_when_nothing_else_changed() -> None:
    pot = template("Rest a lot.\n")
    po = merge(pot, None, locale=ES, path="es.po", created=CREATED).text
    po = translate(po, {"Rest a lot.": "Descanse mucho."})
    po += '\n#: source/test.md#intro-p2\nmsgid "Drink water."\nmsgstr "Beba agua."\n'
    updated = merge(pot, po, locale=ES, path="es.po", created=CREATED)
    assert updated.text != po
    assert entries(updated.text)["Drink water."].obsolete
    assert [key[1] for key in updated.translations.entries] == ["Rest a lot."]


@given(
    sentences=st.lists(_sentence, min_size=1, max_size=6, unique=True),
    done=st.lists(st.booleans(), min_size=6, max_size=6),
    layout=st.sampled_from(["ours", "polib"]),
)
def test_an_update_that_changes_nothing_keeps_the_bytes_and_the_lines(
    sentences: list[str], done: list[bool], layout: str
) -> None:
    pot = template("\n\n".join(sentences))
    ours = merge(pot, None, locale=ES, path="es.po", created=CREATED).text
    po = translate(ours, {s: f"ES {s}" for s, d in zip(sentences, done, strict=False) if d})
    if layout == "ours":
        po = merge(pot, po, locale=ES, path="es.po", created=CREATED).text
    updated = merge(pot, po, locale=ES, path="es.po", created=CREATED)
    assert updated.text == po  # the translator's file, in its own layout
    read = read_translations(po, path="es.po", lang="es")
    assert updated.translations.entries == read.entries
    assert updated.translations.held == read.held
    for (_, msgid), entry in updated.translations.entries.items():
        assert po.split("\n")[entry.line - 1].startswith(f'msgid "{msgid}')


@given(
    st.lists(
        st.sampled_from(
            [
                '"Language: de\\n"',
                'msgid ""',
                '"Language:x"',
                "",
                'x"Language: y',
                "\r",
                '"Plural-Forms: n"',
                '"Languages: z"',
                '\ufeff"Language: a',
            ]
        ),
        max_size=8,
    ),
    st.sampled_from(["Language", "Plural-Forms"]),
)
def test_header_line_is_the_first_line_that_starts_with_the_field(
    lines: list[str], field: str
) -> None:
    text = "\n".join(lines)
    first = (n for n, raw in enumerate(text.split("\n"), start=1) if raw.startswith(f'"{field}:'))
    assert header_line(text, field) == next(first, None)
