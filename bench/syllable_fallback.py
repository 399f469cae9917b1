"""How often each syllable fallback agrees with the CMU pronouncing dictionary.

Run: .venv/bin/python bench/syllable_fallback.py [STEP]
Words missing from the dictionary (rare medical words, names) are counted by a
fallback; its accuracy on words whose answer we know tells how far to trust it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from pipeline.language_data import _syllable_dictionary, language_data
from pipeline.readability import (
    dictionary_syllables,
    estimate_syllables,
    fallback_syllables,
)


def main(step: int = 25) -> None:
    words = sorted(w for w in _syllable_dictionary() if w.isalpha() and len(w) > 2)[::step]
    print(f"{len(words)} dictionary words (every {step}th alphabetic word of 3+ letters)")
    counters: dict[str, Callable[[str], int]] = {
        "plain-handouts estimate_syllables": estimate_syllables,
        "textstat pyphen fallback": fallback_syllables,
    }
    for name, count in counters.items():
        exact = near = 0
        for word in words:
            expected = dictionary_syllables(word, language_data()) or 0
            got = count(word)
            exact += got == expected
            near += abs(got - expected) <= 1
        print(
            f"{name}: exact {100 * exact / len(words):.1f}%, "
            f"within one syllable {100 * near / len(words):.1f}%"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
