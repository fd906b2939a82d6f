"""How the seed's Markdown body is written (wtf-plugin-markdown), read once in the front end
for every writer (issue 18, held-out fidelity). Each test is a seed convention, with seeds
written here; wikitext is read back with mwparserfromhell where the links matter.
"""

from __future__ import annotations

import time

import mwparserfromhell
import pytest

import convert
from convert.frontend.nestedlinks import unnest_links
from convert.model import Document, ExternalLink, Link, Paragraph, inline_text
from convert.writers import WriteOptions
from convert.writers.wikitext.writer import render_article


def _load(body: str, front: str = "title: T\n") -> tuple[Document, list[str]]:
    doc, warnings = convert.loads(f"---\n{front}---\n{body}".encode(), "a.md")
    return doc, [str(w) for w in warnings]


def _wiki(doc: Document) -> str:
    return render_article(doc, WriteOptions()).text


def _links(doc: Document) -> list[tuple[str, str]]:
    """(target, text) of every link of the body's paragraphs, in order."""
    out: list[tuple[str, str]] = []

    def walk(nodes: tuple[object, ...]) -> None:
        for node in nodes:
            if isinstance(node, Link):
                out.append((node.page, inline_text(node.children)))
            elif isinstance(node, ExternalLink):
                out.append((node.url, inline_text(node.children)))
            walk(getattr(node, "children", ()))

    for block in doc.body:
        if isinstance(block, Paragraph):
            walk(block.children)
    return out


def _wiki_links(doc: Document) -> list[tuple[str, str]]:
    """(target, text) of the wikitext's links, read back; a title's first letter as MediaWiki
    reads it (upper case)."""
    code = mwparserfromhell.parse(_wiki(doc))
    return [(str(l.title)[:1].upper() + str(l.title)[1:], str(l.text) if l.text is not None else str(l.title))
            for l in code.filter_wikilinks()]


def _text(doc: Document) -> str:
    return " ".join(inline_text(b.children) for b in doc.body if isinstance(b, Paragraph))


# ------------------------------------------------------------------ nested links (smartReplace)


def test_a_link_written_in_a_links_text_goes_on_the_next_occurrence_of_its_text() -> None:
    doc, warnings = _load("A [[single-decker](./Single-decker_bus) bus](./Single-decker_bus) "
                          "and a single-decker coach.\n")
    assert _links(doc) == [("Single-decker bus", "single-decker bus"), ("Single-decker bus", "single-decker")]
    assert _text(doc) == "A single-decker bus and a single-decker coach."
    assert _wiki_links(doc) == [("Single-decker bus", "single-decker bus"), ("Single-decker bus", "single-decker")]
    assert not warnings


def test_same_text_twice_and_three_deep() -> None:
    doc, _ = _load("The [[[*Coyote Ugly*](./Coyote_Ugly_(film))](./Coyote_Ugly_Saloon) Saloon](./Coyote_Ugly_Saloon), "
                   "the first Coyote Ugly bar, the film Coyote Ugly (2000).\n")
    assert _links(doc) == [("Coyote Ugly Saloon", "Coyote Ugly Saloon"), ("Coyote Ugly Saloon", "Coyote Ugly"),
                           ("Coyote Ugly (film)", "Coyote Ugly")]
    assert "[" not in _text(doc) and "](" not in _wiki(doc).replace("[[", "").replace("]]", "")


def test_a_link_written_in_a_links_target_goes_on_the_next_occurrence() -> None:
    doc, warnings = _load("It built [Roadblock](./Roadblock_([robot](./Robot))), a robot which won. "
                          "A [Mexican](./[Mexico](./Mexico)) firm of Mexico.\n")
    assert _links(doc) == [("Roadblock (robot)", "Roadblock"), ("Robot", "robot"), ("Mexico", "Mexican"),
                           ("Mexico", "Mexico")]
    assert _text(doc) == "It built Roadblock, a robot which won. A Mexican firm of Mexico."
    assert not warnings


