"""Issue 21, options and bundles: -M, --toc, defaults, --defaults, -v, --dry-run, -V;
bundle progress, -j, --order and the warnings a pandoc user expects. Real subprocesses."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, SEEDS
from tests.test_cli_pandoc import one_error_line, wikiexport

NO_BOX = SEEDS / "insertion-sort.md"  # "infoboxes: []"


def book_titles(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    assert proc.returncode == 0, proc.stderr.decode()
    return [d["meta"]["title"] for d in json.loads(proc.stdout)["documents"]]


# --------------------------------------------------------------------------- metadata, toc


def test_metadata_sets_title_author_subject_and_checks_keys(tmp_path: Path) -> None:
    dest = tmp_path / "a.json"
    proc = wikiexport("convert", str(SEED), "-o", str(dest), "-M", "title=My title", "--metadata", "author=Me",
                      "-M", "subject=About it")
    assert proc.returncode == 0, proc.stderr.decode()
    meta = json.loads(dest.read_text(encoding="utf-8"))["meta"]
    assert (meta["title"], meta["author"], meta["short_description"]) == ("My title", "Me", "About it")
    assert "Battle_of_Rastan" in meta["source_url"]  # the source stays the article's
    assert "KEY=VALUE" in one_error_line(wikiexport("convert", str(SEED), "-o", str(dest), "-M", "colour=red"))


def test_metadata_lang_and_date(tmp_path: Path) -> None:
    dest = tmp_path / "a.json"
    assert wikiexport("convert", str(SEED), "-o", str(dest), "-M", "lang=de").returncode == 0
    assert json.loads(dest.read_text(encoding="utf-8"))["meta"]["source_url"].startswith("https://de.wikipedia.org/")
    docx = tmp_path / "a.docx"
    proc = wikiexport("convert", str(NO_BOX), "-o", str(docx), "-M", "date=2020-01-02")
    assert proc.returncode == 0, proc.stderr.decode()
    with zipfile.ZipFile(docx) as archive:
        assert "2020-01-02T00:00:00Z" in archive.read("docProps/core.xml").decode()
    assert "ISO date" in one_error_line(wikiexport("convert", str(SEED), "-o", str(dest), "-M", "date=yesterday"))


def test_toc_switches_and_ignored_options(tmp_path: Path) -> None:
    off = wikiexport("convert", str(SEED), "-t", "wikitext", "-o", "-", "--no-toc")
    on = wikiexport("convert", str(SEED), "-t", "wikitext", "-o", "-", "--toc")
    assert b"__NOTOC__" in off.stdout and b"__FORCETOC__" in on.stdout
    plain = wikiexport("convert", str(SEED), "-t", "json", "-o", str(tmp_path / "a.json"), "--toc")
    assert "warning: --toc is ignored by json" in plain.stderr.decode()
    docx = wikiexport("convert", str(SEED), "-o", str(tmp_path / "a.docx"), "--toc", "--dry-run")
    assert "a DOCX article has no table of contents" in docx.stderr.decode()


# --------------------------------------------------------------------------- customising


def test_defaults_folder_then_template_dir(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    proc = wikiexport("defaults", str(folder))
    assert proc.returncode == 0, proc.stderr.decode()
    for rel in ("pdf/print.css", "pdf/article.html.jinja", "epub/epub.css", "docx/reference.docx"):
        assert (folder / rel).read_bytes() == (ROOT / "templates" / rel).read_bytes(), rel
    assert "--force" in one_error_line(wikiexport("defaults", str(folder)))
    assert wikiexport("defaults", str(folder), "--force").returncode == 0


def test_defaults_file_holds_options(tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = tmp_path / "opts.yaml"
    options.write_text(f"to: json\noutput: {out}/\nmetadata:\n  author: From the file\nquiet: true\n",
                       encoding="utf-8")
    proc = wikiexport("convert", str(SEED), "--defaults", str(options))
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads((out / "battle-of-rastan.json").read_text(encoding="utf-8"))["meta"]["author"] == "From the file"
    # the command line wins over the file
    assert wikiexport("convert", str(SEED), "--defaults", str(options), "-t", "wikitext").returncode == 0
    assert (out / "battle-of-rastan.wiki").is_file()
    options.write_text("colour: red\n", encoding="utf-8")
    assert "unknown option 'colour'" in one_error_line(wikiexport("convert", str(SEED), "--defaults", str(options)))


def test_verbose_says_what_was_decided(tmp_path: Path) -> None:
    images = tmp_path / "img"
    images.mkdir()
    from PIL import Image

    Image.new("RGB", (4, 4)).save(images / "Ada_Lovelace_portrait.jpg")
    proc = wikiexport("convert", str(SEEDS / "ada-lovelace.md"), "-t", "json", "-o", str(tmp_path / "a.json"),
                      "-v", "--images", str(images))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "info: language en (detected)" in err
    assert "info: infobox template 'Infobox person' (confidence" in err
    assert "info: image 'Ada Lovelace portrait.jpg': found" in err


def test_dry_run_lists_outputs_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = wikiexport("convert", str(SEEDS), "-t", "json,wikitext", "-o", str(out), "--dry-run")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2 * len(list(SEEDS.glob("*.md")))
    assert f"{SEED} -> {out / 'battle-of-rastan.json'} (json)" in lines
    assert not out.exists()


def test_writer_option_unknown_is_a_usage_error(tmp_path: Path) -> None:
    line = one_error_line(wikiexport("convert", str(SEED), "-t", "json", "-o", str(tmp_path), "-V", "x=1"))
    assert "not an option of json" in line


# --------------------------------------------------------------------------- bundles


def test_bundle_order_jobs_and_progress() -> None:
    given = wikiexport("bundle", str(SEEDS / "tokyo-tower.md"), str(SEED), str(NO_BOX), "-t", "json", "-o", "-")
    assert book_titles(given)[0] == "Tokyo Tower"
    err = given.stderr.decode()
    assert "progress: 3/3 done" in err and "ETA" in err and "\x1b" not in err
    by_title = wikiexport("bundle", str(SEEDS / "tokyo-tower.md"), str(SEED), str(NO_BOX), "-t", "json", "-o", "-",
                          "--order", "title", "-j", "2", "-q")
    titles = book_titles(by_title)
    assert titles == sorted(titles, key=str.casefold) and len(titles) == 3


def test_bundle_warns_about_duplicates_and_ignored_cover(tmp_path: Path) -> None:
    proc = wikiexport("bundle", str(SEED), str(SEED), "-o", str(tmp_path / "book.pdf"), "--cover", str(SEED),
                      "--dry-run")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert f"{SEED}: warning: input given 2 times; converted once" in err
    assert "warning: --cover is ignored by pdf" in err
    assert proc.stdout.decode().count(str(SEED)) == 1


def test_same_names_empty_infobox_and_markdown_suffix(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(NO_BOX, tmp_path / sub / "x.md")
    shutil.copy(SEED, tmp_path / "a" / "long.markdown")
    out = tmp_path / "out"
    proc = wikiexport("convert", str(tmp_path / "a" / "x.md"), str(tmp_path / "b" / "x.md"), "-t", "json,infobox",
                      "-o", str(out))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert f"{tmp_path / 'b' / 'x.md'}: warning: another input has the same name; written as x-2.json" in err
    assert "infobox: nothing to write; no file made" in err
    assert not list(out.glob("*.infobox.wiki"))
    folder = wikiexport("convert", str(tmp_path / "a"), "-t", "json", "-o", str(tmp_path / "f"))
    assert folder.returncode == 0
    assert (tmp_path / "f" / "long.json").is_file()


def test_no_ansi_codes_for_a_dumb_terminal(tmp_path: Path) -> None:
    def stderr_on_a_terminal(term: str) -> bytes:
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([sys.executable, "-m", "convert", "convert", str(SEEDS), "-t", "json",
                                     "-o", str(tmp_path / term)], stderr=slave, stdout=subprocess.DEVNULL,
                                    env={**os.environ, "TERM": term})
            os.close(slave)
            chunks = []
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            assert proc.wait(timeout=120) == 0
        finally:
            os.close(master)
        return b"".join(chunks)

    assert b"\x1b[" in stderr_on_a_terminal("xterm")
    dumb = stderr_on_a_terminal("dumb")
    assert b"\x1b" not in dumb and b"progress: 6/6 done" in dumb


def test_first_eta_counts_bytes_not_articles() -> None:
    from io import StringIO

    from convert.batch.progress import Progress

    # Largest first: the first article done is half the input, and took 10 s.
    progress = Progress(10, stream=StringIO(), total_bytes=1000)
    progress.start = time.monotonic() - 10
    progress.advance(True, 500)
    eta = progress.line().rsplit("ETA ", 1)[1]
    assert eta in ("0:00:10", "0:00:09", "0:00:11")  # by count it would be 0:01:30


@pytest.mark.slow
def test_toc_in_a_pdf_article_and_none_in_a_pdf_book(tmp_path: Path) -> None:
    from pypdf import PdfReader

    def text(*args: str) -> str:
        proc = wikiexport(*args, "-o", "-", "-q")
        assert proc.returncode == 0, proc.stderr.decode()
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(proc.stdout)).pages)

    tokyo = str(SEEDS / "tokyo-tower.md")
    with_toc = text("convert", tokyo, "-t", "pdf", "--toc")
    assert re.search(r"Contents\s+Design\s+Use", with_toc)
    assert "Contents" not in text("convert", tokyo, "-t", "pdf")
    assert "Contents" in text("bundle", tokyo, str(SEED), "-t", "pdf")
    assert "Contents" not in text("bundle", tokyo, str(SEED), "-t", "pdf", "--no-toc")
