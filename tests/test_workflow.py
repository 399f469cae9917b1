"""The translator's workflow on the real Spanish catalog: edits, check notes, obsolete
entries, readiness, status and translation memory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from conftest import set_config

from pipeline.build import run_build, run_check, run_status, run_update
from pipeline.catalog import CHECK_NOTE, similarity, unsafe_changes
from pipeline.cli import main

SOURCE = "source/gene-therapy.md"
SPANISH = "locales/es/LC_MESSAGES/gene-therapy.po"


def edit(project: Path, old: str, new: str) -> None:
    path = project / SOURCE
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def catalog(project: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(project / SPANISH))}


def active(entries: dict[str, polib.POEntry]) -> dict[str, polib.POEntry]:
    return {k: e for k, e in entries.items() if not e.obsolete}


def test_one_changed_word_fuzzes_only_its_sentence(project: Path) -> None:
    before = catalog(project)
    edit(
        project,
        "proteins help your\nbody work",
        "proteins help your\nbody function",
    )
    assert run_update(project).problems == []
    after = active(catalog(project))
    fuzzy = [e for e in after.values() if "fuzzy" in e.flags]
    assert [e.msgid for e in fuzzy] == [
        "Genes tell your body how to make proteins, and proteins help your body function."
    ]
    changed = fuzzy[0]
    assert (
        changed.previous_msgid
        == "Genes tell your body how to make proteins, and proteins help your body work."
    )
    assert changed.msgstr == before[changed.previous_msgid].msgstr
    assert CHECK_NOTE not in changed.comment  # a plain word change: no check note
    neighbours = [
        "It changes a gene that causes disease, or it gives you a working copy of that gene.",
        "A gene problem can start when a gene changes.",
    ]
    for msgid in neighbours:
        assert "fuzzy" not in after[msgid].flags
        assert after[msgid].msgstr == before[msgid].msgstr


def lower_threshold(project: Path, percent: int) -> None:
    set_config(project, publish_threshold=percent, languages=["es"])


def test_a_changed_number_word_gets_a_check_note_until_confirmed(project: Path) -> None:
    lower_threshold(project, 90)  # so the handout prints, with the one sentence in English
    edit(
        project,
        "Gene therapy is often a\none-time treatment.",
        "Gene therapy is often a\ntwo-time treatment.",
    )
    result = run_build(project, pdf=False)
    assert result.problems == []
    entry = next(e for e in catalog(project).values() if "two-time" in e.msgid)
    assert "fuzzy" in entry.flags
    assert f"{CHECK_NOTE} a number changed (one → two)" in entry.comment
    # build names the entry shown in English, and why, even with -q
    lines = (project / SPANISH).read_text("utf-8").split("\n")
    line = lines.index('msgid "Gene therapy is often a two-time treatment."') + 1
    assert any(
        w.startswith(
            f"{SPANISH}:{line}: this msgstr is fuzzy, and the English changed: a number "
            "changed (one → two); the English sentence is printed"
        )
        for w in result.warnings
    ), result.warnings
    page = (project / "output/es/gene-therapy.html").read_text("utf-8")
    assert 'lang="en" dir="ltr" class="fallback">Gene therapy is often a two-time treatment' in page
    assert main(["check", "--root", str(project), "--max-grade", "20"]) == 1
    # The translator fixes the words and clears the fuzzy flag, leaving the #| lines (as
    # translate-toolkit does): confirmed. The note is derived, so it goes by itself.
    po = project / SPANISH
    entries = polib.pofile(str(po))
    fixed = next(e for e in entries if "two-time" in e.msgid)
    fixed.msgstr = fixed.msgstr.replace("que se recibe una sola vez", "que se recibe dos veces")
    assert "dos veces" in fixed.msgstr
    fixed.flags.remove("fuzzy")
    entries.save(str(po))
    assert "#| msgid" in po.read_text("utf-8")
    result = run_build(project, pdf=False)
    assert result.problems == []
    entry = next(e for e in catalog(project).values() if "two-time" in e.msgid)
    assert "fuzzy" not in entry.flags
    assert CHECK_NOTE not in entry.comment
    page = (project / "output/es/gene-therapy.html").read_text("utf-8")
    assert "que se recibe dos veces" in page
    assert "Gene therapy is often a two-time treatment" not in page


def test_deleted_paragraph_becomes_obsolete_and_comes_back(project: Path) -> None:
    paragraph = (
        "Each one is for certain health problems. Each one has its own risks. This might not be a\n"
        "complete list. Many more\n"
        "are still being tested in clinical trials. Others are waiting to be approved. Your care\n"
        "team can tell you which one, if any, is right for you.\n\n"
    )
    before = catalog(project)
    edit(project, paragraph, "")
    run_update(project)
    gone = catalog(project)["This might not be a complete list."]
    assert gone.obsolete
    assert gone.msgstr == before["This might not be a complete list."].msgstr
    edit(
        project,
        "### What happens during gene therapy?",
        paragraph + "### What happens during gene therapy?",
    )
    run_update(project)
    back = catalog(project)["This might not be a complete list."]
    assert not back.obsolete
    assert "fuzzy" not in back.flags
    assert back.msgstr == before["This might not be a complete list."].msgstr


def test_update_twice_changes_nothing(project: Path) -> None:
    edit(project, "are one-time treatments.", "are single treatments.")
    run_update(project)
    first = (project / SPANISH).read_bytes()
    assert run_update(project).written == []
    assert (project / SPANISH).read_bytes() == first


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Do not drink.", "Do not drive.", []),
        ("Take 2 tablets.", "Take 3 tablets.", ["a number changed (2 → 3)"]),
        ("Take 5 mg.", "Take 5 mcg.", ["a unit or dose changed (mg → mcg)"]),
        ("Do not drive after the shot.", "Drive after the shot.", ["a negation changed (not → —)"]),
        (
            "You can drive after it.",
            "You can't drive after it.",
            ["a negation changed (— → can't)"],
        ),
        (
            "Ask about Casgevy™ today.",
            "Ask about Lyfgenia™ today.",
            ["a product or name changed (casgevy™ → lyfgenia™)"],
        ),
    ],
)
def test_unsafe_changes(old: str, new: str, expected: list[str]) -> None:
    assert unsafe_changes(old, new) == expected


def test_opposite_short_sentences_are_not_offered() -> None:
    assert similarity("Do not drink.", "Do not drive.") < 0.75
    long = "Gene therapy works by changing how the disease-causing gene works in your body."
    assert similarity(long, long.replace("changing", "altering")) > 0.75


def test_status_in_strings_and_words(project: Path) -> None:
    edit(
        project,
        "Gene therapy is often a\none-time treatment.",
        "Gene therapy is often a\ntwo-time treatment.",
    )
    run_update(project)
    result = run_status(project)
    record = next(r for r in result.data["status"] if r["lang"] == "es")
    assert record["lang"] == "es"
    assert record["fuzzy"] == 1
    assert record["held"] == 0
    assert record["translated"] == 134
    assert record["words_fuzzy"] == 7  # "Gene therapy is often a two-time treatment."
    assert record["ready"] is False
    assert record["untranslated_critical_sections"] == []
    assert next(row for row in result.tables[0].rows if row[1] == "es")[-1] == "not ready"


def test_status_json_from_the_command(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--root", str(project), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    spanish = next(r for r in data["status"] if r["lang"] == "es")
    assert spanish["ready"] is True
    assert spanish["words_untranslated"] == 0
    tagalog = next(r for r in data["status"] if r["lang"] == "tl")
    assert tagalog["ready"] is False
    assert tagalog["published_words_percent"] == 10.1


def test_untranslated_critical_section_is_not_published(project: Path) -> None:
    lower_threshold(project, 50)
    po = project / SPANISH
    entries = polib.pofile(str(po))
    for entry in entries:
        if entry.msgid in (
            "Often given once",
            "So far, most types of gene therapy are given one time.",
        ):
            entry.msgstr = ""
    entries.save(str(po))
    (project / "output/es").mkdir(parents=True)
    (project / "output/es/gene-therapy.html").write_text("stale", "utf-8")
    result = run_build(project, pdf=False)
    assert result.problems == []
    assert result.warnings == []
    (note,) = result.notes  # one line for the article; `check` and `status` say why
    assert note.startswith("source/gene-therapy.md: not published yet in es (")
    assert (
        "locales/es/LC_MESSAGES/gene-therapy.po: the es handout of source/gene-therapy.md is not "
        "published: the critical section “What are the pros and cons of gene therapy?” still has "
        "English in it."
    ) in [problem.message for problem in run_check(project).problems]
    assert not (project / "output/es/gene-therapy.html").exists()
    assert (project / "output/en/gene-therapy.html").exists()
    index = (project / "output/index.html").read_text("utf-8")
    assert (
        "Not ready to print: not yet translated: “What are the pros and cons of gene therapy?”."
        in index
    )
    assert '<a href="en/gene-therapy.html" hreflang="en">English handout' in index


def test_translation_memory_fills_a_second_article(project: Path) -> None:
    second = project / "source/gene-therapy-short.md"
    text = (
        (project / SOURCE)
        .read_text("utf-8")
        .replace("slug: gene-therapy", "slug: gene-therapy-short")
    )
    text = text.replace("critical_sections:\n  - What are the pros and cons of gene therapy?\n", "")
    second.write_text(
        text.split("## Treatment details")[0]
        + "Gene therapy is a good way to treat some health problems caused by genes.\n",
        "utf-8",
    )
    assert run_update(project).problems == []
    memory = {
        e.msgid: e
        for e in polib.pofile(str(project / "locales/es/LC_MESSAGES/gene-therapy-short.po"))
    }
    exact = memory[
        "Gene therapy is a type of treatment for health problems caused by genes (genetic "
        "disorders)."
    ]
    assert exact.msgstr.startswith("La terapia génica es un tipo de tratamiento")
    assert "fuzzy" not in exact.flags
    assert (
        "Translation memory: the same sentence, translated in "
        "locales/es/LC_MESSAGES/gene-therapy.po." in exact.comment
    )
    close = memory["Gene therapy is a good way to treat some health problems caused by genes."]
    assert "fuzzy" in close.flags
    assert (
        close.previous_msgid
        == "Gene therapy is a way to treat some health problems caused by genes."
    )
    assert "Translation memory: a close match (" in close.comment
    assert (
        "the same words) from locales/es/LC_MESSAGES/gene-therapy.po; its English is in the "
        "#| lines." in close.comment
    )


def test_each_entry_shows_the_glossary_terms_it_contains(project: Path) -> None:
    assert run_update(project).problems == []
    catalog = polib.pofile(str(project / SPANISH))
    entry = catalog.find(KNOWN)
    assert entry is not None
    assert "Glossary: “gene therapy” → “terapia génica”; “gene” → “gen”." in (
        entry.comment.splitlines()
    )
    glossary = project / "locales/es/glossary.csv"
    glossary.write_text(
        glossary.read_text("utf-8").replace(
            "gene therapy,terapia génica", "gene therapy,genoterapia"
        )
        + "treatment,tratamiento,\n",
        "utf-8",
    )
    assert run_update(project).problems == []
    entry = polib.pofile(str(project / SPANISH)).find(entry.msgid)
    assert entry is not None
    notes = [line for line in entry.comment.splitlines() if line.startswith("Glossary:")]
    assert notes == [
        "Glossary: “gene therapy” → “genoterapia”; “treatment” → “tratamiento”; “gene” → “gen”."
    ]


KNOWN = (  # in the es catalog
    "Gene therapy is a type of treatment for health problems caused by genes (genetic disorders)."
)


def write_rest(project: Path, body: str) -> None:
    """A second article, source/rest.md: the seed's front matter, then this body."""
    front = (project / SOURCE).read_text("utf-8").split("\n---\n")[0]
    front = front.replace("slug: gene-therapy", "slug: rest")
    front = front.replace("critical_sections:\n  - What are the pros and cons of gene therapy?", "")
    (project / "source/rest.md").write_text(f"{front}\n---\n\n{body}\n", "utf-8")


