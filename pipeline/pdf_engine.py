"""A warm PDF renderer: one per process that prints, reused for every handout it prints
(where a library's build prints: pipeline/articles.py).

A cold WeasyPrint render builds a new font configuration (fontconfig and Pango set-up)
and parses the handout's stylesheet again for every document. A library prints
thousands of handouts with the same few fonts and the same stylesheet, so the engine
keeps both: the `FontConfiguration`, and the parsed `CSS` of each distinct stylesheet
(keyed by its text). The handout's print HTML keeps its own `<style>` for a browser;
the engine takes it out and hands WeasyPrint the parsed copy instead. WeasyPrint
cascades that copy as a user stylesheet; with no author rules left, it wins over the
user-agent rules exactly as the author's did, and the PDFs are the same bytes
(tests/test_pdf_engine.py compares them with a cold render).

The second engine, Typst (`[tool.handouts] pdf_engine = "typst"`, pipeline/pdf_typst.py),
lays out the handout's data instead of its HTML; the engine keeps its compiler warm the
same way (fonts scanned once, from Debian's font folders only). A `PrintJob` says which
engine prints and from what (print HTML or Typst data); the PDF cache keys on both.

The engine also counts where the time goes (layout, fonts, writing, preview), so the
benchmark can say what a PDF costs; the counts never change any output. (Typst lays
out and writes in one call: its time counts as layout.)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.cache import library_versions
from pipeline.errors import InputError
from pipeline.files import write_atomically
from pipeline.pdf_typst import TypstPrinter, warm
from pipeline.render_pdf import Pdf, page_count

# The handout template writes exactly one <style> element in <head>; its text is the
# whole stylesheet. (A translation never reaches <head>: titles are escaped.)
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
PHASES = ("layout", "fonts", "writing", "preview")
ENGINES = ("weasyprint", "typst")
LARGE_FONT_LANGUAGES = frozenset({"ja", "ko", "zh"})  # set in Noto Sans CJK
# The fonts Typst may use: those of Debian's fonts-liberation, fonts-noto-core and
# fonts-noto-cjk (the ones WeasyPrint's PDFs embed), never the machine's other fonts.
TYPST_FONT_FOLDERS = (
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
)


@dataclass(frozen=True, slots=True, init=False)
class PrintJob:
    """What to print: the engine, and its input (the print HTML for WeasyPrint, the
    `pdf_typst.typst_data` JSON for Typst).

    The input is kept compressed (zlib's fastest level, about a tenth of a millisecond):
    a library's build holds its Chinese, Japanese and Korean print jobs until its workers
    have ended (articles.py), about 60 KB of text an article, 9 KB compressed."""

    engine: str  # one of ENGINES
    _packed: bytes

    def __init__(self, engine: str, source: str) -> None:
        object.__setattr__(self, "engine", engine)
        object.__setattr__(self, "_packed", zlib.compress(source.encode("utf-8"), 1))

    @property
    def source(self) -> str:
        return zlib.decompress(self._packed).decode("utf-8")


@dataclass(frozen=True, slots=True)
class PdfRequest:
    """A PDF a build asked for and has not printed yet: what prints it, where it goes
    (with its first-page preview) and the pages it should fit on. An article's build
    hands these back instead of printing; the build chooses the process that prints
    them (issue 20: one process holds the engine's fonts, not every worker)."""

    root: Path  # the project, for the paths shown and the PDF records
    pdf: Path
    job: PrintJob
    page_limit: int
    language: str  # the handout's language subtag (`LocaleInfo.language`)
    preview: Path | None = None

    @property
    def has_large_fonts(self) -> bool:
        """Whether printing it loads Noto CJK, each face its language uses read whole from
        a 20 MB collection: Typst keeps them (about 85 MB for Chinese and Korean), and
        WeasyPrint holds their faces and shaping data (about 30 MB)."""
        return self.language in LARGE_FONT_LANGUAGES


@dataclass(slots=True)
class PdfEngine:
    """Renders print HTML to tagged PDF/UA and first-page previews, kept warm."""

    _fonts: Any = None  # weasyprint FontConfiguration, made on first use
    _sheets: dict[str, Any] = field(default_factory=dict)  # sha256 of css -> CSS
    _images: dict[str, Any] = field(default_factory=dict)  # WeasyPrint's image cache
    _typst: TypstPrinter | None = None  # made on first use
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    documents: int = 0
    previews: int = 0

    def render(self, html: str) -> Pdf:
        """A handout's print HTML -> a tagged PDF (language, embedded font subsets)."""
        import weasyprint  # heavy: loaded only when PDFs are built

        self._fonts_ready()
        css = _STYLE.search(html)
        sheets = []
        if css is not None:
            sheets.append(self._sheet(css.group(1)))
            html = html[: css.start()] + html[css.end() :]
        with self._timed("layout"):
            document = weasyprint.HTML(string=html).render(
                stylesheets=sheets,
                font_config=self._fonts,
                pdf_variant="pdf/ua-1",
                cache=self._images,
            )
        with _fonts_timed(self), self._timed("writing"):
            data = document.write_pdf(pdf_variant="pdf/ua-1")
        assert data is not None  # write_pdf returns bytes when given no target
        self.documents += 1
        pages = len(document.pages)
        del document
        give_back_memory()
        return Pdf(data=data, pages=pages)

    def _fonts_ready(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        with self._timed("fonts"):
            if self._fonts is None:
                _font_files_read_when_needed()
                self._fonts = FontConfiguration()

    def print(self, job: PrintJob) -> Pdf:
        """A print job -> a tagged PDF/UA, by the engine it names."""
        if job.engine == "typst":
            return self.render_typst(job.source)
        return self.render(job.source)

    def render_typst(self, data: str) -> Pdf:
        """Typst data (pdf_typst.typst_data) -> a tagged PDF/UA-1."""
        with self._timed("fonts"):
            if self._typst is None:
                folders = _typst_font_folders()  # missing fonts: an InputError, no Typst
                _TYPST_STARTED.set()
                self._typst = TypstPrinter(folders)
        with self._timed("layout"):
            data_pdf = self._typst.render(data)
            pages = page_count(data_pdf)
        self.documents += 1
        return Pdf(data=data_pdf, pages=pages)

    def preview(self, pdf: bytes) -> bytes:
        """The first page as a small PNG for the index page."""
        from pipeline.render_pdf import preview_png

        with self._timed("preview"):
            png = preview_png(pdf)
        self.previews += 1
        return png

    def _sheet(self, text: str) -> Any:
        import weasyprint

        key = hashlib.sha256(text.encode()).hexdigest()
        sheet = self._sheets.get(key)
        if sheet is None:
            with self._timed("layout"):
                sheet = weasyprint.CSS(string=text, font_config=self._fonts)
            if len(self._sheets) > 64:  # a few stylesheets per paper size; never grows
                self._sheets.clear()
            self._sheets[key] = sheet
        return sheet

    @contextmanager
    def _timed(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[phase] += time.perf_counter() - start


@functools.cache
def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def give_back_memory() -> None:
    """Issue 20: a Chinese or Korean PDF takes tens of MB of heap while it is laid out
    and its fonts subset, which glibc keeps after it is freed; every
    worker printing PDFs would hold its peak for the rest of the build. Handing the
    free heap back to the system after each PDF (and after each article a worker
    builds: workers.py) keeps a worker near its working size. It changes no byte of
    output."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _font_files_read_when_needed() -> None:
    """Issue 20, memory: WeasyPrint copies the whole file of every font a document uses
    into memory as it meets it (`Font.__init__`), though with HarfBuzz-Subset (which the
    build installs) it never reads that copy: it subsets from HarfBuzz's own face and
    keeps the subset. For Noto Sans CJK the copy is a 20 MB collection per weight:
    about 55 MB of the 68 MB a Chinese PDF took at its peak (13-20 MB without it). Here
    a font's file is copied only when something reads it before the subset replaces it
    (fontTools' subsetter where HarfBuzz-Subset is missing, variable or colour fonts),
    from the same face. The PDFs are the same bytes (tests/test_pdf_engine.py). Done
    once a process, before its first WeasyPrint document; with a WeasyPrint older than 63
    (whose fonts live elsewhere, pyproject.toml allows 62) nothing is changed."""
    import weasyprint.pdf.fonts as fonts

    if not hasattr(fonts, "Font") or not hasattr(fonts, "get_hb_object_data"):
        return  # WeasyPrint 62: its fonts are copied as it does
    whole_file = fonts.get_hb_object_data
    starting = threading.local()  # inside Font.__init__ in this thread

    def read(hb_object: Any, *args: Any) -> Any:
        if getattr(starting, "font", False) and not args:
            return None  # Font.__init__'s copy: made by `loaded` if ever read
        return whole_file(hb_object, *args)

    original_init = fonts.Font.__init__

    def init(font: Any, *args: Any, **kwargs: Any) -> None:
        starting.font = True
        try:
            original_init(font, *args, **kwargs)
        finally:
            starting.font = False

    def loaded(font: Any) -> bytes:
        data: bytes | None = font.__dict__.get("_file_content")
        if data is None:
            data = font.__dict__["_file_content"] = whole_file(font.hb_face)
        return data

    def store(font: Any, data: bytes | None) -> None:
        font.__dict__["_file_content"] = data

    fonts.get_hb_object_data = read
    fonts.Font.__init__ = init
    fonts.Font.file_content = property(loaded, store)


@contextmanager
def _fonts_timed(engine: PdfEngine) -> Iterator[None]:
    """Count the font subsetting and embedding inside write_pdf as `fonts`, not
    `writing` (WeasyPrint does it in one function, wrapped here for the time only)."""
    import weasyprint.pdf as pdf_module

    original = pdf_module.build_fonts_dictionary

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent = time.perf_counter() - start
            engine.seconds["fonts"] += spent
            engine.seconds["writing"] -= spent

    pdf_module.build_fonts_dictionary = timed
    try:
        yield
    finally:
        pdf_module.build_fonts_dictionary = original


def _typst_font_folders() -> tuple[str, ...]:
    found = tuple(folder for folder in TYPST_FONT_FOLDERS if Path(folder).is_dir())
    if len(found) < len(TYPST_FONT_FOLDERS):
        raise InputError(
            'pdf_engine = "typst" needs the fonts of Debian\'s fonts-liberation, '
            "fonts-noto-core and fonts-noto-cjk (in /usr/share/fonts): install them "
            '(`make tools`) or set pdf_engine = "weasyprint".',
            path="pyproject.toml",
        )
    return found


# One engine per thread: the build prints PDFs in a thread per core when an article's
# build or its workers leave them to it (articles.py); Typst lets go of the GIL while it
# lays out, and every thread's compiler shares the process's fonts (pdf_typst).
_ENGINES = threading.local()
_TYPST_STARTED = threading.Event()


def engine() -> PdfEngine:
    """This thread's engine (kept for every PDF the thread prints)."""
    current: PdfEngine | None = getattr(_ENGINES, "engine", None)
    if current is None:
        current = _ENGINES.engine = PdfEngine()
    return current


def warm_typst(languages: Iterable[str]) -> None:
    """Start reading what this process's first Typst PDFs would wait for, in a thread
    beside the build's own work: the font folders scanned and the Noto CJK faces of
    `languages` read (`pdf_typst.warm`). Typst's compile lets go of the GIL as it reads
    the faces, so a single article's build goes on meanwhile (issue 20: its rebuild with
    PDFs); its font scan does not (about 0.1 s that every thread waits, here or in the
    first print thread alike). Only for a process that forks no workers after it
    (`fork_is_safe`). A failure here is left for the first PDF to report."""
    try:
        folders = _typst_font_folders()
    except InputError:
        return  # missing fonts: the first PDF says so
    _TYPST_STARTED.set()
    # Not a daemon: a build that ends first waits for it rather than leave Typst
    # reading as the interpreter shuts down.
    threading.Thread(target=_warmed, args=(folders, tuple(languages)), name="warm").start()


def _warmed(folders: tuple[str, ...], languages: tuple[str, ...]) -> None:
    with contextlib.suppress(Exception):  # only time is at stake: printing tries again
        warm(folders, languages)


def fork_is_safe() -> bool:
    """Whether this process may fork workers: not once it has printed with Typst, whose
    threads do not survive fork() (a forked child that prints waits for them forever).
    The build then starts its workers from a fresh process (forkserver)."""
    return not _TYPST_STARTED.is_set()


def reset_stats() -> None:
    """Zero the counters (the benchmark reads them per build)."""
    current = engine()
    current.seconds = dict.fromkeys(PHASES, 0.0)
    current.documents = current.previews = 0


@dataclass(frozen=True, slots=True)
class Printed:
    """A PDF as the build wrote it: its bytes and page count (None: not rendered,
    the file on disk is already these bytes, and its preview is current)."""

    data: bytes | None
    pages: int


@functools.cache
def _engine_fingerprint(engine_name: str = "weasyprint") -> str:
    """What a PDF depends on besides its input: this code and the libraries that draw it.
    (Installed system fonts are not hashed, as for the build cache.)"""
    digest = hashlib.sha256(engine_name.encode())
    here = Path(__file__).resolve().parent
    code: tuple[str, ...] = ("pdf_engine.py", "render_pdf.py")
    if engine_name == "typst":  # render_pdf.py draws its previews too
        code = ("pdf_engine.py", "render_pdf.py", "pdf_typst.py", "templates/handout.typ")
    for name in code:
        digest.update((here / name).read_bytes())
    libraries: tuple[str, ...] = ("weasyprint", "pydyf", "pypdfium2", "pillow", "fonttools")
    if engine_name == "typst":
        libraries = ("typst", "pypdfium2", "pillow")
    digest.update(library_versions(libraries))
    return digest.hexdigest()


def print_unless_unchanged(job: PrintJob, pdf: Path, record: Path) -> Printed:
    """Print `job` unless `pdf` already holds the PDF of this very input (the same bytes
    of HTML, or of Typst data) from the same engine.

    `record` (under output/.cache/pdf/) keeps the HTML's hash, the PDF's hash and its
    page count from the last render; an edited sentence in one language so re-renders
    that language's PDF only, and a stylesheet change re-renders PDFs but no catalog.
    A PDF changed or removed by hand is rendered again."""
    fingerprint = _engine_fingerprint(job.engine).encode()
    key = hashlib.sha256(job.source.encode("utf-8") + fingerprint).hexdigest()
    try:
        kept = json.loads(record.read_text("utf-8"))
        if kept["html"] == key and hashlib.sha256(pdf.read_bytes()).hexdigest() == kept["pdf"]:
            return Printed(None, int(kept["pages"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no record yet, or an unreadable one: render
    document = engine().print(job)
    entry = {"html": key, "pdf": hashlib.sha256(document.data).hexdigest(), "pages": document.pages}
    with contextlib.suppress(OSError):  # the record only saves time
        record.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(record, json.dumps(entry, sort_keys=True).encode())
    return Printed(document.data, document.pages)
