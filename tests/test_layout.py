"""pipeline/layout.py: a project's root -> every path, as README.md describes the layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.locales import locale_info

ROOT = Path("/project")


@pytest.mark.parametrize(
    ("tag", "folder"), [("es", "es"), ("zh-Hans", "zh_Hans"), ("pt-BR", "pt_BR")]
)
def test_catalogs_sit_in_the_gettext_folder_of_their_language(tag: str, folder: str) -> None:
    layout = Layout(ROOT)
    locale = locale_info(tag, origin="test")
    assert layout.catalog(locale, "gene-therapy") == Path(
        f"/project/locales/{folder}/LC_MESSAGES/gene-therapy.po"
    )
    assert layout.catalog(locale, LABELS_DOMAIN).name == "handouts.po"
    assert layout.glossary(locale) == Path(f"/project/locales/{folder}/glossary.csv")
    assert layout.memory_store(locale) == Path(f"/project/output/.cache/memory/{folder}.json")


def test_handouts_are_named_by_slug_and_kind() -> None:
    layout = Layout(ROOT)
    files = layout.handouts(locale_info("zh-Hans", origin="test"), "gene-therapy")
    assert [layout.href(path) for path in files.all()] == [
        "zh_Hans/gene-therapy.html",
        "zh_Hans/gene-therapy.txt",
        "zh_Hans/gene-therapy.pdf",
        "zh_Hans/gene-therapy.png",
        "zh_Hans/gene-therapy.bilingual.html",
        "zh_Hans/gene-therapy.bilingual.pdf",
        "zh_Hans/gene-therapy.paste.txt",
    ]
    assert len(set(files.all())) == 7


def test_sources_templates_reports_and_caches() -> None:
    layout = Layout(ROOT)
    assert layout.shown(layout.article("gene-therapy")) == "source/gene-therapy.md"
    assert layout.shown(layout.template("gene-therapy")) == "locales/gene-therapy.pot"
    assert layout.shown(layout.report("gene-therapy", "es")) == "output/reports/gene-therapy.es"
    assert layout.shown(layout.import_report("x")) == "output/reports/x.import.txt"
    assert layout.shown(layout.index) == "output/index.html"
    assert layout.shown(layout.build_cache) == "output/.cache/build.json"
    assert layout.shown(layout.settings) == "pyproject.toml"


def test_only_catalogs_are_written_in_locales() -> None:
    layout = Layout(ROOT)
    es = locale_info("es", origin="test")
    assert layout.writable_folder(layout.catalog(es, "x")) == layout.locales
    assert layout.writable_folder(layout.template("x")) == layout.locales
    assert layout.writable_folder(layout.handouts(es, "x").pdf) == layout.output


@pytest.mark.parametrize("tag", ["es", "zh-Hans", "pt-BR", "ar"])
def test_shown_catalogs_name_each_catalog_as_shown_does(tag: str) -> None:
    layout, locale = Layout(Path("/lib")), locale_info(tag, origin="test")
    domains = ("flu-shot", LABELS_DOMAIN, "gene-therapy")
    expected = [layout.shown(layout.catalog(locale, domain)) for domain in domains]
    assert layout.shown_catalogs(locale, domains) == expected
    assert Layout(Path("/other")).shown_catalogs(locale, domains) == expected  # from the root


@pytest.mark.parametrize(
    "root", [Path(), Path("project"), Path("/srv/clinic/handouts"), Path("/"), Path("../up")]
)
def test_paths_are_named_as_pathlib_names_them(root: Path) -> None:
    """Issue 20: paths below the root are named from their text, as relative_to names
    them; anything else is still pathlib's to decide."""
    layout = Layout(root)
    for path in (
        layout.output / "es" / "flu.html",
        layout.catalog(locale_info("zh-Hans", origin="test"), "flu"),
        layout.output / "reports" / "flu.en.json",
    ):
        assert layout.shown(path) == path.relative_to(root).as_posix()
    assert layout.writable_folder(layout.output / "es" / "flu.html") == layout.output
    catalog = layout.catalog(locale_info("es", origin="test"), "flu")
    assert layout.writable_folder(catalog) == layout.locales
    with pytest.raises(ValueError, match="is not in the subpath"):  # outside the project
        layout.shown(Path("/elsewhere/flu.html") if root != Path("/") else Path("flu.html"))
