"""One unit of batch work: read one article, write each requested format, report back.

``run_job`` is what every executor runs (in-process, a worker process, a Dask worker). It
never raises for a bad article: problems come back as one-line messages in the result, so
one bad file never stops the others. Writers are cached per process, which is where each
worker keeps its warmed-up engines.
"""

from __future__ import annotations

import glob
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from convert.errors import ConvertError, SourceError, format_diagnostic


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs besides the job; picklable, shared by all jobs of a run."""

    load: dict[str, Any] = field(default_factory=dict)
    write: dict[str, Any] = field(default_factory=dict)
    strict: bool = False
    debug: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    """``-M`` overrides of the articles' ``title``, ``author`` and ``subject``."""
    verbose: bool = False
    """Report per article what was decided (``-v``), as notes."""

    @property
    def max_size(self) -> int:
        """The largest input read, in bytes (``--max-size``)."""
        from convert.frontend import DEFAULT_MAX_SIZE

        return int(self.load.get("max_size", DEFAULT_MAX_SIZE))


@dataclass(frozen=True, slots=True)
class Job:
    """Convert ``path`` (or ``data`` when read from stdin) to each ``(format, dest)``."""

    index: int
    path: str
    outputs: tuple[tuple[str, str], ...]
    data: bytes | None = None
    size: int = 0
    """Input size in bytes, for sizing worker tasks."""


@dataclass(slots=True)
class JobResult:
    """What happened to one job; ``errors``/``warnings`` are ready-to-print lines."""

    index: int
    path: str
    ok: bool
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stdout: bytes | None = None
    notes: list[str] = field(default_factory=list)
    """What was decided (``-v``): language, infobox template, images."""


_WRITERS: dict[str, Any] = {}
_OPTIONS: dict[int, Any] = {}


def _writer(fmt: str) -> Any:
    from convert.writers import get_writer

    if fmt not in _WRITERS:
        _WRITERS[fmt] = get_writer(fmt)
    return _WRITERS[fmt]


def _write_options(settings: Settings) -> Any:
    from convert.writers import WriteOptions

    key = id(settings)
    if key not in _OPTIONS:
        _OPTIONS.clear()
        _OPTIONS[key] = WriteOptions.create(**settings.write)
    return _OPTIONS[key]


def run_job(job: Job, settings: Settings) -> JobResult:
    """Convert one article to all its outputs; never raises for article problems."""
    return run_chunk([job], settings)[0]


def run_chunk(jobs: list[Job], settings: Settings) -> list[JobResult]:
    """Convert several articles; each format renders them through ``render_many``, so a
    writer that keeps one engine busy for many documents (pandoc) gets them together."""
    start = time.perf_counter()
    results = [JobResult(job.index, job.path, ok=True) for job in jobs]
    options = _write_options(settings)
    formats = list(dict.fromkeys(fmt for job in jobs for fmt, _ in job.outputs))
    if not any(_writer(fmt).batches for fmt in formats):
        # No writer gains from seeing the documents together: one article at a time, so
        # each document is garbage once written (a chunk of 64 kept alive made the
        # collector walk them again and again: 0.14 M instructions an article, 2%).
        for job, result in zip(jobs, results):
            doc = _load(job, result, settings)
            if doc is not None:
                for fmt in dict.fromkeys(f for f, _ in job.outputs):
                    _write_all(fmt, [job], [result], [doc], options, settings)
    else:
        loaded = [(job, result, _load(job, result, settings)) for job, result in zip(jobs, results)]
        for fmt in formats:
            todo = [(j, r, d) for j, r, d in loaded if d is not None and any(f == fmt for f, _ in j.outputs)]
            _write_all(fmt, [j for j, _r, _d in todo], [r for _j, r, _d in todo], [d for _j, _r, d in todo],
                       options, settings)
    share = (time.perf_counter() - start) / max(1, len(jobs))
    for result in results:
        result.seconds = share
    return results


def _write_all(fmt: str, jobs: list[Job], results: list[JobResult], docs: list[Any], options: Any,
               settings: Settings) -> None:
    """Render ``docs`` (of ``jobs``) to ``fmt`` and write each output, recording in ``results``."""
    done = 0
    try:
        for rendered in _render(_writer(fmt), docs, options):
            job, result = jobs[done], results[done]
            done += 1
            if isinstance(rendered, BaseException):
                _deliver(job, result, fmt, rendered, settings)
                continue
            data, warnings = rendered
            for line in _warning_lines(warnings, settings, result):
                if line not in result.warnings:  # wikitext and infobox say the same
                    result.warnings.append(line)
            if settings.strict and warnings:
                continue  # an error under --strict: no output for this format
            _deliver(job, result, fmt, data, settings)
    except Exception as exc:  # noqa: BLE001 - the writer itself broke: its undone articles fail
        for job, result in zip(jobs[done:], results[done:]):
            _deliver(job, result, fmt, exc, settings)


def _render(writer: Any, docs: list[Any], options: Any) -> Iterator[tuple[bytes, list[Any]] | BaseException]:
    """``(bytes, warnings)`` per document, or an exception; through the writer's batched
    engine call when it has one (``Writer.batches``)."""
    if writer.batches:
        yield from writer.render_many_with_warnings(docs, options)
        return
    for doc in docs:
        try:
            yield writer.render_with_warnings(doc, options)
        except Exception as exc:  # noqa: BLE001 - reported for this document only
            yield exc


