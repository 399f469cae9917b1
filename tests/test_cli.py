"""The `handouts` command: (argv, stderr, exit code) tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main


def test_build_succeeds_and_prints_the_grades(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "source/gene-therapy.md (en): Flesch-Kincaid" in out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("last_reviewed: 2025-06-17", "last_reviewed: 2025-06-31"),
            "source/gene-therapy.md:7: 'last_reviewed' must be a date written YYYY-MM-DD, "
            "not '2025-06-31'.\n",
        ),
        (
            ("target_grade: 6", "target_grade: [6]"),
            "source/gene-therapy.md:8: 'target_grade' must be a number such as 6, not [6].\n",
        ),
    ],
)
def test_bad_front_matter_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str], edit: tuple[str, str], message: str
) -> None:
    source = project / "source/gene-therapy.md"
    source.write_text(source.read_text("utf-8").replace(*edit), "utf-8")
    assert main(["report", "--root", str(project)]) == 2
    assert capsys.readouterr().err == message


def test_unknown_locale_in_config_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace('languages = ["es"]', 'languages = ["es", "xx-??"]'),
        "utf-8",
    )
    assert main(["build", "--root", str(project)]) == 2
    assert capsys.readouterr().err == (
        "pyproject.toml: 'xx-??' is not a known locale code; "
        "use a BCP 47 code such as 'es' or 'zh-Hans'.\n"
    )


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["bogus"])
    assert caught.value.code == 2


def test_module_entry_point_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "build" in result.stdout
