"""The library index: one SQLite file with an FTS5 table over the seeds of ``LIBRARY_DIR``.

Titles are resolved only here: a request names an article by title, the index answers
with the file it found while scanning, so no text from a request is ever joined to a path.
A scan compares each file's size and mtime with what was indexed and reads only what
changed, so the first scan of 20,000 seeds is the only slow one and later ones are a
``stat`` per file.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from convert.wiki import title_key
from convert.batch.names import is_seed_name
from convert.serve.catalog import Entry, read_entries

SKIP_DIRS = frozenset({"books", "images", "node_modules"})
"""Folders of the library that hold no seeds (books are the server's own files)."""

SCHEMA = """
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, title TEXT NOT NULL, title_key TEXT NOT NULL, short TEXT NOT NULL,
    description TEXT NOT NULL, lang TEXT NOT NULL, template TEXT NOT NULL, error TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_key ON articles(title_key, title);
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang);
CREATE INDEX IF NOT EXISTS articles_template ON articles(template);
CREATE INDEX IF NOT EXISTS articles_title ON articles(title);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, short, description, facets, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0, 0.0)');
"""
"""Prefix indexes of 2 and 3 characters make search-as-you-type's first letters cheap; the
rank weighs a title match above a description match. ``facets`` holds one token for the
language and one for the template, so a filtered search is an intersection of posting
lists inside FTS5 instead of a match run over every row of the filter."""

SCHEMA_VERSION = 4

RANK_LIMIT = 2000
"""Above this many matches results come in index order instead of by rank: ranking reads
every match's column sizes (150 ms for a word in 14,000 of 20,000 articles), and a query
that broad is still being typed."""

BATCH = 200
"""Files read per worker task during a scan."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One article as the library pages and the search API show it."""

    title: str
    short: str
    lang: str
    template: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "short_description": self.short, "lang": self.lang,
                "template": self.template, "size": self.size}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of search results and the number of matches overall."""

    hits: tuple[Hit, ...]
    total: int


def facet(kind: str, value: str) -> str:
    """The FTS token standing for ``kind=value`` (letters and digits only, so the
    tokenizer keeps it whole; no typed word looks like it)."""
    return "zz" + hashlib.sha1(f"{kind}={value}".encode()).hexdigest()[:16]


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a user typed: every word required, each a quoted prefix
    term (a single letter is a whole word: as a prefix it matches nearly everything).
    Quoting makes FTS5 operators (``OR``, ``NEAR``, ``*``, ``:``) plain text."""
    words = ["".join(ch for ch in word if ch.isalnum()) for word in text.split()]
    terms = " ".join(f'"{w}"*' if len(w) > 1 else f'"{w}"' for w in words if w)
    return f"{{title short description}} : ({terms})" if terms else ""


