"""A PDF book laid out in pieces: runs of articles and of the appendix, each its own
WeasyPrint document (on the batch's workers when there are several), then the book's one
"Image credits" section (the appendix pieces tell which pictures the articles showed), the
cover and the contents, whose page numbers are known by then, and one assembly
(:mod:`.assemble`).

One WeasyPrint layout of a whole book uses one core and grows faster than the book (a
210-article book ran past 300 s and 1.3 GB); pieces cost what their articles cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from convert.model import Document
from convert.writers.common.credits import PictureCredit
from convert.writers.common.images import ImageStore
from convert.writers.common.links import BookLinks
from convert.writers.pdf.html import BOOK_LINK, attr_html, text_html
from convert.writers.pdf.views import (
    DEFAULT_BOOK_TITLE, PageSetup, _common, article_view, credit_view, environment,
)

ARTICLES_PER_PIECE = 8
"""At most this many articles a piece: WeasyPrint's time and memory grow faster than the
document, and small pieces keep every worker busy to the end of the book."""
PIECE_BYTES = 96 * 1024
"""Markdown bytes after which a piece takes no further article."""
CREDITS_PER_PIECE = 150
"""Appendix entries, or picture credits, a piece (short paragraphs: cheap to lay out)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One run of a book: articles ``first``..``first + len(docs) - 1`` (1-based), or the
    appendix entries of those articles when ``appendix``, or (``credits``, no ``docs``)
    picture credits ``first``.. of the book's "Image credits" section."""

    first: int
    docs: tuple[Document, ...]
    appendix: bool = False
    credits: tuple[PictureCredit, ...] = ()

    @property
    def what(self) -> str:
        """Which run this is, for messages: ``articles 1-8``, ``appendix 1-150``..."""
        count = len(self.credits) if self.credits else len(self.docs)
        kind = "image credits" if self.credits else "appendix" if self.appendix else "articles"
        return f"{kind} {self.first}-{self.first + count - 1}"

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(f"a{self.first + i}" for i in range(len(self.docs)))


def plan(docs: Sequence[Document], sizes: Sequence[int] | None = None, workers: int = 1) -> list[Piece]:
    """Cut a book into pieces, in book order: article runs, then the appendix runs."""
    n = len(docs)
    # Enough pieces that two workers stay busy to the end, few enough that each piece's
    # fixed cost (fonts embedded once per piece, a document set-up) stays small.
    per_piece = max(1, min(ARTICLES_PER_PIECE, n // max(1, 4 * workers) or 1))
    pieces: list[Piece] = []
    run: list[Document] = []
    start = 1
    weight = 0
    for i, doc in enumerate(docs, 1):
        if run and (len(run) >= per_piece or weight >= PIECE_BYTES):
            pieces.append(Piece(start, tuple(run)))
            run, start, weight = [], i, 0
        run.append(doc)
        weight += sizes[i - 1] if sizes is not None else 0
    if run:
        pieces.append(Piece(start, tuple(run)))
    for first in range(1, n + 1, CREDITS_PER_PIECE):
        pieces.append(Piece(first, tuple(docs[first - 1 : first - 1 + CREDITS_PER_PIECE]), appendix=True))
    return pieces


def credit_pieces(credits: Sequence[PictureCredit]) -> list[Piece]:
    """The book's "Image credits" section (:func:`~convert.writers.common.credits.book_credits`)
    cut into pieces, after the appendix."""
    return [Piece(first, (), credits=tuple(credits[first - 1 : first - 1 + CREDITS_PER_PIECE]))
            for first in range(1, len(credits) + 1, CREDITS_PER_PIECE)]


def piece_html(
    piece: Piece, links: BookLinks, setup: PageSetup, store: ImageStore, template_dir: Path | None, lang: str
) -> tuple[str, list[PictureCredit]]:
    """The HTML of one piece (links to other pieces are :data:`BOOK_LINK` links) and, for a
    run of the appendix, the pictures its articles show: the book credits them once, in
    its "Image credits" section, not under each article."""
    context = _common(setup, lang)
    context.update(title=attr_html(DEFAULT_BOOK_TITLE), subject="")
    env = environment(template_dir)
    if piece.credits:
        context.update(first=piece.first == 1, heading=text_html(context["t"].image_credits),
                       images=[credit_view(c) for c in piece.credits])
        return env.get_template("image_credits.html.jinja").render(context), []
    views = [article_view(doc, piece.first + i, links, store, here=piece.ids) for i, doc in enumerate(piece.docs)]
    context["articles"] = views
    if piece.appendix:
        shown = [c for view in views for c in view["credits"]]
        for view in views:
            view["images"] = []
        context["first"] = piece.first == 1
        return env.get_template("appendix.html.jinja").render(context), shown
    return env.get_template("piece.html.jinja").render(context), []


def front_html(
    docs: Sequence[Document], starts: Sequence[int], appendix_start: int, setup: PageSetup,
    template_dir: Path | None, lang: str,
) -> str:
    """Cover and contents, with the page (1-based, in the whole book) where each article starts."""
    title = setup.book_title.strip() or DEFAULT_BOOK_TITLE
    entries: list[dict[str, Any]] = [
        {"title_html": text_html(doc.meta.title), "href": attr_html(f"{BOOK_LINK}a{i}"), "page": page,
         "appendix": False}
        for i, (doc, page) in enumerate(zip(docs, starts), 1)
    ]
    context = _common(setup, lang, docs)
    entries.append({"title_html": text_html(context["t"].sources_and_licences),
                    "href": attr_html(f"{BOOK_LINK}appendix"), "page": appendix_start, "appendix": True})
    names = ", ".join(d.meta.title for d in docs)
    context.update(
        title=attr_html(title),
        subject=attr_html(f"{len(docs)} Wikipedia article{'s' if len(docs) != 1 else ''}: {names}"[:1000]),
        book_title=text_html(title), count=len(docs), entries=entries, toc=setup.toc is not False,
    )
    return environment(template_dir).get_template("front.html.jinja").render(context)


def book_lang(docs: Sequence[Document]) -> str:
    """The book's language: its first article's (as for a book laid out in one piece)."""
    return docs[0].meta.lang if docs else "en"
