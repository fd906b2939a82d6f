"""The model as a pandoc JSON AST: golden file of the seed, every node kind read back by
the real pandoc, infobox layout as a table, hostile text staying text."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convert
from convert.model import (
    BlockQuote, Bold, BulletList, Code, CodeBlock, ColumnsRow, DataRow, Document, ExternalLink,
    FieldValue, FullRow, HeaderRow, Heading, HorizontalRule, Image, Infobox, InfoboxLayout, Italic,
    LineBreak, Link, ListItem, Metadata, OrderedList, Paragraph, Table, TableCell, Text,
)
from convert.writers.pandoc import ast as pa
from convert.writers.pandoc.engine import pandoc_path, run_pandoc

from .conftest import SEED, parse_html


def _html(blocks: list[pa.Node]) -> str:
    """``blocks`` through the real pandoc (sandboxed) as an HTML fragment."""
    ast = pa.document(blocks, {})
    return run_pandoc(["-t", "html5", "--wrap=none", "-o", "-"], ast, timeout=60).decode("utf-8")


def _value(text: str) -> FieldValue:
    return FieldValue(text, (Paragraph((Text(text),)),))


def test_api_version_is_the_bundled_pandocs() -> None:
    out = subprocess.run([pandoc_path(), "-f", "markdown", "-t", "json"], input=b"", capture_output=True, check=True)
    assert tuple(json.loads(out.stdout)["pandoc-api-version"]) == pa.API_VERSION


def test_seed_ast_matches_golden(golden) -> None:  # type: ignore[no-untyped-def]
    doc = convert.load(SEED)
    opts = pa.AstOptions(lang=doc.meta.lang, image_source=lambda name: "media/" + name, lead_image=True)
    ast = pa.document(pa.article_blocks(doc, opts), {"title": pa.meta_inlines(doc.meta.title), "lang": doc.meta.lang})
    golden("pandoc_ast/battle-of-rastan.json", json.dumps(ast, ensure_ascii=False, indent=1) + "\n")


def test_every_node_kind_is_read_by_pandoc() -> None:
    body = (
        Heading(2, "History", (Text("History"),)),
        Paragraph((Text("plain "), Bold((Text("bold"),)), Text(" "), Italic((Text("it"),)), Text(" "),
                   Code("x<y"), LineBreak(), Link("Other page", (Text("other"),), "Early life"),
                   Text(" "), ExternalLink("https://example.org/a?b=1&c=2", (Text("ext"),)),
                   Link("", (Text("same page"),), "History"))),
        BulletList((ListItem((Paragraph((Text("one"),)),)), ListItem((Paragraph((Text("two"),)),)))),
        OrderedList((ListItem((Paragraph((Text("first"),)),)),), start=3),
        ListItem((Paragraph((Text("stray item"),)),)),
        BlockQuote((Paragraph((Text("quoted"),)),)),
        CodeBlock("print('<hi>')", "python"),
        Table(((TableCell((Text("H1"),)), TableCell((Text("H2"),), "right")),),
              ((TableCell((Text("a"),)), TableCell((Text("b"),), "right")),), 2, (Text("cap"),)),
        Image("Pic.jpg", "a picture", (Text("Caption"),)),
        Image("Missing.jpg", "gone"),
        HorizontalRule(),
        Heading(2, "Empty", (Text("Empty"),), empty=True),
        Heading(2, "section", (Text("  "),)),
        Paragraph((Text("after a blank heading"),)),
    )
    opts = pa.AstOptions(id_prefix="a1-", image_source=lambda n: "media/x.jpg" if n == "Pic.jpg" else None)
    html = _html(pa.blocks(body, opts))
    tags = parse_html(html)
    names = [t for t, _ in tags.tags]
    assert '<h2 id="a1-History">History</h2>' in html
    assert "Empty" not in html  # an empty section is dropped
    assert 'id="a1-section"' not in html and "after a blank heading" in html  # a blank heading too
    for tag in ("strong", "em", "code", "br", "ul", "ol", "blockquote", "pre", "table", "figure", "img", "hr"):
        assert tag in names, tag
    assert 'href="https://en.wikipedia.org/wiki/Other_page#Early_life"' in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert '<a href="#a1-History" class="wikilink">same page</a>' in html
    assert '<ol start="3"' in html
    assert "stray item" in html and names.count("ul") == 2
    assert "<code>x&lt;y</code>" in html and "&lt;hi&gt;" in html and "<script" not in html
    assert 'src="media/x.jpg"' in html and 'alt="a picture"' in html
    assert "gone" not in html  # no local copy: no figure
    assert '<table class="wikitable">' in html and "<caption>cap</caption>" in html


def test_unknown_node_kind_raises() -> None:
    with pytest.raises(TypeError):
        pa.blocks((object(),), pa.AstOptions())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pa.inlines((object(),), pa.AstOptions())  # type: ignore[arg-type]


def test_text_is_cleaned_of_xml_illegal_characters() -> None:
    assert pa.text_inlines("a\x00b\x0bc\x7f\x85d\ufffe  e\n f") == [{"t": "Str", "c": "abcd e f"}]
    assert pa.text_inlines(" \n ") == [{"t": "Str", "c": " "}]
    assert pa.text_inlines("") == []


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_hostile_text_stays_text(text: str) -> None:
    html = _html([pa.node("Para", pa.text_inlines(text))])
    parsed = parse_html(html)
    assert {t for t, _ in parsed.tags} <= {"p"}
    expected = " ".join(pa.clean_text(text).split())
    assert " ".join("".join(parsed.text).split()) == expected


def _layout_box() -> Infobox:
    layout = InfoboxLayout(
        title=_value("Battle of Somewhere"),
        subtitle=FieldValue("the War", (Paragraph((Link("War", (Text("the War"),)),)),)),
        subtitle_prefix="Part of",
        image="Box.jpg",
        caption=_value("Soldiers <b>here</b>"),
        rows=(
            DataRow("Date", "date", _value("1 May")),
            HeaderRow("Belligerents"),
            ColumnsRow(("combatant1", "combatant2"), (_value("Side A"), _value("Side B"))),
            ColumnsRow(("c1", "c2", "c3"), (_value("X"), None, _value("Z")), label="Three sides"),
            FullRow("casualties3", _value("24 civilians")),
            DataRow("Result", "result", FieldValue("win\n* one", (Paragraph((Text("win"),)), BulletList((ListItem((Paragraph((Text("one"),)),)),))))),
        ),
    )
    return Infobox((), "military conflict", "Infobox military conflict", 1.0, layout)


def test_infobox_is_a_wikipedia_like_table() -> None:
    opts = pa.AstOptions(image_source=lambda n: "media/box.jpg" if n == "Box.jpg" else None)
    html = _html(pa.infobox_blocks(_layout_box(), opts))
    tags = parse_html(html).tags
    tables = [a for t, a in tags if t == "table"]
    assert tables[0]["class"] == "infobox infobox-military-conflict"
    assert [t["class"] for t in tables[1:]] == ["infobox-columns", "infobox-columns"]  # sides: nested tables
    assert "<caption>Battle of Somewhere</caption>" in html
    assert 'class="infobox-subheader">Part of <a href="https://en.wikipedia.org/wiki/War"' in html
    # Alt text is never the caption shown under the picture (issue 22): the file's name here.
    assert 'src="media/box.jpg" alt="Box"' in html and "Soldiers &lt;b&gt;here&lt;/b&gt;" in html
    assert '<th class="infobox-label">Date</th>' in html and '<th class="infobox-label">Result</th>' in html
    assert '<th colspan="2" class="infobox-header">Belligerents</th>' in html
    assert '<th colspan="2" class="infobox-label">Three sides</th>' in html
    assert '<td class="infobox-column">Side A</td>' in html and '<td class="infobox-column"></td>' in html
    assert '<td colspan="2" class="infobox-full">24 civilians</td>' in html
    # Full-width rows never become row headers (<th>), label rows always do.
    assert not any(t == "th" and "infobox-full" in (a.get("class") or "") for t, a in tags)


def test_infobox_without_image_file_drops_image_and_caption() -> None:
    html = _html(pa.infobox_blocks(_layout_box(), pa.AstOptions()))
    assert "<img" not in html and "Soldiers" not in html


def test_empty_infobox_layout_makes_no_table() -> None:
    box = Infobox((), "", "Infobox", 0.0, InfoboxLayout(None, None, "", None, ()))
    assert pa.infobox_blocks(box, pa.AstOptions()) == []


def test_article_blocks_title_short_description_and_lead_image() -> None:
    doc = Document(Metadata("Some – Title", short_description="A thing", image_file="Lead.png"),
                   body=(Paragraph((Text("Body."),)),))
    opts = pa.AstOptions(id_prefix="a2-", image_source=lambda n: "media/lead.png", lead_image=True)
    html = _html(pa.article_blocks(doc, opts))
    assert '<h1 id="a2">Some – Title</h1>' in html
    assert '<div class="shortdescription">' in html
    assert 'src="media/lead.png"' in html and 'alt="Some – Title"' in html
    assert pa.article_blocks(doc, pa.AstOptions(include_title=False))[0]["t"] == "Div"


def test_meta_values() -> None:
    assert pa.meta({"a": ["x", True], "b": pa.meta_inlines("T")}) == {
        "t": "MetaMap", "c": {"a": {"t": "MetaList", "c": [{"t": "MetaString", "c": "x"}, {"t": "MetaBool", "c": True}]},
                              "b": {"t": "MetaInlines", "c": [{"t": "Str", "c": "T"}]}},
    }
    with pytest.raises(TypeError):
        pa.meta(3.5)


def test_continuing_values_share_the_cell_of_their_label() -> None:
    rows = (
        DataRow("Born", "birth_name", _value("Augusta Ada Byron")),
        DataRow("", "birth_date", _value("10 December 1815"), continues=True),
        DataRow("", "birth_place", FieldValue("London\n* England", (
            Paragraph((Text("London"),)), BulletList((ListItem((Paragraph((Text("England"),)),)),)))), continues=True),
        DataRow("Died", "death_date", _value("27 November 1852")),
        DataRow("", "death_place", _value("Marylebone"), continues=True),
        DataRow("", "order", _value("Countess of Lovelace")),
    )
    box = Infobox((), "person", "Infobox person", 1.0, InfoboxLayout(None, None, "", None, rows))
    html = _html(pa.infobox_blocks(box, pa.AstOptions()))
    labels = [a.get("class") for t, a in parse_html(html).tags if t == "th"]
    assert labels == ["infobox-label"] * 3  # Born, Died and the order row's own (empty) one
    assert "<td class=\"infobox-data\">27 November 1852<br />\nMarylebone</td>" in html
    born = html.split("Born</th>")[1].split("</td>")[0]
    assert "<p>Augusta Ada Byron<br />\n10 December 1815</p>" in born and "<li><p>England</p></li>" in born


def test_figure_without_a_local_image_keeps_its_caption() -> None:
    # As the PDF and wikitext writers do: a caption is article text, picture or not.
    figure = Image("Absent.jpg", "alt", (Text("The "), Italic((Text("caption"),))))
    html = _html(pa.blocks((figure,), pa.AstOptions(image_source=lambda name: None)))
    assert "<img" not in html
    assert '<div class="caption-only">\n<p>The <em>caption</em></p>\n</div>' in html
    assert pa.blocks((Image("Absent.jpg", "", ()),), pa.AstOptions()) == []


def test_headings_without_ids_get_no_id() -> None:
    # A model from elsewhere (JSON) may hold headings without ids: the bare prefix on each
    # was a duplicate id in the EPUB.
    nested = BulletList((ListItem((Heading(1, "", (Text("a"),)),)), ListItem((Heading(1, "", (Text("b"),)),))))
    html = _html(pa.blocks((nested,), pa.AstOptions(id_prefix="a1-")))
    assert "<h1>a</h1>" in html and "<h1>b</h1>" in html and "id=" not in html


def _shown(nodes: list[pa.Node]) -> str:
    return "".join(n["c"] if n["t"] == "Str" else n["c"][1] if n["t"] == "Code" else " " for n in nodes)


@pytest.mark.parametrize("text", ["it's a word that's fine " * 400, "'" * 3000, '"' + "a" * 600 + '"' * 40])
def test_text_with_many_quotes_goes_in_short_runs(text: str) -> None:
    # pandoc's HTML writer (EPUB) takes time quadratic in the quotes of one Str or Code: a
    # paragraph of 96 KB with 8,000 apostrophes took 12 s, twice that 180 s.
    para = pa.inlines((Text(text), Code(text)), pa.AstOptions())
    assert max(len(n["c"]) if n["t"] == "Str" else len(n["c"][1]) if n["t"] == "Code" else 1 for n in para) <= 256
    assert _shown(para) == text + text  # the same text, cut at spaces or anywhere in code
    html = _html([pa.node("Para", para)])
    assert html.replace("&#39;", "'").replace("&quot;", '"').count("'") == 2 * text.count("'")


def test_text_with_few_quotes_stays_one_run() -> None:
    text = "it's " * 20 + "word " * 200
    assert pa.text_inlines(text) == [pa.node("Str", text)]
