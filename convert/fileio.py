"""Atomic output: write a temporary file beside the target, then rename it into place.

The rename is what makes an interrupted run (Ctrl-C, SIGTERM, a killed worker) leave either
the old file or the whole new one. There is no fsync: it guards only against the machine
losing power, and it costs more than converting a wikitext article (0.35 ms a file here).
``WIKIEXPORT_FSYNC=1`` turns it on for outputs that must survive a power cut.
"""

from __future__ import annotations

import itertools
import os
import stat
import time
from pathlib import Path

from convert.errors import SourceError

_FSYNC = os.environ.get("WIKIEXPORT_FSYNC", "") not in ("", "0")
_COUNTER = itertools.count()
_MADE: set[str] = set()  # folders this process has already created or found
_PID = [os.getpid()]  # getpid() is a system call; a forked worker refreshes this
os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


def atomic_write(dest: Path, data: bytes) -> Path:
    """Write ``data`` to ``dest`` so that readers see either the old file or the whole new one.

    The temporary file is ``.NAME.PID.N.part`` beside ``dest`` (what a killed worker may
    leave behind, and what the batch engine cleans up); it is created exclusively, with the
    usual permissions (0666 less the umask), like any file the user's tools write.
    """
    folder, name = os.path.split(os.fspath(dest))
    if folder not in _MADE:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(folder)
    # ``tmp`` is named before the file is made, and the cleanup covers the open: a SIGTERM
    # (how a worker learns its parent died) raises SystemExit between any two bytecodes,
    # also right after os.open made the file, before a try starting later would cover it.
    tmp = ""
    fd = -1
    try:
        while fd < 0:
            tmp = os.path.join(folder, f".{name[:60]}.{_PID[0]}.{next(_COUNTER)}.part")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            except FileExistsError:  # a leftover of an earlier, killed process with our pid
                tmp = ""
            except FileNotFoundError:  # the folder was removed since we made it: make it again
                tmp = ""
                dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if _FSYNC:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
    except BaseException:
        if tmp:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise
    return dest


READ_SECONDS = 60.0
"""How long reading one input may take; checked between chunks of a read (a file on a
stalled network mount can block one ``read`` call: the per-article limit bounds that)."""


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, for messages."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def read_input(path: str, limit: int, seconds: float = READ_SECONDS) -> bytes:
    """The bytes of input file ``path``; a :class:`SourceError` when it is over ``limit``
    bytes, is not a regular file, or cannot be read within ``seconds``.

    Only regular files are read. The open does not block (``O_NONBLOCK``: opening a FIFO
    for reading otherwise waits for a writer, forever) and ``fstat`` of the opened file
    decides, so a file swapped for a FIFO after discovery is refused too. Asks for the
    size the file has: ``read(limit + 1)`` would allocate (and the kernel map) a buffer of
    the whole limit, 10 MiB by default, for every article. Plain ``os`` calls: Python's
    ``open()`` adds a terminal check, a seek and a second ``fstat`` to every file, a tenth
    of the time of small articles in a batch."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise SourceError(path, 0, f"cannot read: {file_kind(info.st_mode)}, not a regular file")
            size = info.st_size
            if size <= limit:
                deadline = time.monotonic() + seconds
                chunks: list[bytes] = []
                got = 0
                while got <= limit:
                    want = size + 1 - got if got <= size else min(1 << 20, limit + 1 - got)
                    chunk = os.read(fd, min(want, 1 << 24))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    got += len(chunk)
                    if len(chunk) < min(want, 1 << 24):
                        break  # a short read of a regular file is its end
                    if time.monotonic() > deadline:
                        raise SourceError(path, 0, f"cannot read: not read within {seconds:g} s")
                data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
                size = got
        finally:
            os.close(fd)
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise SourceError(path, 0, f"file is {size:,} bytes, over the {limit:,}-byte limit (--max-size)")
    return data
