"""Issue 21: ``--to html``, one self-contained page per article and a book of linked pages.
Through the real CLI; the pages are read back with the standard library's HTML parser."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import FIXTURES, SEED, SEEDS

LIST_DE = FIXTURES / "l10n" / "liste-de.md"


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc


class Page(HTMLParser):
    """What a browser would load or follow from a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.loads: list[str] = []  # anything fetched when the page opens
        self.links: list[str] = []
        self.tags: list[str] = []
        self.lang = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag in ("img", "script", "iframe", "audio", "video", "source") and a.get("src"):
            self.loads.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.loads.append(a["href"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")


def seed(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\ninfoboxes: []\n---\n\n{body}\n", encoding="utf-8")
    return path


def test_one_self_contained_page(tmp_path: Path) -> None:
    from PIL import Image

    images = tmp_path / "img"
    images.mkdir()
    Image.new("RGB", (8, 8), "red").save(images / "Ada_Lovelace_portrait.jpg")
    dest = tmp_path / "ada.html"
    run("convert", str(SEEDS / "ada-lovelace.md"), "-o", str(dest), "--images", str(images))
    text = dest.read_text(encoding="utf-8")
    page = Page(text)
    assert page.lang == "en" and "<style>" in text and "table.infobox" in text
    assert page.loads and all(src.startswith("data:image/jpeg;base64,") for src in page.loads)
    assert "script" not in page.tags and "link" not in page.tags
    assert "Source and licence" in text and "https://en.wikipedia.org/wiki/Ada_Lovelace" in page.links


def test_toc_and_language(tmp_path: Path) -> None:
    text = run("convert", str(LIST_DE), "-t", "html", "-o", "-", "--toc").stdout.decode()
    page = Page(text)
    assert page.lang == "de" and 'id="TOC"' in text and "Inhaltsverzeichnis" in text
    assert "Quelle und Lizenz" in text and "Text aus dem Wikipedia-Artikel" in text
    assert 'id="TOC"' not in run("convert", str(LIST_DE), "-t", "html", "-o", "-").stdout.decode()


def test_book_folder_of_linked_pages(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    first = seed(src, "a.md", "First article", "It is about the [second one](./Second_article#History), "
                                                "and [elsewhere](./Elsewhere).")
    second = seed(src, "b.md", "Second article", "Some text.\n\n## History\n\nMore text.")
    out = tmp_path / "book"
    run("bundle", str(first), str(second), "-t", "html", "-o", f"{out}/", "--title", "Two", "-q")
    files = sorted(p.name for p in out.iterdir())
    assert files == ["001-First_article.html", "002-Second_article.html", "index.html"]
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    assert index.links == ["001-First_article.html", "002-Second_article.html"]
    one = Page((out / "001-First_article.html").read_text(encoding="utf-8"))
    assert "002-Second_article.html#History" in one.links  # a link between two articles of the book
    assert "https://en.wikipedia.org/wiki/Elsewhere" in one.links
    assert "index.html" in one.links and "002-Second_article.html" in one.links  # contents, next
    two = (out / "002-Second_article.html").read_text(encoding="utf-8")
    assert 'id="History"' in two and "001-First_article.html" in Page(two).links
    for name in files:  # every link inside the book reaches a file
        for link in Page((out / name).read_text(encoding="utf-8")).links:
            if not re.match(r"[a-z]+:", link):
                assert (out / link.split("#")[0]).is_file(), (name, link)


def test_book_zip_and_stdout(tmp_path: Path) -> None:
    dest = tmp_path / "book.zip"
    run("bundle", str(SEED), str(SEEDS / "tokyo-tower.md"), "-t", "html", "-o", str(dest), "-q")
    with zipfile.ZipFile(dest) as archive:
        assert "index.html" in archive.namelist() and len(archive.namelist()) == 3
    assert run("convert", str(SEED), "-t", "html", "-o", "-").stdout.startswith(b"<!DOCTYPE html>")
