"""A PDF book's pieces are let go as soon as they are copied into the book (issue 19): the
assembly held every piece open until the book was saved, since qpdf copies stream data
lazily, and a 1,000-article book peaked at 1,067 MiB (benchmarks/pdf_book_assembly.py).
Each piece is now closed before the next is opened, and what the book draws is still
exactly what the pieces drew: page contents, fonts, pictures."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any, Sequence

import pytest

import convert.writers.pdf.assemble as assembly
from convert.model import Document, Heading, Metadata, Paragraph, Text
from convert.writers import WriteOptions, get_writer

pikepdf = pytest.importorskip("pikepdf")

SOURCE = "https://en.wikipedia.org/wiki/Example"
OPTIONS = WriteOptions.create(title="Let go", source_date_epoch=0)


def _doc(title: str, sentences: int) -> Document:
    body = " ".join(f"{title} sentence {i} of a few words." for i in range(sentences))
    return Document(Metadata(title, source_url=SOURCE), (),
                    (Paragraph((Text(body),)), Heading(2, "More", (Text("More"),)), Paragraph((Text("The end."),))))


DOCS = [_doc(f"Article {n}", 40 + 30 * n) for n in range(4)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[Path], list[str]]:
    """The book of DOCS from pieces in files, and the order in which the assembly opened
    and closed the pieces and saved the book."""
    writer: Any = get_writer("pdf")
    folder = tmp_path_factory.mktemp("pieces")
    files: list[Path] = []

    def render(pieces: Sequence[Any], targets: Any) -> list[Path]:
        for i, piece in enumerate(pieces):
            path = folder / f"piece-{i}.pdf"
            path.write_bytes(writer.render_piece(piece, targets, OPTIONS, "en"))
            files.append(path)
        return files

    events: list[str] = []
    names: dict[int, str] = {}
    real_open, real_close, real_save = assembly._open, pikepdf.Pdf.close, pikepdf.Pdf.save

    def opened(part: Path | bytes) -> Any:
        pdf = real_open(part)
        if isinstance(part, Path):
            names[id(pdf)] = part.name
            events.append(f"open {part.name}")
        return pdf

    def close(self: Any) -> None:
        if id(self) in names:
            events.append(f"close {names.pop(id(self))}")
        real_close(self)

    def save(self: Any, *args: Any, **kwargs: Any) -> None:
        events.append("save")
        real_save(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assembly, "_open", opened)
        patch.setattr(pikepdf.Pdf, "close", close)
        patch.setattr(pikepdf.Pdf, "save", save)
        data = writer.build_book(DOCS, OPTIONS, render, workers=2)
    return data, files, events


def test_each_piece_is_closed_before_the_next_is_opened(built: tuple[bytes, list[Path], list[str]]) -> None:
    _data, files, events = built
    # (each piece is read once before, for its page count: part_pages)
    expected = [e for f in files for e in (f"open {f.name}", f"close {f.name}")] + ["save"]
    assert events[-len(expected):] == expected
    assert len(files) == 5  # four articles, one a piece (two workers), and the appendix


def _drawn(page: Any) -> tuple[bytes, list[bytes]]:
    """A page's own drawing (without the page number stamped on it) and its embedded fonts."""
    contents = page.obj.Contents
    if isinstance(contents, pikepdf.Array):
        # The assembly wraps the piece's drawing: "q" before it, the page number after it.
        assert contents[0].read_bytes() == b"q\n"
        drawing = contents[1].read_bytes()
    else:
        drawing = contents.read_bytes()
    fonts = page.obj.Resources.get("/Font", {})
    files = sorted(f.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
                   for name, f in fonts.items() if name != "/WXfolio" and "/DescendantFonts" in f)
    return drawing, files


def test_the_book_draws_what_the_pieces_drew(built: tuple[bytes, list[Path], list[str]]) -> None:
    data, files, _events = built
    book = pikepdf.open(BytesIO(data))
    pieces = [pikepdf.open(path) for path in files]
    piece_pages = [page for piece in pieces for page in piece.pages]
    front = len(book.pages) - len(piece_pages)
    assert front >= 2  # cover and contents
    assert len(piece_pages) >= 5
    for i, page in enumerate(piece_pages):
        assert _drawn(book.pages[front + i]) == _drawn(page), f"page {front + i + 1}"