class Library:
    """The seeds of one folder, indexed into ``db_path``."""

    def __init__(self, root: Path, db_path: Path) -> None:
        self.root = root.resolve()
        db_path.parent.mkdir(parents=True, exist_ok=True)
        self.db_path = db_path
        self._write_lock = threading.Lock()
        self._local = threading.local()
        with self._connect() as db:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                # An index made by another version is rebuilt, not migrated: it is a cache.
                db.executescript("DROP TABLE IF EXISTS articles; DROP TABLE IF EXISTS articles_fts;")
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.db_path, timeout=30)

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's reading connection (SQLite connections are not shared across threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def _files(self) -> Iterator[tuple[str, int, int]]:
        """(relative path, mtime_ns, size) of every seed below the root; hidden entries and
        the server's own folders are skipped, symbolic links are not followed."""
        stack = [self.root]
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not (folder == self.root and entry.name in SKIP_DIRS):
                        stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False) and is_seed_name(entry.name):
                    st = entry.stat(follow_symlinks=False)
                    yield os.path.relpath(entry.path, self.root), st.st_mtime_ns, st.st_size

    def scan(self, executor: Executor | None = None) -> tuple[int, int]:
        """Bring the index up to date; returns (files read, entries removed)."""
        with self._write_lock:
            known = {row[0]: (row[1], row[2]) for row in self._db.execute("SELECT path, mtime_ns, size FROM articles")}
            seen: set[str] = set()
            todo: list[tuple[str, int, int]] = []
            for rel, mtime, size in self._files():
                seen.add(rel)
                if known.get(rel) != (mtime, size):
                    todo.append((rel, mtime, size))
            gone = [p for p in known if p not in seen]
            batches = [[(str(self.root / rel), rel, mtime, size) for rel, mtime, size in todo[i:i + BATCH]]
                       for i in range(0, len(todo), BATCH)]
            results = executor.map(read_entries, batches) if executor and len(batches) > 1 else map(read_entries, batches)
            with self._connect() as db:
                for path in gone:
                    self._delete(db, path)
                for entries in results:
                    for entry in entries:
                        self._put(db, entry)
            return len(todo), len(gone)

    @staticmethod
    def _delete(db: sqlite3.Connection, path: str) -> None:
        row = db.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
        if row:
            db.execute("DELETE FROM articles_fts WHERE rowid = ?", row)
            db.execute("DELETE FROM articles WHERE id = ?", row)

    def _put(self, db: sqlite3.Connection, e: Entry) -> None:
        self._delete(db, e.path)
        cur = db.execute(
            "INSERT INTO articles (path, mtime_ns, size, title, title_key, short, description, lang, template, error)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (e.path, e.mtime_ns, e.size, e.title, title_key(e.title) if e.title else "", e.short, e.description,
             e.lang, e.template, e.error))
        if not e.error:
            db.execute("INSERT INTO articles_fts (rowid, title, short, description, facets) VALUES (?,?,?,?,?)",
                       (cur.lastrowid, e.title, e.short, e.description,
                        f"{facet('lang', e.lang)} {facet('template', e.template)}"))

    def resolve(self, title: str) -> Path | None:
        """The file of the article called ``title`` (``_`` = space, first letter in any
        case, as Wikipedia matches titles); the first by path when two share a title."""
        row = self._db.execute(
            "SELECT path FROM articles WHERE title_key = ? AND error = '' ORDER BY path LIMIT 1",
            (title_key(title),)).fetchone()
        return self.root / row[0] if row else None

    def hit(self, title: str) -> Hit | None:
        row = self._db.execute(
            "SELECT title, short, lang, template, size FROM articles WHERE title_key = ? AND error = ''"
            " ORDER BY path LIMIT 1", (title_key(title),)).fetchone()
        return Hit(*row) if row else None

    def search(self, text: str = "", lang: str = "", template: str = "", offset: int = 0, limit: int = 20) -> Page:
        """Articles matching every word of ``text`` (as prefixes) and the filters, best
        match first (FTS5's rank; index order past :data:`RANK_LIMIT` matches), or by
        title when there is no text or a single letter."""
        columns = "a.title, a.short, a.lang, a.template, a.size"
        query = fts_query(text)
        letter = "".join(ch for ch in text if ch.isalnum())
        if not query or len(letter) == 1:
            # No words: the library by title. One letter (the first key typed into the
            # search box): the titles starting with it, from the title index.
            where, args = ["a.error = ''"], []
            if query:
                where.append("a.title_key >= ? AND a.title_key < ?")
                args += [letter.upper(), chr(ord(letter.upper()) + 1)]
            for column, value in (("lang", lang), ("template", template)):
                if value:
                    where.append(f"a.{column} = ?")
                    args.append(value)
            cond = " AND ".join(where)
            total = self._db.execute(f"SELECT count(*) FROM articles a WHERE {cond}", args).fetchone()[0]
            rows = self._db.execute(f"SELECT {columns} FROM articles a WHERE {cond} ORDER BY a.title LIMIT ? OFFSET ?",
                                    [*args, limit, offset]).fetchall()
            return Page(tuple(Hit(*r) for r in rows), total)
        filters = [f'{{facets}} : "{facet(kind, value)}"' for kind, value in (("lang", lang), ("template", template))
                   if value]
        match = " AND ".join([f"({query})", *filters])
        total = self._db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0]
        order = "rank" if total <= RANK_LIMIT else "rowid"
        rows = self._db.execute(
            f"SELECT {columns} FROM (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?"
            f" ORDER BY {order} LIMIT ? OFFSET ?) f JOIN articles a ON a.id = f.rowid ORDER BY f.{order}",
            (match, limit, offset)).fetchall()
        return Page(tuple(Hit(*r) for r in rows), total)

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """The languages and infobox templates of the library with their counts (filters)."""
        out: dict[str, list[tuple[str, int]]] = {}
        for column in ("lang", "template"):
            out[column] = [(v, n) for v, n in self._db.execute(
                f"SELECT {column}, count(*) FROM articles WHERE error = '' AND {column} != ''"
                f" GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT 200")]
        return out

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles WHERE error = ''").fetchone()[0])

    def problems(self) -> list[tuple[str, str]]:
        """Files that could not be indexed, with the reason (shown on the library page)."""
        return list(self._db.execute("SELECT path, error FROM articles WHERE error != '' ORDER BY path LIMIT 100"))
