"""Child processes that never outlive their parent, and one private temporary folder per run.

A batch's workers (and the pandoc processes they start) must end when the process that
started them ends, however it ends: a parent killed with SIGKILL runs no cleanup at all.
On Linux the kernel tells a child of its parent's death (``PR_SET_PDEATHSIG``); elsewhere
the workers see their task pipe close. Temporary files (pandoc's ASTs and work folders,
EPUB work folders, whatever pandoc itself writes to ``$TMPDIR``) go to one folder per run,
``wikiexport-PID-XXXX`` in the system temporary folder: the run removes it when it ends;
when the run was killed, its orphaned workers remove it as they exit, and a later run
removes any such folder whose process is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator

_PR_SET_PDEATHSIG = 1
_PREFIX = "wikiexport-"
_RUN_FOLDER = re.compile(r"wikiexport-(\d+)-[A-Za-z0-9_]+\Z")
_LIBC: list[ctypes.CDLL] = []


def _prctl() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    if not _LIBC:
        _LIBC.append(ctypes.CDLL(None, use_errno=True))
    return _LIBC[0]


def die_with_parent(sig: int = signal.SIGTERM, parent: int | None = None) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux).

    ``parent``: the pid the caller expects as its parent; when it already died (between the
    fork and this call), this process gets ``sig`` at once, as it would have."""
    libc = _prctl()
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), sig)


def kill_with_parent() -> None:
    """``preexec_fn`` for engine processes (pandoc): SIGKILL when the worker that started them
    dies, so a worker killed mid-job leaves no pandoc behind. Loaded before the fork: a
    ``preexec_fn`` must not import."""
    libc = _LIBC[0] if _LIBC else None
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


_prctl()  # load libc now, in the parent, for kill_with_parent


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process now has that pid
    return True


def sweep(base: str) -> None:
    """Remove run folders left in ``base`` by runs that were killed (their pid is gone)."""
    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        match = _RUN_FOLDER.match(name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)


_CURRENT: list[str] = []  # the run folder of this run, in the run's process and its workers


@contextlib.contextmanager
def private_tmp() -> Iterator[str]:
    """A private temporary folder for this run, made ``$TMPDIR`` (and :mod:`tempfile`'s) for the
    run and every process it starts; removed at the end, with anything left in it."""
    base = tempfile.gettempdir()
    sweep(base)
    folder = tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=base)
    saved_env, saved_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = folder
    _CURRENT[:] = [folder]
    try:
        yield folder
    finally:
        _CURRENT.clear()
        tempfile.tempdir = saved_dir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(folder, ignore_errors=True)


def orphan_cleanup(parent: int) -> None:
    """In a worker that is exiting: when the run's process is gone (killed), remove the run
    folder, since nobody else will. Several orphans may race: removal ignores errors."""
    if _CURRENT and os.getppid() != parent:
        shutil.rmtree(_CURRENT[0], ignore_errors=True)
