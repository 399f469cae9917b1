"""Locale codes: validated in one place, spelled right for HTML, gettext and Babel."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.locales import locale_info


@pytest.mark.parametrize(
    ("code", "tag", "folder", "babel", "direction", "name"),
    [
        ("es", "es", "es", "es", "ltr", "Español"),
        ("zh-hans", "zh-Hans", "zh_Hans", "zh_Hans", "ltr", "中文 (简体)"),
        ("zh_Hans", "zh-Hans", "zh_Hans", "zh_Hans", "ltr", "中文 (简体)"),
        ("ar", "ar", "ar", "ar", "rtl", "العربية"),
        ("tl", "tl", "tl", "fil_PH", "ltr", "Filipino"),
        ("pt-br", "pt-BR", "pt_BR", "pt_BR", "ltr", "Português (Brasil)"),
    ],
)
def test_spellings(code: str, tag: str, folder: str, babel: str, direction: str, name: str) -> None:
    info = locale_info(code, origin="pyproject.toml")
    assert (info.tag, info.gettext_name, info.babel_name, info.direction, info.native_name) == (
        tag,
        folder,
        babel,
        direction,
        name,
    )


def test_plural_forms_from_babel() -> None:
    assert locale_info("ru", origin="x").plural_forms.startswith("nplurals=3;")


@pytest.mark.parametrize("code", ["xx", "../x", "/etc", "es es", "", "e"])
def test_bad_codes_name_their_origin(code: str) -> None:
    with pytest.raises(InputError) as caught:
        locale_info(code, origin="pyproject.toml", line=3)
    assert str(caught.value).startswith("pyproject.toml:3: ")
