"""The block YAML reader reads what PyYAML reads, or declines.

Whatever :func:`read_block_yaml` accepts must come out exactly as the PyYAML path builds it
(same strings, nulls and lines); anything else it must hand over (``None``). Generated
documents are full of near misses: indicators, comments, odd indentation, escapes,
quotes across lines, block scalars, YAML line breaks and characters.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.errors import SourceError
from convert.frontend.yaml.block import read_block_yaml
from convert.frontend.yaml.frontmatter import decode, parse_yaml
from convert.frontend.yaml.full import compose
from convert.frontend.yaml.values import YList, YMap, YScalar
from tests.conftest import SEEDS, corpus_files


def _full(text: str) -> object:
    """What the PyYAML path makes of ``text``: a value, or the error it raises."""
    try:
        return compose(text, "x.md", 2)
    except SourceError as exc:
        return exc


def _agrees(text: str) -> bool:
    """True when the fast reader took ``text``; fails the test if it read it differently."""
    fast = read_block_yaml(text, 2)
    if fast is None:
        return False
    full = _full(text)
    assert full == fast or (full is None and fast == YMap((), 2)), text
    return True


_KEYS = st.sampled_from(["title", "text", "page", "type", "links", "name", "b", "map size", "Höhe", "1", "it's",
                         "a.b/c(d)", "yes", "null", "日本", "x" * 127])
_WORDS = st.sampled_from(["w", "word", "Two words", "x.", "(1)", "a,b", "é", "1907–08", "C#", "a:b", "-1", "[[a]]",
                          "a - b", "'q'", '"q"', "ü\u00a0ü", "\u3000", "~", "null", "*x", "!", "a|b", "{x}", ":",
                          "🇫🇴 𝔸", "\ufffd"])
_line_text = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
# Pieces a mutation puts into a line: indicators, comments, escapes, YAML line breaks and
# characters outside the subset.
_PIECES = st.sampled_from([
    ":", ": ", " :", "#", " #", "# c", "-", "- ", "?", "? ", '"', "'", "''", "\\", "\\n", '\\"', "\\\\", "\\/",
    "\\t", "\\x41", "\\u00e9", "\\ ", "|", "|-", "|+", ">", ">-", "[", "]", "[]", "{", "}", "{}", ",", "&a ", "*a",
    "!", "!!str ", "%", "@", "`", "~", "---", "...", " ", "  ", "\u00a0", "\u3000", "\u2028", "\x85", "\t",
    "\ufeff", "\x07", "é", "<<",
])


@st.composite
def _scalar(draw: st.DrawFn, column: int) -> list[str]:
    """A value as a dumper writes it: its first line (after ``key: `` or ``- ``) and the
    lines continuing it, indented deeper than ``column``."""
    kind = draw(st.sampled_from(["plain", "plain", "double", "single", "literal", "empty"]))
    more = [" " * (column + draw(st.integers(1, 3))) + draw(_line_text) for _ in range(draw(st.integers(0, 2)))]
    if more and draw(st.booleans()):
        more.insert(draw(st.integers(0, len(more) - 1)), "")  # a blank line folds to a line break
    if kind == "plain":
        return [draw(_line_text).lstrip("*!:~{'\"")] + more
    if kind in ("double", "single"):
        quote = '"' if kind == "double" else "'"
        lines = [quote + draw(_line_text).replace(quote, quote * 2 if kind == "single" else "\\" + quote)] + more
        lines[-1] += quote
        return lines
    if kind == "literal":
        indent = column + draw(st.integers(1, 3))
        body = [" " * (indent + draw(st.sampled_from([0, 0, 1]))) + draw(_line_text) for _ in range(draw(st.integers(1, 3)))]
        return [draw(st.sampled_from(["|", "|-"]))] + [" " * indent + draw(_line_text)] + body
    return [draw(st.sampled_from(["[]", "{}", "~", "''", '""']))]


@st.composite
def _mapping(draw: st.DrawFn, column: int, depth: int, prefix: str = "") -> list[str]:
    lines: list[str] = []
    for number in range(draw(st.integers(1, 4))):
        pad = prefix if number == 0 and prefix else " " * column
        key = draw(_KEYS)
        kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq", "indentless"])) if depth < 3 else "scalar"
        if kind == "scalar":
            value = draw(_scalar(column))
            lines.append(f"{pad}{key}: {value[0]}")
            lines.extend(value[1:])
        else:
            lines.append(f"{pad}{key}:")
            inner = column + draw(st.sampled_from([1, 2, 2, 4]))
            if kind == "map":
                lines.extend(draw(_mapping(inner, depth + 1)))
            else:
                lines.extend(draw(_sequence(column if kind == "indentless" else inner, depth + 1)))
    return lines


@st.composite
def _sequence(draw: st.DrawFn, column: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        dash = " " * column + draw(st.sampled_from(["- ", "- ", "- ", "-  "]))
        if draw(st.booleans()) and depth < 3:
            lines.extend(draw(_mapping(len(dash), depth + 1, prefix=dash)))
        else:
            value = draw(_scalar(column))
            lines.append(dash + value[0])
            lines.extend(value[1:])
    return lines


@st.composite
def _mutated(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """``lines`` with a local change: a piece put in, an indentation shifted, a line added
    or dropped."""
    lines = list(lines)
    at = draw(st.integers(0, len(lines) - 1))
    line = lines[at]
    change = draw(st.sampled_from(["piece", "piece", "piece", "indent", "insert", "drop", "trail"]))
    if change == "piece":
        where = draw(st.integers(0, len(line)))
        lines[at] = line[:where] + draw(_PIECES) + line[where:]
    elif change == "indent":
        lines[at] = " " * draw(st.integers(0, 6)) + line.lstrip(" ")
    elif change == "insert":
        lines.insert(at, " " * draw(st.integers(0, 6)) + draw(st.sampled_from(["", "# c", "- x", "k: v", "x", "'"])))
    elif change == "drop" and len(lines) > 1:
        del lines[at]
    else:
        lines[at] = line + draw(st.sampled_from([" ", " # c", ":", " \\", "'", '"']))
    return lines


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = draw(_mapping(0, 0))
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        lines = draw(_mutated(lines))
    return "\n".join(lines) + draw(st.sampled_from(["", "", "\n", "\n\n", "\n  "]))


# 500 generated documents. The time is Hypothesis drawing them (22 s for 1,500 on this
# machine's cores, while both readers together took 0.2 s for the same 1,500), so more
# examples bought little beyond a third of the suite's single longest test.
@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_documents())
def test_generated_documents_read_as_pyyaml_reads_them(text: str) -> None:
    _agrees(text)


def _dumped_values() -> st.SearchStrategy[object]:
    words = st.lists(_WORDS | _PIECES | st.sampled_from(["a", "bc", "Rastan", "\n", "\n\n"]), max_size=12).map("".join)
    return st.recursive(words, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
                        max_leaves=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["title", "text", "a b", "x"]), _dumped_values(), min_size=1),
       st.sampled_from([20, 40, 80]), st.sampled_from([None, '"', "'", "|"]), st.booleans())
def test_what_a_dumper_writes_reads_as_pyyaml_reads_it(data: dict, width: int, style, flow: bool) -> None:  # type: ignore[no-untyped-def]
    # A dumper folds long scalars over lines, quotes, escapes and indents by its own rules.
    _agrees(yaml.safe_dump(data, width=width, default_style=style, allow_unicode=True,
                           default_flow_style=flow, sort_keys=False))


# Hand-picked documents: the shapes seeds use must take the fast path, and read right.
_SIMPLE = [
    ("a: b", YMap((("a", YScalar("b", 2), 2),), 2)),
    ("a:\nb: ~\nc: ''", YMap((("a", YScalar("", 2, True), 2), ("b", YScalar("~", 3, True), 3), ("c", YScalar("", 4), 4)), 2)),
    ("k: yes\nn: 1:38.232", YMap((("k", YScalar("yes", 2), 2), ("n", YScalar("1:38.232", 3), 3)), 2)),
    ("d: folded\n  over  \n\n  lines", YMap((("d", YScalar("folded over\nlines", 2), 2),), 2)),
    ('q: "a: b \\"c\\"\n  d\\\\n"', YMap((("q", YScalar('a: b "c" d\\n', 2), 2),), 2)),
    ("s: 'it''s\n  ok'", YMap((("s", YScalar("it's ok", 2), 2),), 2)),
    ("t: |-\n  * a\n   b\n\n  c\nu: x", YMap((("t", YScalar("* a\n b\n\nc", 2), 2), ("u", YScalar("x", 7), 7)), 2)),
    ("t: |\n  a\n\nu: []", YMap((("t", YScalar("a\n", 2), 2), ("u", YList((), 5), 5)), 2)),
    ("l:\n- a\n- b: c\n  d: e\nm: {}", YMap((
        ("l", YList(((YScalar("a", 3), 3), (YMap((("b", YScalar("c", 4), 4), ("d", YScalar("e", 5), 5)), 4), 4)), 3), 2),
        ("m", YMap((), 6), 6)), 2)),
    ("infoboxes:\n  - name:\n      text: x\n      links:\n        - type: internal\n          page: P", None),
]


@pytest.mark.parametrize(("text", "expected"), _SIMPLE)
def test_simple_shapes_take_the_fast_path(text: str, expected: YMap | None) -> None:
    assert _agrees(text)
    if expected is not None:
        assert read_block_yaml(text, 2) == expected


@pytest.mark.parametrize("text", [
    "a: &x b\nc: *x", "a: !!python/object x", "a: b # c", "# c\na: b", "a: [b]", "a: >\n  b", "a: |+\n  b\n",
    "a: \"\\x41\"", "a: \"b\\\n  c\"", "a:\tb", "a: b\u2028c", "? a\n: b", "a: b\n  c: d", " a: b", "- a",
    "a: 'b", "a:\n  b\n", "a: |\n\n  b", "a: -",
])
def test_other_yaml_goes_to_pyyaml(text: str) -> None:
    assert read_block_yaml(text, 2) is None
    if isinstance(_full(text), YMap):
        assert parse_yaml(text, "x.md", 2) == _full(text)  # and still reads, through PyYAML


def _front_matter(path) -> str:  # type: ignore[no-untyped-def]
    lines = decode(path.read_bytes(), str(path)).split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return "\n".join(lines[1:end])


def test_seeds_and_corpus_mostly_take_the_fast_path() -> None:
    paths = [*sorted(SEEDS.glob("*.md")), *corpus_files()]
    taken = [_agrees(_front_matter(path)) for path in paths]
    # Every seed and all but the corpus article with a "\x.." style escape or worse.
    assert sum(taken) >= len(paths) - 2, [p.name for p, t in zip(paths, taken) if not t]


@pytest.mark.parametrize("values", [48, 49, 50, 51])
def test_the_value_limit_is_counted_as_pyyaml_counts(monkeypatch: pytest.MonkeyPatch, values: int) -> None:
    from convert.frontend.yaml import block as blockyaml
    from convert.frontend.yaml import full as yamlfull

    monkeypatch.setattr(blockyaml, "MAX_NODES", 50)
    monkeypatch.setattr(yamlfull, "MAX_NODES", 50)
    # values - 1 scalars in a list under one key: values nodes below the top mapping.
    text = "items:\n" + "\n".join(f"  - v{i}" for i in range(values - 2)) + "\nlast: x"
    full = _full(text)
    fast = read_block_yaml(text, 2)
    if isinstance(full, SourceError):
        assert fast is None and "more than 50 values" in str(full)
    else:
        assert fast == full
    assert (fast is None) == (values + 1 > 50)