def test_a_nested_link_whose_text_does_not_come_again_is_warned_never_debris() -> None:
    doc, warnings = _load("Godwin and an early [[Edmund Burke](./Edmund_Burke)](./Edmund_Burke).\n\n"
                          "Edmund Burke again, in another paragraph.\n")
    assert _links(doc) == [("Edmund Burke", "Edmund Burke")]
    assert _text(doc).startswith("Godwin and an early Edmund Burke.")
    assert len(warnings) == 1 and "a.md:4:" in warnings[0] and "Edmund_Burke" in warnings[0]


def test_a_table_cells_nested_link_stays_in_its_cell() -> None:
    doc, warnings = _load("| a              | b              |\n| --- | --- |\n"
                          "| [[x](./X)](./Y) | x              |\n")
    assert "[" not in _wiki(doc).split("{|")[1].replace("[[", "").replace("]]", "")
    assert len(warnings) == 1 and "inside another link" in warnings[0]


def test_nested_links_in_code_stay_as_written() -> None:
    doc, warnings = _load("```\n[[T](./B)](./A)\n```\n")
    assert doc.body[0].text == "[[T](./B)](./A)"  # type: ignore[attr-defined]
    assert not warnings


# ------------------------------------------------------------------ image lines (section images)

SECTION_IMAGES = ("## History\n"
                  "![Ancient Stone Cross - geograph.org.uk - 757140](https://wikipedia.org/wiki/Special:Redirect/"
                  "file/Ancient_Stone_Cross.jpg?width=300)\n"
                  "![Berry Tower](https://wikipedia.org/wiki/Special:Redirect/file/Berry_Tower.jpg?width=300)\n"
                  "[St. Petroc](./Saint_Petroc) founded a monastery in Bodmin.\n")


def test_image_lines_right_above_the_text_are_block_images() -> None:
    doc, warnings = _load(SECTION_IMAGES)
    kinds = [type(b).__name__ for b in doc.body]
    assert kinds == ["Heading", "Image", "Image", "Paragraph"]
    assert [b.file for b in doc.body[1:3]] == ["Ancient Stone Cross.jpg", "Berry Tower.jpg"]  # type: ignore[union-attr]
    assert _text(doc) == "St. Petroc founded a monastery in Bodmin."
    assert not warnings


def test_image_lines_are_file_links_in_wikitext_and_no_body_text() -> None:
    doc, _ = _load(SECTION_IMAGES)
    code = mwparserfromhell.parse(_wiki(doc))
    files = [str(l.title) for l in code.filter_wikilinks() if str(l.title).startswith("File:")]
    assert files == ["File:Ancient Stone Cross.jpg", "File:Berry Tower.jpg"]
    assert "thumb" in _wiki(doc)
    prose = [line for line in _wiki(doc).splitlines() if line and not line.startswith(("[[File:", "=="))]
    assert prose == ["[[Saint Petroc|St. Petroc]] founded a monastery in Bodmin."]


def test_an_image_inside_a_line_of_text_stays_inline() -> None:
    doc, _ = _load("Text with ![an icon](https://x.org/I.png) inside.\n![B](https://x.org/B.png)\nMore text.\n")
    kinds = [type(b).__name__ for b in doc.body]
    assert kinds == ["Paragraph", "Image", "Paragraph"]
    assert _text(doc) == "Text with an icon inside. More text."


# ------------------------------------------------------------------ blanks and emphasis in links


def test_blanks_at_the_edges_of_a_link_text_are_outside_the_link() -> None:
    doc, warnings = _load("It occurs with[ prion proteins](./Prion), the [Creutzfeldt ](./CJD)disease.\n")
    assert _links(doc) == [("Prion", "prion proteins"), ("CJD", "Creutzfeldt")]
    assert _text(doc) == "It occurs with prion proteins, the Creutzfeldt disease."
    assert "with [[Prion|prion proteins]]" in _wiki(doc)
    assert not warnings


def test_a_blank_only_link_text_is_left_to_the_writers() -> None:
    doc, _ = _load("a [  ](./X) b\n")
    assert _links(doc) == [("X", "  ")]


