"""The front end: seed -> Document, checked on the seed, on real articles and on edge cases."""

from __future__ import annotations

import json

import pytest

import convert
from convert.errors import SourceError
from convert.frontend.markdown import MAX_DEPTH
from convert.model import (
    BlockQuote, Bold, BulletList, Code, CodeBlock, Document, ExternalLink, Heading, Italic, Link,
    ListItem, OrderedList, Paragraph, Table, Text, block_text, inline_text,
)
from tests.conftest import SEED, corpus_files


def _seed_doc() -> Document:
    return convert.load(SEED)


def test_seed_infobox_fields_in_source_order() -> None:
    box = _seed_doc().infoboxes[0]
    assert [f.name for f in box.fields] == [
        "conflict", "partof", "image", "caption", "date", "place", "map_size", "map_relief",
        "result", "combatant1", "combatant2", "commander1", "commander2", "units1", "units2",
        "casualties1", "casualties2", "casualties3",
    ]


def test_seed_place_links_are_placed_on_their_text() -> None:
    place = _seed_doc().infoboxes[0].get("place")
    assert place is not None
    (para,) = place.blocks
    assert isinstance(para, Paragraph)
    assert para.children == (
        Link("Al-Rastan", (Text("Rastan"),)), Text(", "),
        Link("Homs Governorate", (Text("Homs Governorate"),)), Text(", "),
        Link("Syria", (Text("Syria"),)),
    )


def test_seed_combatant2_bold_then_three_bullets() -> None:
    value = _seed_doc().infoboxes[0].get("combatant2")
    assert value is not None
    first, bullets = value.blocks
    assert first == Paragraph((Bold((Link("Syrian Arab Republic", (Text("Syrian Arab Republic"),)),)),))
    assert isinstance(bullets, BulletList) and len(bullets.items) == 3
    second = bullets.items[1].blocks[0]
    assert second == Paragraph((Link("Military Intelligence Directorate (Syria)", (Text("Security agencies"),)),))


def test_seed_scalars_stay_as_written() -> None:
    box = _seed_doc().infoboxes[0]
    relief = box.get("map_relief")
    size = box.get("map_size")
    assert relief is not None and relief.text == "yes" and relief.number is None
    assert size is not None and size.text == "290" and size.number == 290


def test_seed_metadata() -> None:
    meta = _seed_doc().meta
    assert meta.title == "Battle of Rastan (January–February 2012)"
    assert meta.source_url == "https://en.wikipedia.org/wiki/Battle_of_Rastan_(January%E2%80%93February_2012)"
    assert meta.licence == "CC BY-SA 4.0"
    assert meta.image_file == "Rebelles de Rastane (26 avril 2012).jpg"
    assert meta.lang == "en"


def test_seed_sections_and_empty_references() -> None:
    headings = [b for b in _seed_doc().body if isinstance(b, Heading)]
    assert [(h.level, h.id, h.empty) for h in headings] == [
        (2, "Battle", False), (2, "Aftermath", False), (2, "References", True),
    ]


