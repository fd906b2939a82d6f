"""Wikitext read back through a real parser (mwparserfromhell).

For the seed, real articles and hypothesis-made hostile values, the parsed infobox has the
template name and parameter names of the model, each value shows exactly the model's text,
and every link has the model's target and text; the article body shows the model's text.

"Shows" is mwparserfromhell's ``strip_code()`` made exact (see :func:`visible`):

* ``{{!}}`` and ``{{=}}`` are the characters they stand for (MediaWiki expands them);
* ``<br />`` is a line break; list markers (``*``, ``#``, ``:``) are not text;
* ``<nowiki>``/``<pre>`` contents and character references are decoded (as MediaWiki does);
* a link shows its text, or its target without the leading ``:``;
* lines are compared without their surrounding blanks (MediaWiki trims parameter values
  and list items, and HTML does not show them), empty lines dropped; on the model side a
  value's ``*`` line markers are removed (the writer puts them back as list markup).
"""

from __future__ import annotations

import html.entities
import os
import re
from typing import Iterator
from urllib.parse import unquote

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import (
    Comment, ExternalLink as WExternalLink, Heading as WHeading, HTMLEntity, Tag, Template,
    Text as WText, Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

import convert
from convert.frontend.sentence import LinkSpec, build_value
from convert.model import (
    Block, BlockQuote, BulletList, Code, CodeBlock, Document, ExternalLink, FieldValue, Heading,
    HorizontalRule, Infobox, InfoboxField, InfoboxLayout, Inline, Link, ListItem, Metadata,
    OrderedList, Paragraph, Table, TableCell, inline_text,
)
from convert.wiki import FILE_NAMESPACES, bare_title, interlanguage_links, interwiki, title_key
from convert.writers import WriteOptions
from convert.writers.wikitext.writer import render_article, render_infoboxes
from convert.writers.wikitext.escape import WHOLE_URL, title_problem
from tests.conftest import SEED, SEEDS, corpus_files

_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MODEL_BULLET = re.compile(r"^[ \t]*\*+[ \t]*")


def decode_entities(s: str) -> str:
    """Decode character references the way MediaWiki does (only well-formed ones)."""

    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref.startswith(("#x", "#X")):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return html.entities.html5.get(ref + ";", m.group(0))

    return _ENTITY.sub(one, s)


def visible(code: Wikicode) -> str:
    """The text a reader sees in ``code`` (see the module docstring)."""
    out: list[str] = []
    for node in code.nodes:
        if isinstance(node, WText):
            out.append(node.value)
        elif isinstance(node, HTMLEntity):
            out.append(node.normalize())
        elif isinstance(node, Wikilink):
            out.append(visible(node.text) if node.text is not None else visible(node.title).lstrip(":"))
        elif isinstance(node, WExternalLink):
            out.append(visible(node.title) if node.title is not None else str(node.url))
        elif isinstance(node, Tag):
            out.append(_tag_text(node))
        elif isinstance(node, Template):
            name = str(node.name).strip()
            assert name in ("!", "="), f"unexpected template {node} in text"
            out.append("|" if name == "!" else "=")
        elif isinstance(node, WHeading):
            out.append(visible(node.title) + "\n")
        elif isinstance(node, Comment):
            raise AssertionError(f"comment in output: {node}")
        else:
            raise AssertionError(f"unexpected node {type(node).__name__}: {node}")
    return "".join(out)


def _tag_text(node: Tag) -> str:
    tag = str(node.tag).strip().lower()
    if tag == "br":
        return "\n"
    if tag in ("nowiki", "pre", "syntaxhighlight"):
        raw = str(node.contents) if node.contents is not None else ""
        return raw if tag == "syntaxhighlight" else decode_entities(raw)
    if node.wiki_markup and tag in ("li", "dt", "dd", "hr"):
        return ""
    if tag in ("td", "th"):
        return " " + visible(node.contents).strip() + " " if node.contents is not None else " "
    if tag in ("tr", "table"):
        rows = visible(node.contents) if node.contents is not None else ""
        return "\n" + rows + "\n"
    return visible(node.contents) if node.contents is not None else ""


def norm_lines(s: str) -> list[str]:
    """Lines without surrounding blanks; empty lines dropped."""
    return [line.strip() for line in s.split("\n") if line.strip()]


def model_value_lines(text: str) -> list[str]:
    """The model's value text as the reader sees it: ``*`` markers are list markup, and a
    line that is a whole file link left by wtf_wikipedia is that file link again (issue 18),
    which mwparserfromhell shows as its target."""
    from convert.frontend.inlinehtml import resolve
    from convert.frontend.leftovers import file_image

    lines = [_MODEL_BULLET.sub("", line) for line in text.split("\n")]
    lines = [f"{picture.namespace}:{picture.file}" if (picture := file_image(line)) else line for line in lines]
    # (Inline HTML left in the value is read as tests/test_leftover_html.py says.)
    lines = [inline_text(resolve((convert.model.Text(line),), 0, lambda *_: None)) for line in lines]
    return norm_lines("\n".join(lines))


def is_file_link(link: Wikilink) -> bool:
    """Whether ``link`` is a file link (``[[File:X]]``, ``[[Datei:X|90px]]``): a picture."""
    head, colon, _ = str(link.title).partition(":")
    return bool(colon) and head.strip().casefold() in FILE_NAMESPACES


def files_as_titles(code: Wikicode) -> Wikicode:
    """``code`` with each file link as its title (what the model's value text names)."""
    for link in code.filter_wikilinks(recursive=False):
        if is_file_link(link):
            code.replace(link, str(link.title).strip())
    return code


def model_links(blocks: tuple[Block, ...] | tuple[Inline, ...], lang: str = "en") -> Iterator[tuple[str, str, str]]:
    """``(kind, target, text)`` of every link in the model, in document order (a sister
    project's page is the interwiki link editors write, ``[[wikt:x|x]]``)."""
    languages = interlanguage_links(blocks, lang)  # type: ignore[arg-type]  # (blocks: none)
    for index, node in enumerate(blocks):
        if index in languages:  # an interlanguage link again, "[[zh:杨吴|杨吴]]"
            yield "internal", title_key(languages[index]), inline_text(node.children)  # type: ignore[union-attr]
            continue
        if isinstance(node, (Link, ExternalLink)) and not_linkable(node):
            yield from model_links(node.children, lang)  # written as its text, with a warning
            continue
        sister = interwiki(node.url, lang) if isinstance(node, ExternalLink) else None
        if sister is not None:
            prefix, page, anchor = sister
            yield "internal", title_key(f"{prefix}:{page}") + ("#" + anchor if anchor else ""), inline_text(node.children) or f"{prefix}:{page}"  # type: ignore[union-attr]
        elif isinstance(node, Link):
            yield "internal", title_key(bare_title(node.page)) + ("#" + node.anchor if node.anchor else ""), inline_text(node.children) or node.page
        elif isinstance(node, ExternalLink):
            yield "external", node.url, inline_text(node.children) or node.url
        for name in ("children", "blocks", "items", "caption"):
            kids = getattr(node, name, None)
            if isinstance(kids, tuple):
                yield from model_links(kids, lang)
        if isinstance(node, Table):
            for row in node.head + node.body:
                for cell in row:
                    yield from model_links(cell.children, lang)


def not_linkable(node: Link | ExternalLink) -> bool:
    """Links the writer documents as written as plain text (and warns about): blank text,
    or a target MediaWiki cannot have (``title_problem``)."""
    if node.children and not inline_text(node.children).strip():
        return True
    if isinstance(node, Link):
        page = bare_title(node.page)
        return (not page and not node.anchor) or bool(page and title_problem(page))
    return False


def parsed_links(code: Wikicode) -> list[tuple[str, str, str]]:
    """``(kind, target, text)`` of every link mwparserfromhell finds, in document order."""
    found: list[tuple[str, str, str]] = []
    for node in code.nodes:
        if isinstance(node, Wikilink):
            target = visible(node.title).lstrip(":")
            target = unquote(target) if "%" in target else target
            page, _, anchor = target.partition("#")
            shown = visible(node.text) if node.text is not None else visible(node.title).lstrip(":")
            key = (title_key(page) if page else "") + ("#" + " ".join(anchor.split()) if anchor else "")
            found.append(("internal", key, shown))
        elif isinstance(node, WExternalLink):
            shown = visible(node.title) if node.title is not None else str(node.url)
            found.append(("external", unquote(decode_entities(str(node.url))), shown))
        elif isinstance(node, Tag) and node.contents is not None:
            found.extend(parsed_links(node.contents))
        elif isinstance(node, WHeading):
            found.extend(parsed_links(node.title))
    return found


def _model_link_key(link: tuple[str, str, str]) -> tuple[str, str, str]:
    kind, target, shown = link
    if kind == "external":
        return kind, unquote(target), shown
    page, _, anchor = target.partition("#")
    return kind, page + ("#" + " ".join(anchor.split()) if anchor else ""), shown


def check_infobox(box: Infobox, template: Template, lang: str = "en") -> None:
    """The parsed ``template`` is ``box``: name, parameter names, values and links."""
    assert str(template.name).strip() == box.template_name
    names = [visible(p.name).strip() for p in template.params]
    assert names == [f.name for f in box.fields]
    assert all(p.showkey for p in template.params)
    for param, fld in zip(template.params, box.fields):
        # (A file link shows a picture, no link: as in the body, see check_article.)
        value = files_as_titles(mwparserfromhell.parse(str(param.value)))
        assert norm_lines(visible(value)) == model_value_lines(fld.value.text), fld.name
        expected = [_model_link_key(x) for x in model_links(fld.value.blocks, lang)]
        found = parsed_links(value)
        if WHOLE_URL.fullmatch(fld.value.text.strip()):
            # A value that is just a URL stays a URL (templates use it as one), which
            # MediaWiki shows as a link to itself.
            found = [x for x in found if x != ("external", fld.value.text.strip(), fld.value.text.strip())]
        assert [(k, t, norm(s)) for k, t, s in found] == [(k, t, norm(s)) for k, t, s in expected], fld.name


def norm(s: str) -> str:
    return " ".join(s.split())


def body_lines(blocks: tuple[Block, ...]) -> list[str]:
    """The model's body as lines a reader sees (paragraphs, items, headings, table rows)."""
    lines: list[str] = []
    for node in blocks:
        if isinstance(node, (Heading, Paragraph)):
            lines.extend(inline_text(node.children).split("\n"))
        elif isinstance(node, (BulletList, OrderedList)):
            for item in node.items:
                lines.extend(body_lines(item.blocks))
        elif isinstance(node, (ListItem, BlockQuote)):
            lines.extend(body_lines(node.blocks))
        elif isinstance(node, Table):
            for row in node.head + node.body:
                lines.append(" ".join(inline_text(c.children) for c in row))
        else:
            lines.extend(convert.model.block_text((node,)).split("\n"))
    return [norm(x) for x in lines if x.strip()]


def check_article(doc: Document, wikitext: str) -> None:
    """The whole article: short description, infoboxes, body text and body links."""
    code = mwparserfromhell.parse(wikitext)
    top = [t for t in code.filter_templates(recursive=False)]
    names = [str(t.name).strip() for t in top]
    expected_names = (["Short description"] if doc.meta.short_description else []) + [b.template_name for b in doc.infoboxes]
    assert names[: len(expected_names)] == expected_names
    if doc.meta.short_description:
        assert norm(visible(top[0].params[0].value)) == doc.meta.short_description
    for box, tpl in zip(doc.infoboxes, top[len(expected_names) - len(doc.infoboxes):]):
        check_infobox(box, tpl, doc.meta.lang)
    for tpl in top:
        code.remove(tpl)
    for link in code.filter_wikilinks(recursive=False):
        if is_file_link(link):
            code.remove(link)
    shown = [norm(x) for x in visible(code).split("\n") if x.strip()]
    expected = body_lines(doc.body)
    # (The writer adds no section: the reflist goes into the article's own, as a template.)
    assert shown == expected
    links = parsed_links(code)
    assert [(k, t, norm(s)) for k, t, s in links] == [(k, t, norm(s)) for k, t, s in map(_model_link_key, model_links(doc.body, doc.meta.lang))]


OPTIONS = WriteOptions()


def test_seed_round_trips() -> None:
    doc = convert.load(SEED)
    check_article(doc, render_article(doc, OPTIONS).text)
    box = mwparserfromhell.parse(render_infoboxes(doc, OPTIONS).text).filter_templates(recursive=False)
    assert len(box) == 1
    check_infobox(doc.infoboxes[0], box[0])


@pytest.mark.parametrize("path", [*sorted(SEEDS.glob("*.md")), *corpus_files()], ids=lambda p: p.stem)
def test_real_articles_round_trip(path) -> None:  # type: ignore[no-untyped-def]
    doc = convert.load(path)
    check_article(doc, render_article(doc, OPTIONS).text)
    check_article(doc, render_article(doc, WriteOptions(align=False)).text)


@pytest.mark.parametrize("body", [
    "**a**__b__, *a*_b_ and ***a***_b_",  # emphasis after emphasis of the same kind
    "**a *b***_c_ and *a **b***__c__",  # bold closing with an italic, then another italic
    "**a **b** c** and *a _b_ c* and __**x**__",  # emphasis inside emphasis of its kind
])
def test_touching_emphasis_round_trips(body: str) -> None:
    # MediaWiki reads a run of apostrophes whole: four or six in a row show a quote.
    doc, _ = convert.loads(f"---\ntitle: T\n---\n{body}\n".encode(), "t.md")
    check_article(doc, render_article(doc, OPTIONS).text)


def test_headings_and_rules_inside_list_items_are_not_shown_as_markup() -> None:
    # After "*: ", "== x ==" and "----" are plain text to MediaWiki.
    body = "* # Heading in a list\n* ---\n* item\n\n  ---\n\n  ## Sub\n\n1. ## Numbered\n"
    doc, _ = convert.loads(f"---\ntitle: T\n---\n{body}".encode(), "t.md")
    text = render_article(doc, OPTIONS).text
    check_article(doc, text)
    assert "----" not in text and "==" not in text.split("== References ==")[0]


def test_bold_opening_with_an_italic_keeps_the_next_parameters() -> None:
    value = build_value("ab", [], ["ab"], ["a"], None, lambda message: None)  # bold(italic(a) b)
    box = _box([InfoboxField("one", value), InfoboxField("two", value)])
    code = mwparserfromhell.parse(render_infoboxes(Document(Metadata(title="T"), (box,), ()), OPTIONS).text)
    check_infobox(box, code.filter_templates(recursive=False)[0])


def test_page_ending_in_an_ampersand_keeps_its_section() -> None:
    # "AT&" + "#x41;" must not meet as the character reference "&#x41;".
    value = build_value("AT&T", [LinkSpec("AT&T", page="AT&", anchor="x41;")], [], [], None, lambda m: None)
    box = _box([InfoboxField("owner", value)])
    code = mwparserfromhell.parse(render_infoboxes(Document(Metadata(title="T"), (box,), ()), OPTIONS).text)
    check_infobox(box, code.filter_templates(recursive=False)[0])


@pytest.mark.parametrize("name", ["''", "'''", "x''y", "owner's"])
def test_parameter_names_with_apostrophes_stay_names(name: str) -> None:
    # "| '' = ''x''": the name's quotes must not open an italic that swallows the "=".
    value = build_value("x", [], [], ["x"], None, lambda message: None)
    box = _box([InfoboxField(name, value), InfoboxField("b", value)])
    code = mwparserfromhell.parse(render_infoboxes(Document(Metadata(title="T"), (box,), ()), OPTIONS).text)
    check_infobox(box, code.filter_templates(recursive=False)[0])


# --------------------------------------------------------------------------- hostile values

HOSTILE = [
    "|", "=", "{{", "}}", "{{{", "[[", "]]", "[", "]", "{", "}", "''", "'''", "'", "<ref>", "</ref>",
    "<nowiki>", "</nowiki>", "<!--", "-->", "&amp;", "&", "&#124;", "\n", "\n*", "\n#", "\n:",
    "\n;", "\n=", "\n ", "\n----", "\n{|", "*", "#", ":", ";", "\u200f", "\u202e", "\u200e", "~~~",
    "~~~~", "__TOC__", "__notoc__", "http://example.org/a_b", "mailto:a@b.org", "//x.org",
    "ISBN 0-12-345678-9", "RFC 1234", "PMID 42", "||", "!!", "-{", "}-", "{|", "|}", "|-", " ",
    "\t", "%20", "_", "<br />", "<b>", "[http://x.org y]", "{{!}}", "يد", "ש",
]
# More examples for a local bug hunt: WIKITEXT_EXAMPLES=5000 pytest tests/test_wikitext_roundtrip.py
EXAMPLES = int(os.environ.get("WIKITEXT_EXAMPLES", "200"))
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffd")
TEXTS = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(_CHARS, max_size=6)), max_size=10).map("".join)
PAGES = st.lists(
    st.one_of(st.sampled_from(["Category:", "File:", "de:", "/", ":", "''", "~~~", "&amp;", "%41", "__TOC__", "http://", "a b", "É"]),
              st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="#<>[]{}|\ufffd"), max_size=6)),
    min_size=1, max_size=4,
).map(lambda parts: " ".join("".join(parts).replace("_", " ").split())).filter(lambda p: p.strip(":") != "")
NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def field_values(draw: st.DrawFn) -> FieldValue:
    """A sentence: hostile text with links and bold/italic placed on pieces of it."""
    text = draw(TEXTS)
    lines = text.split("\n")
    links: list[LinkSpec] = []
    bold: list[str] = []
    italic: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        line = draw(st.sampled_from(lines))
        if not line.strip():
            continue
        i = draw(st.integers(0, len(line) - 1))
        j = draw(st.integers(i + 1, len(line)))
        piece = line[i:j]
        if not piece.strip():
            continue
        kind = draw(st.sampled_from(["internal", "anchor", "external", "bold", "italic"]))
        if kind == "bold":
            bold.append(piece)
        elif kind == "italic":
            italic.append(piece)
        elif kind == "external":
            links.append(LinkSpec(display=piece, url="https://example.org/" + draw(st.sampled_from(["", "a?b=1&c=2", "x''y", "p|q", "~~~", "%7C"]))))
        else:
            anchor = draw(TEXTS.map(lambda a: " ".join(a.split()) or None)) if kind == "anchor" else None
            links.append(LinkSpec(display=piece, page=draw(PAGES), anchor=anchor))
    warnings: list[str] = []
    value = build_value(text, links, bold, italic, None, warnings.append)
    assume(not warnings)  # every link and span placed: the value's text is its whole truth
    return value


