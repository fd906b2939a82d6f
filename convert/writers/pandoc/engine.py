"""Running pandoc: the one place that knows the binary, its environment and its limits.

Two ways in, both fed pandoc JSON ASTs (see :mod:`convert.writers.pandoc.ast`):

* :func:`run_pandoc` - one ``pandoc`` process (``--sandbox`` is added unless asked not to),
  the AST on stdin, the output bytes from stdout.
* :func:`convert_many` - one ``pandoc lua`` process for many documents: a Lua driver
  (``batch.lua``) reads each job's AST, puts its images in pandoc's media bag and
  calls ``pandoc.write``. Starting pandoc costs more than converting an article, so batches
  are several times faster. ``pandoc lua`` has no ``--sandbox``; the driver refuses raw
  HTML/LaTeX, images that are not given media, and metadata naming files the job did not
  list, so pandoc never fetches a URL nor reads a file an article names.

Why not ``--sandbox`` for EPUB: in pandoc 3.9 the sandbox also blocks ``--css``, a data-dir
``epub.css``, ``--epub-cover-image`` and every local image (only ``--template``,
``--epub-embed-font`` and ``--epub-metadata`` files are read before sandboxing), so a
sandboxed EPUB can carry neither our stylesheet nor a cover nor pictures.

pandoc runs with a clean environment: ``SOURCE_DATE_EPOCH`` when given (timestamps inside
the file), and an empty ``HOME``/``XDG_DATA_HOME`` so no user data directory changes the
templates or stylesheets behind our back. Failures become :class:`WriterError` with a
one-line message.
"""

from __future__ import annotations

import html
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping, Sequence

from convert.procs import kill_with_parent
from convert.errors import WriterError
from convert.writers.pandoc.nodes import dumps

