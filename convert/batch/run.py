"""Batch runs behind ``wikiexport convert`` and ``wikiexport bundle``.

Builds jobs from discovered inputs, skips unchanged outputs, picks the executor, prints
errors as they happen and a summary at the end, and returns the exit code.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
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
    skip_unchanged: bool, executor: str, scheduler: str | None, quiet: bool, single_file: bool = False,
    dry_run: bool = False,
) -> int:
    """Convert every input to every format; returns the exit code (0 ok, 1 some failed)."""
    from convert.procs import private_tmp

    with private_tmp():  # every temporary file of the run, removed however it ends
        return _run_convert(inputs, names, output, settings, jobs=jobs, skip_unchanged=skip_unchanged,
                            executor=executor, scheduler=scheduler, quiet=quiet, single_file=single_file,
                            dry_run=dry_run)


def _run_convert(
    inputs: list[tuple[str, str]], names: list[str], output: str, settings: Settings, *, jobs: int,
    skip_unchanged: bool, executor: str, scheduler: str | None, quiet: bool, single_file: bool, dry_run: bool,
) -> int:
    from convert.batch.manifest import Manifest, fingerprint
    from convert.writers import writer_class

    if not inputs:
        print("wikiexport: error: no input files found (looked for *.md, *.markdown and *.txt)", file=sys.stderr)
        return 1
    if output == "-":
        if len(inputs) != 1 or len(names) != 1:
            print("wikiexport: error: '-o -' takes one input and one format", file=sys.stderr)
            return 2
    elif single_file:
        if len(inputs) != 1 or len(names) != 1:
            print("wikiexport: error: '-o FILE' takes one input and one format", file=sys.stderr)
            return 2
    elif os.path.exists(output) and not os.path.isdir(output):
        # Else every article of the batch fails on it, one error line each.
        print(f"wikiexport: error: output folder {output!r} is a file", file=sys.stderr)
        return 2
    _terminate_on_sigterm()
    stdin_data = None
    if any(path == "-" for path, _ in inputs):
        stdin_data = sys.stdin.buffer.read(settings.max_size + 1)
    folder = os.path.dirname(os.path.abspath(output)) if single_file else output
    manifest = Manifest(Path(folder)) if skip_unchanged and output != "-" else None
    prints = {n: fingerprint(__version__, n, {"load": settings.load, "write": settings.write}) for n in names}
    sizes = [_size(path) for path, _stem in inputs]
    progress = Progress(len(inputs), quiet=quiet or len(inputs) == 1, total_bytes=sum(sizes))
    skipped = 0
    taken: set[str] = set()

    # Output names are claimed in input order (stable), but work is handed out largest
    # file first, so the batch does not end waiting for one worker on a long article.
    outputs: list[tuple[tuple[str, str], ...]]
    if single_file:
        outputs = [((names[0], os.path.abspath(output)),)]
    else:
        outputs = [output_paths(stem, names, output, taken) for _path, stem in inputs]
        for line in (_renamed(inputs, outputs, names) if output != "-" else ()):
            progress.message(line)
    if dry_run:
        for (path, _stem), outs in zip(inputs, outputs):
            for fmt, dest in outs:
                print(f"{'<stdin>' if path == '-' else path} -> {'<stdout>' if dest == '-' else dest} ({fmt})")
        return 0
    order = sorted(range(len(inputs)), key=lambda i: -sizes[i]) if jobs > 1 else range(len(inputs))

    def jobs_iter() -> Iterator[Job]:
        nonlocal skipped
        for index in order:
            path = inputs[index][0]
            outs = outputs[index]
            if manifest is not None:
                outs = tuple(o for o in outs if not manifest.is_current(path, o[1], prints[o[0]]))
                if not outs:
                    skipped += 1
                    progress.advance(True, sizes[index])
                    continue
            shown = "<stdin>" if path == "-" else path
            yield Job(index, shown, outs, stdin_data if path == "-" else None, sizes[index])

    results = _executor(jobs_iter(), settings, len(inputs), jobs, executor, scheduler, names)
    failures: list[str] = []
    converted = 0
    try:
        for result in results:
            for line in result.warnings:
                progress.message(line)
            for line in result.errors:
                progress.message(line)
            for line in result.notes:
                progress.message(line)
            if result.ok:
                converted += 1
            else:
                failures.extend(result.errors)
            if result.stdout is not None:
                sys.stdout.buffer.write(result.stdout)
                sys.stdout.flush()
            if manifest is not None:
                # The format of each output as the job named it: a suffix cannot tell
                # (".infobox.wiki" also ends in the wikitext writer's ".wiki").
                format_of = {dest: fmt for fmt, dest in outputs[result.index]}
                for dest in result.written:
                    manifest.record(_source_of(result, inputs), dest, prints[format_of[dest]])
            progress.advance(result.ok, sizes[result.index])
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


def _renamed(inputs: list[tuple[str, str]], outputs: list[tuple[tuple[str, str], ...]],
             names: list[str]) -> list[str]:
    """A warning for each input whose outputs had to take another name (``x-2.wiki``):
    two inputs with one name (``a/x.md`` and ``b/x.md`` given as files)."""
    from convert.batch.names import safe_stem
    from convert.writers import writer_class

    lines = []
    for (path, stem), outs in zip(inputs, outputs):
        if not outs:
            continue
        fmt, dest = outs[0]
        wanted = safe_stem(stem) + writer_class(fmt).extension
        if not dest.endswith(os.sep + wanted):
            lines.append(f"{path}: warning: another input has the same name; written as {os.path.basename(dest)}")
    return lines


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0


def _source_of(result: JobResult, inputs: list[tuple[str, str]]) -> str:
    return inputs[result.index][0]


def _executor(jobs: Iterator[Job], settings: Settings, total: int, workers: int, executor: str,
              scheduler: str | None, names: Sequence[str]) -> Iterator[JobResult]:
    from convert.batch.guard import article_seconds, limited_results
    from convert.writers import writer_class

    if executor == "dask":
        from convert.batch.pool import dask_results

        return dask_results(jobs, settings, scheduler)
    # Each engine job has its own timeout; the whole article gets them all plus a margin.
    timeout = article_seconds(settings, len(names))
    if total <= 1:  # in a child killed on overrun, as a pool worker would be
        return limited_results(jobs, settings, timeout)
    from convert.batch.pool import LIGHT_CHUNK_BYTES, LIGHT_RECYCLE_AFTER, ProcessPool

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
               jobs: int = 1, order: str = "given", dry_run: bool = False) -> int:
    """Load every input and write one book (``output`` ``-``: to stdout); bad inputs are
    reported and left out. Articles are read by ``jobs`` processes; ``order`` is ``given``
    or ``title``. Temporary files live in the run's private folder."""
    from convert.procs import private_tmp

    with private_tmp():
        return _run_bundle(inputs, name, output, settings, quiet, jobs, order, dry_run)


