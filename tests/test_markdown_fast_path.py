"""The plain-paragraph fast path of the body parser gives exactly markdown-it's blocks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.frontend.markdown import parse_body
from tests.conftest import SEEDS, corpus_files

_pieces = st.sampled_from([
    "word", "Word", " ", "  ", "\n", "\n\n", "\n\n\n", "1.", "1)", "2010.", "-", "--", "---", "*", "**", "_",
    "#", "## H", ">", "=", "===", "+", "|", "a | b", "|---|", "`", "```", "~~~", "[", "]", "](x)", "[x]: /u",
    "<", ">", "&amp;", "&", "!", "\\", "\t", "    ", "\u00a0", "\u3000", "é", "東京", "العربية", ":", "'", '"',
    "http://example.org", "* item", "1. item", "> quote", "    code",
    "| a | b |\n", "|---|:-:|\n", "| --- | ---: |\n", "|:--|\n", "| x |\n", "||\n", "| *i* | [l](./P) |\n",
    "| a | b | c |\n", "|-|-|\n", "| \u00a0 |\n", "|", "| - |", ":", "|:",
    # list and heading lines as the seeds write them (the list and heading fast paths)
    "\n * item", "\n* item", "\n- item", "\n+ x", "\n   * sub", "\n    * code", "\n2. two", "\n10) ten",
    "\n1.  x", "\n*     five", "\n# Title", "\n## Sec tion", "\n###### six", "\n####### seven", "\n## a ##",
    "\n## ", "\n#\tx", "\n* ", "\n*\tx", "\n * * *",
    "A&M", "&#35;", "&#x41;", "&x;", "&copy;", "&#", "&;", "!", "![i](./F)", "~", "~~", "a > b", "\n~~~",
    "\n# T|:--|\n|---|:-:|\n",  # a heading line read as a table's header row
    "| - |-\u00a0|",
    # characters the fast paths take as literal text in context (and near misses)
    " * ", " ** ", "a_b", "_a", "a_", " _ ", "_ _ _", "___", "a*b", "é_é", "<ref name=\"x\">", "<http://x.org>",
    "<a@b.co>", "<br>", "< b>", "[sic]", "[a] (b)", "](", "!", "112.790 x", "1.5", "2)x", "word ", "word  ",
    " \n", "  \n", "\u00a0 ", "| x", ":-|", "-|", "a|b", " \t", "* a ", "\n * a  \n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces, max_size=40).map("".join))
def test_fast_path_equals_markdown_it(text: str) -> None:
    def warn(line: int, message: str) -> None:
        pass

    assert parse_body(text, warn, fast=True) == parse_body(text, warn, fast=False)


@pytest.mark.parametrize("path", [*sorted(SEEDS.glob("*.md")), *corpus_files()], ids=lambda p: p.stem)
def test_fast_path_on_real_articles(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    assert parse_body(text, lambda *_: None, fast=True) == parse_body(text, lambda *_: None, fast=False)


_cell = st.lists(st.sampled_from(["a", " ", "b c", "*x*", "[l](./P)", "&amp;", "<b>", "\u00a0", "", "1.", "#", "-", ":"]),
                 max_size=4).map("".join)
_delimiter = st.sampled_from(["---", ":--", "--:", ":-:", " --- ", "-", "", "x", "::"])


@st.composite
def _tables(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 4))
    rows = [[draw(_cell) for _ in range(draw(st.integers(0, columns + 1)))] for _ in range(draw(st.integers(0, 4)))]
    delim = [draw(_delimiter) for _ in range(draw(st.sampled_from([columns, columns, columns + 1])))]
    head = [draw(_cell) for _ in range(columns)]
    def line(cells: list[str]) -> str:
        return "|" + "|".join(cells) + draw(st.sampled_from(["|", "|", "", "| "]))
    return "\n".join([line(head), line(delim), *(line(r) for r in rows)]) + draw(st.sampled_from(["", "\n\nafter", "\ntext"]))


@settings(max_examples=600, deadline=None)
@given(_tables())
def test_table_fast_path_equals_markdown_it(text: str) -> None:
    assert parse_body(text, lambda *_: None, fast=True) == parse_body(text, lambda *_: None, fast=False)


@pytest.mark.parametrize("line", ["a | b [x] * c", " * a | b [x]"])
def test_literal_checks_stay_linear_in_a_long_run_of_lines(line: str) -> None:
    # Each line's "|" and "[" ask about the whole run (a delimiter row? a "]("?); asked
    # once per run, 40,000 lines take milliseconds (asked per line, they took minutes).
    text = "\n".join([line] * 40_000)
    blocks = parse_body(text, lambda *_: None)
    assert len(blocks) == 1
