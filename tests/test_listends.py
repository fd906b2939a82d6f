"""Where a seed's list ends (convert.frontend.listends): only blank lines are added, and
line numbers map back to the seed's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from convert.frontend.listends import end_lists, original_line

_lines = st.lists(st.sampled_from([
    "* item", " * item", "1. one", "10) ten", "  indented", "plain text", "", "```", "~~~",
    "  ```", "> quote", "# Heading", "| a | b |", "-", "*", "2010. A year", "\t* tab",
]), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(_lines)
def test_only_blank_lines_are_added_and_lines_map_back(lines: list[str]) -> None:
    text = "\n".join(lines)
    new, added = end_lists(text)
    new_lines = new.split("\n")
    assert [line for i, line in enumerate(new_lines) if i not in set(added)] == lines
    assert all(new_lines[i] == "" for i in added)
    back = original_line(added, 5)
    kept = [i for i in range(len(new_lines)) if i not in set(added)]
    assert [back(5 + i) for i in kept] == [5 + i for i in range(len(lines))]


def test_the_line_after_an_item_starts_a_paragraph_but_not_inside_code() -> None:
    assert end_lists("* a\nb") == ("* a\n\nb", [1])
    assert end_lists("* a\n  b\nc") == ("* a\n  b\n\nc", [2])
    assert end_lists("```\n* a\nb\n```") == ("```\n* a\nb\n```", [])
    assert end_lists("a\nb") == ("a\nb", [])


@settings(max_examples=400, deadline=None)
@given(_lines.filter(lambda lines: not any(f in "\n".join(lines) for f in ("```", "~~~"))))
def test_the_regular_expression_agrees_with_the_line_walk(lines: list[str]) -> None:
    from convert.frontend.listends import end_lists_by_line

    text = "\n".join(lines)
    assert end_lists(text) == end_lists_by_line(text)