def test_seed_model_golden(golden) -> None:  # type: ignore[no-untyped-def]
    # Pretty-printed here so the golden file diffs line by line; the writer emits compact JSON.
    doc, _ = convert.loads(SEED.read_bytes(), "seeds/battle-of-rastan.md")  # no machine path in it
    data = json.loads(convert.render(doc, "json"))
    golden("json/battle-of-rastan.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.stem)
def test_corpus_article_loads_and_round_trips(path) -> None:  # type: ignore[no-untyped-def]
    doc, _warnings = convert.loads(path.read_bytes(), str(path))
    assert doc.meta.title
    data = json.loads(json.dumps(doc.to_dict()))
    assert Document.from_dict(data) == doc


def _load_text(text: str, **options: object) -> tuple[Document, list[str]]:
    doc, warnings = convert.loads(text.encode("utf-8"), "t.md", **options)
    return doc, [str(w) for w in warnings]


YAML_TRAPS = """---
title: Traps
infoboxes:
  - flag:
      text: yes
    laptime:
      text: 1:38.232
    clock:
      text: 23:25
    date:
      text: 2012-01-29
    code:
      text: 0123
    nothing:
      text: null text
    literal_null:
      text: 'null'
    number:
      text: "1,234"
      number: 1234
---
Body.
"""


def test_yaml_1_1_traps_keep_written_text() -> None:
    doc, _ = _load_text(YAML_TRAPS)
    box = doc.infoboxes[0]
    texts = {f.name: f.value.text for f in box.fields}
    assert texts == {
        "flag": "yes", "laptime": "1:38.232", "clock": "23:25", "date": "2012-01-29", "code": "0123",
        "nothing": "null text", "literal_null": "null", "number": "1,234",
    }
    assert box.get("number").number == 1234  # type: ignore[union-attr]
    assert box.get("flag").number is None  # type: ignore[union-attr]


def test_bom_and_crlf_are_accepted() -> None:
    text = "\ufeff---\r\ntitle: CRLF\r\n---\r\n\r\nOne.\r\n\r\n## Two\r\nThree.\r\n"
    doc, _ = _load_text(text)
    assert doc.meta.title == "CRLF"
    assert [type(b).__name__ for b in doc.body] == ["Paragraph", "Heading", "Paragraph"]


def test_body_links_lists_tables_code() -> None:
    text = (
        "---\ntitle: T\n---\n"
        "See [Homs](./Homs_Governorate#History), [site](https://example.org/a?b=1) and "
        "[bad](javascript:alert(1)) or <script>x</script>.\n\n"
        "1. one\n2. two\n   * nested *it*\n\n"
        "| a | b |\n|---|--:|\n| 1 |\n\n"
        "```\ncode <b>\n```\n\n`x`\n"
    )
    doc, warnings = _load_text(text)
    para, olist, table, code, last = doc.body
    assert isinstance(para, Paragraph)
    assert Link("Homs Governorate", (Text("Homs"),), "History") in para.children
    assert ExternalLink("https://example.org/a?b=1", (Text("site"),)) in para.children
    visible = inline_text(para.children)
    assert "<script>x</script>" in visible
    assert not any(isinstance(c, (Link, ExternalLink)) and "javascript" in str(c) for c in para.children)
    assert isinstance(olist, OrderedList) and len(olist.items) == 2
    nested = olist.items[1].blocks[1]
    assert isinstance(nested, BulletList)
    assert nested.items[0].blocks[0] == Paragraph((Text("nested "), Italic((Text("it"),))))
    assert isinstance(table, Table) and table.columns == 2
    assert all(len(row) == 2 for row in table.head + table.body)
    assert table.head[0][1].align == "right"
    assert code == CodeBlock("code <b>", "")
    assert last == Paragraph((Code("x"),))


def test_duplicate_heading_ids_are_unique_and_levels_shift() -> None:
    doc, _ = _load_text("---\ntitle: T\n---\n# History\nx\n## History\ny\n# History\nz\n")
    headings = [b for b in doc.body if isinstance(b, Heading)]
    assert [h.id for h in headings] == ["History", "History_2", "History_3"]
    assert [h.level for h in headings] == [2, 3, 2]


def test_headings_without_text_are_dropped() -> None:
    doc, _ = _load_text("---\ntitle: T\n---\n## \nText.\n##\n## Real\nMore.\n")
    assert [type(b).__name__ for b in doc.body] == ["Paragraph", "Heading", "Paragraph"]


def test_infobox_image_is_a_bare_file_name() -> None:
    text = """---
title: T
infoboxes:
  - name:
      text: X
    image:
      text: https://upload.wikimedia.org/wikipedia/commons/thumb/a/ab/Big_Cat.jpg/220px-Big_Cat.jpg
  - name:
      text: Y
    image:
      text: ../../etc/passwd
---
"""
    doc, _ = _load_text(text)
    assert [box.layout.image for box in doc.infoboxes] == ["Big Cat.jpg", ""]


def test_unplaceable_link_and_span_are_kept_and_reported() -> None:
    text = """---
title: T
infoboxes:
  - name:
      text: Alpha beta
      links:
        - type: internal
          page: Gamma
      formatting:
        bold: [Delta]
---
"""
    doc, warnings = _load_text(text)
    value = doc.infoboxes[0].get("name")
    assert value is not None
    assert "Gamma" in block_text(value.blocks) and "Delta" in block_text(value.blocks)
    assert any("'name'" in w and "Gamma" in w for w in warnings)
    assert any("Delta" in w for w in warnings)
    assert all(w.startswith("t.md:") and ": warning: " in w for w in warnings)


def test_link_matching_tolerates_case_and_underscores() -> None:
    text = """---
title: T
infoboxes:
  - where:
      text: the city of new_York and paris
      links:
        - type: internal
          page: New York
        - type: internal
          page: Paris
---
"""
    doc, warnings = _load_text(text)
    value = doc.infoboxes[0].get("where")
    assert value is not None and not warnings
    links = [c for c in value.blocks[0].children if isinstance(c, Link)]  # type: ignore[union-attr]
    assert [(link.page, inline_text(link.children)) for link in links] == [("New York", "new_York"), ("Paris", "paris")]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "empty"),
        ("no front matter\n", 1, "no front matter"),
        ("---\ntitle: T\n", 1, "no closing"),
        ("---\ntitle: [unclosed\n---\n", 3, "flow sequence started on line 2"),
        ("---\n- a\n- b\n---\n", 2, "mapping"),
        ("---\ntitle: T\ninfoboxes: nope\n---\n", 3, "infoboxes"),
        ("---\ntitle: T\ninfoboxes:\n  - just text\n---\n", 4, "infobox must be a mapping"),
        ("---\ntitle: !!python/object:os.system x\n---\n", 2, "tag"),
        ("---\ndescription: no title\n---\n", 2, "no 'title'"),
        ("---\ntitle: é\ninfoboxes:\n  - name:\n      text: \"ééé \x01\"\n---\n", 5, "U+0001 is not allowed"),
    ],
)
def test_bad_input_gives_one_line_error_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(SourceError) as info:
        convert.loads(text.encode(), "bad.md")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"bad.md:{line}: error: ")
    assert fragment in message


