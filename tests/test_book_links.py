"""PDF, EPUB and DOCX agree on where a link of a book goes (one resolver:
convert/writers/common/links.py): to a section of another article, to a section of the
same article, to the start of an article when the section does not exist, to Wikipedia
when the article is not in the book. Checked on what each writer hands its engine, so no
engine runs."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

import convert
from convert.model import Document, Link
from convert.writers import WriteOptions
from convert.writers.common.images import ImageStore
from convert.writers.common.links import BookLinks, BookTarget

ALPHA = b"""---
title: Alpha article
---

See [beta early](./beta_article#early_life), [beta missing](./Beta_article#Nowhere),
[own notes](#NOTES), [beta](./Beta_article) and [gamma](./Gamma#History).

## History
Alpha history.

## Notes
Alpha notes.
"""

BETA = b"""---
title: Beta article
---

Beta text.

## Early life
Beta was born.

## Empty
"""

# link text -> (article index, section id) in the book, or None for Wikipedia
EXPECTED: dict[str, tuple[int, str | None] | None] = {
    "beta early": (1, "Early_life"),
    "beta missing": (1, None),
    "own notes": (0, "Notes"),
    "beta": (1, None),
    "gamma": None,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return [convert.loads(ALPHA, "alpha.md")[0], convert.loads(BETA, "beta.md")[0]]


def _ast_links(value: Any) -> Iterator[tuple[str, str]]:
    """(visible text, href) of every pandoc ``Link`` in an AST."""
    if isinstance(value, dict):
        if value.get("t") == "Link":
            words = [i["c"] for i in value["c"][1] if i.get("t") == "Str"]
            yield " ".join(words), value["c"][2][0]
        for v in value.values():
            yield from _ast_links(v)
    elif isinstance(value, list):
        for v in value:
            yield from _ast_links(v)


def _normalise(links: dict[str, str], separator: str) -> dict[str, tuple[int, str | None] | None]:
    """Each writer's hrefs (``#a2-Early_life``, ``#a2_Early_life``) as (article, section)."""
    out: dict[str, tuple[int, str | None] | None] = {}
    for text, href in links.items():
        if text not in EXPECTED:
            continue
        found = re.fullmatch(rf"#a(\d+)(?:{separator}(.+))?", href)
        if found is None:
            assert href.startswith("https://en.wikipedia.org/wiki/"), href
            out[text] = None
        else:
            out[text] = (int(found.group(1)) - 1, found.group(2))
    return out


def test_the_resolver(docs: list[Document]) -> None:
    links = BookLinks(docs)
    assert links.resolve(Link("Beta_article", (), "EARLY LIFE"), 0) == BookTarget(1, "Early_life")
    assert links.resolve(Link("beta article", (), "Empty"), 0) == BookTarget(1, None)  # dropped section
    assert links.resolve(Link("", (), "History"), 0) == BookTarget(0, "History")
    assert links.resolve(Link("Gamma", (), None), 1) is None


def test_pdf_epub_and_docx_agree(docs: list[Document]) -> None:
    from convert.writers.docx.bundle import prepare_bundle
    from convert.writers.docx.parts import Media
    from convert.writers.epub.book import chapters
    from tests.pdf_book_html import book_html

    html = book_html(docs, WriteOptions.create())
    pdf = dict(
        (re.sub(r"<[^>]+>", "", text), href)
        for href, text in re.findall(r'<a class="[^"]*" href="([^"]*)">(.*?)</a>', html)
    )
    epub = dict(_ast_links(chapters(docs, lambda i: lambda name: None)))
    ast, _, _ = prepare_bundle(docs, WriteOptions.create(), Media(ImageStore(None), embed=True))
    docx = dict(_ast_links(ast))
    assert _normalise(pdf, "-") == EXPECTED
    assert _normalise(epub, "-") == EXPECTED
    assert _normalise(docx, "_") == EXPECTED
