"""Bad input, table-driven over tests/bad-input/: one line naming file and line, exit 2,
every other article and language still built, and the bad file left as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REST_ARTICLE, ROOT

from pipeline.build import run_build
from pipeline.cli import main

CASES = ROOT / "tests" / "bad-input"
PO = "locales/es/LC_MESSAGES/gene-therapy.po"
ARTICLE = "source/gene-therapy.md"

# case file -> the line printed on stderr (exit code 2 for all)
EXPECTED = {
    "catalog-bad-escape.po": f"{PO}:11: '\\q' is not a valid escape; write '\\\\' for a backslash.",
    "catalog-duplicate-msgid.po": f"{PO}:13: this msgid is already defined at line 10; merge "
    "the two entries.",
    "catalog-empty.po": f"{PO}: the catalog is empty; delete it and run `handouts update` to "
    "create it again.",
    "catalog-latin1-with-utf8-header.po": f"{PO}:11: this file is not valid UTF-8; save it as "
    "UTF-8.",
    "catalog-msgstr-missing.po": f'{PO}:10: this msgid has no msgstr; add `msgstr ""` after it.',
    "catalog-no-language-header.po": f'{PO}:1: the header has no Language; add "Language: es\\n".',
    "catalog-plural-wrong-number-of-forms.po": f"{PO}:10: this plural entry has 3 msgstr forms; "
    "the Plural-Forms header gives nplurals=2.",
    "catalog-plural-formula-does-not-parse.po": f"{PO}:8: the Plural-Forms header has a plural "
    'formula that does not parse: (n != ); write one msgfmt accepts, such as "Plural-Forms: '
    'nplurals=2; plural=(n != 1);\\n".',
    "catalog-plural-formula-past-nplurals.po": f"{PO}:8: the Plural-Forms header picks form 2 "
    "for n = 0, but nplurals=2 allows 0 to 1; write one msgfmt accepts, such as "
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n".',
    "catalog-unterminated-string.po": f"{PO}:11: this string opens a quote that never closes.",
    "translation-bidi-override.po": f"{PO}:15: the msgstr contains an invisible control "
    "character (U+202E) that can make the printed text differ from what a reviewer saw; "
    "delete it; the English sentence is shown instead.",
    "translation-extremely-long-word.po": f"{PO}:15: the msgstr has a word of 65 characters that "
    "cannot fit a printed line; check it for missing spaces; the English sentence is shown "
    "instead.",
    "translation-img-onerror.po": f'{PO}:15: the msgstr contains markup (<img src=x onerror="'
    'alert(1)">); handouts show text only, remove it; the English sentence is shown instead.',
    "translation-script-tag.po": f"{PO}:15: the msgstr contains markup (<script>); handouts "
    "show text only, remove it; the English sentence is shown instead.",
    "translation-zero-width.po": f"{PO}:15: the msgstr contains an invisible control character "
    "(U+200B) that can make the printed text differ from what a reviewer saw; delete it; the "
    "English sentence is shown instead.",
    "source-date-not-a-date.md": f"{ARTICLE}:7: 'last_reviewed' must be a date written "
    "YYYY-MM-DD, not '17 June 2025'.",
    "source-deeply-nested-list.md": f"{ARTICLE}:15: lists are nested more than 4 deep here; a "
    "handout needs flatter lists.",
    "source-empty-article.md": f"{ARTICLE}: the article has no text after its front matter.",
    "source-front-matter-not-a-mapping.md": f"{ARTICLE}:2: the front matter must be a mapping "
    "of 'key: value' lines.",
    "source-front-matter-unclosed-quote.md": f"{ARTICLE}:5: this value opens a quote that is "
    "never closed; end the value with the same quote mark.",
    "source-front-matter-unquoted-colon.md": f"{ARTICLE}:5: the value of 'publisher' has a "
    'colon in it; put the whole value in quotes, like this: publisher: "Cleveland Clinic: '
    'Health Library".',
    "source-front-matter-tab-indent.md": f"{ARTICLE}:5: this line is indented with a tab; YAML "
    "needs spaces.",
    "source-front-matter-unclosed.md": f"{ARTICLE}:1: the front matter opened here is never "
    "closed with '---'.",
    "source-impossible-date.md": f"{ARTICLE}:7: 'last_reviewed' must be a date written "
    "YYYY-MM-DD, not '2025-02-30'.",
    "source-no-front-matter.md": f"{ARTICLE}:1: the file must start with YAML front matter "
    "between two '---' lines.",
    "source-raw-html.md": f"{ARTICLE}:13: raw HTML is not passed into handouts; write it in "
    "Markdown instead.",
    "source-unsupported-link-scheme.md": f"{ARTICLE}:11: the link target 'ftp://example.org/x' "
    "is not allowed; use an http(s), mailto: or tel: address.",
    "source-url-not-an-address.md": f"{ARTICLE}:7: 'source_url' must be the original page's "
    "address, starting https://.",
    "source-yaml-object-tag.md": f"{ARTICLE}:2: the front matter uses a YAML tag (such as "
    "!!python/...) that would build an object; write plain values.",
    "config-clinic-unknown-field.toml": "pyproject.toml: [tool.handouts] clinic must be a table "
    "of texts: name, phone and address.",
    "config-bad-threshold.toml": "pyproject.toml: [tool.handouts] publish_threshold must be a "
    "percentage from 0 to 100.",
    "config-locale-path-traversal.toml": "pyproject.toml: '../x' is not a known locale code; "
    "use a BCP 47 code such as 'es' or 'zh-Hans'.",
    "config-not-toml.toml": "pyproject.toml:{line}: this is not valid TOML: Expected ']' at the "
    "end of a table declaration.",
    "config-language-without-plural-rule.toml": "pyproject.toml: no plural rule is recorded for "
    "'cy' (Welsh); add the language to pipeline/data/plural-forms.yaml.",
    "config-unknown-locale.toml": "pyproject.toml: 'xx' is not a known locale code; use a BCP 47 "
    "code such as 'es' or 'zh-Hans'.",
    "config-unknown-grade-formula.toml": "pyproject.toml: [tool.handouts] grade_formula must be "
    '"smog" or "flesch_kincaid".',
    "source-original-outside-source.md": f"{ARTICLE}:9: 'original' must be a path inside source/ "
    "such as originals/<slug>.md, not '../pyproject.toml'.",
}
SECOND = REST_ARTICLE


def test_every_case_file_has_an_expected_message() -> None:
    assert sorted(p.name for p in CASES.iterdir()) == sorted(EXPECTED)


def _place(project: Path, case: Path) -> Path:
    if case.name.startswith(("catalog", "translation")):
        target = project / PO
    elif case.name.startswith("source"):
        target = project / ARTICLE
        (project / "source/rest.md").write_text(SECOND, "utf-8")
    else:
        target = project / "pyproject.toml"
        text = target.read_text("utf-8")
        start, end = text.index("[tool.handouts]"), text.index("[tool.pytest")
        target.write_text(text[:start] + case.read_text("utf-8") + "\n" + text[end:], "utf-8")
        return target
    shutil.copyfile(case, target)
    return target


def _settings_line(config: Path) -> int:
    """The line of `[tool.handouts` in a pyproject.toml: where a settings case starts."""
    lines = config.read_text("utf-8", errors="replace").split("\n")
    return next((n for n, line in enumerate(lines, 1) if line.startswith("[tool.handouts")), 0)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(project: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / name
    target = _place(project, case)
    before = target.read_bytes()
    code = main(["build", "--root", str(project), "--no-pdf", "-q"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert EXPECTED[name].replace("{line}", str(_settings_line(target))) in err
    assert not any("Traceback" in line for line in err)
    if name.startswith("translation"):
        # A valid catalog is still merged (that is update's job), the translator's text kept.
        assert EXPECTED[name].split(":")[0] == PO
        assert before.decode("utf-8").split("\n")[10] in target.read_text("utf-8")
    else:
        assert target.read_bytes() == before  # the bad file is left as it was
    if name.startswith(("catalog", "translation")):
        assert (project / "output/zh_Hans/gene-therapy.html").is_file()  # others still built
        assert (project / "output/en/gene-therapy.html").is_file()
    if name.startswith("source"):
        assert (project / "output/en/rest.html").is_file()
        assert not (project / "output/en/gene-therapy.html").exists()


def test_translation_refused_entry_shows_english(project: Path) -> None:
    po = project / PO
    text = po.read_text("utf-8")
    po.write_text(
        text.replace('msgstr "Terapia génica"', 'msgstr "<script>alert(1)</script>Terapia"', 1),
        "utf-8",
    )
    from conftest import set_config

    set_config(project, publish_threshold=90, languages=["es"])
    run_build(project, pdf=False)
    page = (project / "output/es/gene-therapy.html").read_text("utf-8")
    assert "<script>" not in page
    assert '<h1 id="title"><span lang="en" dir="ltr" class="fallback">Gene therapy</span>' in page


def test_a_catalog_that_is_a_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / PO).unlink()
    (project / PO).mkdir()
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 2
    err = capsys.readouterr().err
    assert f"{PO}: this is a folder, not a file; remove or rename it." in err
    assert (project / "output/ru/gene-therapy.html").is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file, so nothing is unreadable")
def test_an_unreadable_catalog(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / PO).chmod(0)
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 2
    assert (
        f"{PO}: cannot be read (Permission denied); check its permissions."
        in capsys.readouterr().err
    )


def test_article_outside_source_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = project / "locales" / "notes.md"
    outside.write_text("# Notes\n", "utf-8")
    for name in ("/etc/passwd", str(outside)):
        assert main(["build", "--root", str(project), name, "--no-pdf", "-q"]) == 2
        assert capsys.readouterr().err == (
            f"{name}: this is not an article of the project; articles are source/<slug>.md.\n"
        )


def test_links_in_output_are_not_followed_out_of_it(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "output").mkdir()
    (project / "output/es").symlink_to(outside, target_is_directory=True)
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 2
    err = capsys.readouterr().err
    assert (
        "output/es/gene-therapy.html: cannot be written: refusing to write outside output/ "
        "(a folder on the way is a link)."
    ) in err
    assert list(outside.iterdir()) == []
    assert (project / "output/ru/gene-therapy.html").is_file()


def test_a_folder_that_became_a_link_since_the_last_build_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A process remembers the folders it found inside output/ (issue 20: speed), but a
    folder that is another one since (here a link out) is checked again: a second build
    in the same process (a library caller) refuses it."""
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(project / "output/es")
    (project / "output/es").symlink_to(outside, target_is_directory=True)
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 2
    assert "refusing to write outside output/" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