def test_invalid_utf8_reports_its_line() -> None:
    with pytest.raises(SourceError) as info:
        convert.loads(b"---\ntitle: T\n---\nok\n\xff\xfe bad\n", "bad.md")
    assert str(info.value).startswith("bad.md:5: error: invalid UTF-8")


def test_lang_option_sets_source_url() -> None:
    doc, _ = _load_text("---\ntitle: Große Straße\n---\n", lang="de")
    assert doc.meta.source_url == "https://de.wikipedia.org/wiki/Gro%C3%9Fe_Stra%C3%9Fe"


def test_heading_ids_stay_unique_and_in_order_for_many_equal_headings() -> None:
    from convert.frontend.markdown import parse_body
    from convert.frontend.transforms import normalise_headings

    mixed = normalise_headings(parse_body("## a\n## a_3\n## a\n## a\n## a\n## a_2", lambda *_: None))
    assert [h.id for h in mixed] == ["a", "a_3", "a_2", "a_4", "a_5", "a_2_2"]  # type: ignore[union-attr]
    # 20,000 equal headings: numbered on from the last one (searching from 2 each time was
    # quadratic: 40 s here, and a 10 MiB seed can hold two million headings).
    many = normalise_headings(parse_body("\n".join(["## Same"] * 20_000), lambda *_: None))
    ids = [h.id for h in many]  # type: ignore[union-attr]
    assert ids[:3] == ["Same", "Same_2", "Same_3"] and ids[-1] == "Same_20000" and len(set(ids)) == 20_000


def test_links_named_nowhere_in_their_text_compile_no_pattern() -> None:
    # A hostile value with 20,000 links none of which is in its text: each is appended
    # with a warning, without compiling a pattern per link (that took 3 s).
    from convert.frontend import sentence

    links = "\n".join(f"        - type: internal\n          page: Page {i}" for i in range(20_000))
    data = f"---\ntitle: T\ninfoboxes:\n  - name:\n      text: x\n      links:\n{links}\n---\nbody\n".encode()
    sentence._pattern.cache_clear()
    doc, warnings = convert.loads(data, "x.md")
    assert sentence._pattern.cache_info().misses == 0
    assert len(warnings) == 20_000 and "'Page 19999') is not in the text; appended" in warnings[-1].message


