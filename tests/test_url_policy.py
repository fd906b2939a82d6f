"""One URL policy (convert/frontend/links.py) for the body and for infobox values, and PDF,
EPUB and DOCX all link exactly what the model links: ``http:example`` names no host, so it
is text in the body and in an infobox alike; ``//host`` is https in both."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

import convert
from convert.model import Document, ExternalLink, block_text
from convert.frontend.links import classify_target, external_url

# (as written, the URL of the link or None when it must be text)
CASES: list[tuple[str, str | None]] = [
    ("http:example", None),
    ("https:/example.org", None),
    ("javascript:alert(1)", None),
    ("ftp://example.org/f", None),
    ("mailto:", None),
    ("//example.org/p", "https://example.org/p"),
    ("https://example.org/a", "https://example.org/a"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
    ("https://example.org/K%C3%B6ln", "https://example.org/K%C3%B6ln"),
]


def _seed(url: str) -> bytes:
    return f"""---
title: Policy
infoboxes:
  - name:
      text: Policy
    website:
      text: site
      links:
        - type: external
          site: "{url}"
          text: site
---

Body [site]({url}) text.
""".encode()


def _external(nodes: Any) -> Iterator[str]:
    """URLs of every ExternalLink below ``nodes`` (blocks, inlines, field values)."""
    if isinstance(nodes, ExternalLink):
        yield nodes.url
    if isinstance(nodes, tuple):
        for n in nodes:
            yield from _external(n)
    elif hasattr(nodes, "__slots__"):
        for name in nodes.__slots__:
            yield from _external(getattr(nodes, name))


@pytest.mark.parametrize("written,expected", CASES)
def test_body_and_infobox_decide_alike(written: str, expected: str | None) -> None:
    assert external_url(written) == expected
    doc, warnings = convert.loads(_seed(written), "policy.md")
    body = list(_external(doc.body))
    box = list(_external(doc.infoboxes[0].fields))
    assert body == box == ([expected] if expected else [])
    if expected is None:
        assert "site" in block_text(doc.body)  # the text stays
        # markdown-it itself keeps javascript: as text, without a link to warn about
        assert len(warnings) == (1 if written.startswith("javascript:") else 2)


def test_relative_targets_are_pages() -> None:
    assert classify_target("./Homs_Governorate#History") == ("internal", "Homs Governorate", "History")
    assert classify_target("http:example") == ("unsafe", "http:example", None)


def _ast_urls(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if value.get("t") == "Link" and not value["c"][2][0].startswith("#"):
            yield value["c"][2][0]
        for v in value.values():
            yield from _ast_urls(v)
    elif isinstance(value, list):
        for v in value:
            yield from _ast_urls(v)


def test_pdf_epub_and_docx_link_what_the_model_links() -> None:
    from convert.writers import WriteOptions
    from convert.writers.common.images import ImageStore
    from convert.writers.docx.parts import Media, prepare_article
    from convert.writers.epub.book import chapters
    from convert.writers.pdf.writer import PdfWriter

    text = _seed("//example.org/p").decode().replace(
        "Body [site](//example.org/p) text.", "Body [a](//example.org/p) [b](http:example) [c](mailto:x@example.org)."
    )
    doc: Document = convert.loads(text.encode(), "policy.md")[0]
    model = sorted(set(_external((doc.body, doc.infoboxes[0].layout))))
    assert model == ["https://example.org/p", "mailto:x@example.org"]
    html = PdfWriter().html(doc, WriteOptions.create())
    pdf = sorted({u for u in re.findall(r'<a class="external" href="([^"]*)"', html)} & {*model, "http:example"})
    epub = sorted(set(_ast_urls(chapters([doc], lambda i: lambda name: None))) & {*model, "http:example"})
    docx_ast = prepare_article(doc, WriteOptions.create(), Media(ImageStore(None), embed=True)).block
    docx = sorted(set(_ast_urls(docx_ast)) & {*model, "http:example"})
    assert pdf == epub == docx == model

