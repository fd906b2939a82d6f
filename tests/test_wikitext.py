"""The wikitext and infobox writers: goldens for the seed, and the exact markup of each case.

Goldens are regenerated with ``pytest tests/test_wikitext.py --accept`` (review the diff).
"""

from __future__ import annotations

import mwparserfromhell
import pytest

import convert
from convert.model import (
    BlockQuote, Bold, BulletList, Code, CodeBlock, Document, ExternalLink, FieldValue, Heading,
    HorizontalRule, Image, Infobox, InfoboxField, InfoboxLayout, Italic, LineBreak, Link, ListItem,
    Metadata, OrderedList, Paragraph, Table, TableCell, Text,
)
from convert.writers import WriteOptions, get_writer
from convert.writers.wikitext import escape as esc
from convert.writers.wikitext.writer import render_article, render_infoboxes
from tests.conftest import SEED, SEEDS, corpus_files

OPTS = WriteOptions()


def _doc(*body: object, infoboxes: tuple[Infobox, ...] = (), lang: str = "en", **meta: str) -> Document:
    return Document(Metadata(title="T", lang=lang, **meta), infoboxes, tuple(body))  # type: ignore[arg-type]


def _body(*blocks: object) -> str:
    """The article's body text (the writer adds no references section to it)."""
    return render_article(_doc(*blocks), OPTS).text.removesuffix("\n")


def _para(*inlines: object) -> str:
    return _body(Paragraph(tuple(inlines)))  # type: ignore[arg-type]


def _box(template: str = "Infobox person", **fields: str) -> Infobox:
    layout = InfoboxLayout(title=None, subtitle=None, image="", caption=None, rows=())
    values = tuple(
        InfoboxField(k, FieldValue(v, (Paragraph((Text(v),)),))) for k, v in fields.items()
    )
    return Infobox(values, template.removeprefix("Infobox").strip(), template, 1.0, layout, line=7)


# --------------------------------------------------------------------------- the seed


def test_seed_goldens(golden) -> None:  # type: ignore[no-untyped-def]
    doc = convert.load(SEED)
    golden("wikitext/battle-of-rastan.wiki", get_writer("wikitext").render(doc, OPTS).decode())
    golden("wikitext/battle-of-rastan.infobox.wiki", get_writer("infobox").render(doc, OPTS).decode())


def test_seed_infobox_lines_unaligned() -> None:
    doc = convert.load(SEED)
    lines = render_infoboxes(doc, WriteOptions(align=False)).text.split("\n")
    assert lines[0] == "{{Infobox military conflict"
    for line in (
        "| place = [[Al-Rastan|Rastan]], [[Homs Governorate]], [[Syria]]",
        "| combatant1 = '''[[Free Syrian Army]]'''",
        "| map_relief = yes",
        "| map_size = 290",
        "| units1 =",
        "*[[Khalid ibn al-Walid Brigade]]",  # (the seed writes "*Khalid...": kept)
        "*[[Military Intelligence Directorate (Syria)|Security agencies]]",
    ):
        assert line in lines
    assert lines[-2:] == ["}}", ""]


def test_aligned_keys_line_up_and_no_line_has_trailing_blanks() -> None:
    text = render_infoboxes(convert.load(SEED), OPTS).text
    params = [line for line in text.split("\n") if line.startswith("| ")]
    assert len({line.index("=") for line in params}) == 1
    assert "| casualties1 = 18 killed" in params and "| date        = 29 January – 5 February 2012" in params
    assert all(line == line.rstrip() for line in render_article(convert.load(SEED), OPTS).text.split("\n"))


def test_a_very_long_parameter_name_does_not_widen_the_alignment() -> None:
    # One name of 100,000 characters padded 20,000 other lines to its width: 2 GB of output
    # from 600 KB of input.
    long = "x" * 1000
    doc = _doc(infoboxes=(_box(name="A", **{long: "B"}, birth_date="C"),))
    lines = render_infoboxes(doc, OPTS).text.split("\n")
    assert lines[1:4] == ["| name       = A", f"| {long} = B", "| birth_date = C"]


def test_writers_are_registered() -> None:
    assert get_writer("wikitext").extension == ".wiki"
    assert get_writer("infobox").extension == ".infobox.wiki"


# --------------------------------------------------------------------------- infoboxes


