"""Stages import only the shared core, never each other, build or cli (STYLE.md §1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
CORE = {
    "model",
    "errors",
    "locales",
    "placeholders",
    "templating",
    "linebreak",
    "untrusted",
    "publishable",
}
# A stage that grew a second job split it into helpers only that stage imports.
HELPERS = {
    "catalog": {"po_reader", "po_writer"},
    "readability": {"pronunciation"},
}
STAGES = {
    "scorecard",
    "suggest",
    "facts",
    "source",
    "segment",
    "readability",
    "diagnose",
    "importer",
    "gates",
    "checks",
    "catalog",
    "localize",
    "render_html",
    "render_text",
    "render_pdf",
    "report",
}


def _files(module: str) -> list[Path]:
    """A module's file, or every file of a package (the importer is one)."""
    if (PACKAGE / module).is_dir():
        return sorted((PACKAGE / module).glob("*.py"))
    return [PACKAGE / f"{module}.py"]


def _pipeline_imports(module: str) -> set[str]:
    """The top-level pipeline modules `module` imports (a package's imports of itself left out)."""
    found: set[str] = set()
    for path in _files(module):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found.update(n.split(".")[1] for n in names if n.startswith("pipeline."))
    return found - {module}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stage_imports_only_the_core(stage: str) -> None:
    assert _pipeline_imports(stage) <= CORE | HELPERS.get(stage, set())


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(("library", "owner"), [("textstat", "readability")])
def test_library_objects_stay_home(library: str, owner: str) -> None:
    importers = {
        p.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for p in PACKAGE.rglob("*.py")
        if library in _imported_roots(p)
    }
    assert importers == {owner}


def test_every_module_is_a_known_stage_or_edge() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    modules |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    helpers = set().union(*HELPERS.values())
    assert modules == STAGES | CORE | helpers | {
        "build",
        "cli",
        "files",
        "cache",
        "project",
        "serve",
        "editing",  # the editor's notes: reads the original, so an edge like build
        "config",  # build's settings: pyproject.toml read and checked
        "terminal",  # what a command shows: Result and its tables
        "layout",  # every path of a project, named once
        "memory",  # the translation-memory store (a cache in output/)
        "inputs",  # articles found, read and checked
        "outputs",  # files written atomically, noted in the Result
        "translations",  # catalog files: templates, updates, reading, localizing
        "publish",  # reports, handouts and the index written
        "import_command",  # `handouts import`
    }


def test_helpers_serve_one_stage() -> None:
    for stage, helpers in HELPERS.items():
        for module in STAGES - {stage}:
            assert not (_pipeline_imports(module) & helpers), f"{module} imports {stage}'s helper"
