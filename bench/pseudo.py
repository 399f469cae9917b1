"""English msgid -> deterministic pseudo-translation for one locale.

Benchmarks need complete catalogs without translators. Each word is rewritten in
the locale's script (accented and longer Latin, Cyrillic, Hangul, Han characters,
Arabic letters), while everything a catalog check compares stays as it was:
`{1}`...`{/1}` and `{name}` placeholders, numbers, web addresses, Markdown link
targets, ™/®/©, spacing at the ends and the kind of end punctuation. The same
msgid always gives the same msgstr, whichever tool extracted it.
"""

from __future__ import annotations

import re
import zlib

LOCALES = ("es", "fr", "de", "vi", "zh-Hans", "ar", "ru", "ko")

_TOKEN = re.compile(
    r"""
    (?P<keep>
        \{\{ | \}\} | \{/?\d+\} | \{[A-Za-z_][A-Za-z0-9_]*\}   # placeholders
      | \]\([^)\s]*\)                                         # a Markdown link target
      | <[a-z]+:[^>\s]+>                                      # a Markdown autolink
      | (?:https?://|mailto:|tel:)[^\s)\]}>"]+                # a bare address
      | [\w.+-]+@[\w-]+\.[\w.]+                               # an email
      | \d+(?:[.,]\d+)*                                       # numbers, as checks find them
      | (?<![A-Za-z])(?:mcg|mg|kg|mL|ml|mmol|mEq)(?![A-Za-z])  # unit symbols, as checks do
      | [™®©]
    )
    | (?P<word>[A-Za-z]+(?:['’][A-Za-z]+)*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ACCENTS = {
    "es": str.maketrans("aeiounyAEIOUNY", "áéíóúñýÁÉÍÓÚÑÝ"),
    "fr": str.maketrans("aeioucyAEIOUCY", "àéîôûçÿÀÉÎÔÛÇŸ"),
    "de": str.maketrans("aouysAOUY", "äöüÿßÄÖÜŸ"),
    "vi": str.maketrans("aeioudyAEIOUDY", "ạếịộưđỳẠẾỊỘƯĐỲ"),
}
_CYRILLIC = str.maketrans(
    "abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWYZ",
    "абцдефгхийклмнопкрстувшызАБЦДЕФГХИЙКЛМНОПКРСТУВШЫЗ",
)
_ARABIC = {
    **dict(zip("abcdefghijklmnopqrstuvwyz", "ابكديفغهيجكلمنوبقرستوفويز", strict=True)),
    "x": "كس",
}
# Common Simplified Chinese characters; a word becomes one to three of them.
_HAN = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学"
    "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面"
    "公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部"
    "正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关"
)
_WIDE_PUNCTUATION = str.maketrans(
    {".": "。", ",": "，", "?": "？", ":": "：", "!": "！", ";": "；"}
)
_ARABIC_PUNCTUATION = str.maketrans({",": "،", "?": "؟", ";": "؛"})


def _digest(word: str) -> int:
    return zlib.crc32(word.lower().encode("utf-8"))


def _latin(word: str, lang: str) -> str:
    """Accented, and a letter longer per long word, as translations into Latin-script
    languages run about a third longer than English."""
    accented = word.translate(_ACCENTS[lang])
    if len(word) >= 4:
        index = _digest(word) % len(accented)
        accented = accented[: index + 1] + accented[index].lower() + accented[index + 1 :]
    return accented


def _hangul(word: str) -> str:
    seed = _digest(word)
    syllables = []
    for index in range(max(1, min(4, (len(word) + 2) // 3))):
        value = (seed >> (index * 5)) ^ (seed * (index + 7))
        initial, medial, final = value % 19, (value >> 7) % 21, (value >> 13) % 28
        syllables.append(chr(0xAC00 + (initial * 21 + medial) * 28 + final))
    return "".join(syllables)


def _han(word: str) -> str:
    seed = _digest(word)
    count = 1 if len(word) <= 3 else 2 if len(word) <= 7 else 3
    return "".join(_HAN[(seed >> (index * 8)) % len(_HAN)] for index in range(count))


def _word(word: str, lang: str) -> str:
    if lang in _ACCENTS:
        return _latin(word, lang)
    if lang == "ru":
        return word.translate(_CYRILLIC).replace("x", "кс").replace("X", "Кс")
    if lang == "ar":
        return "".join(_ARABIC.get(char.lower(), char) for char in word)
    if lang == "ko":
        return _hangul(word)
    if lang == "zh-Hans":
        return _han(word)
    raise ValueError(f"no pseudo-translation for {lang!r}")


def pseudo_translate(text: str, lang: str) -> str:
    """One msgid -> its pseudo-translation in `lang` (one of LOCALES)."""
    if lang not in LOCALES:
        raise ValueError(f"no pseudo-translation for {lang!r}; choose from {LOCALES}")
    pieces: list[tuple[str, str]] = []  # (kind, text)
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group(0)
        if kind == "word":
            value = _word(value, lang)
        elif kind == "other" and lang == "zh-Hans":
            value = value.translate(_WIDE_PUNCTUATION)
        elif kind == "other" and lang == "ar":
            value = value.translate(_ARABIC_PUNCTUATION)
        pieces.append((kind, value))
    if lang != "zh-Hans":
        return "".join(value for _, value in pieces)
    # Chinese runs words together; keep the spaces that separate numbers and addresses.
    joined: list[str] = []
    for index, (_, value) in enumerate(pieces):
        if value == " " and 0 < index < len(pieces) - 1:
            before, after = pieces[index - 1], pieces[index + 1]
            if before[0] != "keep" and after[0] != "keep" and "{" not in before[1] + after[1]:
                continue
        if (
            value
            and value in "。，？：！；"
            and index < len(pieces) - 1
            and pieces[index + 1][1] == " "
        ):
            pieces[index + 1] = ("other", "")  # full-width punctuation carries its own space
        joined.append(value)
    return "".join(joined)


if __name__ == "__main__":
    import sys

    sample = " ".join(sys.argv[1:]) or "Take 2 tablets (500 mg) twice a day. See {1}the guide{/1}."
    for tag in LOCALES:
        print(f"{tag:8} {pseudo_translate(sample, tag)}")
