"""Body blocks carry their seed line (``Document.lines``, parallel to ``body``), whichever
way the front end read them (its fast path or markdown-it), so a writer's warning about a
block is a ``PATH:LINE: warning:`` line."""

from __future__ import annotations

from pathlib import Path

import pytest

import convert
from convert.frontend.markdown import parse_body
from convert.model import Heading, inline_text
from convert.writers import WriteOptions, get_writer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.md"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_block_has_its_line(path: Path) -> None:
    doc, _ = convert.loads(path.read_bytes(), str(path))
    assert len(doc.lines) == len(doc.body) > 0
    source = path.read_text("utf-8").split("\n")
    for block, line in zip(doc.body, doc.lines):
        if isinstance(block, Heading):
            assert inline_text(block.children) in source[line - 1], (line, block)
    assert list(doc.lines) == sorted(doc.lines)
    body = path.read_text("utf-8").split("\n---\n", 1)[1]
    fast: list[int] = []
    slow: list[int] = []
    parse_body(body, lambda *_: None, 1, fast=True, lines=fast)
    parse_body(body, lambda *_: None, 1, fast=False, lines=slow)
    assert fast == slow


def test_lines_survive_added_list_ends_and_dropped_headings() -> None:
    seed = b"---\ntitle: T\n---\n\n* one\n* two\nafter the list\n\n## \n\n## Kept\n\ntext\n"
    doc, _ = convert.loads(seed, "t.md")
    kinds = [type(b).__name__ for b in doc.body]
    assert kinds == ["BulletList", "Paragraph", "Heading", "Paragraph"]
    assert doc.lines == (5, 7, 11, 13)


def test_a_writer_warning_about_a_body_block_has_its_line() -> None:
    seed = b"---\ntitle: T\n---\n\nPara one.\n\n## Head\n\n![cap](Foo%7Cbar.jpg)\n"
    doc, _ = convert.loads(seed, "t.md")
    _, warnings = get_writer("wikitext").render_with_warnings(doc, WriteOptions.create())
    assert [w.line for w in warnings] == [9]
    assert str(warnings[0]).startswith("t.md:9: warning: wikitext: image file name 'Foo|bar.jpg'")
