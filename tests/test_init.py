"""pipeline/__init__.py: the version and nothing else; importing the package does no work."""

from __future__ import annotations

import re
import subprocess
import sys

import pipeline


def test_the_version_is_a_release_number() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", pipeline.__version__)


def test_importing_the_package_loads_no_stage() -> None:
    code = (
        "import sys, pipeline; print(sorted(m for m in sys.modules if m.startswith('pipeline.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
