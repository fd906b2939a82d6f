"""The command line as pandoc users expect it (issue 21): ``-o FILE``, ``-o -``, ``-t`` and
options checked before any article is converted. Real subprocesses, real files."""

from __future__ import annotations

import io
import json
import os
import pty
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SEED, SEEDS

SHORT = SEEDS / "insertion-sort.md"


def wikiexport(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
               stdout: int | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "convert", *args], input=stdin, timeout=300,
                          stdout=stdout if stdout is not None else subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, **(env or {})})


def one_error_line(proc: subprocess.CompletedProcess[bytes]) -> str:
    """The run failed with exit 2 and said so in exactly one line, without a traceback."""
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


# --------------------------------------------------------------------------- -o / -t


def test_o_file_with_the_format_from_its_extension(tmp_path: Path) -> None:
    dest = tmp_path / "a.json"
    proc = wikiexport("convert", str(SEED), "-o", str(dest))
    assert proc.returncode == 0, proc.stderr.decode()
    assert dest.is_file()  # not a folder a.json/ holding a.json/battle-of-rastan.json
    assert json.loads(dest.read_text(encoding="utf-8"))["kind"] == "Document"


@pytest.mark.slow
def test_o_pdf_makes_a_pdf_file(tmp_path: Path) -> None:
    dest = tmp_path / "a.pdf"
    proc = wikiexport("convert", str(SHORT), "--to", "pdf", "-o", str(dest))
    assert proc.returncode == 0, proc.stderr.decode()
    assert dest.is_file() and dest.read_bytes().startswith(b"%PDF-")


def test_o_folder_with_slash_or_several_outputs(tmp_path: Path) -> None:
    slash = tmp_path / "one.json"
    assert wikiexport("convert", str(SEED), "-t", "json", "-o", f"{slash}/").returncode == 0
    assert (slash / "battle-of-rastan.json").is_file()
    many = tmp_path / "many.d"
    assert wikiexport("convert", str(SEED), str(SHORT), "-t", "json", "-o", str(many)).returncode == 0
    assert sorted(p.name for p in many.iterdir()) == ["battle-of-rastan.json", "insertion-sort.json"]


@pytest.mark.slow
def test_pdf_streamed_from_stdin_to_stdout() -> None:
    from pypdf import PdfReader

    proc = wikiexport("convert", "-", "-t", "pdf", "-o", "-", stdin=SHORT.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    reader = PdfReader(io.BytesIO(proc.stdout))
    assert "Insertion sort" in reader.pages[0].extract_text()
    assert not Path("-").exists()


def test_binary_output_refused_on_a_terminal(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    try:
        proc = wikiexport("convert", str(SEED), "-t", "docx", "-o", "-", stdout=slave)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 2
    assert "terminal" in proc.stderr.decode()


def test_bundle_to_stdout(tmp_path: Path) -> None:
    proc = wikiexport("bundle", str(SEED), str(SHORT), "-t", "json", "-o", "-", "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    book = json.loads(proc.stdout)
    assert book  # a JSON book, not "wrote -"
    assert not Path("-").exists()


# --------------------------------------------------------------------------- checks first


def test_reference_doc_that_is_no_docx(tmp_path: Path) -> None:
    text = tmp_path / "notadocx.txt"
    text.write_text("hello\n", encoding="utf-8")
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    for bad in (text, garbage):
        line = one_error_line(wikiexport("convert", str(SEED), "-t", "docx", "-o", str(tmp_path / "x.docx"),
                                         "--reference-doc", str(bad)))
        assert "--reference-doc" in line and "not a DOCX" in line
        assert not (tmp_path / "x.docx").exists()


def test_reference_doc_without_the_writers_styles_is_named(tmp_path: Path) -> None:
    import pypandoc

    ref = tmp_path / "pandoc-reference.docx"
    ref.write_bytes(subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                                   capture_output=True, check=True, timeout=60).stdout)
    assert zipfile.is_zipfile(ref)
    proc = wikiexport("convert", str(SEED), "-t", "docx", "-o", str(tmp_path / "x.docx"),
                      "--reference-doc", str(ref), "--dry-run")
    assert proc.returncode == 0, proc.stderr.decode()
    warning = next(line for line in proc.stderr.decode().splitlines() if "--reference-doc" in line)
    assert "warning" in warning and "Infobox Label" in warning and "Attribution" in warning


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    line = one_error_line(wikiexport("convert", str(SEED), "--lang", "xx", "-t", "json", "-o", str(tmp_path)))
    assert "--lang" in line and "'xx'" in line
    assert wikiexport("convert", str(SEED), "--lang", "de", "-t", "json", "-o", str(tmp_path)).returncode == 0


def test_unwritable_output_folder_is_one_error_before_converting() -> None:
    # /sys refuses new files to everyone, root included (a chmod'ed folder would not stop root).
    line = one_error_line(wikiexport("convert", str(SEED), str(SHORT), "-t", "json", "-o", "/sys/wikiexport-out/"))
    assert "cannot write into /sys/wikiexport-out/" in line


def test_unreachable_scheduler_and_scheduler_without_dask(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    line = one_error_line(wikiexport("convert", str(SEED), "-t", "json", "-o", str(tmp_path),
                                     "--executor", "dask", "--scheduler", address))
    assert "does not answer" in line and address in line
    line = one_error_line(wikiexport("convert", str(SEED), "-t", "json", "-o", str(tmp_path), "--scheduler", address))
    assert "--executor dask" in line


def test_bundle_format_checked_before_any_work(tmp_path: Path) -> None:
    line = one_error_line(wikiexport("bundle", str(SEED), str(SHORT), "-o", str(tmp_path / "book.wiki")))
    assert "makes no books" in line and "epub" in line
    assert not (tmp_path / "book.wiki").exists()


def test_builtin_extensions_match_the_writers() -> None:
    from convert.writers import BUILTIN_EXTENSIONS, writer_class

    for name, ext in BUILTIN_EXTENSIONS.items():
        assert writer_class(name).extension == ext