def test_a_file_link_in_output_is_replaced_not_followed(project: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    (project / "output/es").mkdir(parents=True)
    (project / "output/es/gene-therapy.txt").symlink_to(victim)
    run_build(project, pdf=False)
    assert victim.read_text("utf-8") == "keep me"
    assert not (project / "output/es/gene-therapy.txt").is_symlink()


def test_a_write_error_on_one_output_costs_only_that_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "output/es/gene-therapy.txt").mkdir(parents=True)  # a folder where a file goes
    assert main(["build", "--root", str(project), "--no-pdf", "-q"]) == 2
    err = capsys.readouterr().err
    assert "output/es/gene-therapy.txt: cannot be written: Is a directory." in err
    assert (project / "output/es/gene-therapy.html").is_file()
    assert (project / "output/vi/gene-therapy.txt").is_file()


def test_a_huge_article_gets_a_clear_limit(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = project / ARTICLE
    article.write_text(article.read_text("utf-8") + "\nWord. " * 400_000, "utf-8")
    assert main(["report", "--root", str(project), "-q"]) == 2
    assert "the limit is 2 MB: split it into several articles." in capsys.readouterr().err


def _build_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "build", "--root", str(project), "--no-pdf", "-q"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts  # the build cache holds times, not output
    }


# Run `handouts build` in a child that stops in the middle of its `write_at`-th atomic
# write (half of the temporary file written, the target not yet replaced), says so on a
# pipe and waits there to be killed: the moment of the kill is fixed by the build's own
# writes, not by how fast this machine happens to be.
_PAUSING_BUILD = """
import os, sys
from pathlib import Path

signal_fd, write_at = int(sys.argv[1]), int(sys.argv[2])
del sys.argv[1:3]
real_write_bytes = Path.write_bytes
temporaries = 0

def write_bytes(self, data):
    global temporaries
    if not self.name.endswith(".tmp"):
        return real_write_bytes(self, data)
    temporaries += 1
    if temporaries < write_at:
        return real_write_bytes(self, data)
    real_write_bytes(self, data[: len(data) // 2])
    os.write(signal_fd, str(self).encode() + b"\\n")
    while True:
        os.read(0, 1)  # stdin is a pipe nobody writes to: wait here for SIGKILL

Path.write_bytes = write_bytes
from pipeline.cli import console_main
sys.exit(console_main())
"""


