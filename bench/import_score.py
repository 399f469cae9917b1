"""Import corpus -> per page and overall: body sentences and furniture kept, title, publisher, date.

Run: .venv/bin/python bench/import_score.py [--write bench/RESULTS-import.md]

Each page of tests/import-corpus/<publisher>/ is a copied text (<page>.txt), where it comes
from (<page>.source.yaml: address, publisher, licence) and the article an editor made of it
by hand (<page>.expected.yaml). The page is imported as an editor would (`handouts import
<page>.txt --url <address>`), the result is read back as the build reads a source article and
split into sentences by the build's own splitter, and then:

- a body sentence is kept when one imported sentence, heading or list item is exactly it;
- a furniture line is kept when an imported unit is that line, holds it (unless the line is
  also words of a body sentence), or (8 characters or more) is part of it;
- the title is right when it matches the page's heading, or when the page shows none and the
  import marks the title for the editor; likewise the date (a month alone compares by month);
- the publisher is right when it is one of the names the expected article accepts.

The seed page (../shared/seed-article.txt beside the repository) is scored as one more page
when it is there; its expected article is cleveland-clinic/seed-article.expected.yaml.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from pipeline.importer import import_document  # noqa: E402
from pipeline.model import BlockKind  # noqa: E402
from pipeline.segment import segment_article  # noqa: E402
from pipeline.source import parse_source  # noqa: E402

CORPUS = ROOT / "tests" / "import-corpus"

# The targets (#19), asserted by tests/test_import_corpus.py.
TARGET_RECALL = 1.0
TARGET_FURNITURE_PER_PAGE = 1.0
TARGET_TITLE = 0.95
TARGET_PUBLISHER = 0.95


@dataclass(frozen=True, slots=True)
class Page:
    name: str  # "cdc/high-blood-pressure"
    publisher_dir: str
    text_path: Path
    url: str | None  # the address an editor gives with --url
    country: str
    expected: dict[str, object]


@dataclass(frozen=True, slots=True)
class PageScore:
    page: Page
    sentences: int
    kept: int
    lost: tuple[str, ...]
    furniture_kept: tuple[str, ...]
    title: str | None  # None: marked for the editor
    publisher: str | None
    date: str | None
    is_title_right: bool
    is_publisher_right: bool
    is_date_right: bool
    missing: tuple[str, ...]


def corpus_pages(corpus: Path = CORPUS) -> list[Page]:
    """Every page with an expected article, in name order; the seed only when it is there."""
    pages: list[Page] = []
    for expected_path in sorted(corpus.glob("*/*.expected.yaml")):
        stem = expected_path.name.removesuffix(".expected.yaml")
        source = _yaml(expected_path.with_name(f"{stem}.source.yaml"))
        text_path = (
            (ROOT / str(source["text"])).resolve()
            if source.get("text")
            else expected_path.with_name(f"{stem}.txt")
        )
        if not text_path.is_file():
            continue  # the seed, when ../shared is not beside the repository
        pages.append(
            Page(
                name=f"{expected_path.parent.name}/{stem}",
                publisher_dir=expected_path.parent.name,
                text_path=text_path,
                url=_optional(source.get("url")),
                country=str(source.get("country", "")),
                expected=_yaml(expected_path),
            )
        )
    return pages


def score_page(page: Page) -> PageScore:
    result = import_document(
        page.text_path.read_bytes(), filename=page.text_path.name, source_url=page.url
    )
    document = parse_source(result.markdown, path=f"source/{result.slug}.md")
    units = [
        _norm(segment.text)
        for segment in segment_article(document).segments
        if segment.kind is not BlockKind.TITLE
    ]
    unit_set = set(units)
    expected = page.expected
    sentences = _expected_sentences(expected)
    lost = tuple(s for s in sentences if _norm(s) not in unit_set)
    furniture = [_norm(str(line)) for line in _list(expected.get("furniture"))]
    normed = [_norm(s) for s in sentences]
    furniture_kept = tuple(line for line in furniture if _is_kept(line, units, normed))
    missing = tuple(result.missing)
    meta = document.meta
    title = None if "title" in missing else meta.title
    publisher = None if "publisher" in missing else meta.publisher
    date = None if "last_reviewed" in missing else meta.last_reviewed.isoformat()
    want_title = _optional(expected.get("title"))
    want_date = _optional(expected.get("date"))
    accepted = {_norm(str(name)).casefold() for name in _list(expected.get("publisher"))}
    return PageScore(
        page=page,
        sentences=len(sentences),
        kept=len(sentences) - len(lost),
        lost=lost,
        furniture_kept=furniture_kept,
        title=title,
        publisher=publisher,
        date=date,
        is_title_right=(
            title is None
            if want_title is None
            else title is not None and _norm(title).casefold() == _norm(want_title).casefold()
        ),
        is_publisher_right=publisher is not None and _norm(publisher).casefold() in accepted,
        is_date_right=(
            date is None if want_date is None else date is not None and date.startswith(want_date)
        ),
        missing=missing,
    )


@dataclass(frozen=True, slots=True)
class Totals:
    pages: int
    sentences: int
    kept: int
    furniture_kept: int
    titles_right: int
    publishers_right: int
    dates_right: int

    @property
    def recall(self) -> float:
        return self.kept / self.sentences if self.sentences else 1.0

    @property
    def furniture_per_page(self) -> float:
        return self.furniture_kept / self.pages if self.pages else 0.0

    def rate(self, count: int) -> float:
        return count / self.pages if self.pages else 1.0


def totals(scores: Sequence[PageScore]) -> Totals:
    return Totals(
        pages=len(scores),
        sentences=sum(s.sentences for s in scores),
        kept=sum(s.kept for s in scores),
        furniture_kept=sum(len(s.furniture_kept) for s in scores),
        titles_right=sum(s.is_title_right for s in scores),
        publishers_right=sum(s.is_publisher_right for s in scores),
        dates_right=sum(s.is_date_right for s in scores),
    )


def render(scores: Sequence[PageScore]) -> str:
    """The per-page table, the per-publisher table and the overall line, as Markdown."""
    lines = [
        "| page | body sentences kept | furniture lines kept | title | publisher | date |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for score in scores:
        lines.append(
            f"| {score.page.name} | {score.kept}/{score.sentences} | "
            f"{len(score.furniture_kept)} | {_mark(score.is_title_right, score.title)} | "
            f"{_mark(score.is_publisher_right, score.publisher)} | "
            f"{_mark(score.is_date_right, score.date)} |"
        )
    by_publisher: defaultdict[str, list[PageScore]] = defaultdict(list)
    for score in scores:
        by_publisher[score.page.publisher_dir].append(score)
    lines += [
        "",
        "| publisher | country | pages | body sentences kept | furniture lines kept "
        "| titles right | publishers right | dates right |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, group in sorted(by_publisher.items()):
        total = totals(group)
        lines.append(
            f"| {name} | {group[0].page.country} | {total.pages} | "
            f"{total.kept}/{total.sentences} | {total.furniture_kept} | "
            f"{total.titles_right}/{total.pages} | {total.publishers_right}/{total.pages} | "
            f"{total.dates_right}/{total.pages} |"
        )
    overall = totals(scores)
    lines += [
        "",
        f"Overall, {overall.pages} pages from {len(by_publisher)} publishers: body sentences kept "
        f"{overall.kept}/{overall.sentences} ({overall.recall:.1%}); furniture lines kept "
        f"{overall.furniture_kept} ({overall.furniture_per_page:.2f} a page); titles right "
        f"{overall.titles_right}/{overall.pages} ({overall.rate(overall.titles_right):.0%}); "
        f"publishers right {overall.publishers_right}/{overall.pages} "
        f"({overall.rate(overall.publishers_right):.0%}); dates right "
        f"{overall.dates_right}/{overall.pages} ({overall.rate(overall.dates_right):.0%}).",
    ]
    problems = [f"- {s.page.name}: " + "; ".join(_problems(s)) for s in scores if _problems(s)]
    if problems:
        lines += ["", "What is still wrong:", "", *problems]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="also write the tables to this file")
    args = parser.parse_args(argv)
    report = render([score_page(page) for page in corpus_pages()])
    print(report, end="")
    if args.write:
        args.write.write_text(_HEADER + report, encoding="utf-8")
    return 0


_HEADER = """# `handouts import` on real pages

