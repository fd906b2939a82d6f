"""One unit of batch work: read one article, write each requested format, report back.

``run_job`` is what every executor runs (in-process, a worker process, a Dask worker). It
never raises for a bad article: problems come back as one-line messages in the result, so
one bad file never stops the others. Writers are cached per process, which is where each
worker keeps its warmed-up engines.
"""

from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConvertError, SourceError, format_diagnostic


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs besides the job; picklable, shared by all jobs of a run."""

    load: dict[str, Any] = field(default_factory=dict)
    write: dict[str, Any] = field(default_factory=dict)
    strict: bool = False
    debug: bool = False


@dataclass(frozen=True, slots=True)
class Job:
    """Convert ``path`` (or ``data`` when read from stdin) to each ``(format, dest)``."""

    index: int
    path: str
    outputs: tuple[tuple[str, str], ...]
    data: bytes | None = None


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


_WRITERS: dict[str, Any] = {}
_OPTIONS: dict[int, Any] = {}


def _writer(fmt: str) -> Any:
    from .writers import get_writer

    if fmt not in _WRITERS:
        _WRITERS[fmt] = get_writer(fmt)
    return _WRITERS[fmt]


def _write_options(settings: Settings) -> Any:
    from .writers import WriteOptions

    key = id(settings)
    if key not in _OPTIONS:
        _OPTIONS.clear()
        _OPTIONS[key] = WriteOptions.create(**settings.write)
    return _OPTIONS[key]


def run_job(job: Job, settings: Settings) -> JobResult:
    """Convert one article to all its outputs; never raises for article problems."""
    from . import loads

    start = time.perf_counter()
    result = JobResult(job.index, job.path, ok=True)
    try:
        data = job.data if job.data is not None else _read(job.path, settings)
        doc, warnings = loads(data, job.path, **settings.load)
        result.warnings = [str(w) for w in warnings]
        if settings.strict and warnings:
            result.errors = [str(w).replace(": warning: ", ": error: ", 1) + " (--strict)" for w in warnings]
            result.warnings = []
            result.ok = False
            return result
    except SourceError as exc:
        return _fail(result, str(exc), start)
    except Exception as exc:  # noqa: BLE001 - an unexpected front-end bug is one article's failure
        return _fail(result, _unexpected(job.path, "reading", exc, settings.debug), start)
    options = _write_options(settings)
    for fmt, dest in job.outputs:
        try:
            data_out = _writer(fmt).render(doc, options)
            if dest == "-":
                result.stdout = data_out
            else:
                from .fileio import atomic_write

                atomic_write(Path(dest), data_out)
                result.written.append(dest)
        except ConvertError as exc:
            result.ok = False
            result.errors.append(format_diagnostic(job.path, 0, "error", f"{fmt}: {exc}"))
        except Exception as exc:  # noqa: BLE001 - one writer's crash must not stop the others
            result.ok = False
            result.errors.append(_unexpected(job.path, fmt, exc, settings.debug))
    result.seconds = time.perf_counter() - start
    return result


def _read(path: str, settings: Settings) -> bytes:
    from .frontend import DEFAULT_MAX_SIZE

    limit = int(settings.load.get("max_size", DEFAULT_MAX_SIZE))
    try:
        size = os.stat(path).st_size
        if size > limit:
            raise SourceError(path, 0, f"file is {size:,} bytes, over the {limit:,}-byte limit (--max-size)")
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read: {exc.strerror or exc}") from None


def _fail(result: JobResult, message: str, start: float) -> JobResult:
    result.ok = False
    result.errors.append(message)
    result.seconds = time.perf_counter() - start
    return result


def _unexpected(path: str, stage: str, exc: BaseException, debug: bool) -> str:
    line = format_diagnostic(path, 0, "error", f"{stage}: internal error: {type(exc).__name__}: {exc}")
    if debug:
        return line + "\n" + "".join(traceback.format_exception(exc)).rstrip()
    return line
