"""Where the project is, and a new one: `handouts init`.

A project is a folder whose pyproject.toml has a `[tool.handouts]` table. Commands look
for it in the folder they are given (--root) or, by default, in the current folder and
its parents, as git does; outside a project they stop with one sentence instead of
creating folders where the user happens to be.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pipeline.errors import InputError
from pipeline.files import write_bytes_if_changed

SETTINGS = "pyproject.toml"
_NOT_A_PROJECT = (
    "this folder is not inside a plain-handouts project (no pyproject.toml with a "
    "[tool.handouts] table here or in a folder above); cd into your project, give its "
    "folder with --root, or create one with `handouts init`."
)


def is_project(folder: Path) -> bool:
    """A pyproject.toml with [tool.handouts]; one that is not valid TOML counts, so the
    build can name its bad line rather than claim there is no project."""
    settings = folder / SETTINGS
    try:
        text = settings.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return settings.is_file()
    try:
        return "handouts" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return "[tool.handouts" in text


def find_project(start: Path, *, search_up: bool) -> Path:
    """The project folder at `start` (or, searching up, above it), or an InputError."""
    start = start.resolve()
    candidates = [start, *start.parents] if search_up else [start]
    for folder in candidates:
        if is_project(folder):
            return folder
    raise InputError(_NOT_A_PROJECT, path=str(start))


# --- handouts init ---------------------------------------------------------------------

# file in the new project -> template under pipeline/templates/project/
_SKELETON = {
    "pyproject.toml": "pyproject.toml",
    "README.md": "README.md",
    ".gitignore": "gitignore",
    "source/washing-your-hands.md": "washing-your-hands.md",
    "locales/README.md": "locales-README.md",
    ".github/workflows/handouts-check.yml": "handouts-check.yml",
}


def init_project(target: Path) -> list[Path]:
    """A new content project in `target` (created if missing, refused if it already holds
    a project or any of the files) -> the files written."""
    if is_project(target):
        raise InputError(
            "this folder already holds a plain-handouts project; nothing was changed.",
            path=str(target / SETTINGS),
        )
    existing = [name for name in _SKELETON if (target / name).exists()]
    if existing:
        raise InputError(
            f"{existing[0]} already exists here; run init in an empty folder or a new one.",
            path=str(target),
        )
    folder = resources.files("pipeline").joinpath("templates/project")
    written = []
    for name, template in _SKELETON.items():
        path = target / name
        write_bytes_if_changed(path, folder.joinpath(template).read_bytes(), within=target)
        written.append(path)
    return written
