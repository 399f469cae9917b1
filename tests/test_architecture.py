"""ARCHITECTURE.md is the rule: every module, its layer, what it imports and whether it may
touch files; these tests read its tables and compare them with the code (no exception list)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
# Calls that read or write files or the environment; package data read through
# importlib.resources is not among them (see _is_package_data).
FILE_CALLS = {
    "read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "unlink", "rmdir",
    "touch", "glob", "rglob", "iterdir", "listdir", "scandir", "stat", "exists", "is_file",
    "is_dir", "getenv",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Documented:
    layer: str  # core, stage, edge, or "helper of <stage>"
    may_touch_files: bool
    imports: frozenset[str]


def _documented() -> dict[str, Documented]:
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    table = text.split("## Modules", 1)[1].split("### ", 1)[0]
    rows: dict[str, Documented] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        name, layer, io, _job, imports = cells
        rows[name.strip("`")] = Documented(
            layer=layer,
            may_touch_files=io == "yes",
            imports=frozenset(i.strip() for i in imports.split(",") if i.strip()),
        )
    return rows


DOCUMENTED = _documented()


def _modules() -> dict[str, list[Path]]:
    """Each top-level module's files; a package (the importer) counts as one module."""
    found = {p.stem: [p] for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    for init in PACKAGE.glob("*/__init__.py"):
        found[init.parent.name] = sorted(init.parent.glob("*.py"))
    return found


MODULES = _modules()


def _pipeline_imports(module: str) -> set[str]:
    """The top-level pipeline modules `module` imports (a package's imports of itself left out),
    lazy imports inside functions included."""
    found: set[str] = set()
    for path in MODULES[module]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "pipeline":
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("pipeline."):
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found.update(
                    a.name.split(".")[1] for a in node.names if a.name.startswith("pipeline.")
                )
    return found - {module}


def test_every_module_is_documented_once() -> None:
    assert set(DOCUMENTED) == set(MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_are_as_documented(module: str) -> None:
    assert _pipeline_imports(module) == DOCUMENTED[module].imports


@pytest.mark.parametrize("module", sorted(MODULES))
def test_layers_keep_their_rules(module: str) -> None:
    layer = DOCUMENTED[module].layer
    imported = {DOCUMENTED[name].layer for name in DOCUMENTED[module].imports}
    if layer == "core":
        assert imported <= {"core"}
    elif layer == "stage":
        assert imported <= {"core", f"helper of {module}"}
    elif layer.startswith("helper of "):
        assert DOCUMENTED[layer.removeprefix("helper of ")].layer == "stage"
        assert imported <= {"core", layer}
    else:
        assert layer == "edge"
    if layer != "edge":
        assert not DOCUMENTED[module].may_touch_files, "only edges touch files"


def test_helpers_serve_one_stage() -> None:
    for module, documented in DOCUMENTED.items():
        if documented.layer.startswith("helper of "):
            owner = documented.layer.removeprefix("helper of ")
            users = {m for m in DOCUMENTED if module in DOCUMENTED[m].imports}
            assert users <= {owner} | {
                m for m in DOCUMENTED if DOCUMENTED[m].layer == documented.layer
            }, f"{module} serves {owner} only"


def test_only_main_imports_cli() -> None:
    assert {m for m in DOCUMENTED if "cli" in DOCUMENTED[m].imports} == {"__main__"}


def _is_package_data(call: ast.Call) -> bool:
    """resources.files("pipeline").joinpath(...).read_text(): data that ships with the code."""
    return "resources.files" in ast.unparse(call.func)


def _file_access(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "open":
                found.append(f"{path.name}:{node.lineno}: open()")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in FILE_CALLS and not _is_package_data(node):
                found.append(f"{path.name}:{node.lineno}: .{node.func.attr}()")
        elif isinstance(node, ast.Attribute) and node.attr == "environ":
            found.append(f"{path.name}:{node.lineno}: os.environ")
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_file_io_only_where_documented(module: str) -> None:
    if DOCUMENTED[module].may_touch_files:
        return
    assert not DOCUMENTED[module].imports & {"files", "cache"}
    assert [hit for path in MODULES[module] for hit in _file_access(path)] == []


def test_modules_that_may_touch_files_do() -> None:
    """The I/O column stays true both ways: a module that no longer touches files says so."""
    for module, documented in DOCUMENTED.items():
        if documented.may_touch_files:
            through_files = documented.imports & {"files", "cache"}  # their helpers read and write
            assert through_files or any(_file_access(p) for p in MODULES[module]), module


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
        m for m, paths in MODULES.items() if any(library in _imported_roots(p) for p in paths)
    }
    assert importers == {owner}


def test_importer_package_table_names_its_modules() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8").split("### The importer package", 1)[1]
    rows = text.split("| module | job |", 1)[1].splitlines()
    named = {
        n
        for row in rows
        if row.startswith("| `")
        for n in re.findall(r"`(\w+)`", row.split("|")[1])
    }
    assert named == {p.stem for p in MODULES["importer"]}


def _test_module_of(module: str, path: Path) -> Path:
    """Where the test module of one file of the package lives (ARCHITECTURE.md, Tests)."""
    if path.parent == PACKAGE:
        return ROOT / "tests" / f"test_{path.stem.strip('_')}.py"
    if path.stem == "__init__":
        return ROOT / "tests" / f"test_{module}.py"
    return ROOT / "tests" / f"test_{module}_{path.stem}.py"


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports_or_runs(test: Path, dotted: str) -> bool:
    """The test module imports the module it mirrors (or, for a __main__, runs it)."""
    if dotted.endswith(".__main__"):
        package = dotted.removesuffix(".__main__")
        return f'"-m", "{package}"' in test.read_text("utf-8")
    parent, _, name = dotted.rpartition(".")
    for node in ast.walk(ast.parse(test.read_text("utf-8"))):
        if isinstance(node, ast.Import) and any(a.name == dotted for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == dotted:
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == parent
            and any(a.name == name for a in node.names)
        ):
            return True
    return False


FILES = sorted(
    (module, path)
    for module, paths in [*MODULES.items(), ("__init__", [PACKAGE / "__init__.py"])]
    for path in paths
)


@pytest.mark.parametrize(("module", "path"), FILES, ids=[_dotted(p) for _, p in FILES])
def test_every_module_has_a_test_module_that_imports_it(module: str, path: Path) -> None:
    test = _test_module_of(module, path)
    assert test.is_file(), f"{path.relative_to(ROOT)} has no {test.relative_to(ROOT)}"
    assert _imports_or_runs(test, _dotted(path)), (
        f"{test.relative_to(ROOT)} does not import {_dotted(path)}"
    )


def _tag_splits(path: Path) -> list[str]:
    """Calls that take a locale tag apart by hand: `x.split("-")`, `x.split("_")`."""
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"split", "rsplit", "partition"}
        and any(isinstance(a, ast.Constant) and a.value in {"-", "_"} for a in node.args)
    ]