def _all_links(nodes: tuple[object, ...]) -> Iterator[Link | ExternalLink]:
    for node in nodes:
        if isinstance(node, (Link, ExternalLink)):
            yield node
        for name in ("children", "blocks", "items"):
            kids = getattr(node, name, None)
            if isinstance(kids, tuple):
                yield from _all_links(kids)


def _box(fields: list[InfoboxField]) -> Infobox:
    layout = InfoboxLayout(title=None, subtitle=None, image="", caption=None, rows=())
    return Infobox(tuple(fields), "military conflict", "Infobox military conflict", 1.0, layout)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.tuples(NAMES, field_values()), min_size=1, max_size=4, unique_by=lambda x: x[0]), st.booleans())
def test_hostile_infobox_values_round_trip(pairs: list[tuple[str, FieldValue]], align: bool) -> None:
    box = _box([InfoboxField(name, value) for name, value in pairs])
    doc = Document(Metadata(title="T"), (box,), ())
    rendered = render_infoboxes(doc, WriteOptions(align=align))
    out = rendered.text
    unlinked = [n for f in box.fields for n in _all_links(f.value.blocks) if not_linkable(n)]
    assert len([w for w in rendered.warnings if "plain text" in w.message]) >= len(unlinked)
    templates = mwparserfromhell.parse(out).filter_templates(recursive=False)
    assert len(templates) == 1, out
    check_infobox(box, templates[0])


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(field_values(), min_size=1, max_size=4), TEXTS, TEXTS)
def test_hostile_article_round_trips(values: list[FieldValue], heading: str, description: str) -> None:
    body: list[Block] = []
    for value in values:
        body.append(Heading(2, "h", (convert.model.Text(heading.replace("\n", " ") or "x"),)))
        body.extend(value.blocks)
    doc = Document(Metadata(title="T", short_description=" ".join(description.split())), (), tuple(body))
    check_article(doc, render_article(doc, OPTIONS).text)


