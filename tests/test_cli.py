"""The `handouts` command: (argv, stderr, exit code) tables."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REST_ARTICLE, set_config

from pipeline.cli import main


def test_a_build_is_quiet_by_default_and_shows_grades_with_verbose(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--root", str(project), "--no-pdf"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "source/gene-therapy.md: not published yet in tl (10% translated); `handouts status` "
        "says what is left.",
        captured.out.splitlines()[-1],
    ]  # one line for the article, then the summary
    assert captured.out.splitlines()[-1].startswith("1 article: 1 built, 0 unchanged; ")
    assert captured.err == ""
    (project / "source/gene-therapy.md").write_text(
        (project / "source/gene-therapy.md").read_text("utf-8") + "\nOne more line.\n", "utf-8"
    )
    assert main(["build", "--root", str(project), "--no-pdf", "-v"]) == 0
    assert "source/gene-therapy.md (en): Flesch-Kincaid grade" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("last_reviewed: 2025-06-17", "last_reviewed: 2025-06-31"),
            "source/gene-therapy.md:9: 'last_reviewed' must be a date written YYYY-MM-DD, "
            "not '2025-06-31'.\n",
        ),
        (
            ("target_grade: 6", "target_grade: [6]"),
            "source/gene-therapy.md:10: 'target_grade' must be a number such as 6, not [6].\n",
        ),
    ],
)
def test_bad_front_matter_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str], edit: tuple[str, str], message: str
) -> None:
    source = project / "source/gene-therapy.md"
    source.write_text(source.read_text("utf-8").replace(*edit), "utf-8")
    assert main(["report", "--root", str(project)]) == 2
    assert capsys.readouterr().err == message


def test_unknown_locale_in_config_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_config(project, languages=["es", "xx-??"])
    assert main(["build", "--root", str(project)]) == 2
    assert capsys.readouterr().err == (
        "pyproject.toml: 'xx-??' is not a known locale code; "
        "use a BCP 47 code such as 'es' or 'zh-Hans'.\n"
    )


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["bogus"])
    assert caught.value.code == 2


def test_check_gate_names_each_section_above_the_grade(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_config(project, languages=["es"])
    assert main(["check", "--root", str(project)]) == 0  # the article meets its own target
    capsys.readouterr()
    assert main(["check", "--root", str(project), "--max-grade", "4"]) == 1
    err = capsys.readouterr().err.splitlines()
    # The margin is the formula's uncertainty (±1 grade assumed for Flesch-Kincaid): the
    # sections at 4.x and 5.0 are at a target of 4, the ones above 5 are named.
    above = "the target is 4, so it is above the target by more than the formula's uncertainty."
    assert err == [
        "source/gene-therapy.md:62: section “What conditions does it treat?” reads at grade "
        f"7 ± 1.0 (Flesch-Kincaid grade, 6.5); {above}",
        "source/gene-therapy.md:81: section “Examples of gene therapies” reads at grade "
        f"6 ± 1.0 (Flesch-Kincaid grade, 6.3); {above}",
        "source/gene-therapy.md:116: section “What are the pros and cons of gene therapy?” "
        f"reads at grade 5 ± 1.0 (Flesch-Kincaid grade, 5.1); {above}",
        "source/gene-therapy.md:155: section “Key points” reads at grade 6 ± 1.0 "
        f"(Flesch-Kincaid grade, 6.0); {above}",
    ]
    # SMOG, the default formula, counts every drug and condition name as a hard word.
    set_config(project, languages=["es"], grade_formula="smog")
    assert main(["check", "--root", str(project)]) == 1
    assert (
        "source/gene-therapy.md:81: section “Examples of gene therapies” reads at grade "
        "11 ± 1.5 (SMOG grade, 10.6)" in capsys.readouterr().err
    )


def test_report_against_an_older_json_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--root", str(project)]) == 0
    old = project / "old.json"
    old.write_bytes((project / "output/reports/gene-therapy.en.json").read_bytes())
    source = project / "source/gene-therapy.md"
    source.write_text(
        source.read_text("utf-8").replace(
            " Doctors call them neuromuscular disorders.",
            "",
        ),
        "utf-8",
    )
    capsys.readouterr()
    assert main(["report", "--root", str(project), "--against", "old.json"]) == 0
    out = capsys.readouterr().out
    assert "before and after" in out
    line = next(x for x in out.splitlines() if "What conditions does it treat?" in x and "-" in x)
    assert "6.5" in line  # the grade before the edit
    page = (project / "output/reports/gene-therapy.en.html").read_text("utf-8")
    assert "<h2>Before and after</h2>" in page


def test_report_against_a_bad_revision_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--root", str(project), "--against=--evil"]) == 2
    assert "is not a git revision or a .json report." in capsys.readouterr().err


def test_report_against_a_git_revision(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "source")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "before")
    source = project / "source/gene-therapy.md"
    source.write_text(
        source.read_text("utf-8").replace(
            "- Cerebral adrenoleukodystrophy. It harms the brain.\n", ""
        ),
        "utf-8",
    )
    assert main(["report", "--root", str(project), "--against", "HEAD"]) == 0
    out = capsys.readouterr().out
    row = next(x for x in out.splitlines() if "What conditions does it treat?" in x)
    assert "6.5" in row  # the grade before the edit
    assert "-" in row.split("│")[-2]  # easier after the edit


def test_quiet_build_prints_one_summary_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith("1 article: 1 built, 0 unchanged; ")
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 0
    assert capsys.readouterr().out == "1 article: 0 built, 1 unchanged; 0 files written.\n"


@pytest.mark.parametrize(
    ("command", "verb"),
    [("extract", "extracted"), ("update", "updated"), ("report", "reported")],
)
def test_long_commands_print_one_summary_line_when_quiet(
    project: Path, capsys: pytest.CaptureFixture[str], command: str, verb: str
) -> None:
    assert main([command, "--root", str(project), "-q"]) in (0, 1)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"1 article {verb}; ")
    assert out[0].endswith(" files written.")


@pytest.mark.parametrize("run", ["run_extract", "run_update", "run_report"])
def test_long_commands_report_progress_per_article(project: Path, run: str) -> None:
    """What the progress bar shows on a terminal: (done, total) after each article."""
    from pipeline import build

    (project / "source/rest.md").write_text(
        (project / "source/gene-therapy.md")
        .read_text("utf-8")
        .replace("slug: gene-therapy", "slug: rest"),
        "utf-8",
    )
    heard: list[tuple[int, int]] = []
    getattr(build, run)(project, progress=lambda done, total: heard.append((done, total)))
    assert heard == [(1, 2), (2, 2)]


def test_main_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    """The faster collector is the console command's choice, not every caller's of main()."""
    import gc

    before = gc.get_threshold()
    assert main(["status", "--root", str(tmp_path)]) == 2  # not a project: exits early
    assert gc.get_threshold() == before


def test_the_console_command_sets_its_collector_in_its_own_process() -> None:
    code = (
        "import gc, sys; from pipeline import cli; cli.main = lambda: 0; "
        "cli.console_main(); sys.exit(0 if gc.get_threshold()[0] == 10_000 else 1)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_console_command_leaves_its_heap_out_of_the_last_collection() -> None:
    """Frozen once the command is done: the exit's full collection has nothing to scan,
    and main()'s answer is still the exit code."""
    code = (
        "import gc, sys; from pipeline import cli; cli.main = lambda: 3; "
        "assert gc.get_freeze_count() == 0; answer = cli.console_main(); "
        "sys.exit(answer if gc.get_freeze_count() > 1000 else 9)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 3


ES_CATALOG = "locales/es/LC_MESSAGES/gene-therapy.po"
RU_LABELS = "locales/ru/LC_MESSAGES/handouts.po"  # serves every article in Russian


def _break(project: Path, catalog: str) -> None:
    """Leave a msgstr's quote open, so the catalog cannot be read at all."""
    path = project / catalog
    lines = path.read_text("utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith('msgstr "') and n > 20)
    lines[number] = 'msgstr "never closed'
    path.write_text("\n".join(lines), "utf-8")


@pytest.mark.parametrize(
    "command", [["build", "--no-pdf", "--jobs", "2"], ["update"], ["report"], ["check"], ["status"]]
)
def test_a_bad_catalog_is_reported_once_and_the_others_still_build(
    project: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each catalog is read once per command and reaches every consumer from there, so a
    bad one is one line on stderr, however many articles and stages use it."""

    (project / "source/rest.md").write_text(REST_ARTICLE, "utf-8")  # a second article
    _break(project, ES_CATALOG)
    _break(project, RU_LABELS)
    assert main([command[0], "--root", str(project), *command[1:], "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len([line for line in err if line.startswith(f"{ES_CATALOG}:")]) == 1, err
    assert len([line for line in err if line.startswith(f"{RU_LABELS}:")]) == 1, err
    assert len(err) == len(set(err)), err  # no line said twice, whatever it is
    if command[0] == "build":
        for built in ("zh_Hans/gene-therapy.html", "en/rest.html", "vi/gene-therapy.html"):
            assert (project / "output" / built).is_file()
        for held in ("es/gene-therapy.html", "ru/gene-therapy.html"):
            assert not (project / "output" / held).exists()


@pytest.mark.parametrize("command", [["build", "--no-pdf"], ["report"]])
def test_a_bad_label_is_reported_once_not_per_article(
    project: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A label catalog serves every article: its faults are judged once per command."""
    (project / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    labels = project / RU_LABELS
    text = labels.read_text("utf-8")
    labels.write_text(text.replace('"Ваша медицинская команда"', '"<b>Ваша</b> команда"'), "utf-8")
    assert main([command[0], "--root", str(project), *command[1:], "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith(RU_LABELS)] == [
        f"{RU_LABELS}:45: the msgstr contains markup (<b>); handouts show text only, remove it; "
        "the English sentence is shown instead."
    ]


def test_check_says_a_missing_language_header_once(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reader refuses a catalog without Language, with its line; `check` says no more."""
    from conftest import ROOT

    shutil.copy(ROOT / "tests/bad-input/catalog-no-language-header.po", project / ES_CATALOG)
    assert main(["check", "--root", str(project)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith(ES_CATALOG)] == [
        f'{ES_CATALOG}:1: the header has no Language; add "Language: es\\n".'
    ]