def test_generic_infobox_keeps_names_and_warns() -> None:
    doc = _doc(infoboxes=(_box("Infobox", conflict="X", partof="Y"),))
    out = render_infoboxes(doc, WriteOptions(align=False))
    assert out.text == "{{Infobox\n| conflict = X\n| partof = Y\n}}\n"
    assert len(out.warnings) == 1 and "generic" in str(out.warnings[0])
    assert str(out.warnings[0]).startswith(":7: warning:") or ":7: warning:" in str(out.warnings[0])


def test_value_starting_with_a_list_starts_on_the_next_line() -> None:
    items = BulletList((ListItem((Paragraph((Text("a"),)),)), ListItem((Paragraph((Text("b"),)),))))
    box = _box("Infobox x")
    box = Infobox((InfoboxField("units", FieldValue("*a\n*b", (items,))),), "x", "Infobox x", 1.0, box.layout)
    assert render_infoboxes(_doc(infoboxes=(box,)), OPTS).text == "{{Infobox x\n| units =\n*a\n*b\n}}\n"


def test_template_values_escape_pipes_and_braces_but_not_equals() -> None:
    out = render_infoboxes(_doc(infoboxes=(_box("Infobox x", v="a|b=c}} {{d"),)), OPTS).text
    assert "| v = a{{!}}b=c&#125;&#125; &#123;&#123;d" in out
    assert [str(p.name).strip() for p in mwparserfromhell.parse(out).filter_templates(recursive=False)[0].params] == ["v"]


def test_no_infobox_gives_empty_output_quietly() -> None:
    out = render_infoboxes(_doc(Paragraph((Text("x"),))), OPTS)
    assert out.text == "" and out.warnings == []


def test_short_description_with_equals_uses_a_numbered_parameter() -> None:
    text = render_article(_doc(short_description="a = b | c"), OPTS).text
    assert text.startswith("{{Short description|1=a = b {{!}} c}}\n")


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (Link("Syria", (Text("Syria"),)), "[[Syria]]"),
        (Link("Syria", (Text("syria"),)), "[[syria]]"),
        (Link("Foo bar", (Text("Foo_bar"),)), "[[Foo_bar]]"),
        (Link("Al-Rastan", (Text("Rastan"),)), "[[Al-Rastan|Rastan]]"),
        (Link("Syria", (Text("Syria"),), "History"), "[[Syria#History|Syria]]"),
        (Link("", (Text("below"),), "Aftermath"), "[[#Aftermath|below]]"),
        (Link("Syria", (Bold((Text("Syria"),)),)), "[[Syria|'''Syria''']]"),
        (Link("Category:Wars", (Text("wars"),)), "[[:Category:Wars|wars]]"),
        (Link("File:A.jpg", (Text("File:A.jpg"),)), "[[:File:A.jpg]]"),
        (Link("de:Krieg", (Text("Krieg"),)), "[[:de:Krieg|Krieg]]"),
        (Link("Star Wars: Episode IV", (Text("it"),)), "[[Star Wars: Episode IV|it]]"),
        (Link("A''b", (Text("x]]y|z"),)), "[[A&#39;&#39;b|x&#93;&#93;y&#124;z]]"),
        (Link("100%25 Love", (Text("x"),)), "[[100%2525 Love|x]]"),
        (Link("AT&", (Text("x"),), "38;y"), "[[AT&amp;#38;y|x]]"),  # not the reference &#38;
        (ExternalLink("https://example.org/a|b", (Text("site [1]"),)), "[https://example.org/a%7Cb site [1&#93;]"),
        (ExternalLink("https://example.org", (Text("https://example.org"),)), "[https://example.org https://example.org]"),
    ],
)
def test_link_forms(link: object, expected: str) -> None:
    assert _para(Text("See "), link, Text(".")) == f"See {expected}."


def test_letters_after_a_link_are_not_pulled_into_it() -> None:
    assert _para(Link("Syria", (Text("Syria"),)), Text("n army")) == "[[Syria]]<nowiki />n army"
    assert _para(Link("Syria", (Text("Syria"),)), Text("'s army")) == "[[Syria]]'s army"


