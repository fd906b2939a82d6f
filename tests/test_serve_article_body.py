"""The server's article page shows the HTML writer's body of the article: one HTML
rendering of the model (no second visitor in ``convert/serve``), with the page's links
between the library's articles, its escaping and its policy.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from convert import model as m
from convert.serve import worker
from convert.serve.app import ALIGNMENTS, CSP
from tests.conftest import FIXTURES
from tests.serve_support import Server, make_library

SERVE = Path(__file__).resolve().parent.parent / "convert" / "serve"
HOSTILE = """---
title: "<script>alert(1)</script> Tower"
description: Not a script.
---
Text with <img src=x onerror=alert(2)> and a [link](./Tokyo_Tower#Design) and [another](./Other_page).
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lib = make_library(tmp_path_factory.mktemp("serve-body") / "library", ("tokyo-tower",))
    (lib / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    shutil.copy(FIXTURES / "l10n" / "liste-de.md", lib / "liste-de.md")
    (lib / "images").mkdir()
    from PIL import Image

    Image.new("RGB", (30, 40), (200, 30, 30)).save(lib / "images" / "Tokyo Tower 2023.jpg")
    return lib


@pytest.fixture(scope="module")
def server(library: Path) -> Iterator[Server]:
    srv = Server(library, "-j", "1", "--timeout", "120")
    yield srv
    srv.stop()


def _page(server: Server, title: str) -> str:
    status, headers, page = server.request("GET", "/article/" + title)
    assert status == 200, page[:300]
    return page.decode("utf-8")


def test_the_page_body_is_the_html_writers(library: Path) -> None:
    from convert.frontend import loads
    from convert.writers import WriteOptions
    from convert.writers.html.writer import article_body

    path = library / "tokyo-tower.md"
    write = {"images_dir": str(library / "images"), "timeout": 60}
    doc, body = worker.article_page(str(path), {}, write)
    assert doc.meta.title == "Tokyo Tower"
    again = loads(path.read_bytes(), str(path))[0]
    assert body == article_body(again, WriteOptions.create(**write), link_target=worker.library_link, title=False)
    # the writer's infobox, the writer's credits, the picture from the library's images/
    assert 'class="infobox infobox-building"' in body and 'class="infobox-label"' in body
    assert 'id="source-and-licence"' in body
    assert re.search(r'<img\s+src="data:image/jpeg;base64,', body)
    assert "<h1" not in body  # the page has its own title


def test_links_between_the_library_s_articles() -> None:
    assert worker.library_link(m.Link("Minato, Tokyo", ())) == "/article/Minato%2C_Tokyo"
    assert worker.library_link(m.Link("Tokyo Tower", (), "Design")) == "/article/Tokyo_Tower#Design"
    assert worker.library_link(m.Link("", (), "Early life")) == "#Early_life"
    assert worker.library_link(m.Link("a/b?c&", ())) == "/article/a%2Fb%3Fc%26"


def test_article_page_over_http(server: Server) -> None:
    page = _page(server, "Tokyo_Tower")
    assert page.count("<h1>") == 1 and "<h1>Tokyo Tower</h1>" in page
    assert 'href="/article/Minato%2C_Tokyo"' in page and 'class="infobox-label"' in page
    assert "data:image/jpeg;base64," in page  # was the file's name only
    assert '<link rel="stylesheet" href="/style/article.css">' in page
    status, headers, css = server.request("GET", "/style/article.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and b"table.infobox" in css
    # every inline style of the body is one the policy allows by hash (aligned table columns)
    styles = set(re.findall(r'style="([^"]*)"', page))
    assert styles and styles <= set(ALIGNMENTS)
    assert CSP.count("'sha256-") == len(ALIGNMENTS) and "'unsafe-inline'" not in CSP


def test_hostile_text_is_escaped(server: Server) -> None:
    page = _page(server, "%3Cscript%3Ealert(1)%3C%2Fscript%3E_Tower")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page
    assert 'href="/article/Tokyo_Tower#Design"' in page and 'href="/article/Other_page"' in page


def test_a_german_article_s_page_credits_in_german(server: Server) -> None:
    status, found = server.json("GET", "/api/v1/search?lang=de")
    title = found["results"][0]["title"]
    page = _page(server, title.replace(" ", "_"))
    assert "Quelle und Lizenz" in page and "Source and licence" not in page


def test_html_download_is_the_html_writers_page(server: Server) -> None:
    status, headers, data = server.request("GET", "/api/v1/html/Tokyo_Tower")
    assert status == 200 and data.startswith(b"<!DOCTYPE html>")
    assert b'name="generator" content="wikiexport (pandoc)"' in data  # the writer's template


def test_serve_has_no_visitor_of_the_model() -> None:
    """No module of the server names a node kind of the model: it renders through a writer."""
    kinds = [name for name in dir(m) if isinstance(getattr(m, name), type) and name in
             {"Paragraph", "Heading", "BulletList", "Table", "Image", "Bold", "Italic", "ExternalLink"}]
    assert len(kinds) == 8
    for path in SERVE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(m|model)\.(%s)\b" % "|".join(kinds), text), path
    assert not (SERVE / "view.py").exists()
