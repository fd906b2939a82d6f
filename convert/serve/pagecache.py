"""The article pages already rendered, kept in the server's memory.

An article page is the HTML writer's body (:func:`convert.writers.html.writer.article_body`),
which starts pandoc: about 41 ms a view, where a page from memory costs a ``stat``. A page
is kept under what it was made from: the article file's path, modification time (ns) and
size, the modification time of the images folder (a picture added or removed there
changes the page) and the options; an edited file makes a new key, so it is rendered
again. Bounded both in pages and in HTML characters (pictures are inlined in the body as
``data:`` URLs, so one page can be large); the least recently viewed go first.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any

from convert.model import Document

MAX_PAGES = 64
MAX_CHARS = 64 * 1024 * 1024
"""HTML characters kept in all (a page larger than this is not kept)."""

Key = tuple[str, int, int, int, str]


def _mtime_ns(path: str | None) -> int:
    if not path:
        return 0
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def page_key(path: Path, write: dict[str, Any]) -> Key:
    """What an article page depends on (raises OSError when the file cannot be read)."""
    stat = os.stat(path)
    options = json.dumps(write, sort_keys=True, default=str)
    return (str(path), stat.st_mtime_ns, stat.st_size, _mtime_ns(write.get("images_dir")), options)


class PageCache:
    """A least-recently-used map from :func:`page_key` to (model, body HTML)."""

    def __init__(self, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS) -> None:
        self.max_pages = max_pages
        self.max_chars = max_chars
        self._pages: OrderedDict[Key, tuple[Document, str]] = OrderedDict()
        self._chars = 0

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: Key) -> tuple[Document, str] | None:
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: Key, page: tuple[Document, str]) -> None:
        if len(page[1]) > self.max_chars:
            return
        # An older rendering of the same file under other times or options is dead weight.
        for old in [k for k in self._pages if k[0] == key[0] and k[4] == key[4]]:
            self._drop(old)
        self._pages[key] = page
        self._chars += len(page[1])
        while len(self._pages) > self.max_pages or self._chars > self.max_chars:
            self._drop(next(iter(self._pages)))

    def _drop(self, key: Key) -> None:
        self._chars -= len(self._pages.pop(key)[1])
