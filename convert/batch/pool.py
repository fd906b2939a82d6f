"""Executors that run :func:`~convert.batch.jobs.run_job` over a stream of jobs.

``ProcessPool`` keeps N long-lived worker processes (each warms its engines once) and
hands each worker one job at a time, so the parent always knows which article a worker
holds: a worker that dies or overruns its time is replaced and only that article is
reported as failed. Jobs are pulled lazily from the input iterator, so memory does not
grow with the size of the batch. ``dask_results`` runs the same function on a Dask cluster.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from convert.errors import format_diagnostic
from convert.batch.jobs import Job, JobResult, Settings, remove_partials, run_chunk
from convert.procs import die_with_parent, orphan_cleanup


def _exit_on_term(signum: int, frame: object) -> None:
    # SystemExit can be caught (a library's "except BaseException") or never raised (C code
    # holding the interpreter): two CPU seconds later the kernel ends the worker anyway
    # (SIGVTALRM's default action; a worker blocked in a system call gets SystemExit).
    signal.signal(signal.SIGVTALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_VIRTUAL, 2.0)
    raise SystemExit(128 + signum)


def _give_back_memory(freeze: bool = False) -> None:
    """Free the task's garbage and hand freed heap pages back to the system, so an idle
    worker does not sit on the peak of its largest article while the other one renders.

    With ``freeze`` (after the first task, when the engines, fonts and the infobox registry
    are loaded), what survives is moved out of the collector's sight: later collections
    then look only at what a task created (0.01 ms instead of 8 ms or more a task)."""
    import gc

    gc.collect()
    if freeze:
        gc.freeze()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


Task = Callable[[list[Job], Settings], list[JobResult]]
"""What a worker does with a chunk of jobs (default: :func:`run_chunk`, convert articles)."""


def _worker_main(conn: Connection, settings: Settings, tidy: bool, parent: int | None = None,
                 task: Task = run_chunk) -> None:
    # The parent handles Ctrl-C and tells workers to stop with SIGTERM; SIGTERM raises
    # SystemExit here so that an output being written is cleaned up by atomic_write.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    # A parent killed with SIGKILL tells nobody: the kernel sends SIGTERM (Linux), and the
    # task pipe reads EOF once no process holds the parent's end (the fork copied the
    # parent's ends of every worker's pipe, this one's too: close them here).
    if parent is not None:
        die_with_parent(signal.SIGTERM, parent)
    for end in _PARENT_ENDS:
        end.close()
    _PARENT_ENDS.clear()
    try:
        warm = False
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            conn.send(task(job, settings))
            if tidy or not warm:  # (untidy: light writers, see ProcessPool)
                _give_back_memory(freeze=not warm)
            warm = True
    finally:
        if parent is not None:
            orphan_cleanup(parent)


CHUNK_BYTES = 48 * 1024
"""Input bytes after which a worker task takes no further article."""

LIGHT_CHUNK_BYTES = 1024 * 1024
"""The same for light writers only (wikitext, json), whose memory hardly grows with input."""

RECYCLE_AFTER = 150
"""Articles after which a worker process is replaced by a fresh one, so memory stays
bounded however long the batch: WeasyPrint's caches and a fragmented heap grow a worker by
tens of MiB over a few hundred articles, and a fresh fork of the warm parent costs about
half a second."""

LIGHT_RECYCLE_AFTER = 20_000
"""The same for light writers only: no engine caches grow there, and 500 articles are
half a second of work, so a warm-up every 500 would cost a noticeable share."""


_PARENT_ENDS: list[Connection] = []
"""The parent's ends of the workers' pipes, which a forked worker closes."""


class _Worker:
    def __init__(self, ctx: Any, settings: Settings, tidy: bool = True, task: Task = run_chunk) -> None:
        self.conn, child = ctx.Pipe()
        _PARENT_ENDS.append(self.conn)
        self.process = ctx.Process(target=_worker_main, args=(child, settings, tidy, os.getpid(), task), daemon=True)
        self.process.start()
        child.close()
        self.job: list[Job] | None = None
        self.started = 0.0
        self.done = 0  # articles converted by this process

    def assign(self, chunk: list[Job]) -> bool:
        """Hand ``chunk`` to this worker; False if the worker is already gone."""
        self.job = chunk
        self.started = time.monotonic()
        try:
            self.conn.send(chunk)
        except (OSError, ValueError):
            return False
        return True

    def stop(self, kill: bool = False) -> None:
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()
        if self.conn in _PARENT_ENDS:
            _PARENT_ENDS.remove(self.conn)


class ProcessPool:
    """N worker processes, each holding one chunk of articles at a time.

    A chunk whose worker dies or overruns is not lost: its articles are run again one by
    one, so only the article that really kills (or hangs) a worker fails, and it fails
    with the reason. Chunks let a writer serve several articles per engine call
    (``render_many``); ``chunk=1`` gives plain per-article isolation.
    """

    def __init__(self, workers: int, settings: Settings, job_timeout: float, chunk: int = 1,
                 chunk_bytes: int = CHUNK_BYTES, recycle_after: int = RECYCLE_AFTER, tidy: bool = True,
                 task: Task = run_chunk) -> None:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.ctx = mp.get_context(method)
        self.settings = settings
        self.size = max(1, workers)
        self.job_timeout = job_timeout
        self.chunk = max(1, chunk)
        self.chunk_bytes = chunk_bytes
        self.recycle_after = recycle_after
        self.tidy = tidy
        """Collect garbage and trim the heap after every task. Light writers leave little
        garbage and no engine caches: their workers do it after the first task only (to
        freeze what is warm), which saves a full collection per task (2-3% of a wikitext
        batch, callgrind)."""
        self.task = task
        self.workers: list[_Worker] = []

    def run(self, jobs: Iterable[Job]) -> Iterator[JobResult]:
        pending = iter(jobs)
        retry: deque[list[Job]] = deque()  # singletons from a chunk whose worker was lost
        exhausted = False
        self.workers = [_Worker(self.ctx, self.settings, self.tidy, self.task) for _ in range(self.size)]
        try:
            while True:
                for i, w in enumerate(self.workers):
                    if w.job is not None or (exhausted and not retry):
                        continue
                    if not w.process.is_alive():  # died while idle: replace it quietly
                        w.stop()
                        w = self.workers[i] = _Worker(self.ctx, self.settings, self.tidy, self.task)
                    chunk = retry.popleft() if retry else self._take(pending)
                    if not chunk:
                        exhausted = True
                    elif not w.assign(chunk):
                        yield from self._lost(i, "worker process died before starting", retry)
                busy = [w for w in self.workers if w.job is not None]
                if not busy:
                    return
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
                now = time.monotonic()
                for i, w in enumerate(self.workers):
                    if w.job is None:
                        continue
                    if w.conn in ready:
                        try:
                            results = w.conn.recv()
                        except (EOFError, OSError):
                            results = None
                        if isinstance(results, list):
                            w.job = None
                            w.done += len(results)
                            if w.done >= self.recycle_after:  # bound slow growth of engine caches
                                w.stop()
                                self.workers[i] = _Worker(self.ctx, self.settings, self.tidy, self.task)
                            yield from results
                            continue
                    if w.process.sentinel in ready or not w.process.is_alive():
                        yield from self._lost(i, None, retry)
                    elif now - w.started > self.job_timeout * len(w.job):
                        yield from self._lost(i, f"timed out after {self.job_timeout:g} s", retry, kill=True)
        finally:
            for w in self.workers:
                try:
                    w.conn.send(None)
                except (OSError, ValueError):
                    pass
            for w in self.workers:
                w.stop()
                for job in w.job or ():
                    remove_partials(job)

    def _take(self, pending: Iterator[Job]) -> list[Job]:
        """The next task: up to ``chunk`` articles and about ``chunk_bytes`` of input, since an
        engine's memory grows with the documents of one call (one long article goes alone)."""
        chunk: list[Job] = []
        total = 0
        while len(chunk) < self.chunk and total < self.chunk_bytes:
            job = next(pending, None)
            if job is None:
                break
            chunk.append(job)
            total += job.size
        return chunk

    def _lost(self, index: int, reason: str | None, retry: deque[list[Job]], kill: bool = False) -> Iterator[JobResult]:
        """Replace worker ``index``; retry its chunk's articles singly, or fail a single one.

        ``reason`` None means the worker died; its exit code says how."""
        old = self.workers[index]
        chunk = old.job or []
        old.stop(kill=kill)  # joins, so a dead worker's exit code is known below
        for job in chunk:
            remove_partials(job)
        self.workers[index] = _Worker(self.ctx, self.settings, self.tidy, self.task)
        if len(chunk) > 1:
            retry.extend([job] for job in chunk)
            return
        if reason is None:
            code = old.process.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            reason = f"worker process died ({how})"
        for job in chunk:
            yield JobResult(job.index, job.path, ok=False, errors=[format_diagnostic(job.path, 0, "error", reason)],
                            seconds=time.monotonic() - old.started)