def test_only_locales_takes_a_tag_apart() -> None:
    """The validated `LocaleInfo` travels with documents and reports; a stage asks it for
    `.language`, `.script` or `.is_rtl` rather than parsing the tag again."""
    found = [
        where
        for module, paths in MODULES.items()
        if module != "locales"
        for path in paths
        for where in _tag_splits(path)
    ]
    assert found == []


MAX_FUNCTION_LINES = 60
LONG_REASON = "# Long: "  # the comment a longer function carries, just above its `def`


def _long_functions(path: Path) -> list[str]:
    """Functions (decorators and docstring included) over MAX_FUNCTION_LINES lines whose
    `def` has no `# Long: why` comment on the lines just above it."""
    lines = path.read_text("utf-8").split("\n")
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        if (node.end_lineno or start) - start + 1 <= MAX_FUNCTION_LINES:
            continue
        above = start - 2  # 0-based index of the line above the first line
        comments = []
        while above >= 0 and lines[above].strip().startswith("#"):
            comments.append(lines[above].strip())
            above -= 1
        if not any(c.startswith(LONG_REASON) and len(c) > len(LONG_REASON) for c in comments):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return found


def test_long_functions_say_why() -> None:
    """ARCHITECTURE.md: a function over 60 lines is split, or says why it is not."""
    found = [
        where for paths in MODULES.values() for path in paths for where in _long_functions(path)
    ]
    assert found == []


MAX_MODULE_LINES = 600


def test_no_module_is_over_600_lines() -> None:
    """A module that grows past 600 lines has a second job: split it by its seams."""
    found = {
        f"{path.relative_to(ROOT)}: {lines}"
        for paths in MODULES.values()
        for path in paths
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert found == set()
