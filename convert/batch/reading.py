"""Reading a book's articles (``wikiexport bundle``) on the batch's process pool.

The articles are parsed by :class:`~convert.batch.pool.ProcessPool` workers, as ``convert``
parses them: the workers die with the run's process (a killed ``bundle`` leaves none
behind), and an article that hangs or kills the front end is stopped after the
per-article limit (:func:`~convert.batch.guard.article_seconds`) and reported as one
``PATH: error:`` line; the book is made of the others. Documents come back to the parent,
which lays the book out from all of them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from convert.batch.jobs import Job, JobResult, Settings

if TYPE_CHECKING:
    from convert.model import Document

READ_CHUNK = 16
"""Articles a worker task reads at most: parsing one takes milliseconds, so a task per
article would spend much of its time passing messages."""


@dataclass(slots=True)
class ReadResult(JobResult):
    """What reading one article gave: its document (``None`` when it could not be read);
    ``errors`` or ``warnings`` hold the lines to print, as :func:`load_one` returns them."""

    doc: Any = None


Loaded = tuple["Document | None", list[str], bool]
"""``(document or None, lines to print, ok)``."""


def load_all(inputs: list[tuple[str, str]], sizes: list[int], settings: Settings, jobs: int) -> list[Loaded]:
    """:data:`Loaded` per input, in input order, read by up to ``jobs`` pool workers (stdin
    is read here and handed to a worker like a file). The caller warms the front end up
    first, so that every worker shares it."""
    from convert.batch.guard import article_seconds
    from convert.batch.pool import LIGHT_CHUNK_BYTES, LIGHT_RECYCLE_AFTER, ProcessPool

    paths = [p for p, _stem in inputs]
    stdin = sys.stdin.buffer.read(settings.max_size + 1) if "-" in paths else None
    work = [Job(i, path, (), stdin if path == "-" else None, size) for i, (path, size) in enumerate(zip(paths, sizes))]
    workers = max(1, min(jobs, len(work)))
    pool = ProcessPool(workers, settings, article_seconds(settings, 1),
                       max(1, min(READ_CHUNK, len(work) // (4 * workers))), chunk_bytes=LIGHT_CHUNK_BYTES,
                       recycle_after=LIGHT_RECYCLE_AFTER, tidy=False, task=read_chunk)
    out: list[Loaded] = [(None, [], False)] * len(work)
    for result in pool.run(iter(work)):
        if isinstance(result, ReadResult):
            out[result.index] = (result.doc, result.errors + result.warnings, result.ok)
        else:  # the pool's own report: the worker died or overran the limit
            out[result.index] = (None, result.errors, False)
    return out


def read_chunk(jobs: list[Job], settings: Settings) -> list[JobResult]:
    """Worker task: read each job's article (a bug is that article's error line, not a
    worker dying with a traceback)."""
    from convert.batch.jobs import _unexpected

    out: list[JobResult] = []
    for job in jobs:
        try:
            doc, lines, ok = load_one(job.path, settings, job.data)
        except Exception as exc:  # noqa: BLE001 - a bug outside the front end's own guards
            doc, lines, ok = None, [_unexpected(job.path, "reading", exc, settings.debug)], False
        out.append(ReadResult(job.index, job.path, ok, errors=[] if ok else lines, warnings=lines if ok else [],
                              doc=doc))
    return out


def load_one(path: str, settings: Settings, stdin: bytes | None) -> Loaded:
    """Read and parse one article (``-``: the bytes ``stdin``), with ``-M`` applied."""
    from convert.errors import SourceError
    from convert.frontend import loads
    from convert.batch.jobs import apply_meta, decisions, read_job_input

    shown = "<stdin>" if path == "-" else path
    try:
        # Stdin read to one byte over the limit, as by convert: an endless stream
        # ("cat /dev/zero |") was read until memory ran out.
        data = stdin if path == "-" and stdin is not None else read_job_input(path, settings)
        doc, warnings = loads(data, shown, **settings.load)
    except SourceError as exc:
        return None, [str(exc)], False
    if settings.strict and warnings:
        return None, [str(w).replace(": warning: ", ": error: ", 1) for w in warnings], False
    doc = apply_meta(doc, settings.meta)
    lines = [str(w) for w in warnings] + (decisions(doc, shown, settings) if settings.verbose else [])
    return doc, lines, True

