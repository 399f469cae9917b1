"""articles.py: one article's build in a worker, or only its PDFs when only a print
setting changed (issue 20), and where its PDFs are printed."""

from __future__ import annotations

import dataclasses
import gc
import json
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import PUBLISHED, REST_ARTICLE, copy_project, set_config, translate

from pipeline import articles
from pipeline.articles import (
    ArticleJob,
    ArticleOutcome,
    _printed_beside,
    _PrintThreads,
    build_article,
    printed,
)
from pipeline.build import run_build
from pipeline.cache import BuildCache
from pipeline.config import load_config
from pipeline.inputs import load_article
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.model import Article
from pipeline.outputs import print_pdf
from pipeline.pdf_engine import PdfRequest
from pipeline.publish import write_index, write_reports
from pipeline.terminal import NOTHING, Effects
from pipeline.translations import read_catalogs


@pytest.fixture(scope="module")
def letter_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project and a second, short article, built once with PDFs on letter paper
    (read only: `library` gives each test its own copy)."""
    root = copy_project(tmp_path_factory.mktemp("letter") / "project")
    (root / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    first = run_build(root, jobs=2)
    assert first.problems == []
    return root


@pytest.fixture
def library(letter_build: Path, tmp_path: Path) -> Path:
    """The letter build copied whole (build cache and file times too)."""
    return Path(shutil.copytree(letter_build, tmp_path / "project"))


def _outputs(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "output").rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


def test_a_paper_change_prints_the_pdfs_again_and_builds_nothing_else(
    library: Path, tmp_path: Path
) -> None:
    set_config(library, paper="a4")
    again = run_build(library, jobs=2)
    assert again.problems == []
    assert again.summary.startswith("2 articles: 0 built, 2 printed again, 0 unchanged; ")
    pdfs = sorted(path for path in again.written if path.endswith(".pdf"))
    # Every published handout's PDF and preview, and nothing else: no catalog, report,
    # HTML or text handout, not the index.
    on_disk = sorted((library / "output").glob("*/*.pdf"))
    assert pdfs == [path.relative_to(library).as_posix() for path in on_disk]
    assert {f"output/{folder}/gene-therapy.pdf" for folder in PUBLISHED} <= set(pdfs)
    assert sorted(again.written) == sorted(pdfs + [p[:-4] + ".png" for p in pdfs])
    # The same bytes as a build on A4 from nothing.
    cold = copy_project(tmp_path / "cold")
    (cold / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    set_config(cold, paper="a4")
    built = run_build(cold, jobs=1)
    assert built.problems == []
    assert _outputs(library) == _outputs(cold)
    # What printing says (pages over the limit) is what the whole build says, and is
    # said again from the cache while nothing changes.
    assert any("prints on" in warning for warning in built.warnings)
    assert sorted(again.warnings) == sorted(built.warnings)  # -j 2 prints CJK last
    unchanged = run_build(library, jobs=2)
    assert (unchanged.written, unchanged.warnings) == ([], again.warnings)


def test_an_edited_catalog_builds_its_article_whole_beside_a_paper_change(library: Path) -> None:
    translate(library, "es/LC_MESSAGES/rest.po", "Drink water.", "Beba agua.")
    set_config(library, paper="a4")
    result = run_build(library, jobs=2)
    assert result.summary.startswith("2 articles: 1 built, 1 printed again, 0 unchanged; ")
    # The edited article whole (its Spanish report), the other's PDFs alone.
    assert "output/reports/rest.es.json" in result.written
    others = {p for p in result.written if "gene-therapy" in p}
    assert others
    assert all(p.endswith((".pdf", ".png")) for p in others)
    assert "Beba agua." in (library / "output/reports/rest.es.html").read_text("utf-8")


def test_an_article_is_built_with_the_collector_paused(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(library)
    labels, _ = read_catalogs(library, config.languages, [LABELS_DOMAIN])
    seen: list[bool] = []

    def load(root: Path, path: Path) -> Article:
        seen.append(gc.isenabled())
        return load_article(root, path)

    monkeypatch.setattr(articles, "load_article", load)
    job = ArticleJob(library, library / "source/gene-therapy.md", config, pdf=False,
                     bilingual=False, labels=labels, glossaries={})  # fmt: skip
    assert build_article(job).is_built
    assert seen == [False]
    assert gc.isenabled()


def test_printing_only_asks_for_the_published_pdfs_and_writes_nothing(library: Path) -> None:
    config = load_config(library)
    labels, _ = read_catalogs(library, config.languages, [LABELS_DOMAIN])
    job = ArticleJob(library, library / "source/gene-therapy.md", config, pdf=True,
                     bilingual=False, labels=labels, glossaries={}, only_pdfs=True)  # fmt: skip
    before = _outputs(library)
    outcome = build_article(job)
    assert (outcome.is_built, outcome.index, outcome.effects.written) == (True, (), ())
    asked = sorted(request.pdf.parent.name for request in outcome.effects.to_print)
    assert asked == sorted(PUBLISHED)  # not Tagalog, below its threshold
    assert _outputs(library) == before
    # Printed here, with large fonts later: Chinese and Korean stay asked for.
    first = printed(outcome, large_fonts=False)
    assert sorted(r.language for r in first.effects.to_print) == ["ko", "zh"]
    assert first.printing.targets  # the others' PDFs and previews, unchanged on disk
    assert _outputs(library) == before  # the same input: nothing printed anew


def test_only_pdfs_to_print_the_workers_print_all_but_the_large_fonts(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 (the rate): with nothing but PDFs to print, every worker prints its
    articles' PDFs; Chinese, Japanese and Korean ones are printed here, after the workers
    have ended, so their fonts still sit in one process alone."""
    (project / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    set_config(project, publish_threshold=0, languages=["es", "zh-Hans"])
    assert run_build(project, jobs=2).problems == []
    set_config(project, paper="a4")
    here: list[str] = []  # what this process prints (the workers' calls stay in theirs)

    def print_here(request: PdfRequest) -> Effects:
        here.append(request.language)
        return print_pdf(request)

    monkeypatch.setattr(articles, "print_pdf", print_here)
    again = run_build(project, jobs=2)
    assert again.problems == []
    assert again.summary.startswith("2 articles: 0 built, 2 printed again, ")
    assert len([p for p in again.written if p.endswith(".pdf")]) == 6
    assert here == ["zh", "zh"]  # the two Chinese handouts


def test_a_pdf_that_cannot_be_printed_again_builds_its_article_next_time(library: Path) -> None:
    (library / "output/en/rest.pdf").unlink()
    (library / "output/en/rest.pdf").mkdir()  # a folder where the PDF goes
    set_config(library, paper="a4")
    failed = run_build(library, jobs=2)
    assert [p.message for p in failed.problems] == [
        "output/en/rest.pdf: cannot be written: Is a directory."
    ]
    assert "output/en/gene-therapy.pdf" in failed.written  # the other article is printed
    (library / "output/en/rest.pdf").rmdir()
    again = run_build(library, jobs=2)
    assert again.problems == []
    assert again.summary.startswith("2 articles: 1 built, 1 unchanged; ")
    assert "output/en/rest.pdf" in again.written


def _requests(outcome: ArticleOutcome) -> list[tuple[object, ...]]:
    return [
        (r.pdf, r.preview, r.language, r.page_limit, r.job.engine, r.job.source)
        for r in outcome.effects.to_print
    ]


def test_a_paper_change_prints_from_the_last_builds_typst_data(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 (the rate): the build keeps each article's Typst data under its record's
    key (output/.cache/print/); a paper change asks for the same PDFs as reading the
    article, its catalogs and localizing them again would, without doing any of that."""
    record = BuildCache.load(Layout(library).build_cache, root=library, settings="").articles[
        "source/gene-therapy.md"
    ]
    set_config(library, paper="a4")
    config = dataclasses.replace(load_config(library), max_pages=3)  # a longer page limit
    labels, _ = read_catalogs(library, config.languages, [LABELS_DOMAIN])
    job = ArticleJob(library, library / "source/gene-therapy.md", config, pdf=True,
                     bilingual=False, labels=labels, glossaries={}, only_pdfs=True)  # fmt: skip
    read_again = build_article(job)  # no key: the article is read and localized again
    assert {r.page_limit for r in read_again.effects.to_print} == {3}

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("the article was read again")

    monkeypatch.setattr("pipeline.articles.load_article", unread)
    from_plan = build_article(dataclasses.replace(job, plan_key=record["key"]))
    assert _requests(from_plan) == _requests(read_again)
    assert from_plan.plan == from_plan.effects.to_print  # for the build to keep again
    # A plan made from other inputs (another key) is never used.
    with pytest.raises(AssertionError, match="read again"):
        build_article(dataclasses.replace(job, plan_key="another key"))


def test_the_plan_is_kept_for_typst_only(library: Path) -> None:
    plan = Layout(library).print_plan("gene-therapy")
    assert json.loads(plan.read_text("utf-8"))["pdfs"]  # the letter build kept it
    set_config(library, pdf_engine="weasyprint")
    assert run_build(library, jobs=1).problems == []
    assert not plan.exists()  # WeasyPrint's print HTML holds the paper size: not kept


def _large_font_outcomes(root: Path) -> list[ArticleOutcome]:
    """Both articles' PDFs on A4 asked for, all but the large-font ones printed."""
    set_config(root, paper="a4")
    config = load_config(root)
    labels, _ = read_catalogs(root, config.languages, [LABELS_DOMAIN])
    outcomes = []
    for name in ("gene-therapy", "rest"):
        job = ArticleJob(root, root / f"source/{name}.md", config, pdf=True, bilingual=False,
                         labels=labels, glossaries={}, only_pdfs=True)  # fmt: skip
        outcomes.append(printed(build_article(job), large_fonts=False))
    return outcomes


def _printed_in_threads(built: list[ArticleOutcome], *, jobs: int) -> list[ArticleOutcome]:
    """As a library's build prints what is left once its workers have ended."""
    with _PrintThreads(jobs) as threads:
        done, beside = _printed_beside(built, threads, lambda: NOTHING)
    assert beside is NOTHING
    return done


def test_pdfs_print_in_threads_as_in_order(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 (the rate): PDFs left to print (here, after the workers, the Chinese and
    Korean ones) print with Typst in two threads sharing their fonts, with the same files,
    bytes and messages, in the same order, as printed one after another."""
    other = Path(shutil.copytree(library, tmp_path / "other"))
    printers: set[str] = set()  # the threads that printed in `_printed_in_threads`

    def print_in(request: PdfRequest) -> Effects:
        printers.add(threading.current_thread().name)
        return print_pdf(request)

    def zh_first(outcomes: list[ArticleOutcome]) -> list[ArticleOutcome]:
        # Asked for against the languages' order: the effects must keep the asking order.
        return [
            dataclasses.replace(o, effects=dataclasses.replace(
                o.effects, to_print=tuple(reversed(o.effects.to_print))))
            for o in outcomes
        ]  # fmt: skip

    waiting = zh_first(_large_font_outcomes(library))
    assert [r.language for r in waiting[0].effects.to_print] == ["zh", "ko"]
    with monkeypatch.context() as patched:
        patched.setattr(articles, "print_pdf", print_in)
        threads = _printed_in_threads(waiting, jobs=2)
    assert printers
    assert all(name.startswith("print_") for name in printers)  # not this thread
    in_order = [printed(outcome) for outcome in zh_first(_large_font_outcomes(other))]
    assert [o.printing for o in threads] == [o.printing for o in in_order]
    assert any(o.printing.written for o in threads)  # the A4 PDFs were printed anew
    assert all(not o.effects.to_print for o in threads)
    assert _outputs(library) == _outputs(other)


def test_an_article_asks_for_its_pdfs_before_it_writes_its_reports(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 (an edited sentence with its PDFs): a single article's build is handed
    its PDFs to start printing as soon as they are known, before its reports and
    handouts are written, and the outcome asks for those same PDFs."""
    config = load_config(library)
    labels, _ = read_catalogs(library, config.languages, [LABELS_DOMAIN])
    steps: list[str] = []
    started: list[PdfRequest] = []

    def reports(*args: object, **kwargs: object) -> object:
        steps.append("reports")
        return write_reports(*args, **kwargs)  # type: ignore[arg-type]

    def start(asked: Sequence[PdfRequest]) -> None:
        steps.append("start")
        started.extend(asked)

    monkeypatch.setattr(articles, "write_reports", reports)
    job = ArticleJob(library, library / "source/gene-therapy.md", config, pdf=True,
                     bilingual=False, labels=labels, glossaries={})  # fmt: skip
    outcome = build_article(job, start=start)
    assert steps == ["start", "reports"]
    assert tuple(started) == outcome.effects.to_print
    assert sorted(r.pdf.parent.name for r in started) == sorted(PUBLISHED)
    # Without PDFs, nothing to start.
    steps.clear()
    build_article(dataclasses.replace(job, pdf=False), start=start)
    assert steps == ["start", "reports"]
    assert len(started) == len(PUBLISHED)


def test_print_threads_start_the_large_fonts_first(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Chinese and Korean PDFs (two to five times a Latin one) are started first, so
    no thread is left with one at the end; the outcome's printing reads in its order."""
    config = load_config(library)
    labels, _ = read_catalogs(library, config.languages, [LABELS_DOMAIN])
    set_config(library, paper="a4")
    config = load_config(library)
    job = ArticleJob(library, library / "source/gene-therapy.md", config, pdf=True,
                     bilingual=False, labels=labels, glossaries={}, only_pdfs=True)  # fmt: skip
    outcome = build_article(job)
    languages = [r.language for r in outcome.effects.to_print]
    assert languages.index("zh") > 1
    assert languages.index("ko") > 1
    order: list[str] = []
    lock = threading.Lock()

    def print_in(request: PdfRequest) -> Effects:
        with lock:
            order.append(request.language)
        return print_pdf(request)

    monkeypatch.setattr(articles, "print_pdf", print_in)
    [threaded] = _printed_in_threads([outcome], jobs=2)
    assert set(order[:2]) == {"zh", "ko"}
    monkeypatch.undo()
    again = printed(outcome)  # one after another, in the asking order (nothing new now)
    assert threaded.printing.warnings == again.printing.warnings
    assert sorted(threaded.printing.written) == sorted(set(threaded.printing.written))


def test_a_single_article_that_only_prints_prints_in_threads(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`handouts build ARTICLE` after a print setting changed: the article asks for its
    PDFs only in its outcome, and they still print with Typst in the print threads."""
    set_config(library, paper="a4")
    printers: set[str] = set()

    def print_in(request: PdfRequest) -> Effects:
        printers.add(threading.current_thread().name)
        return print_pdf(request)

    monkeypatch.setattr(articles, "print_pdf", print_in)
    result = run_build(library, ["source/gene-therapy.md"])
    assert result.problems == []
    assert printers
    assert all(name.startswith("print_") for name in printers)
    assert any(path.endswith("gene-therapy.pdf") for path in result.written)


@pytest.mark.parametrize("change", ["an edited sentence", "a paper change"])
def test_the_index_page_is_written_while_the_pdfs_print(
    library: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Issue 20 (an edited sentence with its PDFs): `handouts build ARTICLE` writes the
    index page while the article's PDFs still print (it does not show them), instead of
    after them; the page is the one written after them."""
    index = Layout(library).index
    if change == "a paper change":
        set_config(library, paper="a4")
    else:
        source = library / "source/gene-therapy.md"
        text = source.read_text("utf-8")
        source.write_text(text.replace("Gene therapy is a way", "Gene therapy is one way"), "utf-8")
    written = threading.Event()
    waited: list[bool] = []
    gave_up = threading.Event()  # the old order: stop waiting after the first timeout

    def index_page(*args: object, **kwargs: object) -> Effects:
        effects = write_index(*args, **kwargs)  # type: ignore[arg-type]
        written.set()
        return effects

    def print_in(request: PdfRequest) -> Effects:
        if not gave_up.is_set():
            waited.append(written.wait(timeout=30))
            if not waited[-1]:
                gave_up.set()
        return print_pdf(request)

    monkeypatch.setattr("pipeline.build.write_index", index_page)
    monkeypatch.setattr(articles, "print_pdf", print_in)
    result = run_build(library, ["source/gene-therapy.md"])
    assert result.problems == []
    assert waited
    assert all(waited)  # every PDF was printed after the index page was written
    assert any(path.endswith("gene-therapy.pdf") for path in result.written)
    page = index.read_bytes()
    monkeypatch.undo()
    run_build(library)  # nothing to build: the index page written again, after everything
    assert index.read_bytes() == page
