"""Catalogs as GNU msgcat writes them, byte for byte: msgcat is the oracle."""

from __future__ import annotations

import ctypes.util
import subprocess
from pathlib import Path

import pytest
from conftest import COMMITTED_CATALOGS, ROOT, catalog_text, gettext_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import linebreak
from pipeline.catalog import canonical
from pipeline.cli import main
from pipeline.po_writer import Entry, canonical_flags, write_po

HEADER = Entry(
    msgid="",
    msgstr="Project-Id-Version: t\nLanguage: es\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n",
)


def msgcat(text: str, tmp_path: Path) -> str:
    path = tmp_path / "in.po"
    path.write_text(text, "utf-8")
    result = subprocess.run(
        [gettext_tool("msgcat"), "--force-po", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_without_libunistring_a_command_stops_with_one_sentence(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    linebreak._libunistring.cache_clear()
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    try:
        assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 2
    finally:
        linebreak._libunistring.cache_clear()
    assert capsys.readouterr().err == linebreak.MISSING + "\n"
    assert not (project / "output").exists()
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before


@pytest.mark.parametrize(
    "name",
    COMMITTED_CATALOGS,
)
def test_committed_catalogs_are_msgcat_canonical(name: str, tmp_path: Path) -> None:
    text = (ROOT / "locales" / name).read_text("utf-8")
    assert msgcat(text, tmp_path) == text


LONG = (
    "Gene therapies are often one-time treatments that allow your body to make the "
    "proteins it needs to work properly and ease symptoms of a disease."
)
CASES = {
    "long line": Entry(msgid=LONG, msgstr=LONG.upper()),
    "quotes and tabs": Entry(msgid='Say "stop"\tnow \\ please.', msgstr='Diga "pare"\tya.'),
    "newlines": Entry(msgid="Line one\nLine two\n", msgstr="Uno\nDos\n"),
    "chinese": Entry(
        msgid=LONG,
        msgstr="基因治疗通常是只需做一次的治疗，可以让您的身体产生正常工作所需的蛋白质，"
        "并减轻疾病的症状。基因治疗通常是只需做一次的治疗，可以让您的身体产生正常工作所需的"
        "蛋白质（并减轻疾病的症状）。",
    ),
    "arabic": Entry(
        msgid=LONG,
        msgstr="غالبًا ما تكون العلاجات الجينية علاجات تُعطى مرة واحدة فقط، وتسمح لجسمك "
        "بإنتاج البروتينات التي يحتاجها ليعمل بشكل سليم وتخفف أعراض المرض.",
    ),
    "plural": Entry(
        msgid="One tablet",
        msgid_plural="{n} tablets",
        msgstr_plural={0: "Una tableta", 1: "{n} tabletas"},
        flags=["python-brace-format"],
    ),
    "fuzzy with previous": Entry(
        msgid=LONG,
        msgstr="Viejo",
        flags=["fuzzy"],
        previous_msgid=LONG.replace("one-time", "two-time"),
        translator_comments=["checked by Ana", ""],
        extracted_comments=["Segment x.1 (paragraph).", "Before: " + LONG],
        references=["source/a.md#p1", "source/very-long-file-name-for-wrapping.md#section-p12"] * 2,
    ),
    "context and no-wrap": Entry(
        msgid="Side effects", msgstr=LONG, msgctxt="term", flags=["no-wrap", "fuzzy"]
    ),
    "obsolete": Entry(msgid=LONG, msgstr="Viejo texto", obsolete=True, previous_msgid="Old"),
    "unknown flag dropped": Entry(msgid="Rest.", msgstr="Descanse.", flags=["my-flag", "fuzzy"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_written_like_msgcat(case: str, tmp_path: Path) -> None:
    text = write_po([HEADER, CASES[case]])
    assert msgcat(text, tmp_path) == text


def test_flags_in_gnu_order() -> None:
    assert canonical_flags(["no-wrap", "python-brace-format", "fuzzy", "c-format", "x"]) == [
        "fuzzy",
        "c-format",
        "python-brace-format",
        "no-wrap",
    ]


def test_polib_style_file_becomes_canonical(tmp_path: Path) -> None:
    polib_style = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#. a comment long enough that polib would wrap it at seventy-eight columns, as it does\n"
        f'msgid "{LONG[:70]}"\n"{LONG[70:]}"\nmsgstr ""\n'
    )
    assert canonical(polib_style, path="x.po") == msgcat(polib_style, tmp_path)


_text = catalog_text(max_size=200)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    msgid=_text.filter(bool),
    msgstr=_text,
    context=st.none() | _text.filter(bool),
    fuzzy=st.booleans(),
    obsolete=st.booleans(),
)
def test_any_entry_is_written_like_msgcat(
    msgid: str, msgstr: str, context: str | None, fuzzy: bool, obsolete: bool, tmp_path: Path
) -> None:
    entry = Entry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=context,
        flags=["fuzzy"] if fuzzy else [],
        obsolete=obsolete,
        previous_msgid=msgid[::-1] if fuzzy else None,
    )
    text = write_po([HEADER, entry])
    assert msgcat(text, tmp_path) == text
