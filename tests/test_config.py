"""config.py: pyproject.toml [tool.handouts] -> Config, each bad setting one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import InputError
from pipeline.model import NO_CLINIC, Clinic


def _config(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.handouts]\n{settings}\n", "utf-8")
    return tmp_path


def test_defaults(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, ""))
    assert config.languages == ()
    assert (config.threshold, config.paper, config.bilingual) == (100.0, "letter", False)
    assert (config.clinic, config.grade_formula, config.required_languages) == (
        NO_CLINIC,
        "smog",
        None,
    )


def test_every_setting_read(tmp_path: Path) -> None:
    config = load_config(
        _config(
            tmp_path,
            'languages = ["zh-Hans", "es", "es"]\npublish_threshold = 90\npaper = "a4"\n'
            'bilingual = true\ngrade_formula = "flesch_kincaid"\nrequired_languages = ["es"]\n'
            'clinic = { name = "Riverside  Clinic", phone = "+1 555" }',
        )
    )
    assert [info.tag for info in config.languages] == ["es", "zh-Hans"]  # sorted, once each
    assert (config.threshold, config.paper, config.bilingual) == (90.0, "a4", True)
    assert config.grade_formula == "flesch_kincaid"
    assert config.required_languages == ("es",)
    assert config.clinic == Clinic(name="Riverside Clinic", phone="+1 555")  # spaces folded


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('paper = "a4"\npaper = "a4"', "pyproject.toml:3: this is not valid TOML: "),
        ('languages = "es"', "languages must be a list of locale codes."),
        ("publish_threshold = 101", "publish_threshold must be a percentage from 0 to 100."),
        ("publish_threshold = true", "publish_threshold must be a percentage from 0 to 100."),
        ('paper = "legal"', 'paper must be "letter" or "a4".'),
        ('bilingual = "yes"', "bilingual must be true or false."),
        ('grade_formula = "fog"', 'grade_formula must be "smog" or "flesch_kincaid".'),
        ('required_languages = "es"', "required_languages must be a list of locale codes."),
        ('clinic = { fax = "1" }', "clinic must be a table of texts: name, phone and address."),
    ],
)
def test_a_bad_setting_is_one_sentence(tmp_path: Path, settings: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        load_config(_config(tmp_path, settings))
    assert str(error.value).startswith("pyproject.toml")
    assert message in str(error.value)
