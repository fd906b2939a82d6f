"""What the server's worker processes run: never called in the event loop.

Each function takes plain, picklable arguments and returns bytes or documents; article
problems come back as :class:`ConvertError` with the one-line message the CLI prints.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from convert.errors import ConvertError
from convert.model import Document, Metadata


def init_worker() -> None:
    """Ctrl-C goes to the server, which shuts the pool down; workers do not print a
    KeyboardInterrupt traceback each. A worker also ends when the server does, however it
    ends: a server stopped by SIGTERM or SIGKILL left its warm workers (200 MB each)
    waiting forever for work, as orphans."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux/glibc: the pool's own shutdown has to do
        pass
    if os.getppid() == 1:  # the server ended before the signal was armed
        os._exit(0)


def _load(path: str, load: dict[str, Any]) -> Document:
    from convert.fileio import read_input
    from convert.frontend import DEFAULT_MAX_SIZE, loads

    data = read_input(path, int(load.get("max_size", DEFAULT_MAX_SIZE)))
    return loads(data, path, **load)[0]


def _tidy() -> None:
    """After a task, free its garbage and hand the heap back to the system, as the batch
    pool's workers do: an idle server should not sit on the peak of its largest job."""
    from convert.batch.pool import _give_back_memory

    _give_back_memory()


def render_article(path: str, fmt: str, load: dict[str, Any], write: dict[str, Any]) -> bytes:
    """One article's file in format ``fmt`` (``html``: the article page's view)."""
    from convert.writers import WriteOptions, get_writer

    try:
        if fmt == "html":
            from convert.serve.view import article_page

            return article_page(_load(path, {**load, "layout": False})).encode("utf-8")
        return get_writer(fmt).render(_load(path, load), WriteOptions.create(**write))
    finally:
        _tidy()


def article_document(path: str, load: dict[str, Any]) -> Document:
    """The article's model, for the article page."""
    return _load(path, {**load, "layout": False})


def load_chapters(items: list[tuple[str, str]], load: dict[str, Any]) -> list[Document | str]:
    """The documents of a slice of a book: each item is ``("article", path)`` or
    ``("heading", text)``; a heading becomes a chapter with a title and no body, which
    groups the articles after it. An unreadable article comes back as its message."""
    out: list[Document | str] = []
    lang = load.get("lang", "en") if load.get("lang", "auto") != "auto" else "en"
    for kind, value in items:
        if kind == "heading":
            out.append(Document(Metadata(title=value, author="", lang=lang)))
            continue
        try:
            out.append(_load(value, load))
        except ConvertError as exc:
            out.append(str(exc))
    return out


def render_book(docs: list[Document], fmt: str, write: dict[str, Any]) -> bytes:
    """One book of ``docs`` in format ``fmt``."""
    from convert.writers import WriteOptions, get_writer

    try:
        return get_writer(fmt).render_bundle(docs, WriteOptions.create(**write))
    finally:
        _tidy()
