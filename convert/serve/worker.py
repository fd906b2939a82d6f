"""What the server's worker processes run: never called in the event loop.

Each function takes plain, picklable arguments and returns bytes or documents; article
problems come back as :class:`ConvertError` with the one-line message the CLI prints.
"""

from __future__ import annotations

import os
import signal
from typing import Any
from urllib.parse import quote

from convert.errors import ConvertError
from convert.model import Document, Link, Metadata


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
    """One article's file in format ``fmt``."""
    from convert.writers import WriteOptions, get_writer

    try:
        return get_writer(fmt).render(_load(path, load), WriteOptions.create(**write))
    finally:
        _tidy()


def library_link(link: Link) -> str:
    """An internal link on the article page: the library's page of that article (a section
    of this article for a bare ``#anchor``)."""
    anchor = "#" + "_".join(link.anchor.split()) if link.anchor else ""
    if not link.page.strip():
        return anchor or "#"
    return "/article/" + quote(link.page.strip().replace(" ", "_"), safe="") + anchor


def article_page(path: str, load: dict[str, Any], write: dict[str, Any]) -> tuple[Document, str]:
    """The article page's model and body: the HTML writer's fragment of the article (the
    one HTML rendering of the model), with links to the library's pages."""
    from convert.writers import WriteOptions
    from convert.writers.html.writer import article_body

    try:
        doc = _load(path, load)
        return doc, article_body(doc, WriteOptions.create(**write), link_target=library_link, title=False)
    finally:
        _tidy()


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
