"""installed.py: library versions read from the `.dist-info` folders' names."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from pipeline import installed


def test_every_installed_library_has_the_version_importlib_metadata_reads() -> None:
    names = {dist.metadata["Name"] for dist in metadata.distributions()}
    assert len(names) > 20
    for name in sorted(names):
        assert installed.version(name) == metadata.version(name), name


@pytest.mark.parametrize("spelling", ["markdown-it-py", "Markdown_It.Py", "MARKDOWN-IT-PY"])
def test_names_are_compared_as_pip_normalises_them(spelling: str) -> None:
    assert installed.version(spelling) == metadata.version("markdown-it-py")


def test_a_library_not_installed_has_no_version() -> None:
    assert installed.version("no-such-library-here") is None


def test_the_first_folder_on_the_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder, version in (("first", "2.0"), ("second", "1.0")):
        (tmp_path / folder / f"made_up_lib-{version}.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(tmp_path / "first"), str(tmp_path / "second")])
    installed._dist_info_folders.cache_clear()
    try:
        assert installed.version("made-up-lib") == "2.0"
    finally:
        installed._dist_info_folders.cache_clear()
