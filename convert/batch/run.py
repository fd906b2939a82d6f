"""Batch runs behind ``wikiexport convert`` and ``wikiexport bundle``.

Builds jobs from discovered inputs, skips unchanged outputs, picks the executor, prints
errors as they happen and a summary at the end, and returns the exit code.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Iterator, Sequence

from convert.version import __version__
from convert.errors import format_diagnostic
from convert.batch.jobs import Job, JobResult, Settings
from convert.batch.names import output_paths
from convert.batch.progress import Progress


def _terminate_on_sigterm() -> None:
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def run_convert(
    inputs: list[tuple[str, str]], names: list[str], output: str, settings: Settings, *, jobs: int,
    skip_unchanged: bool, executor: str, scheduler: str | None, quiet: bool,
) -> int:
    """Convert every input to every format; returns the exit code (0 ok, 1 some failed)."""
    from convert.batch.manifest import Manifest, fingerprint
    from convert.writers import writer_class

    if not inputs:
        print("wikiexport: error: no input files found (looked for *.md and *.txt)", file=sys.stderr)
        return 1
    if output == "-":
        if len(inputs) != 1 or len(names) != 1 or writer_class(names[0]).binary:
            print("wikiexport: error: '-o -' takes one input and one text format (json, wikitext, infobox)",
                  file=sys.stderr)
            return 2
    elif os.path.exists(output) and not os.path.isdir(output):
        # Else every article of the batch fails on it, one error line each.
        print(f"wikiexport: error: output folder {output!r} is a file", file=sys.stderr)
        return 2
    _terminate_on_sigterm()
    stdin_data = None
    if any(path == "-" for path, _ in inputs):
        stdin_data = sys.stdin.buffer.read(settings.max_size + 1)
    manifest = Manifest(Path(output)) if skip_unchanged and output != "-" else None
    prints = {n: fingerprint(__version__, n, {"load": settings.load, "write": settings.write}) for n in names}
    progress = Progress(len(inputs), quiet=quiet or len(inputs) == 1)
    skipped = 0
    taken: set[str] = set()

    # Output names are claimed in input order (stable), but work is handed out largest
    # file first, so the batch does not end waiting for one worker on a long article.
    outputs = [output_paths(stem, names, output, taken) for _path, stem in inputs]
    order = sorted(range(len(inputs)), key=lambda i: -_size(inputs[i][0])) if jobs > 1 else range(len(inputs))

    def jobs_iter() -> Iterator[Job]:
        nonlocal skipped
        for index in order:
            path = inputs[index][0]
            outs = outputs[index]
            if manifest is not None:
                outs = tuple(o for o in outs if not manifest.is_current(path, o[1], prints[o[0]]))
                if not outs:
                    skipped += 1
                    progress.advance(True)
                    continue
            shown = "<stdin>" if path == "-" else path
            yield Job(index, shown, outs, stdin_data if path == "-" else None, _size(path))

    results = _executor(jobs_iter(), settings, len(inputs), jobs, executor, scheduler, names)
    failures: list[str] = []
    converted = 0
    try:
        for result in results:
            for line in result.warnings:
                progress.message(line)
            for line in result.errors:
                progress.message(line)
            if result.ok:
                converted += 1
            else:
                failures.extend(result.errors)
            if result.stdout is not None:
                sys.stdout.buffer.write(result.stdout)
                sys.stdout.flush()
            if manifest is not None:
                for dest in result.written:
                    fmt = next(n for n in names if dest.endswith(writer_class(n).extension))
                    manifest.record(_source_of(result, inputs), dest, prints[fmt])
            progress.advance(result.ok)
    except KeyboardInterrupt:
        progress.finish()
        print("wikiexport: interrupted; finished outputs are complete, nothing half-written was left",
              file=sys.stderr)
        return 130
    finally:
        if manifest is not None:
            try:
                manifest.save()
            except OSError as exc:
                # The outputs are written; only the next --skip-unchanged run loses its notes.
                print(f"wikiexport: warning: cannot write {manifest.path}: {exc.strerror or exc}", file=sys.stderr)
    progress.finish()
    if not quiet and output != "-" and len(inputs) > 1:
        summary = f"wikiexport: {converted} converted, {progress.failed} failed"
        if skipped:
            summary += f", {skipped} unchanged"
        print(f"{summary} in {progress.elapsed:.1f} s", file=sys.stderr)
    return 1 if progress.failed else 0


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0


def _source_of(result: JobResult, inputs: list[tuple[str, str]]) -> str:
    return inputs[result.index][0]


def _executor(jobs: Iterator[Job], settings: Settings, total: int, workers: int, executor: str,
              scheduler: str | None, names: Sequence[str]) -> Iterator[JobResult]:
    from convert.batch.jobs import local_results
    from convert.writers import writer_class

    if executor == "dask":
        from convert.batch.pool import dask_results

        return dask_results(jobs, settings, scheduler)
    if total <= 1:
        return local_results(jobs, settings)
    from convert.batch.pool import LIGHT_CHUNK_BYTES, LIGHT_RECYCLE_AFTER, ProcessPool

    # Each engine job has its own timeout; the whole article gets them all plus a margin.
    timeout = float(settings.write.get("timeout", 300.0)) * max(1, len(names)) + 5.0
    # Several articles per task let pandoc-based writers convert them in one engine call;
    # small enough chunks keep both workers busy to the end of the batch. Light writers
    # (wikitext, json) take a millisecond an article: their tasks carry many more.
    per_worker = total // max(1, workers)
    _warm_up(settings)
    if all(writer_class(name).light for name in names):
        pool = ProcessPool(min(workers, total), settings, timeout, max(1, min(64, per_worker // 4)),
                           chunk_bytes=LIGHT_CHUNK_BYTES, recycle_after=LIGHT_RECYCLE_AFTER, tidy=False)
    else:  # at most 4 articles a task: pandoc's memory grows with the articles of a call
        pool = ProcessPool(min(workers, total), settings, timeout, max(1, min(4, per_worker // 6)))
    return pool.run(jobs)


def _warm_up(settings: Settings) -> None:
    """Load, before the workers are forked, what every one of them needs for every article:
    the front end's modules, markdown-it and the infobox registry. Workers then share those pages
    instead of each building its own copy, and a replacement worker starts warm."""
    from convert.errors import ConvertError
    from convert.frontend import parse  # noqa: F401 - the import is the warm-up
    from convert.frontend.markdown import preload
    from convert.infoboxes import load_registry

    preload()
    extra = settings.load.get("infobox_registry")
    try:
        load_registry(Path(extra) if extra else None)
    except ConvertError:
        pass  # a bad --infobox-registry file: each article reports it


def run_bundle(inputs: list[tuple[str, str]], name: str, output: str, settings: Settings, quiet: bool,
               jobs: int | None = None) -> int:
    """Load every input and write one book; bad inputs are reported and left out."""
    from convert.frontend import loads
    from convert.errors import ConvertError, SourceError
    from convert.fileio import atomic_write
    from convert.batch.jobs import read_job_input, write_problem
    from convert.writers import WriteOptions, get_writer

    docs = []
    sizes: list[int] = []
    failed = 0
    for path, _stem in inputs:
        try:
            # Stdin read to one byte over the limit, as by convert: an endless stream
            # ("cat /dev/zero |") was read until memory ran out.
            data = sys.stdin.buffer.read(settings.max_size + 1) if path == "-" else read_job_input(path, settings)
            doc, warnings = loads(data, "<stdin>" if path == "-" else path, **settings.load)
        except SourceError as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
            continue
        for w in warnings:
            print(str(w).replace(": warning: ", ": error: ", 1) if settings.strict else str(w), file=sys.stderr)
        if settings.strict and warnings:
            failed += 1
            continue
        docs.append(doc)
        sizes.append(len(data))
    if not docs:
        print("wikiexport: error: no article could be read; no book written", file=sys.stderr)
        return 1
    try:
        if name == "pdf":
            # A PDF book is laid out in pieces on every core (see convert/batch/book.py).
            from convert.batch.book import pdf_book

            pdf_book(docs, sizes, output, settings, jobs or os.cpu_count() or 1, quiet)
        else:
            atomic_write(Path(output), get_writer(name).render_bundle(docs, WriteOptions.create(**settings.write)))
    except ConvertError as exc:
        print(format_diagnostic(output, 0, "error", f"{name}: {exc}"), file=sys.stderr)
        return 1
    except OSError as exc:
        print(format_diagnostic(output, 0, "error", f"{name}: {write_problem(output, exc)}"), file=sys.stderr)
        return 1
    if not quiet:
        print(f"wikiexport: wrote {output} ({len(docs)} articles, {failed} failed)", file=sys.stderr)
    return 1 if failed else 0