def _run_bundle(inputs: list[tuple[str, str]], name: str, output: str, settings: Settings, quiet: bool,
                jobs: int, order: str, dry_run: bool) -> int:
    from convert.errors import ConvertError
    from convert.fileio import atomic_write
    from convert.batch.jobs import write_problem
    from convert.writers import WriteOptions, get_writer

    if dry_run:
        for path, _stem in inputs:
            print(f"{'<stdin>' if path == '-' else path} -> {'<stdout>' if output == '-' else output} ({name})")
        return 0
    sizes = [_size(path) for path, _stem in inputs]
    progress = Progress(len(inputs), quiet=quiet or len(inputs) == 1, total_bytes=sum(sizes))
    from convert.batch.reading import load_all

    _warm_up(settings)  # before the readers are forked: they share the loaded front end
    loaded = load_all(inputs, sizes, settings, jobs)
    docs = []
    doc_sizes: list[int] = []
    for (doc, lines, ok), size in zip(loaded, sizes):
        for line in lines:
            progress.message(line)
        if doc is not None:
            docs.append(doc)
            doc_sizes.append(size)
        progress.advance(ok, size)
    progress.finish()
    if not docs:
        print("wikiexport: error: no article could be read; no book written", file=sys.stderr)
        return 1
    if order == "title":
        from convert.wiki import title_key

        pairs = sorted(zip(docs, doc_sizes), key=lambda p: title_key(p[0].meta.title).casefold())
        docs, doc_sizes = [d for d, _s in pairs], [s for _d, s in pairs]
    if not quiet and len(docs) > 1:
        print(f"wikiexport: making the {name} book of {len(docs)} articles...", file=sys.stderr)
    data: bytes | None
    try:
        if name == "pdf":
            # A PDF book is laid out in pieces on every core (see convert/batch/book.py).
            from convert.batch.book import pdf_book

            if output == "-":  # laid out into the run's private folder, then streamed
                with tempfile.TemporaryDirectory() as tmp:
                    pdf_book(docs, doc_sizes, str(Path(tmp) / "book.pdf"), settings, jobs or os.cpu_count() or 1, quiet)
                    data = (Path(tmp) / "book.pdf").read_bytes()
            else:
                pdf_book(docs, doc_sizes, output, settings, jobs or os.cpu_count() or 1, quiet)
                data = None  # written
        else:
            data = get_writer(name).render_bundle(docs, WriteOptions.create(**settings.write))
    except ConvertError as exc:
        print(format_diagnostic(output, 0, "error", f"{name}: {exc}"), file=sys.stderr)
        return 1
    except OSError as exc:
        print(format_diagnostic(output, 0, "error", f"{name}: {write_problem(output, exc)}"), file=sys.stderr)
        return 1
    writer = get_writer(name)
    if data is None:
        pass  # the PDF book is written already
    elif output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            if writer.bundle_archive and (output.endswith(("/", os.sep)) or os.path.isdir(output)):
                _unpack(data, Path(output))
            else:
                atomic_write(Path(output), data)
        except OSError as exc:
            print(format_diagnostic(output, 0, "error", f"{name}: {write_problem(output, exc)}"), file=sys.stderr)
            return 1
    failed = progress.failed
    if not quiet:
        where = "stdout" if output == "-" else output
        print(f"wikiexport: wrote {where} ({len(docs)} articles, {failed} failed) in {progress.elapsed:.1f} s",
              file=sys.stderr)
    return 1 if failed else 0


def _unpack(data: bytes, folder: Path) -> None:
    """The files of a writer's zip into ``folder``, each written atomically. The names are
    the writer's own; any with a folder part is refused all the same."""
    import io
    import zipfile

    from convert.fileio import atomic_write

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            if "/" in entry.filename or "\\" in entry.filename or entry.filename.startswith("."):
                raise OSError(f"refusing the archive member {entry.filename!r}")
            atomic_write(folder / entry.filename, archive.read(entry))
