"""plain-handouts: health articles -> plain-language, translated, printable handouts."""

__version__ = "0.1.0"