def test_a_plain_line_after_a_list_item_is_a_paragraph() -> None:
    # wtf_wikipedia writes a section's paragraph right under its list; a wikitext item
    # never runs onto a second line, so the line is the paragraph, not more of the item.
    text = (
        "---\ntitle: T\n---\n"
        "### Lifeboat types\n * All weather lifeboats\n * Hovercraft: H-class\n"
        "The types of boats provided vary.\n\n"
        "1. first\n   still the first item\n2. second\n"
        "After the [list](ftp://example.org/f).\n\n"
        "* item\n```\n* not an item\ntext in code\n```\n"
    )
    doc, warnings = _load_text(text)
    blist, para, olist, after, item, code = doc.body[1:]
    assert [block_text(i.blocks) for i in blist.items] == ["All weather lifeboats", "Hovercraft: H-class"]
    assert para == Paragraph((Text("The types of boats provided vary."),))
    assert isinstance(olist, OrderedList)
    assert [block_text(i.blocks) for i in olist.items] == ["first still the first item", "second"]
    assert block_text((after,)).startswith("After the")
    assert isinstance(item, BulletList) and code == CodeBlock("* not an item\ntext in code", "")
    # Warnings still name the seed's own line (a blank line was added above this one).
    assert any(w.startswith("t.md:12: warning:") for w in warnings), warnings


@pytest.mark.parametrize("fast", [True, False])
def test_a_header_row_without_text_is_no_header(fast: bool) -> None:
    # wtf_wikipedia's pipe table for a wikitext table without a header (a colour legend).
    from convert.frontend.markdown import parse_body

    text = "|  |  |\n| --- | --- |\n|  | Nationals win |\n| Bold | Nationals team member |\n\n| a | |\n|---|---|\n| 1 | 2 |"
    legend, named = parse_body(text, lambda *_: None, fast=fast)
    assert isinstance(legend, Table) and legend.head == ()
    assert [inline_text(r[1].children) for r in legend.body] == ["Nationals win", "Nationals team member"]
    assert isinstance(named, Table) and len(named.head) == 1  # one named column is a header


def test_an_infobox_without_a_name_is_headed_by_the_article_title() -> None:
    text = (
        "---\ntitle: Allen R. Morris\ninfoboxes:\n"
        "  - birth_name:\n      text: Allen Robert Morris\n    birth_place:\n      text: Dallas\n"
        "    occupation:\n      text: Producer\n"
        "  - kanji:\n      text: 東京\n    romaji:\n      text: Tōkyō\n"
        "---\nText.\n"
    )
    doc, _ = _load_text(text)
    first, second = doc.infoboxes
    assert first.template == "person"
    assert first.layout.title is not None and first.layout.title.text == "Allen R. Morris"
    assert second.layout.title is None  # only the article's main box
    named, _ = _load_text(text.replace("  - birth_name:", "  - name:\n      text: Allen Morris\n    birth_name:"))
    assert named.infoboxes[0].layout.title.text == "Allen Morris"


def test_escaped_nul_in_front_matter_becomes_a_replacement_character() -> None:
    # A NUL byte in the file is refused; "\0" in a quoted YAML string is text, which no
    # output can carry (XML forbids it; mwparserfromhell stops reading wikitext at it).
    text = '---\ntitle: "Nul \\0 title"\ninfoboxes:\n  - "na\\0me":\n      text: "a\\0b"\n    other:\n      text: x\n---\nBody.\n'
    doc, _ = _load_text(text)
    assert "\x00" not in json.dumps(doc.to_dict(), ensure_ascii=False)
    assert doc.meta.title == "Nul \ufffd title"
    assert [(f.name, f.value.text) for f in doc.infoboxes[0].fields] == [("na\ufffdme", "a\ufffdb"), ("other", "x")]


@pytest.mark.parametrize("front", [
    "title: First\ndescription: d\ntitle: Second\n",  # the block reader's path
    "title: First  # a comment sends this to PyYAML\ndescription: d\ntitle: Second\n",
])
def test_a_key_given_twice_keeps_the_last_and_warns(front: str) -> None:
    doc, warnings = convert.loads(f"---\n{front}---\nBody.\n".encode(), "dup.md")
    assert doc.meta.title == "Second"
    assert [str(w) for w in warnings] == ["dup.md:2: warning: front matter key 'title' given again below; the last one is kept"]


def test_emphasis_inside_its_own_kind_is_not_nested() -> None:
    # 600 nested "**" (1.2 KB) made a model 600 levels deep, which the json, epub and
    # docx writers failed on with RecursionError and WeasyPrint refused.
    doc, _ = _load_text("---\ntitle: T\n---\n" + "**" * 600 + "x" + "**" * 600 + " and **a *b **c** d* e**\n")
    assert doc.body == (Paragraph((Bold((Text("x"),)), Text(" and "),
                                   Bold((Text("a "), Italic((Text("b c d"),)), Text(" e"))))),)
    for fmt in ("json", "wikitext", "docx"):
        assert convert.render(doc, fmt)


