"""Nothing an article says makes wikiexport fetch a URL or read a file, in any writer; and
injected markup comes out as inert visible text."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import convert
from convert.model import Document, ExternalLink, Link

FORMATS = ["pdf", "epub", "docx", "wikitext", "infobox", "json"]
HOSTILE = Path(__file__).resolve().parent / "hostile"


def _article(base: str, secret: Path) -> bytes:
    return f"""---
title: Reach test
shortDescription: Links and images pointing at a local server
img: {base}/lead.png
infoboxes:
  - name:
      text: Reach test
    image:
      text: {base}/box.png
    website:
      text: the site
      links:
        - type: external
          site: {base}/site
          text: the site
    secret:
      text: secret file
      links:
        - type: external
          site: file://{secret}
          text: secret file
---

![remote]({base}/body.png)

See [the server]({base}/page), <{base}/auto>, [secret](file://{secret}) and ![local](file://{secret}).

## Section
Text.
""".encode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_request_and_no_file_read(fmt: str, loopback, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.png"
    token = "TOPSECRET-5f2a"
    secret.write_text(token)
    images = tmp_path / "images"
    images.mkdir()
    doc, _ = convert.loads(_article(loopback.url, secret), "reach.md")
    data = convert.render(doc, fmt, images_dir=images)
    assert data
    assert loopback.hits == [], f"{fmt} fetched {loopback.hits}"
    assert token.encode() not in _unpacked(fmt, data)


def _unpacked(fmt: str, data: bytes) -> bytes:
    if fmt in ("epub", "docx"):
        import io

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return b"".join(zf.read(n) for n in zf.namelist())
    return data


def _walk(node: object) -> Iterator[object]:
    yield node
    for attr in ("children", "blocks", "items", "body", "infoboxes", "fields", "value", "head"):
        value = getattr(node, attr, None)
        if isinstance(value, tuple):
            for child in value:
                if isinstance(child, tuple):
                    for cell in child:
                        yield from _walk(cell)
                else:
                    yield from _walk(child)
        elif value is not None and not isinstance(value, (str, int, float)):
            yield from _walk(value)


def _injection() -> Document:
    doc, _ = convert.loads((HOSTILE / "injection.md").read_bytes(), "injection.md")
    return doc


def test_injection_model_has_no_unsafe_link() -> None:
    doc = _injection()
    for node in _walk(doc):
        if isinstance(node, ExternalLink):
            assert node.url.startswith(("http://", "https://", "mailto:"))
        if isinstance(node, Link):
            assert not any(ch in node.page for ch in "[]{}|<>")


def test_injection_in_html_based_outputs_is_inert() -> None:
    doc = _injection()
    epub = convert.render(doc, "epub")
    with zipfile.ZipFile(__import__("io").BytesIO(epub)) as zf:
        pages = [zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml")]
    import xml.etree.ElementTree as ET

    for page in pages:
        for element in ET.fromstring(page).iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "iframe", "object", "embed", "form"), tag
            for name, value in element.attrib.items():
                local = name.rsplit("}", 1)[-1]
                assert not local.lower().startswith("on"), (tag, name)
                if local in ("href", "src"):
                    assert not value.strip().lower().startswith(("javascript:", "data:text", "file:")), value
    assert "&lt;script&gt;" in "\n".join(pages)  # shown as text


def test_injection_in_pdf_is_inert() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(convert.render(_injection(), "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "<script>" in text
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uri = str(action.get_object().get("/URI", ""))
                assert not uri.lower().startswith(("javascript:", "data:", "file:")), uri
                assert action.get_object().get("/S") != "/JavaScript"


def test_injection_in_docx_is_inert() -> None:
    from io import BytesIO

    import docx

    document = docx.Document(BytesIO(convert.render(_injection(), "docx")))
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert not [t for t in targets if t.lower().startswith(("javascript:", "data:", "file:"))]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<script>" in text


def test_injection_in_wikitext_is_inert() -> None:
    import mwparserfromhell

    doc = _injection()
    text = convert.render(doc, "wikitext").decode()
    code = mwparserfromhell.parse(text)
    names = [str(t.name).strip() for t in code.filter_templates(recursive=True)]
    assert sum(n.startswith("Infobox") for n in names) == len(doc.infoboxes)
    assert set(names) <= {"Short description", "Reflist", "!"} | {b.template_name for b in doc.infoboxes}, names
    # Real HTML tags only (bold quotes and table markup parse as tags with wiki_markup).
    tags = {str(t.tag).lower() for t in code.filter_tags(recursive=True) if t.wiki_markup is None}
    assert not tags & {"script", "iframe", "img", "ref", "span", "b", "td"}, tags
    links = [str(link.title) for link in code.filter_wikilinks(recursive=True)]
    assert "Evil" not in links and "wikilink" not in links and "Link" not in links
    assert "javascript:" not in "".join(str(x.url) for x in code.filter_external_links(recursive=True))


def test_injection_in_json_round_trips_as_text() -> None:
    doc = _injection()
    data = json.loads(convert.render(doc, "json"))
    assert Document.from_dict(data) == doc
    assert "<script>alert(1)</script>" in data["meta"]["title"]
