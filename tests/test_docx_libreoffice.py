"""The DOCX opens in a real word processor: LibreOffice converts it to PDF and the article is
in that PDF. A missing LibreOffice is a failure, not a skip: this is the check that the file
is a document and not just a zip that python-docx tolerates."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import convert
from convert.writers import WriteOptions, get_writer

from .conftest import SEED, corpus_files

pytestmark = pytest.mark.slow


def to_pdf(docx_file: Path, out_dir: Path) -> Path:
    """``soffice --headless`` DOCX -> PDF with a private profile (parallel runs never share
    one) and a time limit."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    profile = out_dir / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           '--infilter=MS Word 2007 XML', "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_file)]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice did not convert {docx_file.name} within 240 s")
    pdf = out_dir / (docx_file.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice made no PDF: {proc.stderr.decode(errors='replace')[-500:]}"
    return pdf


def _text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())


def test_seed_opens_in_libreoffice(tmp_path: Path) -> None:
    doc = convert.load(SEED)
    source = tmp_path / "battle.docx"
    source.write_bytes(get_writer("docx").render(doc, WriteOptions.create()))
    pdf = to_pdf(source, tmp_path)
    text = _text(pdf)
    for expected in ("Battle of Rastan (January–February 2012)", "Belligerents", "Free Syrian Army",
                     "Syrian Arab Republic", "A second battle between the Syrian Army",
                     "In late May, a BBC reporter", "CC BY-SA 4.0"):
        assert expected in text
    reader = PdfReader(pdf)
    assert 2 <= len(reader.pages) <= 5
    links = [a.get_object().get("/A", {}).get("/URI") for page in reader.pages
             for a in page.get("/Annots") or []]
    assert "https://en.wikipedia.org/wiki/Homs_Governorate" in links


def test_book_opens_in_libreoffice(tmp_path: Path) -> None:
    docs = [convert.load(SEED)] + [convert.load(p) for p in corpus_files()[:2]]
    source = tmp_path / "book.docx"
    source.write_bytes(get_writer("docx").render_bundle(docs, WriteOptions.create(title="A small book")))
    reader = PdfReader(to_pdf(source, tmp_path))
    first, contents = (" ".join((reader.pages[i].extract_text() or "").split()) for i in (0, 1))
    assert "A small book" in first and "Contents" not in first  # a title page of its own
    assert "Contents" in contents and all(d.meta.title in contents for d in docs)
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    for doc in docs:  # each article starts a page
        assert any(page.startswith(doc.meta.title) for page in pages[2:]), doc.meta.title
