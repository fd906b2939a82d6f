"""A wall-clock limit on one article that no library can swallow.

The article is converted in a forked child process and the child is killed when it
overruns. An exception raised into the work (the PDF writer's SIGALRM deadline) can be
caught by a library (WeasyPrint's SVG drawing catches BaseException) or be kept from running
at all by C code holding the interpreter; a SIGKILL from another process cannot. This is
what a single input and the Dask executor run; the process pool applies the same rule to its
own long-lived workers (``ProcessPool``). ``os.fork`` rather than :mod:`multiprocessing`:
a Dask worker is a daemonic process, which multiprocessing forbids to have children, and a
bare fork costs a few milliseconds, not the import of multiprocessing.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import warnings
from collections.abc import Iterable, Iterator

from convert.errors import format_diagnostic
from convert.batch.jobs import Job, JobResult, Settings, _unexpected, remove_partials, run_job
from convert.procs import die_with_parent, orphan_cleanup


def article_seconds(settings: Settings, formats: int) -> float:
    """The wall-clock limit of one article: each engine job has ``--timeout``; the whole
    article gets one per format plus a margin (the same rule as the process pool's)."""
    return float(settings.write.get("timeout", 300.0)) * max(1, formats) + 5.0


def limited_results(jobs: Iterable[Job], settings: Settings, seconds: float | None = None) -> Iterator[JobResult]:
    """Run jobs one by one, each in a child killed after its wall-clock limit."""
    for job in jobs:
        yield run_limited(job, settings, seconds)


def run_limited(job: Job, settings: Settings, seconds: float | None = None) -> JobResult:
    """:func:`run_job` in a forked child, killed after ``seconds`` (default: the article's limit)."""
    limit = article_seconds(settings, len(job.outputs)) if seconds is None else seconds
    parent = os.getpid()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12 warns of fork in a process with threads (Dask)
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_end)
            die_with_parent(signal.SIGTERM, parent)
            try:
                result = run_job(job, settings)
            except Exception as exc:  # noqa: BLE001 - a bug outside the article's own guards
                result = JobResult(job.index, job.path, ok=False,
                                   errors=[_unexpected(job.path, "converting", exc, settings.debug)])
            data = pickle.dumps(result)
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
            code = 0
        finally:
            orphan_cleanup(parent)
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    reason = None
    finished = False  # the child closed its end: it has answered or died
    started = time.monotonic()
    try:
        while True:
            left = started + limit - time.monotonic()
            if left <= 0:
                reason = f"timed out after {limit:g} s (--timeout)"
                break
            if select.select([read_end], [], [], left)[0]:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        if not finished:  # overran, or this process is interrupted (Ctrl-C): no waiting
            _kill(pid)
        _, status = os.waitpid(pid, 0)
        if reason is not None or status != 0:
            remove_partials(job)
    if reason is None:
        if chunks and status == 0:
            answer: JobResult = pickle.loads(b"".join(chunks))
            return answer
        code = os.waitstatus_to_exitcode(status)
        reason = f"worker process died ({f'killed by signal {-code}' if code < 0 else f'exit code {code}'})"
    return JobResult(job.index, job.path, ok=False, errors=[format_diagnostic(job.path, 0, "error", reason)],
                     seconds=time.monotonic() - started)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
