"""`handouts serve`: the editor's report of one article on localhost, fresh on every save.

The page asks /version four times a second; the version is a hash of the article, its
original and the settings, so saving the Markdown reloads the page within a second, with
the grades, suggestions and lost facts of the text as it now stands. The server binds to
the loopback address only: the report shows unpublished text.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.config import load_config
from pipeline.diagnose import diagnose_article, hardest, plain_words
from pipeline.editing import ORIGINALS, editor_notes, grade_of
from pipeline.errors import InputError, Problem
from pipeline.inputs import article_report, load_article, source_paths
from pipeline.report import report_html

HOST = "127.0.0.1"  # never another interface: drafts are not for the network


def article_name(root: Path, name: str | None) -> str:
    """The article to serve: the one named, or the only one in source/."""
    if name:
        return name
    paths = source_paths(root)
    if len(paths) != 1:
        raise InputError(
            f"there are {len(paths)} articles in source/; name the one to serve, "
            "such as `handouts serve source/gene-therapy.md`.",
            path="source",
        )
    return paths[0].relative_to(root).as_posix()


def content_version(root: Path, name: str) -> str:
    """A hash of what the page shows: the article, its original and the settings."""
    digest = hashlib.sha256()
    article = root / name
    for path in (
        article,
        root / "source" / ORIGINALS / article.name,
        root / "pyproject.toml",
    ):
        digest.update(path.as_posix().encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()[:16]


def make_server(root: Path, name: str, *, port: int = 8000) -> ThreadingHTTPServer:
    """A server for one article's live report; port 0 takes any free port."""
    lock = threading.Lock()  # one report at a time: two tabs must not double the work

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/version":
                self._send(content_version(root, name), "text/plain")
            elif self.path in ("/", "/index.html"):
                with lock:
                    self._send(_page(root, name), "text/html")
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, text: str, kind: str) -> None:
            body = text.encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # four requests a second would bury the terminal

    return ThreadingHTTPServer((HOST, port), Handler)


def report_page(root: Path, name: str, *, live: str = "") -> tuple[str, list[Problem]]:
    """The editor's English report of one article, made in memory on each request."""
    config = load_config(root)
    (path,) = source_paths(root, [name])
    article = load_article(root, path)
    report = article_report(article, config.grade_formula)
    diagnoses = diagnose_article(article, report, words=plain_words(), grade_of=grade_of(report))
    notes, problems = editor_notes(root, article, report, diagnoses)
    page = report_html(report, diagnoses, hardest=hardest(diagnoses), notes=notes, live=live)
    return page, problems


def _page(root: Path, name: str) -> str:
    version = content_version(root, name)
    try:
        page, problems = report_page(root, name, live=version)
    except InputError as error:  # mid-edit Markdown can be broken: say so, keep watching
        return _error_page(str(error))
    if problems:
        notes = "".join(f"<li>{html.escape(p.message)}</li>" for p in problems)
        page = page.replace("<main>", f'<main><ul class="lost">{notes}</ul>', 1)
    return page


def _error_page(message: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="1"><title>Cannot read the article</title></head>'
        f"<body><main><h1>Cannot read the article</h1><p>{html.escape(message)}</p>"
        "<p>This page reloads every second until the file reads again.</p></main></body></html>"
    )


def serve(root: Path, name: str | None, *, port: int, on_ready: Callable[[str], None]) -> None:
    """Serve until interrupted; `on_ready` hears the address to open."""
    chosen = article_name(root, name)
    report_page(root, chosen)  # a bad article or setting is reported before serving
    with make_server(root, chosen, port=port) as server:
        on_ready(f"http://{HOST}:{server.server_address[1]}/")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how an editor stops it
            server.serve_forever(poll_interval=0.2)
