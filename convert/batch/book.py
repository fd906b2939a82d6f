"""A PDF book laid out on the batch's worker processes.

The book is cut into pieces (:func:`convert.writers.pdf.book.plan`); each worker lays out
one piece at a time into a file in the run's private temporary folder, and the parent puts the
pieces together with the cover and contents. A piece that fails fails the book (a book
with a missing run of articles would be wrong), with the worker's reason.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

from convert.batch.jobs import Job, JobResult, Settings, _write_options
from convert.errors import ConvertError, WriterError, format_diagnostic
from convert.model import Document

PIECE = "pdf-piece"
RECYCLE_AFTER_PIECES = 20
"""Pieces after which a worker is replaced by a fresh fork (WeasyPrint's caches grow)."""


def render_pieces(jobs: list[Job], settings: Settings) -> list[JobResult]:
    """Worker task: lay out each job's piece into the job's output file."""
    from convert.fileio import atomic_write
    from convert.writers import get_writer

    writer: Any = get_writer("pdf")  # the PDF writer: render_piece, build_book
    options = _write_options(settings)
    results = []
    for job in jobs:
        start = time.perf_counter()
        piece, targets, lang = pickle.loads(job.data or b"")
        dest = job.outputs[0][1]
        try:
            atomic_write(Path(dest), writer.render_piece(piece, targets, options, lang))
        except (ConvertError, OSError) as exc:
            message = format_diagnostic(job.path, 0, "error", f"pdf: {exc}")
            results.append(JobResult(job.index, job.path, ok=False, errors=[message]))
            continue
        results.append(JobResult(job.index, job.path, ok=True, written=[dest], seconds=time.perf_counter() - start))
    return results


def pdf_book(docs: Sequence[Document], sizes: Sequence[int], output: str, settings: Settings,
             workers: int, quiet: bool, pieces: Path | None = None) -> None:
    """Write the PDF book of ``docs`` to ``output``, its pieces laid out by ``workers``
    processes. The book is saved beside the output and renamed over it (never half-written),
    not held in memory as bytes; its pieces go to the run's private temporary folder, or are
    kept in ``pieces`` (benchmarks/pdf_book_assembly.py re-assembles them)."""
    from convert.batch.pool import ProcessPool
    from convert.batch.progress import Progress
    from convert.writers import get_writer
    from convert.writers.pdf.book import ARTICLES_PER_PIECE, book_lang

    writer: Any = get_writer("pdf")  # the PDF writer: render_piece, build_book
    options = _write_options(settings)
    lang = book_lang(docs)
    keep = pieces is not None
    folder = pieces if pieces is not None else Path(tempfile.mkdtemp(prefix="wikiexport-book-"))
    folder.mkdir(parents=True, exist_ok=True)

    def say(text: str) -> None:
        if not quiet:
            print(f"wikiexport: {text}", file=sys.stderr, flush=True)

    counted = 0  # pieces so far: a second call (the image credits) names its files after them

    def render(pieces: Sequence, targets: object) -> list[Path]:  # type: ignore[type-arg]
        nonlocal counted
        paths = [folder / f"piece-{counted + i:05d}.pdf" for i in range(len(pieces))]
        counted += len(pieces)
        jobs = [
            Job(i, f"{output} ({p.what})", ((PIECE, str(paths[i])),),
                pickle.dumps((p, targets, lang), pickle.HIGHEST_PROTOCOL),
                sum(sizes[p.first - 1 : p.first - 1 + len(p.docs)]) or 100 * len(p.credits))
            for i, p in enumerate(pieces)
        ]
        if any(p.credits for p in pieces):
            say(f"laying out the image credits in {len(pieces)} piece(s)")
        else:
            say(f"laying out {len(docs)} articles in {len(pieces)} pieces on {workers} worker(s)")
        timeout = float(settings.write.get("timeout", 300.0)) * ARTICLES_PER_PIECE + 5.0
        pool = ProcessPool(max(1, min(workers, len(jobs))), settings, timeout, chunk=1,
                           recycle_after=RECYCLE_AFTER_PIECES, task=render_pieces)
        progress = Progress(len(jobs), quiet=quiet)
        errors: list[str] = []
        # Largest pieces first, so the book does not end waiting for one worker.
        for result in pool.run(sorted(jobs, key=lambda j: -j.size)):
            for line in result.errors:
                progress.message(line)
            errors.extend(result.errors)
            progress.advance(result.ok)
        progress.finish()
        if errors:
            raise WriterError(f"{len(errors)} piece(s) of the book could not be laid out")
        return paths

    try:
        # The book itself is saved beside the output (same file system: the rename is atomic)
        # and renamed over it; the pieces stay in the run's private folder.
        handle, name = tempfile.mkstemp(prefix=".wikiexport-book-", suffix=".part",
                                        dir=str(Path(output).resolve().parent))
        os.close(handle)
        made = Path(name)
        try:
            writer.build_book(docs, options, render, workers=workers, sizes=sizes, progress=say, into=made)
            os.replace(made, output)
        except BaseException:
            made.unlink(missing_ok=True)
            raise
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
