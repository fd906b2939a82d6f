"""atomic_write: all or nothing, no leftovers, ordinary permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from convert.fileio import atomic_write


def test_writes_new_file_and_creates_folders(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "x.wiki"
    atomic_write(dest, b"hello")
    assert dest.read_bytes() == b"hello"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["x.wiki"]


def test_replaces_existing_file_whole(tmp_path: Path) -> None:
    dest = tmp_path / "x.pdf"
    dest.write_bytes(b"old" * 1000)
    data = os.urandom(3 * 1024 * 1024)  # bigger than one write() may take
    atomic_write(dest, data)
    assert dest.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_failure_keeps_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    dest = tmp_path / "x.epub"
    dest.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write(dest, "not bytes")  # type: ignore[arg-type]
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.epub"]


def test_permissions_follow_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "x.docx", b"1")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.docx").stat().st_mode) == 0o640


def test_stale_temporary_name_is_skipped(tmp_path: Path) -> None:
    """A leftover .part from a killed process that had our pid does not block writing."""
    import convert.fileio as fileio

    n = next(fileio._COUNTER) + 1
    stale = tmp_path / f".x.wiki.{os.getpid()}.{n}.part"
    stale.write_bytes(b"stale")
    atomic_write(tmp_path / "x.wiki", b"new")
    assert (tmp_path / "x.wiki").read_bytes() == b"new"
    assert stale.read_bytes() == b"stale"


def test_folder_removed_after_first_write(tmp_path: Path) -> None:
    import shutil

    atomic_write(tmp_path / "d" / "a.wiki", b"1")
    shutil.rmtree(tmp_path / "d")
    atomic_write(tmp_path / "d" / "b.wiki", b"2")
    assert (tmp_path / "d" / "b.wiki").read_bytes() == b"2"


# ------------------------------------------------------------------ reading inputs


def test_read_input_reads_the_whole_file_up_to_the_limit(tmp_path: Path) -> None:
    from convert.errors import SourceError
    from convert.fileio import read_input

    src = tmp_path / "a.md"
    src.write_bytes(b"x" * 1000)
    assert read_input(str(src), 1000) == b"x" * 1000
    assert read_input(str(src), 10 << 20) == b"x" * 1000
    with pytest.raises(SourceError, match="1,000 bytes, over the 999-byte limit"):
        read_input(str(src), 999)
    with pytest.raises(SourceError, match="cannot read"):
        read_input(str(tmp_path / "missing.md"), 1000)
    (tmp_path / "empty.md").write_bytes(b"")
    assert read_input(str(tmp_path / "empty.md"), 1000) == b""


def test_read_input_refuses_a_pipe_without_waiting_for_a_writer(tmp_path: Path) -> None:
    # Issue 24: a FIFO named like an article was opened with a blocking open (a hang with
    # no writer); only regular files are articles now ("-" reads stdin).
    from convert.errors import SourceError
    from convert.fileio import read_input

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="a FIFO, not a regular file"):
        read_input(str(fifo), 10 << 20)


def test_a_forked_worker_names_its_temporary_files_with_its_own_pid() -> None:
    from convert import fileio

    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if it knows its own pid
        os._exit(0 if fileio._PID[0] == os.getpid() else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert fileio._PID[0] == os.getpid()


def test_an_exit_right_after_the_part_file_is_made_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker learns of its parent's death by SIGTERM, raised as SystemExit between any two
    bytecodes: here the moment after os.open made the .part file (a batch killed with
    SIGKILL once left one behind)."""
    import convert.fileio as fileio

    real_open = os.open

    def open_then_exit(path: str, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        os.close(fd)
        raise SystemExit(143)

    monkeypatch.setattr(fileio.os, "open", open_then_exit)
    with pytest.raises(SystemExit):
        fileio.atomic_write(tmp_path / "out.pdf", b"data")
    assert list(tmp_path.iterdir()) == []
