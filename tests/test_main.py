"""pipeline/__main__.py: `python -m pipeline` is the `handouts` command, exit code included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_module_entry_point_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "build" in result.stdout


def test_module_entry_point_exit_code(tmp_path: Path) -> None:
    """Outside a project the command says so and exits 2, as `handouts` does."""
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "status", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip()
    assert result.stdout == ""
