"""Catalog checks: each problem a translator can make, found and named with its line."""

from __future__ import annotations

import pytest

from pipeline.checks import GlossaryTerm, check_catalog, parse_glossary, plural_forms_warning
from pipeline.errors import InputError, Outcome
from pipeline.locales import locale_info
from pipeline.model import CatalogEntry

ES = locale_info("es", origin="t")


def problems(
    msgid: str, msgstr: str, *, glossary: tuple[GlossaryTerm, ...] = (), fuzzy: bool = False
) -> list[str]:
    entry = CatalogEntry(msgid=msgid, msgstr=msgstr, msgctxt=None, line=7, is_fuzzy=fuzzy)
    found = check_catalog([entry], locale=ES, path="es.po", glossary=glossary)
    assert all(p.outcome is Outcome.CONTENT for p in found)
    assert all(p.message.startswith("es.po:7: ") for p in found)
    return [p.message.removeprefix("es.po:7: ") for p in found]


def test_a_good_translation_passes() -> None:
    assert (
        problems("Take 2 tablets of Casgevy™ daily.", "Tome 2 tabletas de Casgevy™ al día.") == []
    )
    assert problems("See {1}the guide{/1}.", "Vea {1}la guía{/1}.") == []
    assert problems("What is gene therapy?", "¿Qué es la terapia génica?") == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "words"),
    [
        ("See {1}the guide{/1}.", "Vea la guía.", "placeholders do not match"),
        ("See {1}the guide{/1}.", "Vea {1}la guía.", "placeholders do not match"),
        ("Rest.", "<script>alert(1)</script>Descanse.", "contains markup (<script>)"),
        ("Rest.", '<img src=x onerror="x()">Descanse.', "contains markup"),
        ("Visit https://example.org/a.", "Visite https://example.org/b.", "web address"),
        ("Write to help@example.org.", "Escriba a ayuda@example.org.", "web address or email"),
        ("Take 2 tablets.", "Tome 3 tabletas.", "number 2"),
        ("Take 1.5 mg.", "Tome 15 mg.", "number 1.5"),
        ("Ask about Casgevy™.", "Pregunte por Casgevy.", "drops a ™ mark"),
        ("Rest.", " Descanse.", "leading or trailing spaces"),
        ("Rest.", "Descanse", "end with a period mark"),
        ("Is it safe?", "¿Es seguro.", "end with a question mark"),
        ("Blood tests", "Análisis de sangre.", "end without a full stop"),
        ("Take the medicine with food.", "Take the medicine with food.", "is the English text"),
        ("Rest.", "Des\u202ecanse.", "invisible control character (U+202E)"),
        ("Rest.", "Des\u200bcanse.", "U+200B"),
        ("Rest.", "D" + "e" * 60 + ".", "word of 62 characters"),
    ],
)
def test_each_problem_is_found(msgid: str, msgstr: str, words: str) -> None:
    found = problems(msgid, msgstr)
    assert any(words in p for p in found), found


def test_fuzzy_and_empty_entries_are_not_checked() -> None:
    assert problems("Take 2 tablets.", "Tome 3 tabletas.", fuzzy=True) == []
    assert problems("Take 2 tablets.", "") == []


def test_numbers_in_other_scripts_count() -> None:
    ar = locale_info("ar", origin="t")
    entry = CatalogEntry(
        msgid="Take 2 tablets.", msgstr="خذ ٢ من الأقراص.", msgctxt=None, line=3, is_fuzzy=False
    )
    assert check_catalog([entry], locale=ar, path="ar.po") == []


def test_arabic_and_chinese_end_punctuation() -> None:
    zh = locale_info("zh-Hans", origin="t")
    good = CatalogEntry(
        msgid="Is it safe?", msgstr="安全吗？", msgctxt=None, line=3, is_fuzzy=False
    )
    assert check_catalog([good], locale=zh, path="zh.po") == []


def test_glossary_terms_and_their_plurals() -> None:
    glossary = (
        GlossaryTerm("gene therapy", "terapia génica", 2),
        GlossaryTerm("gene", "gen", 3),
        GlossaryTerm("stem cell", "célula madre", 4),
    )
    assert (
        problems(
            "Some gene therapies work.", "Algunas terapias génicas funcionan.", glossary=glossary
        )
        == []
    )
    assert problems("Blood stem cells.", "Células madre de la sangre.", glossary=glossary) == []
    found = problems("Gene therapy works.", "La terapia genética funciona.", glossary=glossary)
    assert found == [
        "the glossary says “gene therapy” is “terapia génica” (glossary line 2), and the "
        "msgstr does not use it."
    ]


@pytest.mark.parametrize(
    "header",
    [
        "nplurals=2; plural=(n != 1);",  # msginit, Poedit
        "nplurals=2; plural=n != 1;",  # Weblate
        "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",  # CLDR
    ],
)
def test_both_spanish_headers_are_accepted(header: str) -> None:
    assert plural_forms_warning({"Plural-Forms": header}, locale=ES, path="es.po", line=8) is None


def test_a_valid_unknown_header_is_a_warning() -> None:
    found = plural_forms_warning(
        {"Plural-Forms": "nplurals=2; plural=(n > 1);"}, locale=ES, path="es.po", line=8
    )
    assert found == (
        "es.po:8: warning: the Plural-Forms header picks other forms than the rule for Spanish "
        "(msginit, gettext manual, Poedit, Weblate) for 1 of the numbers 0–999 (n = 0 gets "
        "form 0, not 1); use “nplurals=2; plural=(n != 1);”."
    )
    found = plural_forms_warning(
        {"Plural-Forms": "nplurals=1; plural=0;"}, locale=ES, path="es.po", line=8
    )
    assert found is not None
    assert "gives nplurals=1, which no recorded rule for Spanish" in found


def test_arabic_is_judged_against_the_gettext_formula() -> None:
    ar = locale_info("ar", origin="t")
    gettext_rule = (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 ? 4 : 5;"
    )
    assert plural_forms_warning({"Plural-Forms": gettext_rule}, locale=ar, path="a", line=1) is None
    babel_218 = gettext_rule.replace("n%100>=11 ? 4 : 5", "n%100>=0 && n%100<=2 ? 4 : 5")
    found = plural_forms_warning({"Plural-Forms": babel_218}, locale=ar, path="ar.po", line=13)
    assert found is not None
    assert found.startswith("ar.po:13: warning: the Plural-Forms header picks other forms")
    assert "for 917 of the numbers 0–999 (n = 11 gets form 5, not 4)" in found


def test_identical_text_can_be_accepted_by_a_comment() -> None:
    entry = CatalogEntry(
        msgid="Gene therapy", msgstr="Gene therapy", msgctxt=None, line=5, is_fuzzy=False
    )
    tl = locale_info("tl", origin="t")
    assert len(check_catalog([entry], locale=tl, path="tl.po")) == 1
    assert check_catalog([entry], locale=tl, path="tl.po", comments={5: "allow-identical"}) == []


def test_parse_glossary() -> None:
    terms = parse_glossary(
        "source,target,explanation\ngene,gen,\n\nstem cell,célula madre,x\n", path="g.csv"
    )
    assert terms == [GlossaryTerm("gene", "gen", 2), GlossaryTerm("stem cell", "célula madre", 4)]
    with pytest.raises(InputError, match="header row"):
        parse_glossary("term,translation\n", path="g.csv")
    with pytest.raises(InputError) as caught:
        parse_glossary("source,target\ngene,\n", path="g.csv")
    assert (
        str(caught.value) == "g.csv:2: each glossary row needs a source term and its translation."
    )