LINE_TEXTS = TEXTS.map(lambda t: " ".join(t.split("\n")))


@st.composite
def body_blocks(draw: st.DrawFn) -> list[Block]:
    """Hostile text in every block kind the body can hold (images are checked by unit tests)."""
    kind = draw(st.sampled_from(["value", "table", "quote", "code", "ordered", "inline code", "item blocks"]))
    if kind == "value":
        return list(draw(field_values()).blocks)
    if kind == "table":
        cells = st.tuples(LINE_TEXTS, st.sampled_from(["", "left", "center", "right"])).map(
            lambda t: TableCell((convert.model.Text(t[0]),), t[1]))
        head = draw(st.lists(cells, min_size=2, max_size=2))
        body = draw(st.lists(st.lists(cells, min_size=2, max_size=2).map(tuple), max_size=3))
        return [Table((tuple(head),), tuple(body), 2)]
    if kind == "quote":
        return [BlockQuote(tuple(b for b in draw(field_values()).blocks))]
    if kind == "code":
        text = draw(TEXTS).strip("\n") or "x"
        return [CodeBlock(text, draw(st.sampled_from(["", "python", "c++", "a b", '"x'])))]
    if kind == "item blocks":  # what Markdown can put in an item: "* # Title", "* ---"
        text = draw(LINE_TEXTS) or "x"
        inner = [Heading(2, "", (convert.model.Text(text),)), HorizontalRule(), Paragraph((convert.model.Text(text),))]
        order = draw(st.permutations(inner))
        return [draw(st.sampled_from([BulletList, OrderedList]))((ListItem(tuple(order)),))]
    if kind == "ordered":
        items = tuple(ListItem((Paragraph((convert.model.Text(t or "x"),)),)) for t in draw(st.lists(LINE_TEXTS, min_size=1, max_size=3)))
        return [OrderedList(items, draw(st.integers(0, 5)))]
    return [Paragraph((convert.model.Text("a "), Code(draw(LINE_TEXTS) or "x"), convert.model.Text(" b")))]


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(body_blocks(), min_size=1, max_size=4))
def test_hostile_blocks_round_trip(groups: list[list[Block]]) -> None:
    body = [Heading(2, "s", (convert.model.Text("Section"),))]
    for group in groups:
        body.extend(group)
    doc = Document(Metadata(title="T"), (), tuple(body))
    check_article(doc, render_article(doc, OPTIONS).text)
