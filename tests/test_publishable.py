"""One rule for what is printed, and every command that uses it: unit cases of
`publishable`, then the scenarios of a translator, an editor and clinic staff."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import FRONT, ROOT, gettext_tool, set_config
from hypothesis import given
from hypothesis import strategies as st

from pipeline.build import run_build, run_status, run_update
from pipeline.catalog import CHECK_NOTE, canonical, read_memory
from pipeline.cli import main
from pipeline.locales import locale_info
from pipeline.localize import label_problems, localize
from pipeline.model import TranslatedEntry, Translations
from pipeline.publishable import Hold, judge, safety_problems
from pipeline.segment import segment_article
from pipeline.source import parse_source

SOURCE = "source/gene-therapy.md"
SPANISH = "locales/es/LC_MESSAGES/gene-therapy.po"
ANCHOR = "A gene problem can start when a gene changes."  # the start of a paragraph


# --- the rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr", "words"),
    [
        ("Approved in 2018.", "Aprobada en 2017.", "the number 2018"),
        ("Rest for 2 days.", "Descanse 3 días.", "the number 2"),
        ("Rest for two days.", "Descanse 3 días.", "has the number 3"),
        ("Take 1.5 mg.", "Tome 15 mg.", "the number 1.5"),
        ("Take 5 mg.", "Tome 5 g.", "units or doses differ"),
        ("Take 5 mcg.", "Tome 5 mg.", "units or doses differ"),
        ("About 10% of people.", "Cerca del 10 de las personas.", "units or doses differ"),
        ("Call 1-800-555-0100.", "Llame al 1-800-555-0199.", "the number 0100"),
        ("See https://a.org/x.", "Vea https://a.org/y.", "web address"),
        ("Ask about Casgevy™.", "Pregunte por Casgevy.", "drops a ™ mark"),
        ("See {1}the guide{/1}.", "Vea la guía.", "placeholders do not match"),
        ("Rest.", "Des\u200bcanse.", "invisible control character"),
        ("Rest.", "<b>Descanse</b>.", "contains markup"),
    ],
)
def test_a_disagreeing_translation_is_held_whatever_its_flags(
    msgid: str, msgstr: str, words: str
) -> None:
    verdict = judge(msgid, msgstr, is_fuzzy=False)
    assert verdict.hold is Hold.UNSAFE
    assert any(words in reason for reason in verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Take 2 tablets of Casgevy™ daily.", "Tome 2 tabletas de Casgevy™ al día."),
        ("It costs 1,500 dollars.", "Cuesta 1.500 dólares."),  # Spanish grouping
        ("Take 2.5 mL.", "Tome 2,5 ml."),  # decimal comma, the same unit
        ("Take 2 tablets.", "خذ ٢ من الأقراص."),  # Arabic-Indic digits
        ("Rest for twenty-four hours.", "Descanse 24 horas."),  # a number word, as digits
        ("Take it twice a day.", "Tómelo 2 veces al día."),
        ("In 2017 it was approved.", "其于2017年获批。"),
        ("About 10% of people.", "약 10％의 사람."),  # a full-width percent sign
    ],
)
def test_an_agreeing_translation_is_printed(msgid: str, msgstr: str) -> None:
    assert safety_problems(msgid, msgstr) == []
    assert judge(msgid, msgstr, is_fuzzy=False).is_publishable


def test_state_before_safety() -> None:
    assert judge("Rest.", "", is_fuzzy=False).hold is Hold.UNTRANSLATED
    assert judge("Rest.", "Descanse.", is_fuzzy=True).hold is Hold.FUZZY
    assert judge("Rest.", "Descanse.", is_fuzzy=False, is_obsolete=True).hold is Hold.OBSOLETE
    assert judge("Rest.", "", is_fuzzy=False, msgid_plural="Rests.").hold is Hold.PLURAL


def test_the_check_note_is_derived_from_the_entry() -> None:
    fuzzy = judge("In 2018.", "En 2017.", is_fuzzy=True, previous_msgid="In 2017.")
    assert fuzzy.check_note is not None
    assert fuzzy.check_note.startswith(f"{CHECK_NOTE} a number changed (2017 → 2018).")
    # Confirmed (fuzzy cleared, #| kept as translate-toolkit keeps it): no note, and the
    # number that still disagrees keeps it off paper.
    confirmed = judge("In 2018.", "En 2017.", is_fuzzy=False, previous_msgid="In 2017.")
    assert confirmed.check_note is None
    assert confirmed.hold is Hold.UNSAFE
    # A change no check can judge is confirmed by clearing fuzzy.
    negation = judge(
        "Do not drive.", "No conduzca.", is_fuzzy=False, previous_msgid="Drive slowly."
    )
    assert negation.is_publishable


# --- scenarios -----------------------------------------------------------------------


def add_paragraph(project: Path, english: str) -> None:
    path = project / SOURCE
    text = path.read_text("utf-8")
    assert ANCHOR in text
    path.write_text(text.replace(ANCHOR, f"{english}\n\n{ANCHOR}"), "utf-8")


def translate(project: Path, msgid: str, msgstr: str, *, path: str = SPANISH) -> None:
    """What a translator does in an editor: write the msgstr, confirm the entry."""
    catalog = polib.pofile(str(project / path))
    entry = catalog.find(msgid)
    assert entry is not None, msgid
    entry.msgstr = msgstr
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    catalog.save(str(project / path))


def msgid_line(project: Path, msgid: str, *, path: str = SPANISH) -> int:
    lines = (project / path).read_text("utf-8").split("\n")
    return lines.index(f'msgid "{msgid}"') + 1


def spanish_page(project: Path) -> str:
    return (project / "output/es/gene-therapy.html").read_text("utf-8")


def build_quietly(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["build", "--root", str(project), "--no-pdf", "-q"])
    return code, capsys.readouterr().err


def test_wrong_number_with_fuzzy_cleared_is_never_printed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_config(project, languages=["es"], publish_threshold=90)
    english = "Your gene therapy was approved in 2017."
    add_paragraph(project, english)
    run_update(project)
    translate(project, english, "Su terapia génica se aprobó en 2017.")
    assert run_build(project, pdf=False).problems == []
    assert "se aprobó en 2017." in spanish_page(project)

    new = english.replace("2017", "2018")
    (project / SOURCE).write_text(
        (project / SOURCE).read_text("utf-8").replace(english, new), "utf-8"
    )
    run_update(project)
    entry = polib.pofile(str(project / SPANISH)).find(new)
    assert entry is not None
    assert "fuzzy" in entry.flags
    assert f"{CHECK_NOTE} a number changed (2017 → 2018)" in entry.comment
    # The translator confirms without fixing the year: fuzzy and #| lines gone.
    translate(project, new, "Su terapia génica se aprobó en 2017.")
    code, err = build_quietly(project, capsys)
    line = msgid_line(project, new)
    assert (
        f"{SPANISH}:{line}: the number 2018 from the msgid is missing or changed in the "
        "msgstr; the English sentence is shown instead."
    ) in err.splitlines()
    assert code == 2
    page = spanish_page(project)
    assert "en 2017" not in page
    assert f'lang="en" dir="ltr" class="fallback">{new}' in page
    # The next build names it again (no cache hides it) and deletes nothing silently.
    code, err = build_quietly(project, capsys)
    assert f"{SPANISH}:{line}: the number 2018" in err
    status = next(r for r in run_status(project).data["status"] if r["lang"] == "es")
    assert status["held"] == 1
    assert status["translated"] == status["total"] - 1
    assert main(["check", "--root", str(project), "--max-grade", "20"]) == 1
    assert f"{SPANISH}:{line}: the number 2018 from the msgid" in capsys.readouterr().err
    # A held translation is not translation memory for another article.
    memory = read_memory((project / SPANISH).read_text("utf-8"), path=SPANISH)
    assert new not in memory


def test_a_new_entry_with_a_wrong_number_is_never_printed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_config(project, languages=["es"], publish_threshold=90)
    english = "Rest for 2 days after the treatment."
    add_paragraph(project, english)
    run_update(project)
    translate(project, english, "Descanse 3 días después del tratamiento.")
    code, err = build_quietly(project, capsys)
    assert code == 2
    line = msgid_line(project, english)
    assert (
        f"{SPANISH}:{line}: the number 2 from the msgid is missing or changed in the msgstr; "
        "the English sentence is shown instead."
    ) in err.splitlines()
    assert "3 días" not in spanish_page(project)
    assert f'class="fallback">{english}' in spanish_page(project)


def test_stale_note_of_a_confirmed_entry_is_not_a_failure(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_config(project, languages=["es"])
    catalog = polib.pofile(str(project / SPANISH))
    entry = catalog.find("It is a type of treatment for genetic disorders.") or next(
        e for e in catalog if e.msgstr and not e.fuzzy and "treatment" in e.msgid
    )
    # Poedit confirmed it: fuzzy and #| gone, the note it does not know about left over.
    entry.comment += f"\n{CHECK_NOTE} a negation changed (— → not). Confirm the translation."
    catalog.save(str(project / SPANISH))
    assert main(["check", "--root", str(project), "--max-grade", "20"]) == 0, (
        capsys.readouterr().err
    )
    assert run_build(project, pdf=False).problems == []
    assert CHECK_NOTE not in (project / SPANISH).read_text("utf-8")  # a derived note goes
    assert entry.msgstr.split()[0] in spanish_page(project)


def test_a_note_msgmerge_dropped_is_not_written_back(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_config(project, languages=["es"])
    path = project / SOURCE
    text = path.read_text("utf-8")
    path.write_text(text.replace("are one-time treatments.", "are two-time treatments."), "utf-8")
    run_update(project)
    assert CHECK_NOTE in (project / SPANISH).read_text("utf-8")
    subprocess.run(
        [
            gettext_tool("msgmerge"),
            "--previous",
            "--quiet",
            "--update",
            "--backup=off",
            str(project / SPANISH),
            str(project / "locales/gene-therapy.pot"),
        ],
        check=True,
    )
    assert CHECK_NOTE not in (project / SPANISH).read_text("utf-8")
    run_update(project)
    assert CHECK_NOTE not in (project / SPANISH).read_text("utf-8")
    # The note is derived, so `check` still says what changed.
    assert main(["check", "--root", str(project), "--max-grade", "20"]) == 1
    assert "a number changed (one → two)" in capsys.readouterr().err


def test_a_catalog_resaved_by_translate_toolkit_is_left_alone(project: Path) -> None:
    fixtures = ROOT / "tests" / "resaved"
    set_config(project, languages=["ko"])
    shutil.copy(fixtures / "at-home.md", project / "source/at-home.md")
    catalog = project / "locales/ko/LC_MESSAGES/at-home.po"
    resaved = (fixtures / "at-home.ko.po").read_bytes()
    catalog.write_bytes(resaved)
    # The fixture really is in another layout: msgcat's differs.
    assert canonical(resaved.decode("utf-8"), path="at-home.po") != resaved.decode("utf-8")
    result = run_build(project, ["source/at-home.md"], pdf=False)
    assert result.problems == []
    assert catalog.read_bytes() == resaved
    assert run_update(project, ["source/at-home.md"]).written == []
    assert catalog.read_bytes() == resaved
    page = (project / "output/ko/at-home.html").read_text("utf-8")
    words = re.sub(r"<[^>]+>", "", page)  # each Korean word is in a no-break span
    assert "매일 아침 2정을 물 한 컵과 함께 복용하시고" in words


def import_placeholder(project: Path, key: str, value: str) -> None:
    path = project / SOURCE
    lines = path.read_text("utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[index] = f"{key}: {value}"
    path.write_text("\n".join(lines), "utf-8")


@pytest.mark.parametrize(
    ("key", "value", "sentence"),
    [
        (
            "publisher",
            "TODO  # not found in the input; fill it in",
            "'publisher' is still “TODO”; write the publisher's name: no handout of this "
            "article is printed until then.",
        ),
        (
            "last_reviewed",
            "1900-01-01  # TODO: not found; write the page's review date",
            "'last_reviewed' is 1900-01-01, the mark for a review date that was not found; "
            "write the date the source was last reviewed: no handout of this article is "
            "printed until then.",
        ),
    ],
)
def test_import_placeholders_block_every_handout_of_the_article(
    project: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, sentence: str
) -> None:
    set_config(project, languages=["es"])
    assert run_build(project, pdf=False).problems == []
    assert (project / "output/en/gene-therapy.html").exists()
    import_placeholder(project, key, value)
    line = next(
        n
        for n, text in enumerate((project / SOURCE).read_text("utf-8").split("\n"), start=1)
        if text.startswith(f"{key}:")
    )
    code, err = build_quietly(project, capsys)
    assert code == 0
    assert f"{SOURCE}:{line}: {sentence}" in err.splitlines()
    for folder in ("en", "es"):
        assert not (project / "output" / folder / "gene-therapy.html").exists()
        assert not (project / "output" / folder / "gene-therapy.txt").exists()
    index = html.unescape((project / "output/index.html").read_text("utf-8"))
    assert (
        f"Not ready to print: the article's details are not finished ({key}); the editor "
        "fills them in." in index
    )
    assert main(["check", "--root", str(project), "--max-grade", "20"]) == 1
    assert f"{SOURCE}:{line}: {sentence}" in capsys.readouterr().err.splitlines()
    record = next(r for r in run_status(project).data["status"] if r["lang"] == "es")
    assert record["ready"] is False
    assert record["unfinished_front_matter"] == [key]


def test_a_partial_translation_is_not_graded(project: Path) -> None:
    set_config(project, languages=["es", "vi"], publish_threshold=0)
    text = (project / SOURCE).read_text("utf-8")  # no critical section: the handout prints
    critical = "critical_sections:\n  - What are the pros and cons of gene therapy?\n"
    assert critical in text
    (project / SOURCE).write_text(text.replace(critical, ""), "utf-8")
    catalog = polib.pofile(str(project / SPANISH))
    kept = 0
    for entry in catalog:
        if entry.msgstr and kept < 3:
            kept += 1
        else:
            entry.msgstr = ""
    catalog.save(str(project / SPANISH))
    (project / "locales/vi/LC_MESSAGES/gene-therapy.po").unlink()
    shutil.rmtree(project / "locales/vi")  # no catalog for Vietnamese at all
    main(["report", "--root", str(project), "-q"])
    report = json.loads((project / "output/reports/gene-therapy.es.json").read_text("utf-8"))
    assert report["is_scored"] is False
    assert "too little is translated to grade it" in report["note"]
    assert report["formulas"] == []
    assert report["article"]["results"] == []
    page = (project / "output/reports/gene-therapy.es.html").read_text("utf-8")
    assert "Fernández-Huerta" not in page
    assert not (project / "output/reports/gene-therapy.vi.json").exists()
    run_build(project, pdf=False)
    index = (project / "output/index.html").read_text("utf-8")
    assert "Reading level: too little translated to grade" in index
    assert "Fernández-Huerta" not in index


def test_two_articles_on_the_index(project: Path) -> None:
    set_config(project, languages=["es"])
    second = project / "source/gene-therapy-basics.md"
    second.write_text(
        (project / SOURCE)
        .read_text("utf-8")
        .replace("slug: gene-therapy", "slug: gene-therapy-basics")
        .replace("title: Gene therapy", "title: Gene therapy basics", 1)
        + "\nAsk your care team which treatment is right for you.\n",
        "utf-8",
    )
    run_build(project, pdf=False)
    index = (project / "output/index.html").read_text("utf-8")
    rows = dict(re.findall(r'<tr data-title="([^"]+)">(.*?)</tr>', index, re.DOTALL))
    assert list(rows) == ["gene therapy", "gene therapy basics"]  # one row per article
    basics = rows["gene therapy basics"]
    assert "Not ready to print: 99% translated (100% needed)." in basics
    assert '<a href="en/gene-therapy-basics.html" hreflang="en">English handout' in basics
    assert '<a href="es/gene-therapy.html" hreflang="es">HTML' in rows["gene therapy"]


@given(
    number=st.integers(min_value=0, max_value=100_000),
    other=st.integers(min_value=0, max_value=100_000),
    digits=st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９"]),
)
def test_a_translation_with_another_number_is_never_printed(
    number: int, other: int, digits: str
) -> None:
    """Whatever the script of its digits, a msgstr whose number differs is held."""
    written = str(other).translate(str.maketrans("0123456789", digits))
    verdict = judge(
        f"Take it for {number} days.", f"Tómelo durante {written} días.", is_fuzzy=False
    )
    assert verdict.is_publishable == (number == other)


def test_a_label_that_drops_its_placeholder_is_judged_once_per_catalog() -> None:
    """Labels are judged where their catalog is read (once per command); localizing only
    falls back to the English label, so N articles do not say it N times."""

    labels = Translations(
        path="locales/es/LC_MESSAGES/handouts.po",
        lang="es",
        entries={
            (None, "Phone: {phone}"): TranslatedEntry("Teléfono:", line=40),
            (None, "Your care team"): TranslatedEntry("Su equipo de atención", line=44),
        },
    )
    assert [p.message for p in label_problems(labels)] == [
        "locales/es/LC_MESSAGES/handouts.po:40: this msgstr drops a placeholder of its msgid "
        "({phone}); the English label is shown."
    ]
    article = segment_article(parse_source(FRONT + "\nRest.\n", path="source/test.md"))
    spanish = Translations(path="es.po", lang="es", entries={})
    document, found = localize(article, spanish, labels, locale=locale_info("es", origin="t"))
    assert found == ()
    assert document.labels.phone.is_fallback
    assert not document.labels.care_team.is_fallback
