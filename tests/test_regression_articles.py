"""Real-article regression set (issue 18): the corpus articles and the articles written for
the seed conventions (tests/fixtures/articles) convert to wikitext that mwparserfromhell
reads back as the seed's text, links and list structure."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import mwparserfromhell
import pytest

import convert
from convert.model import Block, BulletList, Document, Image, OrderedList, Paragraph, inline_text
from convert.writers import WriteOptions
from convert.writers.wikitext.writer import render_article
from tests.conftest import corpus_files
from tests.test_wikitext_roundtrip import check_article, visible

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
_LIST_LINE = re.compile(r"^([*#]+)[ \t]*(.*)$")


def _all() -> list[Path]:
    return [*sorted(ARTICLES.glob("*.md")), *corpus_files()]


@lru_cache(maxsize=None)
def _converted(path: Path) -> tuple[Document, str]:
    doc = convert.load(path)
    return doc, render_article(doc, WriteOptions()).text


def model_lists(blocks: tuple[Block, ...], prefix: str = "") -> list[tuple[str, str]]:
    """``(markers, text)`` of every list item of the body, nested lists after their item."""
    out: list[tuple[str, str]] = []
    for block in blocks:
        if isinstance(block, (BulletList, OrderedList)):
            marker = prefix + ("*" if isinstance(block, BulletList) else "#")
            for item in block.items:
                paragraphs = [b for b in item.blocks if isinstance(b, Paragraph)]
                text = " ".join(inline_text(p.children) for p in paragraphs)
                out.append((marker, " ".join(text.split())))
                out.extend(model_lists(item.blocks, marker))
    return out


def wikitext_lists(wikitext: str) -> list[tuple[str, str]]:
    """``(markers, text)`` of every list line of the article outside its templates."""
    code = mwparserfromhell.parse(wikitext)
    for template in code.filter_templates(recursive=False):
        code.remove(template)
    out = []
    for line in str(code).split("\n"):
        m = _LIST_LINE.match(line)
        if m is not None:
            # (Read after a letter: the text alone would start a line, where ":" is markup.)
            shown = visible(mwparserfromhell.parse("x" + m.group(2)))[1:]
            out.append((m.group(1), " ".join(shown.split())))
    return out


@pytest.mark.parametrize("path", _all(), ids=lambda p: p.stem)
def test_wikitext_reads_back_as_the_seeds_text_links_and_lists(path: Path) -> None:
    doc, wikitext = _converted(path)
    # (check_article leaves out the wikitext's file links: so are the model's images.)
    check_article(replace(doc, body=tuple(b for b in doc.body if not isinstance(b, Image))), wikitext)
    assert wikitext_lists(wikitext) == model_lists(doc.body)


def test_the_written_articles_show_every_convention() -> None:
    doc, wikitext = _converted(ARTICLES / "animal-farm-rules.md")
    markers = [m for m, _ in model_lists(doc.body)]
    assert markers == ["#"] * 4 + ["*"] + ["#"] * 2 + ["*"] * 5
    assert "* 1945. First edition, London." in wikitext
    assert "| colour  = [[#0000FF]]" in wikitext and "| formula = \\mathrm{A} + \\frac{1}{2}" in wikitext
    assert "| ship    = [[USS Hornet (CV-12)]]" in wikitext
    assert "[[Sewanee: The University of the South|Sewanee]]" in wikitext and "References" not in wikitext

    doc, wikitext = _converted(ARTICLES / "lighthouse-keepers.md")
    assert "| image  = [[File:North coast light.svg|frameless|upright=1.15]]" in wikitext and "| built  = 1871&#8288;–&#8288;1873" in wikitext
    assert "[[File:Keeper house 1900.jpg|thumb|250px|The keepers' house in 1900]]" in wikitext  # as the seed wrote it
    assert "== History ==\nThe tower was lit" in wikitext
    assert "| Ann Larsen || 250px&#124;Ann at the door || 1873" in wikitext
    assert '| style="text-align: left;" | Per Holm || none || 1890' in wikitext
    assert wikitext.endswith("== Referanser ==\n<references />\n")

    doc, wikitext = _converted(ARTICLES / "tjalfe-esperanto.md")
    assert wikitext.count("Referencoj") == 1 and "References" not in wikitext
    assert "# Tjalfe kuras kontraŭ Hugi kaj perdas.\n# Tjalfe batalas" in wikitext
