"""An infobox read with ``layout=False`` has ``layout=None`` in the model, and every writer
that draws infoboxes refuses it with a clear error (convert/writers/common/layout.py)
instead of drawing an empty box (PDF did) or none (EPUB and DOCX did)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import convert
from convert.errors import WriterError
from convert.model import Document
from convert.writers import WriteOptions, get_writer
from convert.writers.common.images import ImageStore

SEED = Path(__file__).resolve().parent.parent / "seeds" / "battle-of-rastan.md"


@pytest.fixture(scope="module")
def bare() -> Document:
    doc, _ = convert.loads(SEED.read_bytes(), str(SEED), layout=False)
    return doc


def test_the_model_says_none(bare: Document) -> None:
    assert bare.infoboxes and all(box.layout is None for box in bare.infoboxes)
    data = json.loads(get_writer("json").render(bare, WriteOptions.create()))
    assert all(box["layout"] is None for box in data["infoboxes"])
    assert Document.from_dict(bare.to_dict()) == bare


def test_drawing_writers_refuse_it(bare: Document) -> None:
    from convert.writers.docx.parts import Media, prepare_article
    from convert.writers.epub.book import chapters
    from convert.writers.pdf.writer import PdfWriter

    line = bare.infoboxes[0].line
    attempts = {
        "pdf": lambda: PdfWriter().html(bare, WriteOptions.create()),
        "epub": lambda: chapters([bare], lambda i: lambda name: None),
        "docx": lambda: prepare_article(bare, WriteOptions.create(), Media(ImageStore(None), embed=True)),
    }
    for attempt in attempts.values():
        with pytest.raises(WriterError, match=rf"'Infobox military conflict' \(line {line}\) was read without its layout"):
            attempt()
    # the same document with its layout is drawn
    full, _ = convert.loads(SEED.read_bytes(), str(SEED))
    assert "infobox" in PdfWriter().html(full, WriteOptions.create())
