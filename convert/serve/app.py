"""The ASGI application and ``wikiexport serve``.

Starlette (routing, requests, file responses) under uvicorn: both small, maintained by the
authors of the ASGI specification's reference server, and nothing else to install or run.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import ipaddress
import multiprocessing as mp
import os
import secrets
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from convert.resources import templates_root
from convert.serve import api, pages
from convert.serve.books import BOOK_FORMATS, MAX_ARTICLES, Shelf
from convert.serve.index import Library
from convert.serve.jobs import Jobs, default_limit
from convert.serve.openapi import openapi
from convert.serve.state import State
from convert.serve.worker import init_worker

ALIGNMENTS = ("text-align: left;", "text-align: center;", "text-align: right;")
"""The only ``style`` attributes of an article's body: pandoc's table column alignments.
The policy allows exactly these by hash, so aligned columns stay aligned and no other
inline style applies."""
_ALIGN_HASHES = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(a.encode()).digest()).decode()}'"
                         for a in ALIGNMENTS)
CSP = (f"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-hashes' {_ALIGN_HASHES}; "
       "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
"""Nothing remote: scripts, styles, images and requests from this server only (images of
the library's ``images/`` folder come inside the page, as ``data:`` URIs)."""
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
RESCAN_SECONDS = 5.0
IDLE_WORKERS = 30.0
"""Seconds without work after which the worker processes are let go (memory back to idle)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostCheck:
    """Refuses requests whose ``Host`` is not this server's (DNS rebinding: a page of
    another site whose name resolves to 127.0.0.1 sends its own name), with a JSON error
    like every other refusal. ``None``: any host (the server listens beyond loopback)."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.hosts is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.hosts:
                response = JSONResponse({"error": f"unexpected Host header {host!r}"}, status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if _wants_json(request):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=headers)
    page = pages.render(request, "error.html", status=exc.status_code, status_code=exc.status_code, message=exc.detail)
    page.headers.update(headers)
    return page


async def internal_error(request: Request, exc: Exception) -> Response:
    # The client gets one line; the traceback is the operator's, on the server's stderr.
    print(f"wikiexport serve: internal error on {request.method} {request.url.path}: "
          f"{type(exc).__name__}: {exc}", file=sys.stderr)
    return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, status_code=500)


async def api_doc(request: Request) -> Response:
    return JSONResponse(openapi())


def usable_formats() -> dict[str, str]:
    """Article formats usable here -> extension."""
    from convert.writers import format_names, writer_class

    out: dict[str, str] = {}
    for name in format_names():
        try:
            cls = writer_class(name)
            if cls.unavailable_reason() is None:
                out[name] = cls.extension
        except Exception:  # noqa: BLE001 - a broken plugin is left out, not fatal
            continue
    return out


def _write_options(root: Path, timeout: float) -> dict[str, Any]:
    """Writer options of every conversion: the engines' time limit, and the library's
    images/ folder, where articles' images are looked up by file name (never fetched)."""
    write: dict[str, Any] = {"timeout": timeout}
    if (root / "images").is_dir():
        write["images_dir"] = str(root / "images")
    return write


def create_app(library_dir: Path, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None,
               queue: int | None = None, timeout: float = 300.0, max_body: int = 1024 * 1024,
               max_articles: int = MAX_ARTICLES, rescan: float = RESCAN_SECONDS, lang: str = "auto",
               index_path: Path | None = None, idle_workers: float = IDLE_WORKERS) -> Starlette:
    """The application for ``library_dir`` (indexed before this returns)."""
    root = library_dir.resolve()
    data = root / ".wikiexport"
    library = Library(root, index_path or data / "index.sqlite3")
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=init_worker) as pool:
        library.scan(pool)
    jobs = Jobs(data / "cache", workers, queue or default_limit(), timeout, {"lang": lang})
    formats = usable_formats()
    state = State(library, jobs, Shelf(root / "books"), formats,
                  tuple(f for f in BOOK_FORMATS if f in formats), secrets.token_urlsafe(32),
                  _write_options(root, timeout), max_body, max_articles)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async def watch() -> None:
            pause = rescan
            while True:
                await asyncio.sleep(pause)
                start = time.perf_counter()
                await asyncio.to_thread(library.scan)
                # A scan of 20,000 unchanged files takes 0.3-1.5 s: never spend more than a
                # tenth of the time looking for changes.
                pause = max(rescan, 10 * (time.perf_counter() - start))

        async def rest() -> None:
            while True:
                await asyncio.sleep(min(5.0, idle_workers))
                jobs.rest(idle_workers)

        tasks = [asyncio.get_running_loop().create_task(f()) for f in (watch, rest)]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            jobs.close()

    hosts = frozenset({"127.0.0.1", "localhost", "[::1]"}) if is_loopback(host) else None
    app = Starlette(
        routes=[*pages.ROUTES, Route("/api", api_doc), *api.ROUTES,
                Mount("/static", StaticFiles(directory=str(templates_root() / "serve" / "static")), name="static")],
        middleware=[Middleware(SecurityHeaders), Middleware(HostCheck, hosts=hosts)],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
        lifespan=lifespan,
    )
    app.state.serve = state
    return app


def serve(library_dir: Path, host: str, port: int, **options: Any) -> None:
    """Index ``library_dir`` and serve it until interrupted."""
    import uvicorn

    if not is_loopback(host):
        print(f"wikiexport serve: warning: listening on {host}, not only this computer: anyone who can reach "
              f"it can read the library and use its CPU", file=sys.stderr)
    start = time.perf_counter()
    app = create_app(library_dir, host, port, **options)
    state: State = app.state.serve
    print(f"wikiexport serve: {state.library.count():,} articles indexed in {time.perf_counter() - start:.1f} s; "
          f"http://{host if ':' not in host else f'[{host}]'}:{port}/", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
