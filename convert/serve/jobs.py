"""Background conversions: a bounded queue in front of a pool of worker processes.

Every conversion (one article or a whole book) takes a slot; when all ``limit`` slots are
taken the API answers 503 with ``Retry-After`` instead of letting work pile up. The work
itself runs in worker processes, so the event loop only waits on futures. Finished books
are kept on disk under the hash of everything that made them, so the same book asked
twice is served at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import multiprocessing as mp
import os
import secrets
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, TypeVar

from convert.batch.pool import RECYCLE_AFTER  # workers are replaced as the batch's are, for the same reason
from convert.errors import ConvertError, SourceError
from convert.fileio import atomic_write
from convert.model import Document
from convert.serve import worker
from convert.serve.pagecache import PageCache, page_key

T = TypeVar("T")

CHUNK = 10
"""Articles a book job loads per worker task: progress moves at least this often."""
KEEP_JOBS = 500
"""Finished jobs remembered (the oldest are forgotten; their files stay cached)."""


class Busy(Exception):
    """Every slot of the queue is taken; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("the conversion queue is full; try again later")
        self.retry_after = retry_after


@dataclass(slots=True)
class Job:
    """A book being made. ``progress`` runs from 0 to 1."""

    id: str
    fmt: str
    state: str = "queued"
    progress: float = 0.0
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    file: Path | None = None
    filename: str = "book"
    created: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "state": self.state, "progress": round(self.progress, 3),
                               "format": self.fmt, "message": self.message, "warnings": self.warnings[:50]}
        if self.state == "done":
            out["file"] = f"/api/v1/jobs/{self.id}/file"
        return out


@dataclass(frozen=True, slots=True)
class BookRequest:
    """A checked book: ``items`` are ("article", path) or ("heading", text) in order."""

    title: str
    items: tuple[tuple[str, str], ...]
    fmt: str
    write: dict[str, Any]


