"""The HTML a PDF book is laid out from (front, article and appendix pieces, "Image
credits" pieces), for tests that check the markup without running WeasyPrint.

The book's own code (:meth:`PdfWriter.build_book`) reads the pictures to credit back from
the laid-out appendix pieces; here they come from :func:`piece_html` directly, which is
what it marks those pieces with.
"""

from __future__ import annotations

from typing import Sequence

from convert.model import Document
from convert.writers import WriteOptions
from convert.writers.common.credits import PictureCredit, book_credits
from convert.writers.common.links import BookLinks
from convert.writers.pdf.book import book_lang, credit_pieces, front_html, piece_html, plan
from convert.writers.pdf.html import BOOK_LINK
from convert.writers.pdf.writer import _engine, _setup


def book_pages(docs: Sequence[Document], options: WriteOptions, workers: int = 1) -> list[str]:
    """The HTML documents of the book, in book order (the contents' page numbers are
    placeholders: the book stamps them after layout)."""
    setup, store, lang = _setup(options), _engine(options).store, book_lang(docs)
    targets = BookLinks(docs)
    pages: list[str] = []
    shown: list[PictureCredit] = []
    for piece in plan(docs, workers=workers):
        html, pictures = piece_html(piece, targets, setup, store, options.template_dir, lang)
        pages.append(html)
        shown.extend(pictures)
    for piece in credit_pieces(book_credits(shown)):
        pages.append(piece_html(piece, targets, setup, store, options.template_dir, lang)[0])
    starts = list(range(1, len(docs) + 1))
    return [front_html(docs, starts, len(docs) + 1, setup, options.template_dir, lang), *pages]


def book_html(docs: Sequence[Document], options: WriteOptions) -> str:
    """All of the book's HTML as one text, links between pieces written as ``#id``."""
    return "\n".join(book_pages(docs, options)).replace(BOOK_LINK, "#")
