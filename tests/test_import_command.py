"""`handouts import`: a new article from a saved page, with the report of what was dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, shared_file

from pipeline.cli import main
from pipeline.import_command import import_report
from pipeline.importer import Dropped, ImportResult

CASES = ROOT / "tests" / "import-cases"


def test_import_writes_article_and_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = CASES / "flu-clinic-page.html"
    assert main(["import", str(page), "--slug", "flu", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    article = project / "source/flu.md"
    assert article.is_file()
    assert "wrote source/flu.md; dropped" in out
    assert "reading level: SMOG grade" in out
    report = (project / "output/reports/flu.import.txt").read_text("utf-8")
    assert report.startswith(f"Import of {page} -> source/flu.md")
    # the new article builds with no hand edits
    assert main(["report", "--root", str(project), "source/flu.md", "-q"]) == 0


def test_import_refuses_to_replace_an_article(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = CASES / "flu-clinic-page.html"
    before = (project / "source/gene-therapy.md").read_bytes()
    assert main(["import", str(page), "--slug", "gene-therapy", "--root", str(project)]) == 2
    assert "source/gene-therapy.md: an article with this slug exists" in capsys.readouterr().err
    assert (project / "source/gene-therapy.md").read_bytes() == before


@pytest.mark.parametrize(
    "name", ["empty.txt", "binary-data.bin", "not-a-zip.docx", "menus-only.html"]
)
def test_bad_imports_exit_2_with_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = CASES / "bad-input" / name
    assert main(["import", str(path), "--root", str(project)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{path}: ")
    assert err[0].endswith(".")


def test_import_of_the_seed_keeps_every_sentence(project: Path) -> None:
    seed = shared_file("seed-article.txt")
    assert main(["import", str(seed), "--slug", "seed", "--root", str(project), "-q"]) == 0
    text = (project / "source/seed.md").read_text("utf-8")
    for chrome in ("Advertisement", "Make an Appointment", "216.444.2538", "Arrow Down"):
        assert chrome not in text


def test_import_with_the_page_address(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Copied text shows no address: the editor gives it, and it names the publisher."""
    page = ROOT / "tests/import-corpus/cdc/high-blood-pressure.txt"
    url = "https://www.cdc.gov/bloodpressure/about.htm"
    argv = ["import", str(page), "--url", url, "--root", str(project)]
    assert main(argv) == 0
    article = (project / "source/about-high-blood-pressure.md").read_text("utf-8")
    assert "publisher: Centers for Disease Control and Prevention\n" in article
    assert f"# url: {url}\n" in article
    report = (project / "output/reports/about-high-blood-pressure.import.txt").read_text("utf-8")
    assert report.endswith("Not found, to fill in: original_title (guessed), last_reviewed\n")
    assert "image-text (1)" in report
    assert "reference (1)" in report
    capsys.readouterr()


def test_the_import_report_groups_drops_by_rule() -> None:
    imported = ImportResult(
        slug="flu",
        markdown="",
        dropped=(Dropped("advert", 3, "Advertisement"), Dropped("advert", 9, "Ad"),
                 Dropped("embed", 0, "Video")),
        missing=("publisher",),
    )  # fmt: skip
    assert import_report(imported, source="flu.txt") == (
        "Import of flu.txt -> source/flu.md\n\n"
        "advert (2)\n  line 3: Advertisement\n  line 9: Ad\n\n"
        "embed (1)\n  Video\n\n"
        "Not found, to fill in: publisher\n"
    )
