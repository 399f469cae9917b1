"""Shared fixtures: a throwaway copy of the project, the golden flag, GNU gettext."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
# The smallest valid front matter; tests add a body after it (its last line is 9).
FRONT = """---
title: Test
slug: test
language: en
publisher: Clinic
original_title: Test page
last_reviewed: 2025-01-02
target_grade: 6
---
"""
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=200)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/*/expected from the current output (review with git diff)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


# A second, short article that tests add beside the real one.
REST_ARTICLE = """---
title: Rest after treatment
slug: rest
language: en
publisher: Clinic
original_title: Rest
last_reviewed: 2025-01-02
target_grade: 6
---

Rest after your treatment. Drink water.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs, so a test can build, break and rebuild it."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "locales", root / "locales")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def shared_file(name: str) -> Path:
    """A file from ../shared beside the repository (data that may not be kept in it):
    skipped on a developer's machine without it, a failure in CI, which lays it there."""
    path = ROOT.parent / "shared" / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI lays shared/ beside the repository")
        pytest.skip(f"{path} is not here (../shared beside the repository)")
    return path


def gettext_tool(name: str) -> str:
    """The path of a GNU gettext program: skipped locally if missing, a failure in CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} (GNU gettext) is not installed; .ci/run installs it")
        pytest.skip(f"{name} (GNU gettext) is not installed")
    return path


def msgfmt_check(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [gettext_tool("msgfmt"), "--check", "-o", str(tmp_path / "out.mo"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def set_config(project: Path, **settings: object) -> None:
    """Replace or add `[tool.handouts]` settings in a project copy's pyproject.toml."""
    import json
    import re

    config = project / "pyproject.toml"
    text = config.read_text("utf-8")
    for key, value in settings.items():
        line = f"{key} = {json.dumps(value)}"
        pattern = re.compile(rf"^{key} = .*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(line, text)
        else:
            text = text.replace("[tool.handouts]\n", f"[tool.handouts]\n{line}\n")
    config.write_text(text, "utf-8")


def catalog_text(*, max_size: int) -> st.SearchStrategy[str]:
    """Strings a catalog must carry whole: quotes, backslashes, tabs, newlines, Latin,
    Chinese, Arabic and Korean text, marks and a zero-width space."""
    return st.text(
        alphabet=st.sampled_from(
            list("abc xyz ABC.,;:!?-—/()[]{}«»“”\"'\\\t\n%")
            + list("éñüçø")
            + list("基因治疗。，、（）")
            + list("العلاج")
            + list("한국어")
            + ["™", "®", "\u200b"]
        ),
        max_size=max_size,
    )