Written by `.venv/bin/python bench/import_score.py --write bench/RESULTS-import.md`; the
targets (every body sentence, at most one furniture line a page on average, title and
publisher right on 95% of pages) are asserted by `tests/test_import_corpus.py`. Pages:
`tests/import-corpus/<publisher>/`, each with its source, licence and the article made of it
by hand; the seed page is read from `../shared/seed-article.txt`.

"""


def _problems(score: PageScore) -> list[str]:
    found = [f"lost sentence “{s}”" for s in score.lost]
    found += [f"kept furniture “{line}”" for line in score.furniture_kept]
    if not score.is_title_right:
        found.append(f"title {score.title!r}, expected {score.page.expected.get('title')!r}")
    if not score.is_publisher_right:
        found.append(f"publisher {score.publisher!r}")
    if not score.is_date_right:
        found.append(f"date {score.date!r}, expected {score.page.expected.get('date')!r}")
    return found


def _expected_sentences(expected: dict[str, object]) -> list[str]:
    if source := expected.get("sentences_from"):
        document = parse_source((ROOT / str(source)).read_text("utf-8"), path=str(source))
        # The handout's own parts (key points, questions to ask) are not on the page.
        on_page = tuple(block for block in document.blocks if block.role is None)
        document = replace(document, blocks=on_page)
        return [s.text for s in segment_article(document).segments if s.kind is not BlockKind.TITLE]
    return [str(s) for s in _list(expected.get("sentences"))]


def _is_kept(line: str, units: Sequence[str], sentences: Sequence[str]) -> bool:
    # a masthead ("U.S. Department of Health and Human Services") can be words of the text too
    is_in_text = any(line in sentence for sentence in sentences)
    return any(
        unit == line or (not is_in_text and line in unit) or (len(unit) >= 8 and unit in line)
        for unit in units
    )


def _mark(is_right: bool, value: str | None) -> str:
    shown = "(marked for the editor)" if value is None else value.replace("|", "\\|")
    return f"{'yes' if is_right else 'NO'}: {shown}"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _yaml(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a mapping")
    return data


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


if __name__ == "__main__":
    raise SystemExit(main())