def content_key(kind: str, fmt: str, options: dict[str, Any], items: list[tuple[str, str]]) -> str:
    """The cache key of an output: hash of the format, options and the *contents* of every
    article (and cover) file (an edited seed makes a new key, a renamed one does not)."""
    h = hashlib.sha256(json.dumps([kind, fmt, options], sort_keys=True, default=str).encode())
    for what, value in items:
        h.update(what.encode() + b"\0")
        if what in ("article", "file"):
            with open(value, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        else:
            h.update(value.encode())
    return h.hexdigest()


class Jobs:
    """The queue, the worker pool, the job table and the cache of finished files."""

    def __init__(self, cache_dir: Path, workers: int, limit: int, timeout: float,
                 load: dict[str, Any]) -> None:
        self.cache_dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.workers = workers
        self.limit = limit
        self.timeout = timeout
        self.load = load
        # spawn, not fork: the server process has threads (uvicorn, the scanner), and a
        # forked child of a threaded parent can inherit a lock held by another thread.
        self.pool = self._new_pool()
        self.active = 0
        self.last_used = time.monotonic()
        self._used = False
        """Work was sent to the current pool (it has started workers)."""
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.pages = PageCache()
        self._tasks: set[asyncio.Task[None]] = set()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"), initializer=worker.init_worker,
                                   max_tasks_per_child=RECYCLE_AFTER)

    def rest(self, idle_after: float) -> bool:
        """Let the workers go when nothing has run for ``idle_after`` seconds. A warm
        worker keeps WeasyPrint's fonts and caches (over 60 MB each after a few dozen PDFs,
        measured by benchmarks/serve_load.py); an idle server gives that back, and the next
        conversion pays a worker start (1-3 s) instead."""
        if self.active or not self._used or time.monotonic() - self.last_used < idle_after:
            return False
        old, self.pool, self._used = self.pool, self._new_pool(), False
        old.shutdown(wait=False)
        return True

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _take_slot(self) -> None:
        if self.active >= self.limit:
            # A conversion takes about a second: the queue drains in about limit/workers s.
            raise Busy(max(1, round(self.limit / max(1, self.workers))))
        self.active += 1

    def _release(self) -> None:
        self.active -= 1
        self.last_used = time.monotonic()

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on a worker. A worker that dies (killed, out of memory) breaks a
        ProcessPoolExecutor for good; the server then starts a new pool, fails only the
        jobs that were on the broken one, and goes on serving."""
        pool = self.pool
        self._used = True
        try:
            future = pool.submit(fn, *args)
        except BrokenProcessPool:
            pool = self._replace(pool)
            future = pool.submit(fn, *args)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._replace(pool)
            raise ConvertError("a worker process died during the conversion (out of memory?); try again") from None

    def _replace(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        if self.pool is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
        return self.pool

    def cached(self, key: str, ext: str) -> Path | None:
        path = self.cache_dir / f"{key}{ext}"
        return path if path.is_file() else None

    async def article(self, path: Path, fmt: str, ext: str, write: dict[str, Any]) -> Path:
        """The file of one article, from the cache or made now (a slot is held meanwhile)."""
        key = content_key("article", fmt, write, [("article", str(path))])
        if hit := self.cached(key, ext):
            return hit
        self._take_slot()
        try:
            data = await asyncio.wait_for(self._run(worker.render_article, str(path), fmt, self.load, write), self.timeout)
        except asyncio.TimeoutError:
            raise ConvertError(f"the conversion took longer than {self.timeout:g} s") from None
        finally:
            self._release()
        return atomic_write(self.cache_dir / f"{key}{ext}", data)

    async def page(self, path: Path, write: dict[str, Any]) -> tuple[Document, str]:
        """The model of one article and its body in HTML (the article page): from memory
        when the file is as it was, else made now (held to the same slots)."""
        try:
            key = page_key(path, {**write, "load": self.load})
        except OSError as exc:
            raise SourceError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
        if hit := self.pages.get(key):
            return hit
        self._take_slot()
        try:
            page = await asyncio.wait_for(self._run(worker.article_page, str(path), self.load, write), self.timeout)
        finally:
            self._release()
        self.pages.put(key, page)
        return page

    def submit_book(self, book: BookRequest, ext: str, filename: str) -> Job:
        """A job for ``book``: done at once when the same book was made before."""
        items = list(book.items) + ([("file", book.write["cover"])] if book.write.get("cover") else [])
        key = content_key("book", book.fmt, {**book.write, "title": book.title}, items)
        job = Job(secrets.token_urlsafe(12), book.fmt, filename=filename)
        if hit := self.cached(key, ext):
            job.state, job.progress, job.file = "done", 1.0, hit
        else:
            self._take_slot()
            task = asyncio.get_running_loop().create_task(self._book(job, book, key, ext))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self.jobs[job.id] = job
        while len(self.jobs) > KEEP_JOBS:
            self.jobs.popitem(last=False)
        return job

    async def _book(self, job: Job, book: BookRequest, key: str, ext: str) -> None:
        try:
            await asyncio.wait_for(self._make_book(job, book, key, ext), self.timeout)
        except asyncio.TimeoutError:
            job.state, job.message = "failed", f"the book took longer than {self.timeout:g} s"
        except ConvertError as exc:
            job.state, job.message = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - a job fails with a message, never kills the server
            job.state, job.message = "failed", f"internal error: {type(exc).__name__}: {exc}"
        finally:
            self._release()

    async def _make_book(self, job: Job, book: BookRequest, key: str, ext: str) -> None:
        job.state = "running"
        items = list(book.items)
        chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
        futures = [self._run(worker.load_chapters, chunk, self.load) for chunk in chunks]
        docs: list[Document] = []
        for done, future in enumerate(futures, 1):
            for doc in await future:
                if isinstance(doc, str):
                    job.warnings.append(doc)
                else:
                    docs.append(doc)
            job.progress = 0.8 * done / len(futures)
        docs = _heading_languages(docs)
        if not any(d.source for d in docs):
            raise ConvertError("no article of the book could be read")
        data = await self._run(worker.render_book, docs, book.fmt, {**book.write, "title": book.title})
        job.file = atomic_write(self.cache_dir / f"{key}{ext}", data)
        job.state, job.progress = "done", 1.0


def _heading_languages(docs: list[Document]) -> list[Document]:
    """A chapter heading takes the language of the article after it (its own text says
    too little to tell), so a German part title is tagged German."""
    out = list(docs)
    for i in range(len(out) - 2, -1, -1):
        if not out[i].source and out[i + 1].meta.lang != out[i].meta.lang:
            out[i] = replace(out[i], meta=replace(out[i].meta, lang=out[i + 1].meta.lang))
    return out


def default_limit() -> int:
    """Queue slots by default: two per core, so every worker has its next job waiting."""
    return 2 * (os.cpu_count() or 1)
