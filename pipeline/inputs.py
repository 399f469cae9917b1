"""A project's articles: found by name, read, checked and segmented; and the date a build
stamps on them (SOURCE_DATE_EPOCH or the review date, never the clock)."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

from pipeline.errors import InputError
from pipeline.files import read_text
from pipeline.language_data import language_data
from pipeline.layout import Layout
from pipeline.model import Article
from pipeline.readability import score_article
from pipeline.scores import ReadabilityReport
from pipeline.segment import segment_article
from pipeline.source import parse_source


def build_date(article: Article) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the article's review date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        return epoch_date(epoch)
    reviewed = article.meta.last_reviewed
    return dt.datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=dt.UTC)


def source_paths(root: Path, names: list[str] | None = None) -> list[Path]:
    folder = Layout(root).source
    if names:
        return [_named_source(root, name) for name in names]
    try:
        # os.scandir: the entries' types without a stat each, names sorted as strings
        # (the order of sorted paths in one folder); glob took 10 ms of a 500-article
        # library's one-article build (issue 20).
        with os.scandir(folder) as entries:
            found = [e.name for e in entries if e.name.endswith(".md") and e.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / name for name in sorted(found)]


def _named_source(root: Path, name: str) -> Path:
    """An article named as a user names it: its slug, its file name, or a path from here
    or from the project; an unknown name gets the closest slugs."""
    folder = Layout(root).source.resolve()
    given = Path(name)
    candidates = [given, root / given, folder / given, folder / f"{name}.md"]
    found = [path for c in candidates if (path := c.resolve()).is_file()]
    for path in found:
        if path.parent == folder and path.suffix == ".md":
            return path
    if found:
        raise InputError(
            "this is not an article of the project; articles are source/<slug>.md.", path=name
        )
    slugs = sorted(p.stem for p in folder.glob("*.md"))
    wanted = given.stem if given.suffix == ".md" else given.name
    close = difflib.get_close_matches(wanted, slugs, n=3, cutoff=0.6)
    if close:
        hint = "did you mean " + " or ".join(f"'{slug}'" for slug in close) + "?"
    elif slugs:
        hint = "the articles are " + ", ".join(slugs[:10]) + ("…" if len(slugs) > 10 else "")
    else:
        hint = "source/ has no articles yet; `handouts import PAGE` makes one"
    raise InputError(f"there is no such article in source/; {hint}", path=name)


MAX_ARTICLE_BYTES = 2_000_000  # a handout is a few pages; 2 MB is hundreds of them


def load_article(root: Path, path: Path) -> Article:
    shown = Layout(root).shown(path)
    size = path.stat().st_size if path.is_file() else 0
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the article is {size / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES / 1e6:.0f} MB: "
            "split it into several articles.",
            path=shown,
        )
    document = parse_source(read_text(path, shown_as=shown), path=shown)
    if document.meta.slug != path.stem:
        raise InputError(
            f"the slug '{document.meta.slug}' must match the file name '{path.stem}'.",
            path=shown,
            line=document.meta.title_line,
        )
    return segment_article(document)


def epoch_date(epoch: str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError):
        raise InputError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}.",
            path="environment",
        ) from None


def article_report(article: Article, grade_formula: str = "smog") -> ReadabilityReport:
    """The article's readability in its own language, its English targets in `grade_formula`."""
    data = language_data(article.meta.locale.language)
    return score_article(article, data=data, grade_formula=grade_formula)
