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