def dask_results(
    jobs: Iterable[Job], settings: Settings, scheduler: str | None, window: int = 64
) -> Iterator[JobResult]:
    """Run jobs on a Dask distributed cluster at ``scheduler`` (``None``: a local cluster).

    At most ``window`` jobs are in flight, so a huge batch does not sit in memory.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        from convert.errors import ConvertError

        raise ConvertError("--executor dask needs the dask extra: pip install 'wikiexport[dask]'") from None
    from convert.batch.guard import run_limited

    client = Client(scheduler) if scheduler else Client(processes=True, dashboard_address=None)
    owner: dict[Any, Job] = {}
    queue = as_completed()

    def submit(job: Job) -> None:
        # In a child killed on overrun: --timeout holds on Dask too (see guard.py).
        future = client.submit(run_limited, job, settings, pure=False)
        owner[future] = job
        queue.add(future)

    try:
        pending = iter(jobs)
        for job in pending:
            submit(job)
            if queue.count() >= window:
                break
        for future in queue:
            job = owner.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails its job only
                message = format_diagnostic(job.path, 0, "error", f"dask worker failed: {exc}")
                yield JobResult(job.index, job.path, ok=False, errors=[message])
            following = next(pending, None)
            if following is not None:
                submit(following)
    finally:
        client.close()
