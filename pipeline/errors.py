"""The one error convention: InputError raised by stages, Problem printed by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Outcome(IntEnum):
    OK = 0  # everything built and every gate passed
    CONTENT = 1  # a gate failed: grade too high, critical text untranslated, stale PO
    INPUT = 2  # bad usage or a bad input file (argparse exits 2 by itself)


class InputError(Exception):
    """Bad input a user can fix; its text reads `path:line: one sentence.`"""

    def __init__(self, sentence: str, *, path: str, line: int | None = None) -> None:
        super().__init__(sentence)
        self.sentence, self.path, self.line = sentence, path, line

    def __str__(self) -> str:
        line = "" if self.line is None else f":{self.line}"
        return f"{self.path}{line}: {self.sentence}"

    def __reduce__(self) -> tuple[Any, tuple[str, str, int | None]]:
        # Raised in a worker process, it crosses back to the build pickled; the default
        # (the positional args only) cannot make it again, its path being keyword-only.
        return _input_error, (self.sentence, self.path, self.line)


def _input_error(sentence: str, path: str, line: int | None) -> InputError:
    return InputError(sentence, path=path, line=line)


class SetupError(Exception):
    """The machine lacks something every command needs (a system library); the text says
    what to install. Not bad input: nothing the user wrote is at fault."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One message for the user and how bad it is."""

    message: str
    outcome: Outcome

    @classmethod
    def from_error(cls, error: InputError) -> Problem:
        return cls(str(error), Outcome.INPUT)
