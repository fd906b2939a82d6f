"""PDF books: cover, contents whose page numbers are right, articles on new pages, one appendix."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest

import convert
from convert.model import Document, Link, Metadata, Paragraph, Text
from convert.writers import WriteOptions, get_writer

from .test_pdf import no_weasyprint_warnings, outline_titles, top_line  # noqa: F401 - autouse fixture

pypdf = pytest.importorskip("pypdf")

TESTS = Path(__file__).resolve().parent
ARTICLES = [
    TESTS.parent / "seeds" / "battle-of-rastan.md",
    TESTS / "fixtures" / "corpus" / "britt-morgan.md",
    TESTS / "fixtures" / "corpus" / "canton-of-etaples.md",
    TESTS / "fixtures" / "corpus" / "altimont-butler.md",
]
TOC_LINE = re.compile(r"^(.*?)[ .]*\s(\d+)$")


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    loaded = [convert.load(p) for p in ARTICLES]
    # An extra article linking to another article of the book and to one outside it.
    linker = Document(Metadata("Links between articles", source_url="https://en.wikipedia.org/wiki/Links"), (), (
        Paragraph((Text("See "), Link("britt_Morgan", (Text("Britt"),)), Text(" and "),
                   Link("Somewhere else", (Text("elsewhere"),)), Text("."))),
    ))
    return [*loaded, linker]


@pytest.fixture(scope="module")
def book(docs: list[Document]) -> pypdf.PdfReader:
    data = get_writer("pdf").render_bundle(docs, WriteOptions.create(title="A small book", source_date_epoch=0))
    return pypdf.PdfReader(BytesIO(data))


def toc(book: pypdf.PdfReader) -> dict[str, int]:
    entries = {}
    for line in book.pages[1].extract_text().splitlines():
        m = TOC_LINE.match(line.strip())
        if m:
            entries[m.group(1).strip()] = int(m.group(2))
    return entries


def test_contents_page_numbers_are_where_articles_start(docs: list[Document], book: pypdf.PdfReader) -> None:
    entries = toc(book)
    titles = [d.meta.title for d in docs]
    assert list(entries)[: len(titles)] == titles
    starts = [entries[t] for t in titles]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for title, page in zip(titles, starts):
        # The article's first page starts with its 22 pt title (no running head there).
        assert top_line(book.pages[page - 1]) == (22.0, title)
    # Bookmarks agree with the contents.
    marks = {item.title: book.get_destination_page_number(item) + 1
             for item in book.outline if not isinstance(item, list)}
    for title, page in zip(titles, starts):
        assert marks[title] == page
    assert entries["Sources and licences"] == marks["Sources and licences"] == len(book.pages)


def test_cover_and_running_heads(docs: list[Document], book: pypdf.PdfReader) -> None:
    cover = book.pages[0].extract_text()
    assert "A small book" in cover and "/" not in cover  # no page number on the cover
    entries = toc(book)
    seed_start = entries[docs[0].meta.title]
    # The seed takes two pages: its second page carries its title as running head.
    assert entries[docs[1].meta.title] > seed_start + 1
    assert top_line(book.pages[seed_start]) == (8.0, docs[0].meta.title)
    n = len(book.pages)
    assert f"{seed_start + 1} / {n}" in book.pages[seed_start].extract_text()


def test_outline_nests_sections_under_articles(docs: list[Document], book: pypdf.PdfReader) -> None:
    flat = outline_titles(book.outline)
    i = flat.index((0, docs[0].meta.title))
    assert flat[i + 1 : i + 3] == [(1, "Battle"), (1, "Aftermath")]
    assert (0, "Contents") in flat


def test_one_attribution_appendix(docs: list[Document], book: pypdf.PdfReader) -> None:
    text = "\n".join(p.extract_text() for p in book.pages)
    assert "Source and licence\n" not in text  # no per-article credits in a book
    appendix = " ".join(book.pages[-1].extract_text().split())
    for doc in docs:
        assert doc.meta.source_url in appendix.replace(" ", "") or doc.meta.title in appendix
    assert appendix.count("CC BY-SA 4.0") == len(docs)


def test_links_to_book_articles_stay_in_the_book(docs: list[Document], book: pypdf.PdfReader) -> None:
    page = book.pages[len(book.pages) - 2]  # the linking article, before the appendix
    internal, external = [], []
    for annot in page.get("/Annots", []) or []:
        obj = annot.get_object()
        action = obj.get("/A")
        if action is not None and "/URI" in action:
            external.append(str(action["/URI"]))
        else:
            internal.append(obj.get("/Dest") or action)
    assert "https://en.wikipedia.org/wiki/Somewhere_else" in external
    every = [str(a.get_object()["/A"]["/URI"]) for p in book.pages for a in p.get("/Annots", []) or []
             if "/A" in a.get_object()]
    assert every and all(u.startswith("https://") for u in every), every  # no local file: links
    assert internal, "the link to Britt Morgan should jump inside the book"
    target = toc(book)[docs[1].meta.title]
    dest = book.named_destinations[str(internal[0])]
    assert book.get_page_number(dest.page.get_object()) + 1 == target


def test_empty_bundle_is_an_error() -> None:
    from convert.errors import WriterError

    with pytest.raises(WriterError):
        get_writer("pdf").render_bundle([], WriteOptions.create())