def test_unlinkable_target_is_written_as_text_with_a_warning() -> None:
    out = render_article(_doc(Paragraph((Link("a[b]", (Text("x"),)),))), OPTS)
    assert out.text.startswith("x\n") and "not allowed in page titles" in str(out.warnings[0])


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain [sic] text, 50% of AT&T, x < y > z", "plain [sic] text, 50% of AT&T, x < y > z"),
        ("a [[b]] c", "a &#91;&#91;b]] c"),  # ("]]" alone closes nothing)
        ("{{x}} and {|", "&#123;&#123;x}} and {|"),
        ("''x'' and '''y'''", "<nowiki>''</nowiki>x<nowiki>''</nowiki> and <nowiki>'''</nowiki>y<nowiki>'''</nowiki>"),
        ("sign ~~~~", "sign &#126;&#126;&#126;&#126;"),
        ("no __TOC__ here", "no &#95;_TOC__ here"),
        ("<ref>x</ref> <!-- c -->", "&lt;ref>x&lt;/ref> &lt;!-- c -->"),
        ("&amp; &#124; &x", "&amp;amp; &amp;#124; &x"),
        ("see http://x.org/a_b now", "see <nowiki>http://x.org/a_b</nowiki> now"),
        ("mail mailto:a@b.org", "mail <nowiki>mailto:a@b.org</nowiki>"),
        ("ISBN 0-12-345678-9, RFC 1234, PMID 42", "<nowiki>ISBN</nowiki> 0-12-345678-9, <nowiki>RFC</nowiki> 1234, <nowiki>PMID</nowiki> 42"),
        ("[http://x.org y] and [//x.org z]", "[<nowiki>http://x.org</nowiki> y] and &#91;//x.org z]"),
        ("-{zh}-", "-&#123;zh&#125;-"),
    ],
)
def test_running_text_escapes(text: str, expected: str) -> None:
    assert esc.escape(text, esc.TEXT) == expected
    assert _para(Text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("* x", "&#42; x"), ("# x", "&#35; x"), (": x", "&#58; x"), ("; x", "&#59; x"),
     ("== x ==", "&#61;= x =="), ("----", "&#45;---"), ("{| x", "&#123;| x"), ("   pre", "pre")],
)
def test_line_start_escapes(text: str, expected: str) -> None:
    assert _para(Text(text)) == expected
    assert _para(Text("a"), LineBreak(), Text(text)) == "a<br />" + text  # not at a line start


def test_text_next_to_markup_is_escaped_against_it() -> None:
    assert _para(Text("x'"), Italic((Text("y"),))) == "x'<nowiki />''y''"
    assert _para(Bold((Text("'y'"),))) == "'''<nowiki />'y'<nowiki />'''"
    assert _para(Text("["), Link("A", (Text("A"),)), Text("]")) == "&#91;[[A]]]"
    assert _para(Italic((Bold((Text("x"),)), Text("y")))) == "'''''x'''y''"


def test_context_escapers() -> None:
    assert esc.template_value("a|b=c{d}") == "a{{!}}b=c{d}"  # (a lone brace is text, issue 18)
    assert esc.template_value("{|}") == "&#123;{{!}}&#125;"
    assert esc.template_value("a-|b") == "a-&#124;b"
    assert esc.escape("a]]b|c", esc.LINK) == "a&#93;&#93;b&#124;c"
    assert esc.escape("a|b!!c", esc.CELL) == "a&#124;b!!c"
    assert esc.escape("a|b!!c", esc.HEADER_CELL) == "a&#124;b&#33;&#33;c"
    assert esc.heading("a = b") == "a = b"  # (the level is told from the edges only)
    assert esc.caption("alt=x|y") == "alt&#61;x&#124;y"
    assert esc.nowiki("a</nowiki>&amp;<b>") == "<nowiki>a&lt;/nowiki>&amp;amp;&lt;b></nowiki>"
    assert esc.pre("a</pre><nowiki>&amp;") == "<pre>a&lt;/pre>&lt;nowiki>&amp;amp;</pre>"
    assert esc.url("https://x.org/a b|c''d") == "https://x.org/a%20b%7Cc%27%27d"
    assert esc.param_name("a=b|c") == "a&#61;b&#124;c"


def test_inline_code() -> None:
    assert _para(Code("x = 1")) == "<code>x = 1</code>"
    assert _para(Code("{{x}} | </nowiki>")) == "<code><nowiki>{{x}} | &lt;/nowiki></nowiki></code>"


# --------------------------------------------------------------------------- blocks


def test_headings_paragraphs_and_blank_lines() -> None:
    out = _body(Paragraph((Text("Lead."),)), Heading(2, "a", (Text("A"),)), Paragraph((Text("x"),)),
                Paragraph((Text("y"),)), Heading(3, "b", (Text("B = C"),)), Paragraph((Text("z"),)))
    assert out == "Lead.\n\n== A ==\nx\n\ny\n\n=== B = C ===\nz"


