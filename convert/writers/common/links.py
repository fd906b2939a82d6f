"""Where a wiki link of a book's article goes, decided once for PDF, EPUB and DOCX.

A book (one article is a book of one) holds articles matched by
:func:`~convert.wiki.title_key`; the first copy of a title wins, as a reader following the
link would expect. A link with no page (``[[#History]]``) is a link inside its own article.
A ``#Section`` anchor names a shown heading by its text or its id, ``_`` as spaces and case
ignored (``#early_life`` finds "Early life"); an anchor naming no shown heading leads to the
article's start. Each writer only spells the target as its own ids (``#a2-History``,
``#a2_History``); a link to no article of the book goes to Wikipedia
(:func:`~convert.wiki.wiki_url`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from convert.model import Document, Heading, Link, inline_text
from convert.wiki import title_key


@dataclass(frozen=True, slots=True)
class BookTarget:
    """A place in the book: the 0-based ``article`` and the ``section`` (a
    :attr:`Heading.id <convert.model.Heading.id>`), ``None`` for the article's start."""

    article: int
    section: str | None = None


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def heading_linkable(heading: Heading) -> bool:
    """Whether a link may land on ``heading``: writers drop empty sections, and a heading
    without visible text is not shown as one."""
    return not heading.empty and bool(inline_text(heading.children).strip())


class BookLinks:
    """The in-book link resolver of the articles ``docs``, in book order."""

    def __init__(self, docs: Sequence[Document] = ()) -> None:
        self.by_title: dict[str, int] = {}
        self.sections: list[dict[str, str]] = []
        for index, doc in enumerate(docs):
            self.by_title.setdefault(title_key(doc.meta.title), index)
            found: dict[str, str] = {}
            for block in doc.body:
                if isinstance(block, Heading) and heading_linkable(block):
                    found.setdefault(_key(inline_text(block.children)), block.id)
                    found.setdefault(_key(block.id), block.id)
            self.sections.append(found)

    def resolve(self, link: Link, source: int) -> BookTarget | None:
        """Where ``link``, written in article ``source``, goes in the book; ``None`` when it
        names no article of the book (the writer links to Wikipedia)."""
        if link.page.strip():
            index = self.by_title.get(title_key(link.page))
        else:
            index = source if 0 <= source < len(self.sections) else None
        if index is None:
            return None
        section = self.sections[index].get(_key(link.anchor)) if link.anchor else None
        return BookTarget(index, section)


__all__ = ["BookLinks", "BookTarget", "heading_linkable"]