def rest_catalog(project: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(project / "locales/es/LC_MESSAGES/rest.po"))}


def test_translation_memory_sees_a_catalog_changed_since_it_was_kept(project: Path) -> None:
    """The memory is kept in output/.cache by catalog; an edited catalog is read again."""
    write_rest(project, "Drink water.")
    assert run_update(project).problems == []  # "Drink water." is new: memory read, kept
    assert (project / "output/.cache/memory/es.json").exists()
    spanish = project / SPANISH
    old = "La terapia génica es un tipo de tratamiento"
    new = "La terapia génica es una clase de tratamiento"
    spanish.write_text(spanish.read_text("utf-8").replace(old, new), "utf-8")
    write_rest(project, f"Drink water.\n\n{KNOWN}")
    assert run_update(project).problems == []
    assert rest_catalog(project)[KNOWN].msgstr.startswith(new)


@pytest.mark.parametrize("kept", ["[1, 2]", "{not json", '{"locales/es/LC_MESSAGES/x.po": 3}'])
def test_a_damaged_memory_cache_is_rebuilt(project: Path, kept: str) -> None:
    store = project / "output/.cache/memory/es.json"
    store.parent.mkdir(parents=True)
    store.write_text(kept, "utf-8")
    write_rest(project, KNOWN)
    assert run_update(project).problems == []
    assert rest_catalog(project)[KNOWN].msgstr.startswith("La terapia génica es un tipo de")
    assert "gene-therapy.po" in store.read_text("utf-8")


