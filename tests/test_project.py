"""A tool for a content team: found from any folder of a project, never outside one;
`handouts init` makes a new project; the wheel works on its own in an empty folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.project import find_project, init_project, is_project

PO = "locales/es/LC_MESSAGES/gene-therapy.po"


def test_run_outside_a_project_says_so_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    page = ROOT / "tests/import-cases/sprained-ankle-copied.txt"
    for command in (["build"], ["check"], ["import", str(page)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err == (
            f"{tmp_path}: this folder is not inside a plain-handouts project (no pyproject.toml "
            "with a [tool.handouts] table here or in a folder above); cd into your project, "
            "give its folder with --root, or create one with `handouts init`.\n"
        )
    assert list(tmp_path.iterdir()) == []
    assert main(["status", "--root", str(tmp_path)]) == 2


def test_a_folder_inside_a_project_finds_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project / "source")
    assert main(["status", "--json"]) == 0
    assert '"article": "source/gene-therapy.md"' in capsys.readouterr().out


def test_a_misspelled_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["biuld"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith(
        "handouts: error: 'biuld' is not a command; did you mean 'build'?\n"
    )


@pytest.mark.parametrize(
    "name", ["gene-therapy", "gene-therapy.md", "source/gene-therapy.md", "ABSOLUTE"]
)
def test_an_article_is_named_by_slug_file_name_or_path(
    project: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name = str(project / "source/gene-therapy.md") if name == "ABSOLUTE" else name
    assert main(["report", name, "--root", str(project), "-q"]) == 0
    assert capsys.readouterr().out.startswith("1 article reported; ")


def test_a_misspelled_article_gets_the_closest_names_and_no_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "gene-therapi", "--root", str(project), "--no-pdf"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "gene-therapi: there is no such article in source/; did you mean 'gene-therapy'?\n"
    )
    assert captured.out == ""  # no summary claims a build
    assert not (project / "output").exists()


def test_a_catalog_saved_by_a_windows_tool_is_read_and_written_back_once(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = project / PO
    original = po.read_bytes()
    windows = b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")
    po.write_bytes(windows)
    assert main(["build", "--root", str(project), "--no-pdf"]) == 0
    assert "written back" not in capsys.readouterr().out
    assert po.read_bytes() == windows  # nothing changed: the translator's file is left alone
    assert (project / "output/es/gene-therapy.html").exists()
    article = project / "source/gene-therapy.md"
    article.write_text(article.read_text("utf-8") + "\nRest well after your treatment.\n", "utf-8")
    assert main(["build", "--root", str(project), "--no-pdf"]) == 0
    assert (
        f"{PO}: read with its byte-order mark and its Windows line ends (CRLF); written back "
        "without them, as GNU gettext writes catalogs.\n"
    ) in capsys.readouterr().out
    text = po.read_bytes()
    assert not text.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in text
    assert b'msgid "Rest well after your treatment."' in text


def test_init_makes_a_project_whose_example_article_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "clinic-handouts"
    assert main(["init", str(target)]) == 0
    assert f"created a plain-handouts project in {target}" in capsys.readouterr().out
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        ".github/workflows/handouts-check.yml",
        ".gitignore",
        "README.md",
        "locales/README.md",
        "pyproject.toml",
        "source/washing-your-hands.md",
    ]
    assert main(["build", "--root", str(target), "--no-pdf", "-q"]) == 0
    assert main(["check", "--root", str(target)]) == 0
    assert (target / "output/en/washing-your-hands.html").exists()
    capsys.readouterr()
    assert main(["init", str(target)]) == 2
    assert "already holds a plain-handouts project; nothing was changed" in capsys.readouterr().err


def test_the_wheel_works_on_its_own_in_an_empty_folder(tmp_path: Path) -> None:
    """Build the wheel, install it alone in a new virtual environment (its dependencies
    borrowed from this one, so nothing is downloaded), then init, import, build, check."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("plain_handouts-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # A path line in a .pth file adds the folder but runs none of its .pth files, so this
    # environment's editable install of the project stays out.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "install", "-q",
         "--no-deps", str(wheel)],
        check=True,
    )  # fmt: skip
    handouts = venv / "bin" / "handouts"
    where = subprocess.run(
        [venv / "bin/python", "-c", "import pipeline; print(pipeline.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(site))
    folder = tmp_path / "empty"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(handouts), *args], cwd=folder, env=env, capture_output=True, text=True
        )

    assert run("init").returncode == 0
    page = shutil.copy(ROOT / "tests/import-cases/sprained-ankle-copied.txt", folder / "page.txt")
    imported = run("import", Path(page).name, "-q")
    assert imported.returncode == 0, imported.stderr
    article = folder / "source/sprained-ankle.md"
    held = run("build", "--no-pdf", "-q")
    assert "'original_title' was left for the editor to check" in held.stderr
    assert not (folder / "output/en/sprained-ankle.html").exists()
    # The editor checks the guessed title and deletes the comment, as the message says.
    article.write_text(article.read_text("utf-8").replace("  # guessed; check it", ""), "utf-8")
    built = run("build", "--no-pdf", "-q")
    assert built.returncode == 0, built.stderr
    assert (folder / "output/en/washing-your-hands.html").exists()
    assert (folder / "output/en/sprained-ankle.html").exists()
    checked = run("check", "washing-your-hands")
    assert checked.returncode == 0, checked.stderr


def test_a_relative_root_and_a_named_article_work_together(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    assert main(["update", "source/gene-therapy.md", "--root", project.name, "-q"]) == 0


def test_a_project_is_found_here_or_above_and_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.handouts]\n", "utf-8")
    inner = tmp_path / "source" / "originals"
    inner.mkdir(parents=True)
    assert find_project(inner, search_up=True) == tmp_path.resolve()
    with pytest.raises(InputError, match="not inside a plain-handouts project"):
        find_project(inner, search_up=False)
    (tmp_path / "other").mkdir()
    (tmp_path / "other/pyproject.toml").write_text("[tool.black]\n", "utf-8")
    assert not is_project(tmp_path / "other")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken/pyproject.toml").write_text("[tool.handouts\n", "utf-8")
    assert is_project(tmp_path / "broken")  # so the build can name the bad line
    with pytest.raises(InputError, match="already holds a plain-handouts project"):
        init_project(tmp_path)
    fresh = tmp_path / "new"
    written = init_project(fresh)
    assert fresh / "source/washing-your-hands.md" in written
    assert is_project(fresh)