DRIVER = Path(__file__).with_name("batch.lua")
_IN_FLIGHT = 3  # jobs queued ahead, so Python prepares the next while pandoc writes one


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The pandoc binary bundled with pypandoc-binary (or pypandoc's choice)."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise WriterError(f"pandoc is not available: {exc}") from None
    if not path or not Path(path).exists():
        raise WriterError("pandoc is not available (install pypandoc-binary)")
    return str(path)


def unavailable_reason() -> str | None:
    """``None`` when pandoc can run here, else why not."""
    try:
        pandoc_path()
    except WriterError as exc:
        return str(exc)
    return None


def pandoc_env(home: Path, source_date_epoch: int | None) -> dict[str, str]:
    """The environment pandoc runs in; ``home`` must be an empty directory."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
        "TMPDIR": os.environ.get("TMPDIR", tempfile.gettempdir()),
    }
    if source_date_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(int(source_date_epoch))
    # pandoc is built to start with a 64 MB heap (-H64m); batch workers run one pandoc each,
    # so a small allocation area and no pre-sized heap keep their sum down.
    env["GHCRTS"] = os.environ.get("WIKIEXPORT_PANDOC_RTS", "-A1m -H1m")
    return env


def _message(stderr: bytes | str, fallback: str) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("[WARNING]")]
    return " ".join(" ".join(lines[-3:]).split())[:500] or fallback


def run_pandoc(
    args: Sequence[str], ast: Mapping[str, Any], *, timeout: float,
    source_date_epoch: int | None = None, sandbox: bool = True,
) -> bytes:
    """``pandoc -f json [--sandbox] ARGS`` with ``ast`` on stdin; returns stdout.

    ``args`` must name the output format (``-t docx``) and send output to stdout
    (``-o -``); files given in ``args`` are read before sandboxing.
    """
    with tempfile.TemporaryDirectory(prefix="wikiexport-pandoc-") as home:
        cmd = [pandoc_path(), "-f", "json", *(["--sandbox"] if sandbox else []), *args]
        try:
            proc = subprocess.run(
                cmd, input=dumps(ast), capture_output=True, timeout=timeout,
                env=pandoc_env(Path(home), source_date_epoch), cwd=home, preexec_fn=kill_with_parent,
            )
        except subprocess.TimeoutExpired:
            raise WriterError(f"pandoc did not finish within {timeout:g} s") from None
        except OSError as exc:
            raise WriterError(f"cannot run pandoc: {exc}") from None
    if proc.returncode != 0:
        raise WriterError("pandoc failed: " + _message(proc.stderr, f"exit status {proc.returncode}"))
    return proc.stdout


# --------------------------------------------------------------------------- batch driver


@dataclass(frozen=True, slots=True)
class MediaFile:
    """An image the document embeds: ``name`` is the ``Image`` source in the AST (the media
    bag key), ``path`` the local file the driver reads, ``mime`` its media type."""

    name: str
    path: Path
    mime: str


@dataclass(frozen=True, slots=True)
class PandocJob:
    """One document for :func:`convert_many`.

    ``to`` is pandoc's output format (``epub3``, ``docx``); ``options`` are pandoc
    ``WriterOptions`` fields as in Lua (``split_level``, ``toc_depth``, ``variables``,
    ``reference_doc``...); ``template`` is ``None`` (no template), ``"default"`` (pandoc's
    own for ``to``) or the path of a template file; ``files`` are the local files metadata
    may name (cover image, stylesheet); ``cwd`` is the folder the writer runs in, against
    which relative ``files`` resolve.

    Name the cover by a path relative to ``cwd``: pandoc keeps relative names as they are
    but hashes the bytes of a file named by an absolute path with a slow SHA-1 (about a
    millisecond per kilobyte).
    """

    ast: Mapping[str, Any]
    to: str
    options: Mapping[str, Any] = field(default_factory=dict)
    template: str | None = None
    media: tuple[MediaFile, ...] = ()
    files: tuple[Path, ...] = ()
    cwd: Path | None = None
    landmarks: Mapping[str, str] = field(default_factory=dict)
    """EPUB only: landmark titles by ``epub:type`` (``titlepage``, ``cover``), which pandoc
    writes in English whatever the language; the driver puts these in the navigation and
    the package's guide instead."""


class _Driver:
    """One running ``pandoc lua`` driver process."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.stderr: IO[bytes] = open(workdir / "stderr.log", "w+b")  # noqa: SIM115 - closed in stop()
        try:
            self.proc = subprocess.Popen(
                [pandoc_path(), "lua", str(DRIVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self.stderr, env=env, cwd=workdir, start_new_session=True,
                preexec_fn=kill_with_parent,  # a killed worker leaves no pandoc running
            )
        except OSError as exc:
            self.stderr.close()
            raise WriterError(f"cannot run pandoc: {exc}") from None
        self.buffer = b""

    def send(self, prefix: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(prefix.encode("utf-8") + b"\n")
        self.proc.stdin.flush()

    def reply(self, timeout: float) -> str | None:
        """The next reply line, or ``None`` on timeout or when the process died."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8")

    def failure(self) -> str:
        """Why the process stopped answering."""
        code = self.proc.poll()
        self.stderr.seek(0)
        tail = self.stderr.read()[-4000:]
        return _message(tail, f"pandoc exited with status {code}" if code is not None else "no answer")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        self.proc.wait()
        self.stderr.close()

    def finish(self) -> None:
        """Close stdin so the driver ends, then reap it."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.stop()


def _prepare(workdir: Path, index: int, job: PandocJob) -> str:
    prefix = str(workdir / f"{index:07d}")
    Path(prefix + ".ast.json").write_bytes(dumps(job.ast))
    envelope: dict[str, Any] = {
        "to": job.to,
        "options": dict(job.options),
        "media": [{"name": m.name, "mime": m.mime, "path": str(m.path)} for m in job.media],
        "files": [str(f) for f in job.files],
    }
    if job.template is not None:  # JSON null is not nil in Lua
        envelope["template"] = job.template
    if job.cwd is not None:
        envelope["cwd"] = str(job.cwd)
    if job.landmarks:
        envelope["landmarks"] = {kind: html.escape(title) for kind, title in job.landmarks.items()}
    Path(prefix + ".job.json").write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    return prefix


def _collect(prefix: str, status: str) -> bytes | WriterError:
    try:
        if status == "ok":
            return Path(prefix + ".out").read_bytes()
        return WriterError("pandoc failed: " + Path(prefix + ".err").read_text(encoding="utf-8", errors="replace")[:500])
    except OSError as exc:
        return WriterError(f"pandoc output missing: {exc}")
    finally:
        for suffix in (".out", ".err", ".ast.json", ".job.json"):
            try:
                os.unlink(prefix + suffix)
            except OSError:
                pass


def convert_many(
    jobs: Iterable[PandocJob | Exception], *, timeout: float, source_date_epoch: int | None = None,
) -> Iterator[bytes | Exception]:
    """Convert ``jobs`` in order with one ``pandoc lua`` process; yields each output or the
    exception of a failed job (an ``Exception`` given as a job is passed through).

    ``timeout`` bounds each job. A job that times out or crashes pandoc fails alone: the
    process is replaced and the jobs queued behind it are sent again.
    """
    workdir = Path(tempfile.mkdtemp(prefix="wikiexport-pandoc-"))
    env = pandoc_env(workdir, source_date_epoch)
    driver: _Driver | None = None
    queue: deque[tuple[int, str | Exception]] = deque()
    try:
        source = iter(enumerate(jobs))
        exhausted = False
        while True:
            while not exhausted and len(queue) < _IN_FLIGHT:
                nxt = next(source, None)
                if nxt is None:
                    exhausted = True
                    break
                index, job = nxt
                if isinstance(job, Exception):
                    queue.append((index, job))
                    continue
                prefix = _prepare(workdir, index, job)
                try:
                    if driver is None:
                        driver = _Driver(workdir, env)
                    driver.send(prefix)
                except (WriterError, OSError) as exc:
                    _collect(prefix, "err")
                    queue.append((index, exc if isinstance(exc, WriterError) else WriterError(f"cannot run pandoc: {exc}")))
                    continue
                queue.append((index, prefix))
            if not queue:
                break
            index, item = queue.popleft()
            if isinstance(item, Exception):
                yield item
                continue
            assert driver is not None
            line = driver.reply(timeout)
            status, _, answered = (line or "").partition(" ")
            if line is not None and answered == item:
                yield _collect(item, status)
                continue
            # Timed out or crashed on this job: it fails alone; the rest go to a new process.
            reason = (f"pandoc did not finish within {timeout:g} s" if driver.proc.poll() is None
                      else "pandoc crashed: " + driver.failure())
            driver.stop()
            driver = None
            _collect(item, "err")
            yield WriterError(reason)
            for _i, pending in queue:
                if isinstance(pending, str):
                    if driver is None:
                        driver = _Driver(workdir, env)
                    driver.send(pending)
    finally:
        if driver is not None:
            # Abandoned early (the caller stopped iterating): do not wait for queued jobs.
            driver.stop() if queue else driver.finish()
        shutil.rmtree(workdir, ignore_errors=True)


def convert_one(job: PandocJob, *, timeout: float, source_date_epoch: int | None = None) -> bytes:
    """:func:`convert_many` for a single job; raises :class:`WriterError` on failure."""
    result = next(iter(convert_many([job], timeout=timeout, source_date_epoch=source_date_epoch)))
    if isinstance(result, Exception):
        raise result
    return result
