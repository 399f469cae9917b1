"""files.py: atomic writes that leave identical files alone and never leave their folder,
stale temporary files removed, and reads that name the file on failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.files import read_text, remove_stale_temporaries, write_bytes_if_changed


def test_a_write_replaces_and_an_identical_write_does_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out" / "es" / "a.txt"
    assert write_bytes_if_changed(target, b"one", within=tmp_path / "out")
    assert target.read_bytes() == b"one"
    os.utime(target, (1, 1))
    assert not write_bytes_if_changed(target, b"one", within=tmp_path / "out")
    assert target.stat().st_mtime == 1  # untouched
    assert write_bytes_if_changed(target, b"two", within=tmp_path / "out")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]  # no temporary file left


def test_a_link_on_the_way_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "es").symlink_to(outside)
    with pytest.raises(PermissionError, match="refusing to write outside out/"):
        write_bytes_if_changed(tmp_path / "out/es/a.txt", b"x", within=tmp_path / "out")
    assert list(outside.iterdir()) == []


def test_a_folder_is_checked_again_once_it_is_another(tmp_path: Path) -> None:
    """The folders found inside are remembered (issue 20: speed) with their identity: a
    folder deleted since is made again, and one now reached through a link out (a folder
    of the same name there) is refused."""
    out = tmp_path / "out"
    assert write_bytes_if_changed(out / "es/sub/a.txt", b"one", within=out)
    shutil.rmtree(out / "es")
    assert write_bytes_if_changed(out / "es/sub/b.txt", b"two", within=out)
    assert (out / "es/sub/b.txt").read_bytes() == b"two"
    outside = tmp_path / "elsewhere"
    (outside / "sub").mkdir(parents=True)
    shutil.rmtree(out / "es")
    (out / "es").symlink_to(outside)
    with pytest.raises(PermissionError, match="refusing to write outside out/"):
        write_bytes_if_changed(out / "es/sub/c.txt", b"x", within=out)
    assert list((outside / "sub").iterdir()) == []


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").symlink_to(victim)
    assert write_bytes_if_changed(tmp_path / "out/a.txt", b"new", within=tmp_path / "out")
    assert victim.read_text("utf-8") == "keep me"
    assert not (tmp_path / "out/a.txt").is_symlink()


def test_only_temporaries_of_finished_processes_are_removed(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = int(finished.stdout)
    (tmp_path / "es").mkdir()
    stale = tmp_path / "es" / f".a.txt.{dead}.tmp"
    ours = tmp_path / "es" / f".b.txt.{os.getpid()}.tmp"  # this process is alive
    other = tmp_path / "es" / "notes.tmp"  # not named like ours
    for path in (stale, ours, other):
        path.write_bytes(b"")
    remove_stale_temporaries(tmp_path)
    assert sorted(p.name for p in (tmp_path / "es").iterdir()) == sorted([ours.name, other.name])
    remove_stale_temporaries(tmp_path / "missing")  # no folder: nothing to do


def test_reads_name_the_file_as_the_user_typed_it(tmp_path: Path) -> None:
    (tmp_path / "ok.md").write_text("héllo", "utf-8")
    assert read_text(tmp_path / "ok.md", shown_as="source/ok.md") == "héllo"
    (tmp_path / "latin1.md").write_bytes(b"line\nca\xe9\n")
    with pytest.raises(InputError) as error:
        read_text(tmp_path / "latin1.md", shown_as="source/latin1.md")
    assert str(error.value) == "source/latin1.md:2: this file is not valid UTF-8; save it as UTF-8."
    with pytest.raises(InputError, match="this is a folder, not a file"):
        read_text(tmp_path, shown_as="source")
    with pytest.raises(InputError, match=r"^source/gone.md: cannot be read \("):
        read_text(tmp_path / "gone.md", shown_as="source/gone.md")