def test_lists() -> None:
    def item(text: str, *more: object) -> ListItem:
        return ListItem((Paragraph((Text(text),)), *more))  # type: ignore[arg-type]

    nested = BulletList((item("a", OrderedList((item("a1"), item("a2")))), item("b", Paragraph((Text("b2"),)))))
    assert _body(nested) == "* a\n*# a1\n*# a2\n* b\n*: b2"
    assert _body(OrderedList((item("c"), item("d")), start=3)) == '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'
    assert _body(BulletList((item("* not a sublist"),))) == "* * not a sublist"


def test_quote_code_rule_and_image() -> None:
    assert _body(BlockQuote((Paragraph((Text("q"),)),))) == "<blockquote>q</blockquote>"
    assert _body(BlockQuote((Paragraph((Text("q"),)), Paragraph((Text("r"),))))) == "<blockquote>\nq\n\nr\n</blockquote>"
    assert _body(CodeBlock("if a < b:\n    x = '&amp;'", "python")) == '<syntaxhighlight lang="python">\nif a < b:\n    x = \'&amp;\'\n</syntaxhighlight>'
    assert _body(CodeBlock("a < b &amp;")) == "<pre>a &lt; b &amp;amp;</pre>"
    assert _body(HorizontalRule()) == "----"
    assert _body(Image("A b.jpg", "A b", (Text("A "), Italic((Text("b"),))))) == "[[File:A b.jpg|thumb|A ''b'']]"
    assert _body(Image("A.jpg", "A | photo", (Text("Cap"),))) == "[[File:A.jpg|thumb|alt=A &#124; photo|Cap]]"
    assert _body(Image("A.jpg", "left", (Text("left"),))) == "[[File:A.jpg|thumb|&#108;eft]]"


def test_image_with_an_impossible_name_keeps_its_caption() -> None:
    out = render_article(_doc(Image("a/b.jpg", "", (Text("cap"),))), OPTS)
    assert out.text.startswith("cap\n") and "file name" in str(out.warnings[0])


def test_table() -> None:
    table = Table(
        head=((TableCell((Text("#"),)), TableCell((Text("a!!b"),), "right")),),
        body=((TableCell((Text("1"),)), TableCell((Link("X", (Text("y"),)), Text(" | z")), "center")),
              (TableCell(()), TableCell((Text("-"),)))),
        columns=2,
    )
    out = _body(table)
    assert out == (
        '{| class="wikitable"\n! # !! style="text-align: right;" | a&#33;&#33;b\n|-\n'
        '| 1 || style="text-align: center;" | [[X|y]] &#124; z\n|-\n| || -\n|}'
    )
    parsed = mwparserfromhell.parse(out).filter_tags(matches=lambda n: str(n.tag) in ("td", "th"))
    assert [str(c.contents).strip() for c in parsed] == ["#", "a&#33;&#33;b", "1", "[[X|y]] &#124; z", "", "-"]


def test_unknown_node_kinds_raise() -> None:
    with pytest.raises(TypeError, match="does not handle"):
        render_article(_doc(object()), OPTS)


# --------------------------------------------------------------------------- the article frame


def _heading(title: str, level: int = 2, empty: bool = False) -> Heading:
    return Heading(level, title, (Text(title),), empty)


def test_reflist_goes_into_the_empty_references_section() -> None:
    text = render_article(_doc(Paragraph((Text("x"),)), _heading("Notes", empty=True),
                               _heading("References", empty=True), _heading("External links"),
                               Paragraph((Text("y"),))), OPTS).text
    assert text == "x\n\n== Notes ==\n\n== References ==\n{{Reflist}}\n\n== External links ==\ny\n"


def test_reflist_ends_a_references_section_with_content() -> None:
    text = render_article(_doc(_heading("References"), Paragraph((Text("book"),)), _heading("Sub", 3),
                               Paragraph((Text("z"),))), OPTS).text
    assert text == "== References ==\nbook\n\n{{Reflist}}\n\n=== Sub ===\nz\n"


def test_no_references_section_is_added_to_an_article_without_one() -> None:
    # (Issue 18: it was added in English to every article, doubling an Esperanto article's
    # "Referencoj".) The reflist only goes into a section the article has, in its words.
    text = render_article(_doc(Paragraph((Text("x"),)), _heading("See also"), Paragraph((Text("s"),)),
                               _heading("External links"), Paragraph((Text("e"),))), OPTS).text
    assert text == "x\n\n== See also ==\ns\n\n== External links ==\ne\n"
    assert render_article(_doc(Paragraph((Text("x"),))), OPTS).text == "x\n"


