"""Wikitext escapes only what would change the meaning (issue 18, point 6), and what it
writes reads back through mwparserfromhell as the text and links it was given."""

from __future__ import annotations

import mwparserfromhell
import pytest

from convert.model import (
    Document, FieldValue, Infobox, InfoboxField, Link, Metadata, Paragraph, Text,
)
from convert.wiki import namespace_prefix
from convert.writers import WriteOptions
from convert.writers.wikitext import escape as esc
from convert.writers.wikitext.writer import render_article


def _article(value: str = "", body: tuple[Paragraph, ...] = ()) -> str:
    fields = (InfoboxField("formula", FieldValue(value, (Paragraph((Text(value),)),) if value else ())),)
    box = Infobox(fields, "chemical", "Infobox chemical", 1.0, None)
    doc = Document(Metadata(title="T", lang="en"), (box,), body)
    return render_article(doc, WriteOptions()).text


@pytest.mark.parametrize("value", [r"\mathrm{A}", "{x}", "a } b { c", r"\frac{1}{2}"])
def test_lone_braces_in_a_template_value_are_written_as_they_are(value: str) -> None:
    wiki = _article(value)
    assert f"| formula = {value}\n" in wiki
    (template,) = mwparserfromhell.parse(wiki).filter_templates(recursive=False)
    assert str(template.get("formula").value).strip() == value


@pytest.mark.parametrize("value", ["{{x}}", "a}}b", "{|", "|}", "{{{x}}}", "x{", "}"])
def test_braces_that_would_pair_up_are_still_escaped(value: str) -> None:
    wiki = _article(value)
    (template,) = mwparserfromhell.parse(wiki).filter_templates(recursive=False)
    assert [str(p.name).strip() for p in template.params] == ["formula"]
    shown = str(template.get("formula").value).strip().replace("{{!}}", "|")
    for ref, ch in (("&#123;", "{"), ("&#125;", "}"), ("&#124;", "|")):
        shown = shown.replace(ref, ch)
    assert shown == value


@pytest.mark.parametrize("page, written", [
    ("Sewanee: The University of the South", "[[Sewanee: The University of the South|Sewanee]]"),
    ("Alien: Covenant", "[[Alien: Covenant|Sewanee]]"),
    ("Category:Wars", "[[:Category:Wars|Sewanee]]"),
    ("Datei:Logo.svg", "[[:Datei:Logo.svg|Sewanee]]"),
    ("de:Krieg", "[[:de:Krieg|Sewanee]]"),
    ("wikt:run", "[[:wikt:run|Sewanee]]"),
    ("http://x", "[[:http://x|Sewanee]]"),
])
def test_a_leading_colon_only_for_a_namespace_interwiki_or_scheme_prefix(page: str, written: str) -> None:
    wiki = _article(body=(Paragraph((Link(page, (Text("Sewanee"),)),)),))
    assert written in wiki
    (link,) = mwparserfromhell.parse(wiki).filter_wikilinks()
    assert str(link.title).lstrip(":") == page and str(link.text) == "Sewanee"


def test_namespace_prefixes_are_knowledge_not_shape() -> None:
    assert namespace_prefix("Category talk:X") and namespace_prefix("Vorlage:X") and namespace_prefix("zh-yue:X")
    assert not namespace_prefix("Sewanee: The University") and not namespace_prefix("Star Wars: Episode I")
    assert esc.link_target("Sewanee: The University of the South") == "Sewanee: The University of the South"