def _depth(blocks: tuple[object, ...]) -> int:
    """How many lists and quotes are nested in ``blocks`` (list items do not count)."""
    deepest = 0
    for block in blocks:
        if isinstance(block, (BulletList, OrderedList)):
            deepest = max(deepest, 1 + max((_depth(item.blocks) for item in block.items), default=0))
        elif isinstance(block, BlockQuote):
            deepest = max(deepest, 1 + _depth(block.blocks))
    return deepest


@pytest.mark.parametrize("depth", [50, 150])
def test_deep_lists_and_quotes_keep_all_their_text(depth: int) -> None:
    # markdown-it dropped what was nested past its limit, which lists reached at 50
    # levels; past MAX_DEPTH the model flattens instead, so writers need not recurse.
    lists = "".join("  " * i + f"- item{i}\n" for i in range(depth))
    quotes = "".join("> " * i + f"quote{i}\n\n" for i in range(1, depth + 1))
    doc, warnings = _load_text(f"---\ntitle: Deep\n---\n{lists}\n{quotes}")
    text = block_text(doc.body)
    assert all(f"item{i}" in text.split() for i in range(depth))
    assert all(f"quote{i}" in text.split() for i in range(1, depth + 1))
    assert _depth(doc.body) == min(depth, MAX_DEPTH + 1)
    flattened = f"t.md:{4 + MAX_DEPTH}: warning: lists or quotes nested more than {MAX_DEPTH} deep are shown at that depth"
    assert warnings == ([] if depth <= MAX_DEPTH else [flattened])
    assert convert.render(doc, "json") and convert.render(doc, "wikitext")


def test_deep_infobox_bullets_are_shown_at_the_deepest_level() -> None:
    # One "*" more on each of 1,200 lines failed the reading (RecursionError); 300 the json writer.
    text = "\\n".join("*" * (i + 1) + f" v{i}" for i in range(1200))
    doc, warnings = _load_text(f'---\ntitle: T\ninfoboxes:\n  - name:\n      text: "{text}"\n---\nBody.\n')
    value = doc.infoboxes[0].fields[0].value
    assert _depth(value.blocks) == MAX_DEPTH
    assert block_text(value.blocks).split() == [f"v{i}" for i in range(1200)]
    assert warnings == [f"t.md:4: warning: field 'name': bullets nested more than {MAX_DEPTH} deep are shown at that depth"]
    assert convert.render(doc, "json") and convert.render(doc, "wikitext")


def test_json_escaped_surrogate_pairs_are_one_character(monkeypatch: pytest.MonkeyPatch) -> None:
    # json.dumps writes an emoji as "\ud83d\ude00"; YAML 1.2 reads JSON, libyaml refused it.
    text = ('---\ntitle: "Smile \\ud83d\\ude00"\ndescription: \'kept \\ud83d\\ude00\'\nauthor: "not \\\\ud83d\\\\ude00"\n'
            'infoboxes:\n  - "\\ud83d\\ude01 key":\n      text: x\n---\nB.\n')
    doc, _ = _load_text(text)
    assert (doc.meta.title, doc.meta.description, doc.meta.author) == (
        "Smile \U0001F600", "kept \\ud83d\\ude00", "not \\ud83d\\ude00")
    assert doc.infoboxes[0].fields[0].name == "\U0001F601 key"
    with pytest.raises(SourceError, match=r"^t.md:3: error: .*invalid Unicode character escape"):
        _load_text('---\ntitle: "Smile \\ud83d\\ude00"\ndescription: "half \\ud83d"\n---\nB.\n')
    # PyYAML's pure-Python reader (where libyaml is missing) decodes each half alone.
    import convert.frontend.yaml.full as yamlfull

    monkeypatch.setattr(yamlfull, "_LOADER", yamlfull._PyLoader)
    doc, _ = _load_text(text)
    assert doc.meta.title == "Smile \U0001F600" and doc.infoboxes[0].fields[0].name == "\U0001F601 key"
    with pytest.raises(SourceError, match=r"^t.md:3: error: .*invalid Unicode character escape"):
        _load_text('---\ntitle: "Smile \\ud83d\\ude00"\ndescription: "half \\ud83d"\n---\nB.\n')