def test_other_languages_use_the_core_references_tag() -> None:
    assert render_article(_doc(Paragraph((Text("x"),)), _heading("Einzelnachweise", empty=True), lang="de"),
                          OPTS).text == "x\n\n== Einzelnachweise ==\n<references />\n"
    assert render_article(_doc(Paragraph((Text("x"),)), _heading("Referencoj", empty=True), lang="eo"),
                          OPTS).text == "x\n\n== Referencoj ==\n<references />\n"


def test_article_frame_and_lead_image() -> None:
    doc = _doc(Paragraph((Text("Lead"),)), infoboxes=(_box("Infobox person", name="N"),),
               short_description="Short", image_file="Face.jpg")
    assert render_article(doc, OPTS).text.startswith(
        "{{Short description|Short}}\n{{Infobox person\n| name = N\n}}\n[[File:Face.jpg|thumb]]\nLead\n"
    )
    shown = _doc(Paragraph((Text("Lead"),)), infoboxes=(_box("Infobox person", image="Face.jpg"),), image_file="Face.jpg")
    assert "[[File:" not in render_article(shown, OPTS).text


def test_numbers_are_written_as_in_the_source() -> None:
    value = FieldValue("1:38.232", (Paragraph((Text("1:38.232"),)),), number=98.232)
    layout = InfoboxLayout(title=None, subtitle=None, image="", caption=None, rows=())
    box = Infobox((InfoboxField("time", value), InfoboxField("size", FieldValue("0290", (Paragraph((Text("0290"),)),), 290))),
                  "x", "Infobox x", 1.0, layout)
    assert render_infoboxes(_doc(infoboxes=(box,)), OPTS).text == "{{Infobox x\n| time = 1:38.232\n| size = 0290\n}}\n"


@pytest.mark.parametrize("path", [*sorted(SEEDS.glob("*.md")), *corpus_files()], ids=lambda p: p.stem)
def test_reading_without_layouts_changes_no_wikitext(path) -> None:  # type: ignore[no-untyped-def]
    # The CLI skips infobox layouts when only these writers run: they must not read them.
    data = path.read_bytes()
    full, _ = convert.loads(data, str(path))
    bare, _ = convert.loads(data, str(path), layout=False)
    assert all(box.layout is None for box in bare.infoboxes)
    assert [(b.template_name, b.fields) for b in bare.infoboxes] == [(b.template_name, b.fields) for b in full.infoboxes]
    if full.infoboxes:
        assert bare != full  # the layout really was skipped
    for name in ("wikitext", "infobox"):
        writer = get_writer(name)
        assert not writer.draws_infoboxes
        assert writer.render(bare, OPTS) == writer.render(full, OPTS)


def test_layouts_are_read_when_any_writer_draws_them() -> None:
    from convert.cli import _draw_infoboxes
    from convert.writers import BUILTINS

    assert not _draw_infoboxes(["wikitext", "infobox"])
    for name in BUILTINS:  # json writes the layout; pdf, epub and docx draw it
        if name not in ("wikitext", "infobox"):
            assert _draw_infoboxes(["wikitext", name]), name


@pytest.mark.parametrize(
    ("inlines", "expected"),
    [
        ((Bold((Text("a"),)), Bold((Text("b"),))), "'''ab'''"),
        ((Italic((Text("a"),)), Italic((Text("b"),))), "''ab''"),
        ((Bold((Text("a"),)), Italic((Text("b"),))), "'''a'''''b''"),
        ((Bold((Text("a "), Italic((Text("b"),)))), Italic((Text("c"),))), "'''a ''b'''''<nowiki />''c''"),
        ((Bold((Text("x "), Bold((Text("'a'"),)), Text(" y"))),), "'''x 'a' y'''"),
        ((Bold((Text("a&"), Bold((Text("#38;"),)))),), "'''a&amp;#38;'''"),  # one text run: no &#38;
        ((Italic((Text("a "), Bold((Text("b "), Italic((Text("c"),)))))),), "''a '''b c'''''"),
        ((Bold((Italic((Text("a"),)),)),), "'''''a'''''"),
        ((Bold((Italic((Text("a"),)), Text("b"))),), "'''<nowiki />''a''b'''"),
    ],
)
def test_touching_emphasis_makes_only_runs_mediawiki_reads_as_meant(inlines: tuple[object, ...], expected: str) -> None:
    # A run of 4, 6 or 7 apostrophes shows one or two of them as text; an opening run of
    # five whose italic closes first makes mwparserfromhell run parameters together.
    assert _para(*inlines) == expected