def test_emphasis_written_in_a_links_target_goes_on_the_next_occurrence() -> None:
    doc, warnings = _load("Kurosawa's [Ran](./Ran_(*film*)) was a film of 1985.\n"
                          "\nA [Mexican](./**Mexico**) firm based in Mexico City.\n")
    assert _links(doc) == [("Ran (film)", "Ran"), ("Mexico", "Mexican")]
    assert _text(doc) == "Kurosawa's Ran was a film of 1985. A Mexican firm based in Mexico City."
    wiki = _wiki(doc)
    assert "''film''" in wiki and "'''Mexico''' City" in wiki
    assert not warnings


def test_emphasis_in_a_target_without_a_later_occurrence_is_warned() -> None:
    doc, warnings = _load("A [Mexican](./**Mexico**) firm.\n")
    assert _links(doc) == [("Mexico", "Mexican")]
    assert len(warnings) == 1 and "emphasis" in warnings[0]


def test_an_image_url_naming_a_local_file_namespace_is_the_file() -> None:
    doc, warnings = _load("## Name\n![Datei:Mozilla Phoenix Logo](https://wikipedia.org/wiki/Special:Redirect/file/"
                          "Datei%3AMozilla_Phoenix_Logo.png?width=300)\nUrsprünglich hieß er Phoenix.\n")
    image = doc.body[1]
    assert (image.file, image.alt) == ("Mozilla Phoenix Logo.png", "Mozilla Phoenix Logo")  # type: ignore[union-attr]
    files = [str(l.title) for l in mwparserfromhell.parse(_wiki(doc)).filter_wikilinks()]
    assert files == ["File:Mozilla Phoenix Logo.png"]
    assert not warnings


LEAD_PICTURE = ("img: https://wikipedia.org/wiki/Special:Redirect/file/Lead_pic.png\n",
                "![Lead pic](https://wikipedia.org/wiki/Special:Redirect/file/Lead_pic.png?width=300)\n"
                "**Synth** is a test.\n")


def test_the_lead_picture_named_in_front_matter_and_body_is_drawn_once() -> None:
    from convert.writers.pandoc.ast import AstOptions, article_blocks

    doc, _ = _load(LEAD_PICTURE[1], "title: Synth\n" + LEAD_PICTURE[0])
    assert [type(b).__name__ for b in doc.body] == ["Image", "Paragraph"]
    files = [str(l.title) for l in mwparserfromhell.parse(_wiki(doc)).filter_wikilinks()]
    assert files == ["File:Lead pic.png"]
    nodes = article_blocks(doc, AstOptions(image_source=lambda name: "media/" + name, lead_image=True))
    assert sum('"media/Lead pic.png"' in str(n).replace("'", '"') for n in nodes) == 1


# ------------------------------------------------------------------ linear time (issue 24)

NESTED_ADVERSARIAL = {
    "nested links": lambda n: "[[a](./b)](./c) " * (n // 16),
    "links waiting for a text": lambda n: "[[zz](./b)](./c) zz " * (n // 20),
    "emphasis in targets": lambda n: "[x](./**y**) " * (n // 13),
    "opening brackets": lambda n: "[" * n + "](./x)",
    "brackets in a target": lambda n: "[a](./" + "[" * n + ")",
}


@pytest.mark.parametrize("name", sorted(NESTED_ADVERSARIAL))
def test_nested_links_are_put_back_in_linear_time(name: str) -> None:
    # Time per byte at 160 KB against 16 KB, best of two each: a quadratic pass is ten
    # times slower per byte there, a linear one about as fast (4x leaves room for noise).
    def per_byte(size: int) -> float:
        text = NESTED_ADVERSARIAL[name](size)
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            unnest_links(text, lambda line, message: None)
            best = min(best, time.perf_counter() - start)
        return best / len(text)

    small = per_byte(16_000)
    assert per_byte(160_000) < 4 * small + 2e-7


def test_blocks_cut_from_one_paragraph_keep_their_own_lines() -> None:
    doc, _ = _load(SECTION_IMAGES)
    assert doc.lines == (4, 5, 6, 7)  # the front matter is lines 1-3


def test_a_titles_own_asterisks_stay_in_its_target() -> None:
    doc, warnings = _load("Both [C*-algebras](./C*-algebra_and_B*-algebra) are algebras.\n")
    assert _links(doc) == [("C*-algebra and B*-algebra", "C*-algebras")]
    assert not warnings