def test_translator_comments_previous_and_flags_survive(project: Path) -> None:
    po = project / SPANISH
    text = po.read_text("utf-8")
    marker = 'msgid "Blood tests"'
    text = text.replace(marker, "# Revisado por Ana, 2025.\n#, no-wrap\n" + marker)
    po.write_text(text, "utf-8")
    shutil.copy(po, project / "before.po")
    run_update(project)
    entry = catalog(project)["Blood tests"]
    assert entry.tcomment == "Revisado por Ana, 2025."
    assert "no-wrap" in entry.flags


def test_a_catalog_that_cannot_be_read_keeps_its_row_and_card(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_build(project, pdf=False).problems == []
    assert (project / "output/es/gene-therapy.html").exists()
    spanish = project / SPANISH
    lines = spanish.read_text("utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if line.startswith('msgstr "') and n > 20)
    lines[number - 1] = 'msgstr "never closed'
    spanish.write_text("\n".join(lines), "utf-8")
    error = f"{SPANISH}:{number}: this string opens a quote that never closes"
    result = run_build(project, pdf=False)
    assert [p.message for p in result.problems] == [f"{error}."]
    assert not (project / "output/es/gene-therapy.html").exists()  # no stale copy to print
    index = (project / "output/index.html").read_text("utf-8")
    assert f"its catalog cannot be read ({error})" in index
    status = run_status(project)
    (row,) = [r for r in status.data["status"] if r["lang"] == "es"]
    assert row["unreadable"] == f"{error}."
    assert row["ready"] is False
    (table_row,) = [r for r in status.tables[0].rows if r[1] == "es"]
    assert table_row[-1] == "cannot be read"