def test_headings_inside_lists_and_quotes_are_bold_text_not_sections() -> None:
    # No section starts inside a list or quote; as headings they had no id, and the EPUB
    # writer gave each the bare id prefix: duplicate ids epubcheck refused. ("- " items: in
    # the seed's own "* " items, "# x" is the item's text, see convert.frontend.seedlines.)
    doc, _ = _load_text("---\ntitle: T\n---\n## Real\n\n- # In a list\n\n> ## In a quote\n")
    assert doc.body == (
        Heading(2, "Real", (Text("Real"),)),
        BulletList((ListItem((Paragraph((Bold((Text("In a list"),)),)),)),)),
        BlockQuote((Paragraph((Bold((Text("In a quote"),)),)),)),
    )


def test_aliases_that_expand_to_too_much_text_are_refused() -> None:
    # 3,000 aliases of a 100 KB string (112 KB of YAML, far under the node limit) made a
    # 1.2 GB JSON file in 10 GB of memory.
    aliases = ", ".join(["*a"] * 3000)
    text = f'---\ntitle: A\nextra: &a "{"x" * 100_000}"\ninfoboxes:\n  - list: [{aliases}]\n---\nB\n'
    with pytest.raises(SourceError, match=r"^t.md:3: error: front matter expands to more than 10,485,760 characters"):
        _load_text(text)
    few = '---\ntitle: &t A title\ndescription: *t\ninfoboxes:\n  - name: {text: *t}\n---\nB\n'
    assert _load_text(few)[0].meta.description == "A title"  # ordinary anchors still work


def test_reference_links_cannot_multiply_the_article() -> None:
    # One 100 KB URL used 2,000 times (114 KB of Markdown) made a 200 MB JSON file.
    url = "http://e.org/" + "a" * 100_000
    doc, warnings = _load_text(f"---\ntitle: R\n---\n[r]: {url}\n\n" + "[x][r] " * 2000 + "\n\n![img][r]\n")
    assert len(convert.render(doc, "json")) < 20 * 1024 * 1024
    assert len([w for w in warnings if "targets repeat more text than the article holds" in w]) == 1
    assert block_text(doc.body).split() == ["x"] * 2000 + ["img"]  # the text stays
    doc, warnings = _load_text("---\ntitle: R\n---\n[r]: http://e.org/page\n\n" + "[x][r] " * 2000 + "\n")
    assert not warnings and sum(isinstance(n, ExternalLink) for n in doc.body[0].children) == 2000  # type: ignore[union-attr]


def test_only_http_urls_and_file_names_name_an_image() -> None:
    # "javascript:alert(1)" became the file "alert(1)" and a data: URL "png;base64,...":
    # the wikitext showed [[File:alert(1)|thumb]], writers looked them up in --images.
    text = ("---\ntitle: T\nimg: \"javascript:alert(1)\"\n---\n![b](data:image/png;base64,AAAA)\n\n"
            "![m](mailto:a@b.c)\n\n![w](Foo_bar.jpg)\n\n![u](https://upload.wikimedia.org/a/ab/Real.jpg)\n")
    doc, _ = _load_text(text)
    assert doc.meta.image_file == ""
    assert [b.file for b in doc.body] == ["", "", "Foo bar.jpg", "Real.jpg"]  # type: ignore[union-attr]
    assert "alert" not in convert.render(doc, "wikitext").decode()


@pytest.mark.parametrize("target, why", [
    ("./a|b", "contains a character not allowed in page titles"),
    ("<a]]b>", "contains a character not allowed in page titles"),
    ("../up", "is a relative path"),
    ("x" * 300, "is longer than 255 bytes"),
])
def test_a_body_link_to_no_possible_page_is_text_with_a_warning_at_its_line(target: str, why: str) -> None:
    doc, warnings = _load_text(f"---\ntitle: T\n---\n\nIntro.\n\nSee [the text]({target}) here.\n")
    para = doc.body[-1]
    assert para == Paragraph((Text("See the text here."),))
    assert any(w.startswith("t.md:7: warning: link target") and why in w for w in warnings), warnings


def test_an_infobox_link_to_no_possible_page_is_text_with_a_warning() -> None:
    text = ("---\ntitle: T\ninfoboxes:\n  - place:\n      text: Up there\n      links:\n"
            "        - type: internal\n          page: ../Up there\n---\nB\n")
    doc, warnings = _load_text(text)
    value = doc.infoboxes[0].fields[0].value
    assert value.blocks == (Paragraph((Text("Up there"),)),)
    assert any("is a relative path" in w for w in warnings), warnings
