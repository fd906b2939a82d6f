"""A book credits its pictures once, in one "Image credits" section after the articles'
sources, in the order the book first shows them: the PDF (laid out in pieces) as the
EPUB and the DOCX (one decision: writers/common/credits.py)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

import convert
from convert.writers import WriteOptions, get_writer
from convert.l10n import terms
from convert.writers.common.credits import book_pictures

pypdf = pytest.importorskip("pypdf")
pikepdf = pytest.importorskip("pikepdf")

ROOT = Path(__file__).resolve().parent.parent
CREDIT = re.compile(r"Image: (.+?)(?:, by |, see |; source)")

ONE = """---
title: First article
---
The first article shows two pictures.

![A red square](https://upload.wikimedia.org/wikipedia/commons/a/a1/Red_square.png)

Between them, some text.

![A blue square](https://upload.wikimedia.org/wikipedia/commons/b/b2/Blue_square.png)
"""

TWO = """---
title: Second article
---
The second article shows the blue one again, spelled another way, and a green one.

![Blue again](https://upload.wikimedia.org/wikipedia/commons/b/b2/Blue%20square.png)

![A green square](https://upload.wikimedia.org/wikipedia/commons/c/c3/Green_square.png)
"""

THREE = """---
title: Third article
---
The third article shows no picture.
"""


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pictures")
    for name, colour in (("Red_square.png", "red"), ("Blue_square.png", "blue"), ("Green_square.png", "green")):
        Image.new("RGB", (60, 60), colour).save(folder / name)
    (folder / "Blue_square.png.json").write_text(json.dumps({
        "author": "Ann Example", "licence": "CC0", "source": "https://commons.wikimedia.org/wiki/File:Blue_square.png"}))
    return folder


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("articles")
    paths = []
    for i, text in enumerate((ONE, TWO, THREE)):
        path = folder / f"{i}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


BOOK_HEADING = terms("en").image_credits
EXPECTED = ["Red square.png", "Blue square.png", "Green square.png"]


def _pdf_credits(data: bytes) -> tuple[list[str], int, int]:
    """The pictures credited, the page of the "Image credits" heading and of the sources."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    heading = [i for i, text in enumerate(pages) if BOOK_HEADING in text]
    sources = [i for i, text in enumerate(pages) if "Sources and licences" in text]
    return [m.group(1) for text in pages for m in CREDIT.finditer(text)], heading[0] if len(heading) == 1 else -1, max(sources)


def _book(articles: list[Path], pictures: Path, fmt: str) -> bytes:
    docs = [convert.load(p) for p in articles]
    return get_writer(fmt).render_bundle(docs, WriteOptions.create(images_dir=pictures, title="Pictures",
                                                                   source_date_epoch=0))


def test_the_shared_decision() -> None:
    assert book_pictures(["B_x.JPG", "a.png", "b x.jpg", "A.png", "c.png"]) == ["B_x.JPG", "a.png", "c.png"]


def test_pdf_book_credits_each_picture_once_after_the_sources(articles: list[Path], pictures: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import convert.writers.pdf.book as book

    monkeypatch.setattr(book, "CREDITS_PER_PIECE", 2)  # the credits in two pieces, the heading once
    data = _book(articles, pictures, "pdf")
    credited, heading, sources = _pdf_credits(data)
    assert credited == EXPECTED
    assert heading >= sources  # after the last page of the articles' sources (each run a new page)
    whole = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert whole.count("by Ann Example") == 1  # the sidecar's author, once
    pdf = pikepdf.open(io.BytesIO(data))
    flat = list(pdf.Root.Names.Dests.Names)
    dests = {bytes(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    assert pages[dests[b"image-credits"][0].objgen] == heading
    assert "/WXPictures" not in pdf.Root  # the pieces' private note stays out of the book
    outline = [item.title for item in pdf.open_outline().root]
    assert BOOK_HEADING in outline


def test_epub_and_docx_books_credit_the_same_pictures(articles: list[Path], pictures: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(_book(articles, pictures, "epub"))) as zf:
        text = " ".join(zf.read(n).decode() for n in sorted(zf.namelist()) if n.endswith(".xhtml"))
    section = re.sub(r"<[^>]+>", " ", text.split(BOOK_HEADING, 1)[1])
    assert [m.group(1) for m in CREDIT.finditer(" ".join(section.split()))] == EXPECTED
    import docx

    document = docx.Document(io.BytesIO(_book(articles, pictures, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    after = paragraphs[paragraphs.index(BOOK_HEADING) + 1:]
    assert [m.group(1) for p in after for m in CREDIT.finditer(p)] == EXPECTED


def test_bundle_on_workers_lays_out_the_credits_too(articles: list[Path], pictures: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.pdf"
    proc = subprocess.run([sys.executable, "-m", "convert", "bundle", *map(str, articles), "-o", str(out),
                           "--images", str(pictures), "-j", "2"], capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "laying out the image credits" in proc.stderr
    assert _pdf_credits(out.read_bytes())[0] == EXPECTED


GERMAN = """---
title: Erster Artikel
---
Der Artikel zeigt ein Bild, und dieser Satz ist auf Deutsch geschrieben, damit die Sprache erkannt wird.

![Ein rotes Quadrat](https://upload.wikimedia.org/wikipedia/commons/a/a1/Red_square.png)

Die Stadt liegt an einem Fluss und hat eine alte Kirche, die im Mittelalter gebaut wurde.
"""


def test_the_heading_is_in_the_book_language(pictures: Path, tmp_path: Path) -> None:
    """A German book says "Bildnachweise", from the same table as its other generated words."""
    docs = []
    for i in range(2):
        path = tmp_path / f"de{i}.md"
        path.write_text(GERMAN.replace("Erster", f"Artikel {i}"), encoding="utf-8")
        docs.append(convert.load(path))
    assert {d.meta.lang for d in docs} == {"de"}
    options = WriteOptions.create(images_dir=pictures, title="Bilder", source_date_epoch=0)
    import docx

    document = docx.Document(io.BytesIO(get_writer("docx").render_bundle(docs, options)))
    assert "Bildnachweise" in [p.text for p in document.paragraphs]
    with zipfile.ZipFile(io.BytesIO(get_writer("epub").render_bundle(docs, options))) as zf:
        text = " ".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml"))
    assert "Bildnachweise" in text and BOOK_HEADING not in text
