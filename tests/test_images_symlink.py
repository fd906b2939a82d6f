"""One ``--images`` rule for every writer (convert/writers/common/images.py): a symlink in the
folder that points out of it is never embedded, by PDF, EPUB or DOCX alike, while a real
file and a link to another file of the folder are. Checked on what each writer hands its
engine, so no engine runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

import convert
from convert.model import Document
from convert.writers import WriteOptions
from convert.writers.common.images import ImageStore

SEED = b"""---
title: Pictures
---

![inside](Inside.png)

![outside](Outside.png)

![alias](Alias.png)
"""


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    root = tmp_path_factory.mktemp("symlinks")
    folder, elsewhere = root / "images", root / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(folder / "Inside.png")
    Image.new("RGB", (40, 30), (90, 20, 30)).save(elsewhere / "Secret.png")
    (folder / "Outside.png").symlink_to(elsewhere / "Secret.png")
    (folder / "Alias.png").symlink_to(folder / "Inside.png")
    return convert.loads(SEED, "pictures.md")[0], folder


def test_the_store(setup: tuple[Document, Path]) -> None:
    _, folder = setup
    store = ImageStore(folder)
    assert store.lookup("Inside.png") == (folder / "Inside.png").resolve()
    assert store.lookup("Alias.png") == (folder / "Inside.png").resolve()
    assert store.lookup("Outside.png") is None


def test_pdf_epub_and_docx_refuse_a_link_out_of_the_folder(setup: tuple[Document, Path], tmp_path: Path) -> None:
    from convert.writers.docx.parts import Media as DocxMedia, prepare_article
    from convert.writers.epub.book import chapters
    from convert.writers.epub.writer import Media as EpubMedia
    from convert.writers.pdf.writer import PdfWriter

    doc, folder = setup
    wanted = ["Inside.png", "Alias.png"]

    html = PdfWriter().html(doc, WriteOptions.create(images_dir=folder))
    inside = (folder / "Inside.png").resolve().as_uri()
    assert html.count(f'src="{inside}"') == 2 and "Secret" not in html

    epub = EpubMedia(folder, tmp_path)
    chapters([doc], epub.source_for)
    assert [name for _, name in epub.used] == wanted

    docx = DocxMedia(ImageStore(folder), embed=True)
    block = prepare_article(doc, WriteOptions.create(), docx).block
    assert docx.used == wanted
    assert json.dumps(block).count('"data:image/png;base64,') == 2
