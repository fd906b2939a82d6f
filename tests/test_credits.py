"""Credits and language tags are built once (convert/wiki.py) and every writer says the
same: the author is "Wikipedia contributors", the language a BCP 47 tag (``simple`` is
``en``, ``als`` is ``gsw``) while links keep the Wikipedia code."""

from __future__ import annotations

import re

import convert
from convert.wiki import CONTRIBUTORS, bcp47, history_url
from convert.writers import WriteOptions
from convert.writers.common.images import ImageStore

SEED = b"""---
title: Zurich
---

Zurich is a [city](./Stadt).
"""


def test_bcp47_and_history() -> None:
    assert bcp47("simple") == "en" and bcp47("als") == "gsw" and bcp47("de") == "de"
    assert history_url("de", "zurich lake") == "https://de.wikipedia.org/w/index.php?title=Zurich_lake&action=history"


def test_pdf_epub_and_docx_name_the_same_author_and_language() -> None:
    from convert.writers.docx.parts import Media, prepare_article
    from convert.writers.epub.book import attribution, metadata
    from convert.writers.pandoc.ast import meta_inlines
    from convert.writers.pdf.writer import PdfWriter

    doc = convert.loads(SEED, "zurich.md", lang="als")[0]
    assert doc.meta.lang == "als"
    html = PdfWriter().html(doc, WriteOptions.create())
    assert f'<meta name="author" content="{CONTRIBUTORS}">' in html
    assert re.search(r'<article [^>]*lang="gsw"', html) and '<html lang="gsw"' in html
    assert 'href="https://als.wikipedia.org/wiki/Stadt"' in html  # URLs keep the wiki's code
    meta = metadata([doc], "Zurich", images=False, source_date_epoch=0, cover="", css="")
    assert meta["lang"] == "gsw"
    assert meta["creator"] == [{"text": meta_inlines(CONTRIBUTORS), "role": "author"}]
    assert history_url("als", "Zurich") in str(attribution([doc], [], ImageStore(None)))
    props = prepare_article(doc, WriteOptions.create(), Media(ImageStore(None), embed=True)).props
    assert props.language == "gsw" and props.creator == CONTRIBUTORS
