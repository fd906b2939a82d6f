"""EPUB books of several articles: epubcheck-clean, one chapter file per article, ids
namespaced per article, links between the book's articles resolved inside the book, a
navigation TOC, a title page and an attribution page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import convert
from convert.model import Document, Heading, Metadata, Paragraph, Text
from convert.writers import WriteOptions, get_writer

from .conftest import FIXTURES, SEEDS
from .test_epub import EPOCH, chapters, opf, run_epubcheck, unzip, write_image

ALPHA = """---
title: Alpha article
shortDescription: First test article
img: https://upload.wikimedia.org/wikipedia/commons/a/a1/Alpha_pic.png
---

Alpha links to [the beta](./Beta_article), to [beta's history](./beta_article#History),
to [a missing section](./Beta_article#No_such_section) and to [Gamma](./Gamma) outside the book.

## History
Alpha history.

## Empty

## Notes
Alpha notes.
"""

BETA = """---
title: Beta article
---

Beta links back to [alpha's history](./Alpha_article#History) and to [its own notes](#Notes).

## History
Beta history.

## Notes
Beta notes.
"""

ARABIC = """---
title: الإسكندرية
shortDescription: مدينة في مصر
---

الإسكندرية هي ثاني أكبر مدينة في [مصر](./مصر).

## التاريخ
أسسها الإسكندر الأكبر.
"""

CORPUS = ("toronto-star.md", "keilwelle.md", "goryeo-ware.md")


def _docs(tmp: Path) -> list[Document]:
    docs = [convert.loads(ALPHA.encode(), "alpha.md")[0], convert.loads(BETA.encode(), "beta.md")[0]]
    for name in CORPUS:
        docs.append(convert.load(FIXTURES / "corpus" / name, lang="de" if name == "keilwelle.md" else "en"))
    docs.append(convert.load(SEEDS / "tokyo-tower.md"))
    docs.append(convert.loads(ARABIC.encode(), "arabic.md", lang="ar")[0])
    return docs


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Document], bytes, Path]:
    tmp = tmp_path_factory.mktemp("bundle")
    images = tmp / "images"
    images.mkdir()
    write_image(images / "Alpha pic.png", (200, 150), "PNG")
    docs = _docs(tmp)
    options = WriteOptions.create(title="Test book", images_dir=images, source_date_epoch=EPOCH)
    data = get_writer("epub").render_bundle(docs, options)
    path = tmp / "book.epub"
    path.write_bytes(data)
    return docs, data, path


@pytest.mark.slow  # epubcheck (a JVM) on the book: about 10 s
def test_bundle_passes_epubcheck(book: tuple[list[Document], bytes, Path]) -> None:
    assert run_epubcheck(book[2]) == []


def test_each_article_is_a_chapter_file(book: tuple[list[Document], bytes, Path]) -> None:
    docs, data, _ = book
    files = unzip(data)
    pages = sorted(n for n in files if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n))
    assert len(pages) == len(docs) + 1  # and the attribution page
    for i, (doc, page) in enumerate(zip(docs, pages), start=1):
        assert f'<section id="a{i}"' in files[page].decode(), page
        assert doc.meta.title in files[page].decode()
    assert "title_page.xhtml" in " ".join(files) and b"Test book" in files["EPUB/text/title_page.xhtml"]


def test_ids_are_unique_across_the_book(book: tuple[list[Document], bytes, Path]) -> None:
    html = chapters(unzip(book[1]))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'id="a1-History"' in html and 'id="a2-History"' in html  # every article has its own


def _page_of(files: dict[str, bytes], ident: str) -> str:
    for name, data in files.items():
        if name.startswith("EPUB/text/ch") and f'id="{ident}"'.encode() in data:
            return name.rsplit("/", 1)[1]
    raise AssertionError(f"no page has id {ident}")


def test_links_between_articles_stay_inside_the_book(book: tuple[list[Document], bytes, Path]) -> None:
    files = unzip(book[1])
    alpha, beta = _page_of(files, "a1"), _page_of(files, "a2")
    alpha_html, beta_html = files["EPUB/text/" + alpha].decode(), files["EPUB/text/" + beta].decode()
    assert f'href="{beta}#a2"' in alpha_html  # title match: "Beta_article" is "Beta article"
    assert f'href="{beta}#a2-History"' in alpha_html  # first letter case-insensitive, with anchor
    assert alpha_html.count(f'href="{beta}#a2"') == 2  # unknown section: the article itself
    assert 'href="https://en.wikipedia.org/wiki/Gamma"' in alpha_html  # not in the book
    assert f'href="{alpha}#a1-History"' in beta_html
    assert 'href="#a2-Notes"' in beta_html or f'href="{beta}#a2-Notes"' in beta_html
    for href in re.findall(r'<a [^>]*href="([^"]+)"', chapters(files)):
        assert href.startswith(("https://", "http://", "mailto:", "ch", "#")), href


def test_navigation_lists_articles_and_sections(book: tuple[list[Document], bytes, Path]) -> None:
    docs, data, _ = book
    nav = unzip(data)["EPUB/nav.xhtml"].decode()
    for doc in docs:
        assert doc.meta.title in nav
    assert re.search(r'href="text/ch\d+\.xhtml#a1-History">History<', nav)
    assert re.search(r'href="text/ch\d+\.xhtml#a2-History">History<', nav)
    assert ">Sources and licences<" in nav
    assert ">Empty<" not in nav  # empty sections are dropped


def test_attribution_lists_every_source(book: tuple[list[Document], bytes, Path]) -> None:
    docs, data, _ = book
    files = unzip(data)
    page = files["EPUB/text/" + _page_of(files, "sources")].decode()
    for doc in docs:
        assert doc.meta.source_url.replace("&", "&amp;") in page
    assert page.count("CC BY-SA 4.0") >= len(docs)
    assert "Alpha_pic.png" in page  # the picture used is credited to its Commons page


def test_languages_and_direction(book: tuple[list[Document], bytes, Path]) -> None:
    files = unzip(book[1])
    root = opf(files)
    assert root.find("{http://www.idpf.org/2007/opf}metadata/{http://purl.org/dc/elements/1.1/}language").text == "en"  # type: ignore[union-attr]
    german = files["EPUB/text/" + _page_of(files, "a4")].decode()
    assert re.search(r'<section id="a4"[^>]*lang="de"', german)
    arabic = files["EPUB/text/" + _page_of(files, "a7")].decode()
    assert re.search(r'<section id="a7"[^>]*dir="rtl"', arabic)


def test_bundle_is_reproducible(book: tuple[list[Document], bytes, Path], tmp_path: Path) -> None:
    docs, data, path = book
    images = path.parent / "images"
    again = get_writer("epub").render_bundle(
        docs, WriteOptions.create(title="Test book", images_dir=images, source_date_epoch=EPOCH))
    assert again == data


def test_bundle_identifier_depends_on_the_article_list(book: tuple[list[Document], bytes, Path]) -> None:
    docs, data, _ = book
    ident = "{http://www.idpf.org/2007/opf}metadata/{http://purl.org/dc/elements/1.1/}identifier"
    fewer = get_writer("epub").render_bundle(docs[:2], WriteOptions.create(title="Test book", source_date_epoch=EPOCH))
    assert opf(unzip(fewer)).find(ident).text != opf(unzip(data)).find(ident).text  # type: ignore[union-attr]


def test_untitled_bundle_gets_a_title() -> None:
    docs = [convert.load(SEEDS / "ada-lovelace.md"), convert.load(SEEDS / "the-hobbit.md")]
    data = get_writer("epub").render_bundle(docs, WriteOptions.create(source_date_epoch=EPOCH))
    title = opf(unzip(data)).find("{http://www.idpf.org/2007/opf}metadata/{http://purl.org/dc/elements/1.1/}title")
    assert title is not None and "Ada Lovelace" in (title.text or "") and "Hobbit" in (title.text or "")


HOSTILE_SEED = """---
title: "<b>Bold</b> & \\"quotes\\" \\u202e reversed 😀 {{template}}"
shortDescription: "<script>alert(1)</script>"
---

# A level-one heading in the body

Text with <span>html</span>, &amp; entities, $x^2$, \\\\input{/etc/passwd}, {{cite}}, [[wiki]],
[a link to itself](#Ünïcödé_☃_heading), [empty anchor](./Other#) and a long word: WORD.

## 1 starts with a digit
Text, and [a link to a blank heading](#section).

##

After a blank heading.

## Ünïcödé ☃ heading
### Deep
#### Deeper
##### Deepest
###### Sixth
Text.

| a | b |
|---|---|
| | <b>x</b> |

```
<code> & "quotes"
```
"""


@pytest.mark.slow  # every hostile article through pandoc and epubcheck: over 10 s
def test_hostile_articles_make_a_valid_book(tmp_path: Path) -> None:
    from convert.errors import SourceError

    text = HOSTILE_SEED.replace("WORD", "A" * 3000)
    docs = [convert.loads(text.encode(), "hostile.md", lang=lang)[0] for lang in ("en", "zh-yue", "be-x-old")]
    docs.append(Document(Metadata(" "), body=(Heading(2, "s", ()), Paragraph((Text("Untitled, made by the API."),)))))
    for path in sorted((Path(__file__).parent / "hostile").glob("*.md")):
        try:
            docs.append(convert.load(path))
        except SourceError:
            continue  # refused by the front end: nothing reaches the writer
    writer, options = get_writer("epub"), WriteOptions.create(source_date_epoch=EPOCH)
    assert not [r for r in writer.render_many(docs, options) if isinstance(r, Exception)]
    path = tmp_path / "hostile.epub"
    path.write_bytes(writer.render_bundle(docs, options))
    assert run_epubcheck(path) == []
    files = unzip(path.read_bytes())
    html = chapters(files)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert '<html xmlns="http://www.w3.org/1999/xhtml"' in html and 'lang="yue"' in html and 'lang="be-tarask"' in html
