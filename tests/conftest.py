"""Shared fixtures: a throwaway copy of the project, the golden case built once per session,
the golden flag, GNU gettext."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from pipeline.model import Article, TranslatedEntry, Translations
from pipeline.segment import segment_article
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_INPUT = GOLDEN / "gene-therapy" / "input"  # the golden case's frozen inputs
# The languages the gene-therapy article is published in (Tagalog is below its threshold):
# output folder -> BCP 47 tag.
PUBLISHED = {
    "en": "en",
    "ar": "ar",
    "es": "es",
    "ko": "ko",
    "ru": "ru",
    "vi": "vi",
    "zh_Hans": "zh-Hans",
}
# Committed catalogs the tests read as they are (templates, and Spanish as a translation).
COMMITTED_CATALOGS = [
    "gene-therapy.pot",
    "handouts.pot",
    "es/LC_MESSAGES/gene-therapy.po",
    "es/LC_MESSAGES/handouts.po",
]
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
# A test process that has printed with Typst starts a parallel build's workers from a
# forkserver (pipeline/build.py, issue 20); with the pipeline imported in that server once,
# each worker starts with it instead of importing it again (0.3 s less a two-article build,
# measured). Only the tests' own processes: the test of that path itself (test_pdf_typst)
# builds in a child interpreter without this.
multiprocessing.set_forkserver_preload(["__main__", "pipeline.build"])
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
    return copy_project(tmp_path / "project")


def copy_project(destination: Path, *, inputs: Path = ROOT) -> Path:
    """The article, catalogs and settings under `inputs` (the repository, or a golden case's
    frozen input/), copied to `destination` to be built there."""
    for folder in ("source", "locales"):
        shutil.copytree(inputs / folder, destination / folder)
    shutil.copy(inputs / "pyproject.toml", destination / "pyproject.toml")
    return destination


@dataclass(frozen=True, slots=True)
class Built:
    """A project built once for many tests: read it, never change it (copy it first)."""

    root: Path
    warnings: tuple[str, ...]

    @property
    def output(self) -> Path:
        return self.root / "output"


@contextmanager
def _held(lock: Path) -> Iterator[None]:
    """An exclusive lock on a file, held by one test process at a time."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits for the process that holds it
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# The shared builds run in a child interpreter: a process that has printed with Typst
# starts a parallel build's workers from a forkserver, each importing the pipeline again
# (pipeline/build.py, issue 20), and the test processes run many parallel builds after
# these. The child prints the build's problems and warnings as JSON.
_BUILD_SHARED = """
import json, sys
from pathlib import Path
from pipeline.build import run_build

result = run_build(Path(sys.argv[1]), bilingual=True)
print(json.dumps({"problems": [str(p) for p in result.problems], "warnings": result.warnings}))
"""


def _built_once(factory: pytest.TempPathFactory, name: str, **settings: object) -> Built:
    """tests/golden/gene-therapy/input (with these settings changed) built once per run,
    PDFs and bilingual handouts included. Under pytest-xdist the first worker to need it
    builds it in the folder the workers' temporary folders share, and the others wait for
    it on a lock."""
    shared = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's folder, holding each worker's own
    root = shared / name / "gene-therapy"
    warnings = root.parent / "warnings.json"  # written last: the build is complete
    with _held(shared / f"{name}.lock"):
        if not warnings.is_file():
            copy_project(root, inputs=GOLDEN_INPUT)
            if settings:
                set_config(root, **settings)
            environment = dict(os.environ)
            environment.pop("SOURCE_DATE_EPOCH", None)  # dates from the article
            built = subprocess.run(
                [sys.executable, "-c", _BUILD_SHARED, str(root)],
                capture_output=True,
                text=True,
                env=environment,
                check=False,
            )
            assert built.returncode == 0, built.stderr
            result = json.loads(built.stdout)
            assert result["problems"] == []
            warnings.write_text(json.dumps(result["warnings"]), "utf-8")
    return Built(root, tuple(json.loads(warnings.read_text("utf-8"))))


@pytest.fixture(scope="session")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The golden case built once per run: the golden files, the PDF, print and browser
    tests all read this one build."""
    return _built_once(tmp_path_factory, "golden-site")


@pytest.fixture(scope="session")
def weasyprint_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The golden case printed by the other PDF engine, WeasyPrint, built once per run."""
    return _built_once(tmp_path_factory, "weasyprint-site", pdf_engine="weasyprint")


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


def translate(root: Path, catalog: str, msgid: str, msgstr: str) -> None:
    """Give one entry of a project's catalog (`es/LC_MESSAGES/rest.po`) a translation, as
    a translator's tool saves it."""
    import polib

    po = polib.pofile(str(root / "locales" / catalog))
    entry = po.find(msgid)
    assert entry is not None, msgid
    entry.msgstr = msgstr
    po.save()


def article_of(body: str, *, path: str = "source/test.md", front_matter: str = "") -> Article:
    """An article made of the smallest front matter (FRONT, with these YAML lines added)
    and this Markdown body."""
    front = FRONT.removesuffix("---\n") + front_matter + "---\n"
    return segment_article(parse_source(front + "\n" + body, path=path))


def translations_of(
    pairs: dict[str, str], *, lang: str = "es", path: str = "locales/es/LC_MESSAGES/test.po"
) -> Translations:
    """A catalog's publishable entries: msgid -> msgstr, the first on line 10."""
    return Translations(
        path=path,
        lang=lang,
        entries={
            (None, msgid): TranslatedEntry(msgstr=msgstr, line=number + 10)
            for number, (msgid, msgstr) in enumerate(pairs.items())
        },
    )


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