def _warning_lines(warnings: list[Any], settings: Settings, result: JobResult) -> list[str]:
    """Writer warnings as lines; with ``--strict`` they fail the article instead."""
    lines = [str(w) for w in warnings]
    if settings.strict and lines:
        result.ok = False
        result.errors.extend(line.replace(": warning: ", ": error: ", 1) + " (--strict)" for line in lines)
        return []
    return lines


def _load(job: Job, result: JobResult, settings: Settings) -> Any:
    """The article's Document, or None with the failure recorded in ``result``."""
    from convert.frontend import loads

    try:
        data = job.data if job.data is not None else read_job_input(job.path, settings)
        doc, warnings = loads(data, job.path, **settings.load)
    except SourceError as exc:
        result.ok = False
        result.errors.append(str(exc))
        return None
    except Exception as exc:  # noqa: BLE001 - an unexpected front-end bug is one article's failure
        result.ok = False
        result.errors.append(_unexpected(job.path, "reading", exc, settings.debug))
        return None
    result.warnings = [str(w) for w in warnings]
    doc = apply_meta(doc, settings.meta)
    if settings.verbose:
        result.notes.extend(decisions(doc, job.path, settings))
    if settings.strict and warnings:
        result.errors = [str(w).replace(": warning: ", ": error: ", 1) + " (--strict)" for w in warnings]
        result.warnings = []
        result.ok = False
        return None
    return doc


def apply_meta(doc: Any, meta: dict[str, str]) -> Any:
    """``doc`` with the ``-M`` overrides (``subject`` is what catalogues show as the
    description: the short description)."""
    from dataclasses import replace

    if not meta:
        return doc
    fields = {"title": meta.get("title"), "author": meta.get("author"), "short_description": meta.get("subject")}
    return replace(doc, meta=replace(doc.meta, **{k: v for k, v in fields.items() if v is not None}))


def decisions(doc: Any, path: str, settings: Settings) -> list[str]:
    """``-v`` lines: what the front end decided for ``doc`` and which images were found."""
    from convert.model import Image
    from convert.writers.common.images import ImageStore

    how = "detected" if settings.load.get("lang", "auto") == "auto" else "given"
    lines = [format_diagnostic(path, 0, "info", f"language {doc.meta.lang} ({how})")]
    for box in doc.infoboxes:
        name = box.template_name or "Infobox"
        lines.append(format_diagnostic(path, box.line, "info",
                                       f"infobox template {name!r} (confidence {box.confidence:.2f})"))
    if not doc.infoboxes:
        lines.append(format_diagnostic(path, 0, "info", "no infobox"))
    folder = settings.write.get("images_dir")
    store = ImageStore(Path(folder) if folder else None)
    names = [doc.meta.image_file] if doc.meta.image_file else []
    names += [b.file for b in doc.body if isinstance(b, Image) and b.file]
    for name in dict.fromkeys(names):
        state = "found" if store.lookup(name) else ("not found in --images" if folder else "not looked up (no --images)")
        lines.append(format_diagnostic(path, 0, "info", f"image {name!r}: {state}"))
    return lines


def _deliver(job: Job, result: JobResult, fmt: str, out: bytes | BaseException, settings: Settings) -> None:
    """Write one rendered output atomically, or record why there is none."""
    from convert.fileio import atomic_write

    dest = next(d for f, d in job.outputs if f == fmt)
    try:
        if isinstance(out, BaseException):
            raise out
        if not out.strip() and dest != "-" and _writer(fmt).partial:
            # (the infobox writer, for an article without infobox): an empty file would
            # look like a failed conversion. An empty article is still written, empty.
            result.notes.append(format_diagnostic(job.path, 0, "note", f"{fmt}: nothing to write; no file made"))
            return
        if dest == "-":
            result.stdout = out
        else:
            atomic_write(Path(dest), out)
            result.written.append(dest)
    except ConvertError as exc:
        result.ok = False
        result.errors.append(format_diagnostic(job.path, 0, "error", f"{fmt}: {exc}"))
    except OSError as exc:
        # The output folder is not writable, a folder has the output's name...: the
        # user's to fix, not a bug to report with --debug.
        result.ok = False
        result.errors.append(format_diagnostic(job.path, 0, "error", f"{fmt}: {write_problem(dest, exc)}"))
    except Exception as exc:  # noqa: BLE001 - one writer's crash must not stop the others
        result.ok = False
        result.errors.append(_unexpected(job.path, fmt, exc, settings.debug))


def write_problem(dest: str, exc: OSError) -> str:
    """Why ``dest`` could not be written, in one line."""
    if isinstance(exc, FileExistsError) and exc.filename is not None and str(exc.filename) != dest:
        # Making the output's folder met a file of that name ("File exists" says little).
        return f"cannot write {dest}: {exc.filename} is a file, not a folder"
    return f"cannot write {dest}: {exc.strerror or exc}"


def read_job_input(path: str, settings: Settings) -> bytes:
    from convert.fileio import read_input

    return read_input(path, settings.max_size)


def _unexpected(path: str, stage: str, exc: BaseException, debug: bool) -> str:
    line = format_diagnostic(path, 0, "error", f"{stage}: internal error: {type(exc).__name__}: {exc}")
    if debug:
        return line + "\n" + "".join(traceback.format_exception(exc)).rstrip()
    return line


def remove_partials(job: Job) -> None:
    """Delete temporary files a killed worker may have left beside ``job``'s outputs."""
    for _fmt, dest in job.outputs:
        if dest == "-":
            continue
        folder, name = os.path.split(dest)
        for leftover in glob.glob(os.path.join(folder or ".", glob.escape(f".{name[:60]}.") + "*.part")):
            try:
                os.unlink(leftover)
            except OSError:
                pass
