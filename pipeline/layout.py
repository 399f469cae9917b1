"""A project's root -> every path the pipeline reads or writes, named once.

source/<slug>.md, locales/<slug>.pot, locales/<lang>/LC_MESSAGES/<domain>.po,
locales/<lang>/glossary.csv, output/<lang>/<slug>.<kind>, output/reports/, output/index.html
and output/.cache/: the layout README.md describes, here and nowhere else.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.locales import LocaleInfo

LABELS_DOMAIN = "handouts"  # the catalog of the words every handout shares


@dataclass(frozen=True, slots=True)
class HandoutFiles:
    """One article's handouts in one language."""

    html: Path
    text: Path
    pdf: Path
    preview: Path  # a PNG of the PDF's first page, for the index
    bilingual_html: Path
    bilingual_pdf: Path
    paste: Path  # text to paste into a patient portal message

    def all(self) -> tuple[Path, ...]:
        return (
            self.html,
            self.text,
            self.pdf,
            self.preview,
            self.bilingual_html,
            self.bilingual_pdf,
            self.paste,
        )


@dataclass(frozen=True, slots=True)
class Layout:
    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def settings(self) -> Path:
        return self.root / "pyproject.toml"

    @property
    def index(self) -> Path:
        return self.output / "index.html"

    @property
    def index_rows(self) -> Path:
        """The index's rows as last rendered, each reused while its article's entries
        stay the same (render_html.index_page)."""
        return self.output / ".cache" / "index-rows.json"

    @property
    def build_cache(self) -> Path:
        return self.output / ".cache" / "build.json"

    def article(self, slug: str) -> Path:
        return self.source / f"{slug}.md"

    def template(self, domain: str) -> Path:
        return self.locales / f"{domain}.pot"

    def catalogs(self, locale: LocaleInfo) -> Path:
        return self.locales / locale.gettext_name / "LC_MESSAGES"

    def catalog(self, locale: LocaleInfo, domain: str) -> Path:
        return self.catalogs(locale) / f"{domain}.po"

    def shown_catalogs(self, locale: LocaleInfo, domains: tuple[str, ...]) -> list[str]:
        """`shown(catalog(locale, domain))` for each domain, without a Path per catalog:
        the build cache names 16 catalogs of each of 500 articles (pathlib took 0.2 s)."""
        folder = _shown_folder(self, locale)
        return [f"{folder}/{domain}.po" for domain in domains]

    def glossary(self, locale: LocaleInfo) -> Path:
        return self.locales / locale.gettext_name / "glossary.csv"

    def memory_store(self, locale: LocaleInfo) -> Path:
        return self.output / ".cache" / "memory" / f"{locale.gettext_name}.json"

    def handouts(self, locale: LocaleInfo, slug: str) -> HandoutFiles:
        folder = self.output / locale.gettext_name
        return HandoutFiles(
            html=folder / f"{slug}.html",
            text=folder / f"{slug}.txt",
            pdf=folder / f"{slug}.pdf",
            preview=folder / f"{slug}.png",
            bilingual_html=folder / f"{slug}.bilingual.html",
            bilingual_pdf=folder / f"{slug}.bilingual.pdf",
            paste=folder / f"{slug}.paste.txt",
        )

    def report(self, slug: str, lang: str) -> Path:
        """The editor's report without its suffix: .html, .json and .csv are written."""
        return self.output / "reports" / f"{slug}.{lang}"

    def pdf_record(self, pdf: Path) -> Path:
        """What the PDF was printed from (output/.cache/pdf/...): pdf_engine skips a PDF
        whose HTML is unchanged."""
        return self.output / ".cache" / "pdf" / f"{pdf.relative_to(self.output)}.json"

    def print_plan(self, slug: str) -> Path:
        """The PDFs an article's last build asked for, with their Typst data
        (output/.cache/print/): a paper change prints them again without reading the
        article (outputs.planned_pdfs)."""
        return self.output / ".cache" / "print" / f"{slug}.json"

    def import_report(self, slug: str) -> Path:
        return self.output / "reports" / f"{slug}.import.txt"

    def shown(self, path: Path) -> str:
        """A path as messages and the build cache name it: from the root, with slashes."""
        below = _below(path, self.root)
        return below if below is not None else path.relative_to(self.root).as_posix()

    def href(self, path: Path) -> str:
        """A link from output/index.html to a file in output/."""
        return path.relative_to(self.output).as_posix()

    def writable_folder(self, path: Path) -> Path:
        """The one folder a file may be written in: locales/ for catalogs, else output/."""
        if _below(path, self.output) is not None:  # nearly every file a build writes
            return self.output
        return self.locales if path.is_relative_to(self.locales) else self.output


def _below(path: Path, folder: Path) -> str | None:
    """`path.relative_to(folder).as_posix()` for a path below the folder, found in their
    text (pathlib's forms are normalised), or None: pathlib then decides. A build names
    tens of thousands of files, and pathlib's relative_to took about 2% of it."""
    text, prefix = str(path), str(folder)
    if prefix not in (".", os.sep) and text.startswith(prefix + os.sep):
        return text[len(prefix) + 1 :].replace(os.sep, "/")
    return None


@functools.cache
def _shown_folder(layout: Layout, locale: LocaleInfo) -> str:
    return layout.shown(layout.catalogs(locale))
