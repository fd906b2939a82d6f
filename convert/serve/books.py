"""Books: the JSON a client sends, checked once, and the saved books of ``LIBRARY_DIR/books/``.

A book file (``books/<id>.json``, UTF-8)::

    {"version": 1, "title": "Towers", "subtitle": "", "cover": "", "format": "epub",
     "options": {"paper": "a4"},
     "chapters": [{"heading": "Part one"}, {"article": "Tokyo Tower"}, {"article": "Alexandria"}]}

``chapters`` is the reading order: an ``article`` names an article of the library by title;
a ``heading`` starts a group, and the articles after it, up to the next heading, belong to
it. ``cover`` is the file name of an image in ``LIBRARY_DIR/images/`` (EPUB cover; empty: a
cover is drawn). ``POST /api/v1/books`` takes the same object, or ``articles``: a plain
list of titles.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convert.fileio import atomic_write

MAX_ARTICLES = 1000
MAX_TEXT = 300
BOOK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
BOOK_FORMATS = ("pdf", "epub", "docx", "json")
"""Formats that make one book of many articles (the writers with ``supports_bundle``)."""
OPTIONS = {"paper": ("a4", "a5", "letter"), "pdf_variant": ("pdf/ua-1", "pdf/a-3b", "plain")}


class BadBook(ValueError):
    """The request's book is not valid; the message says why (answered with 400)."""


@dataclass(frozen=True, slots=True)
class Book:
    """A checked book: chapters are ("article", title) or ("heading", text) pairs."""

    title: str
    subtitle: str
    fmt: str
    options: dict[str, str]
    chapters: tuple[tuple[str, str], ...]
    cover: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "title": self.title, "subtitle": self.subtitle, "cover": self.cover, "format": self.fmt,
                "options": self.options, "chapters": [{kind: value} for kind, value in self.chapters]}


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise BadBook(f"'{key}' must be a string")
    value = " ".join(value.split())
    if len(value) > MAX_TEXT:
        raise BadBook(f"'{key}' is longer than {MAX_TEXT} characters")
    return value


def _chapters(data: dict[str, Any], max_articles: int) -> tuple[tuple[str, str], ...]:
    if "chapters" in data:
        raw = data["chapters"]
        if not isinstance(raw, list):
            raise BadBook("'chapters' must be a list")
    elif "articles" in data:
        if not isinstance(data["articles"], list):
            raise BadBook("'articles' must be a list of titles")
        raw = [{"article": t} for t in data["articles"]]
    else:
        raise BadBook("a book needs 'articles' (a list of titles) or 'chapters'")
    articles = sum(1 for item in raw if isinstance(item, dict) and "article" in item)
    if articles > max_articles:
        raise BadBook(f"the book has {articles:,} articles; at most {max_articles:,} are allowed")
    out: list[tuple[str, str]] = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or len(item) != 1 or not ({"article", "heading"} & set(item)):
            raise BadBook(f"chapter {n}: must be {{\"article\": TITLE}} or {{\"heading\": TEXT}}")
        kind = next(iter(item))
        value = _text(item, kind)
        if not value:
            raise BadBook(f"chapter {n}: empty {kind}")
        out.append((kind, value))
    return tuple(out)


def parse_book(data: Any, max_articles: int = MAX_ARTICLES, need_articles: bool = True) -> Book:
    """A :class:`Book` from request JSON, or :class:`BadBook` saying what is wrong."""
    if not isinstance(data, dict):
        raise BadBook("the body must be a JSON object")
    fmt = _text(data, "format", "epub").lower()
    if fmt not in BOOK_FORMATS:
        raise BadBook(f"format {fmt!r} cannot make a book (choose one of: {', '.join(BOOK_FORMATS)})")
    options = data.get("options", {})
    if not isinstance(options, dict):
        raise BadBook("'options' must be an object")
    for key, value in options.items():
        if key not in OPTIONS:
            raise BadBook(f"unknown option {key!r} (known: {', '.join(OPTIONS)})")
        if value not in OPTIONS[key]:
            raise BadBook(f"option {key!r} must be one of: {', '.join(OPTIONS[key])}")
    chapters = _chapters(data, max_articles)
    if need_articles and not any(kind == "article" for kind, _ in chapters):
        raise BadBook("the book has no article")
    return Book(_text(data, "title"), _text(data, "subtitle"), fmt, dict(options), chapters, _text(data, "cover"))


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif")


def library_images(folder: Path) -> list[str]:
    """The image files of ``LIBRARY_DIR/images/`` (not hidden, not in sub-folders). A cover
    named by a request is used only when it is one of these names."""
    try:
        return sorted(e.name for e in os.scandir(folder) if not e.name.startswith(".")
                      and e.name.lower().endswith(IMAGE_SUFFIXES) and e.is_file(follow_symlinks=False))
    except OSError:
        return []


class Shelf:
    """The saved books of ``LIBRARY_DIR/books/``; a book id is a short slug, checked before
    it becomes a file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, book_id: str) -> Path:
        if not BOOK_ID.match(book_id):
            raise BadBook("a book id is 1-64 lower-case letters, digits and '-'")
        return self.folder / f"{book_id}.json"

    def list(self) -> list[dict[str, Any]]:
        out = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            if not BOOK_ID.match(path.stem):
                continue
            try:
                book = parse_book(json.loads(path.read_text(encoding="utf-8")), need_articles=False)
            except (OSError, ValueError):
                continue
            out.append({"id": path.stem, "title": book.title,
                        "articles": sum(1 for kind, _ in book.chapters if kind == "article")})
        return out

    def get(self, book_id: str) -> Book | None:
        path = self._path(book_id)
        try:
            return parse_book(json.loads(path.read_text(encoding="utf-8")), need_articles=False)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise BadBook(f"books/{book_id}.json cannot be read: {exc}") from None

    def save(self, book_id: str, book: Book) -> None:
        path = self._path(book_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(book.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n")

    def delete(self, book_id: str) -> bool:
        path = self._path(book_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True
