"""The lock: `requirements.txt` (what `make` installs with pip, every file hashed) and
`pylock.toml` (the same resolution in PEP 751's standard format, for tools that read lock
files) pin the same packages at the same versions, so neither can drift alone."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503 normalized


def test_both_lock_files_pin_the_same_versions() -> None:
    text = (ROOT / "requirements.txt").read_text("utf-8")
    required = {(_name(m[1]), m[2]) for m in _PIN.finditer(text)}
    lock = tomllib.loads((ROOT / "pylock.toml").read_text("utf-8"))
    locked = {(_name(p["name"]), p["version"]) for p in lock["packages"]}
    assert required
    assert required == locked


def test_every_locked_file_has_a_hash() -> None:
    lock = tomllib.loads((ROOT / "pylock.toml").read_text("utf-8"))
    for package in lock["packages"]:
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        assert files, package["name"]
        assert all(f["hashes"]["sha256"] for f in files), package["name"]
    assert "--hash=sha256:" in (ROOT / "requirements.txt").read_text("utf-8")
