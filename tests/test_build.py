"""End to end: the real article becomes catalogs, reports and handouts, the same every time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import COMMITTED_CATALOGS, ROOT, Built, copy_project, msgfmt_check, set_config

from pipeline.build import run_build, run_check

CHROME = ("Advertisement", "Make an Appointment", "216.444.2538", "Arrow Down", "Find a Doctor")


@pytest.fixture(scope="module")
def live_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own article and catalogs, built once for this module (no PDFs: the
    golden case's build has them). Tests that build again work on a copy."""
    root = copy_project(tmp_path_factory.mktemp("live") / "project")
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = run_build(root, pdf=False)
    assert result.problems == []
    return root


@pytest.fixture
def built(live_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built project, cache included, to build again."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return Path(shutil.copytree(live_build, tmp_path / "project", symlinks=True))


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("output", "locales")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file() and ".cache" not in p.parts  # the build cache holds times, not output
    }


def test_second_build_is_byte_identical_and_writes_nothing(built: Path) -> None:
    first = _files(built)
    again = run_build(built, pdf=False)
    assert again.written == []
    assert _files(built) == first


def test_build_from_scratch_is_byte_identical(built: Path) -> None:
    """(PDFs built from scratch are compared in test_print.)"""
    first = _files(built)
    for path in (built / "output").rglob("*"):
        if path.is_file():
            path.unlink()
    run_build(built, pdf=False)
    assert _files(built) == first


def test_source_date_epoch_sets_catalog_dates(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    run_build(project, pdf=False)
    assert '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"' in (
        project / "locales/gene-therapy.pot"
    ).read_text("utf-8")


def test_committed_catalogs_are_up_to_date(live_build: Path) -> None:
    for name in COMMITTED_CATALOGS:
        fresh = (live_build / "locales" / name).read_bytes()
        assert fresh == (ROOT / "locales" / name).read_bytes(), (
            f"locales/{name} is stale: run `make build` and commit it"
        )


def test_no_page_chrome_in_any_output(golden_site: Built) -> None:
    for name, data in _files(golden_site.root).items():
        if name.endswith((".pdf", ".png")):
            continue  # binary; their text is the HTML's, checked here
        text = data.decode("utf-8")
        for chrome in CHROME:
            assert chrome not in text, f"{chrome!r} in {name}"


def test_every_catalog_passes_msgfmt(golden_site: Built, tmp_path: Path) -> None:
    catalogs = sorted((golden_site.root / "locales").rglob("*.po*"))
    assert len(catalogs) == 2 + 2 * 7  # two templates, two catalogs per language
    for catalog in catalogs:
        result = msgfmt_check(catalog, tmp_path)
        assert result.returncode == 0, result.stderr


def test_spanish_is_fully_translated(golden_site: Built) -> None:
    page = (golden_site.output / "es/gene-therapy.html").read_text("utf-8")
    assert 'class="fallback"' not in page
    assert '<h1 id="title">Terapia génica</h1>' in page
    assert "Traducido del inglés." in page


def test_fuzzy_entry_is_published_as_english(project: Path) -> None:
    set_config(project, publish_threshold=95)
    po = project / "locales/es/LC_MESSAGES/gene-therapy.po"
    text = po.read_text("utf-8")
    marker = (
        "#: source/gene-therapy.md#examples-of-gene-therapies-p2\n"
        'msgid "This might not be a complete list."'
    )
    assert marker in text
    po.write_text(text.replace(marker, marker.replace("\nmsgid", "\n#, fuzzy\nmsgid")), "utf-8")
    assert run_build(project, pdf=False).problems == []
    page = (project / "output/es/gene-therapy.html").read_text("utf-8")
    assert (
        '<span lang="en" dir="ltr" class="fallback">This might not be a complete list.</span>'
        in page
    )
    assert "#, fuzzy" in po.read_text("utf-8")  # the translator's flag is kept


def test_bad_catalog_costs_one_language(project: Path) -> None:
    set_config(project, languages=["es", "fr"])
    fr = project / "locales/fr/LC_MESSAGES"
    fr.mkdir(parents=True)
    (fr / "gene-therapy.po").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Gene therapy"\nmsgstr "Thérapie\n', "utf-8"
    )
    result = run_build(project, pdf=False)
    assert [p.message for p in result.problems] == [
        "locales/fr/LC_MESSAGES/gene-therapy.po:5: this string opens a quote that never closes."
    ]
    assert (project / "output/es/gene-therapy.html").is_file()
    assert (project / "output/en/gene-therapy.html").is_file()
    assert not (project / "output/fr").exists()
    assert (fr / "gene-therapy.po").read_text("utf-8").endswith('"Thérapie\n')  # not overwritten