def _build_killed_mid_write(project: Path, write_at: int) -> bool:
    """Run a build and kill it halfway through its `write_at`-th write; False when the
    build finished before it got that far."""
    read_end, write_end = os.pipe()
    arguments = _build_command(project)[3:]  # without `python -m pipeline`
    process = subprocess.Popen(
        [sys.executable, "-c", _PAUSING_BUILD, str(write_end), str(write_at), *arguments],
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        pass_fds=[write_end],
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as paused:
        stopped_in = paused.readline()  # blocks until the child pauses or exits
    if stopped_in:
        process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stdin is not None
    process.stdin.close()
    if not stopped_in:
        assert process.returncode == 0
    return bool(stopped_in)


def test_a_killed_build_leaves_old_or_new_files_only(project: Path) -> None:
    """Kill builds mid-write, again and again until one finishes: every file is the old or
    the new version, whole."""
    run_build(project, pdf=False)
    old = _snapshot(project / "output") | {
        f"locales/{k}": v for k, v in _snapshot(project / "locales").items()
    }
    article = project / ARTICLE
    article.write_text(
        article.read_text("utf-8").replace("Gene therapy is a way", "Gene therapy is one way"),
        "utf-8",
    )
    reference = project.parent / "reference"
    shutil.copytree(project, reference)
    run_build(reference, pdf=False)
    new = _snapshot(reference / "output") | {
        f"locales/{k}": v for k, v in _snapshot(reference / "locales").items()
    }
    kills = 0
    # Each killed build gets eight files further than the last (unchanged files are not
    # written again), so the kills walk through the whole build, catalogs to index.
    while _build_killed_mid_write(project, write_at=9):
        kills += 1
        now = _snapshot(project / "output") | {
            f"locales/{k}": v for k, v in _snapshot(project / "locales").items()
        }
        assert any(name.endswith(".tmp") for name in now)  # really killed mid-write
        for name, data in now.items():
            if name.endswith(".tmp"):
                continue  # cleaned by the next build
            assert data in (old.get(name), new.get(name)), f"{name} is neither old nor new"
    assert kills >= 3
    assert not list(project.rglob("*.tmp"))  # the next build removes what a killed one left
    assert _snapshot(project / "output") == _snapshot(reference / "output")


def test_two_builds_at_once_do_not_corrupt_each_other(project: Path) -> None:
    reference = project.parent / "reference"
    shutil.copytree(project, reference)
    run_build(reference, pdf=False)
    processes = [subprocess.Popen(_build_command(project)) for _ in range(2)]
    assert [p.wait() for p in processes] == [0, 0]
    assert _snapshot(project / "output") == _snapshot(reference / "output")
    assert not list(project.rglob("*.tmp"))
