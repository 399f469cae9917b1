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
    "importer": {"import_notices", "import_metadata"},
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


def _pipeline_imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("pipeline."))
    return found


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
    importers = {p.stem for p in PACKAGE.glob("*.py") if library in _imported_roots(p)}
    assert importers == {owner}


def test_every_module_is_a_known_stage_or_edge() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    helpers = set().union(*HELPERS.values())
    assert modules == STAGES | CORE | helpers | {
        "build",
        "cli",
        "files",
        "cache",
        "project",
        "serve",
        "editing",  # the editor's notes: reads the original, so an edge like build
        "pdf_engine",  # a warm renderer per process and its records on disk: an edge
        "shard",  # build --shard K/N and merge: reads shards and writes, like build
    }


def test_helpers_serve_one_stage() -> None:
    for stage, helpers in HELPERS.items():
        for module in STAGES - {stage}:
            assert not (_pipeline_imports(module) & helpers), f"{module} imports {stage}'s helper"