def test_reports_and_index(golden_site: Built) -> None:
    built = golden_site.root
    report = json.loads((built / "output/reports/gene-therapy.en.json").read_text("utf-8"))
    assert report["lang"] == "en"
    assert report["is_scored"]
    assert (
        len(report["segments"]) == 135
    )  # 123 in the plain article, 12 in the key points and questions
    assert (built / "output/reports/gene-therapy.en.html").is_file()
    index = (built / "output/index.html").read_text("utf-8")
    assert 'href="es/gene-therapy.html"' in index
    assert ">Español</span>" in index
    assert 'href="en/gene-therapy.html"' in index
    assert ">English</span>" in index


def test_a_killed_builds_temporary_files_are_removed(built: Path) -> None:
    """Temporary files a killed build left (named for a process that has ended): a build of
    named articles removes those among the catalogs and leaves output/, with its tens of
    thousands of files in a large library, to the next whole build."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = int(finished.stdout)
    in_output = built / "output/es" / f".gene-therapy.html.{dead}.tmp"
    in_locales = built / "locales/es/LC_MESSAGES" / f".gene-therapy.po.{dead}.tmp"
    for path in (in_output, in_locales):
        path.write_bytes(b"half a file")
    assert run_build(built, ["source/gene-therapy.md"], pdf=False).problems == []
    assert not in_locales.exists()
    assert in_output.exists()
    assert run_build(built, pdf=False).problems == []
    assert not in_output.exists()


def test_no_temporary_files_left(golden_site: Built) -> None:
    leftovers = [p for p in golden_site.root.rglob(".*.tmp")]
    assert leftovers == []
    assert not os.environ.get("SOURCE_DATE_EPOCH")


@pytest.mark.parametrize(
    ("header", "forms"),
    [
        ("nplurals=2; plural=n != 1;", 2),  # as Weblate writes it
        ("nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);", 3),  # CLDR
    ],
)
def test_either_spanish_plural_header_builds_and_checks_clean(
    project: Path, tmp_path: Path, header: str, forms: int
) -> None:
    po = project / "locales/es/LC_MESSAGES/gene-therapy.po"
    text = po.read_text("utf-8").replace(
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', f'"Plural-Forms: {header}\\n"'
    )
    plural = "".join(f'msgstr[{i}] "{{n}} días"\n' for i in range(forms))
    po.write_text(text + f'\nmsgid "{{n}} day"\nmsgid_plural "{{n}} days"\n{plural}', "utf-8")
    assert msgfmt_check(po, tmp_path).returncode == 0
    result = run_build(project, pdf=False)
    assert result.problems == []
    assert (project / "output/es/gene-therapy.html").exists()
    checked = run_check(project)
    assert not [w for w in checked.warnings if "Plural-Forms" in w]
    assert not [p for p in checked.problems if "Plural" in p.message]


def test_an_unknown_valid_plural_header_warns_in_check_and_still_builds(project: Path) -> None:
    po = project / "locales/es/LC_MESSAGES/gene-therapy.po"
    po.write_text(po.read_text("utf-8").replace("plural=(n != 1);", "plural=(n > 1);"), "utf-8")
    assert run_build(project, pdf=False).problems == []
    assert (project / "output/es/gene-therapy.html").exists()
    checked = run_check(project)
    assert [w for w in checked.warnings if "Plural-Forms" in w] == [
        "locales/es/LC_MESSAGES/gene-therapy.po:14: warning: the Plural-Forms header picks "
        "other forms than the rule for Spanish (msginit, gettext manual, Poedit, Weblate) for "
        "1 of the numbers 0–999 (n = 0 gets form 0, not 1); use “nplurals=2; plural=(n != 1);”."
    ]
    assert not [p for p in checked.problems if "Plural" in p.message]
