"""The front end reads any body in time linear in its size (issue 24, point 1).

Each adversarial input below took minutes at these sizes when a pattern of the front end
backtracked (a heading line of spaces with a late "#", a "<" before a long run of ":", a
long run of " * x" items in :mod:`convert.frontend.listends`). The bounds are generous
(tens of times the linear cost on a loaded two-core machine) yet far below what the
quadratic patterns took, so a quadratic pattern fails them while a linear one never does.
"""

from __future__ import annotations

import time
from typing import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.frontend.listends import end_lists
from convert.frontend.markdown import parse_body


def _seconds(run: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _parse(text: str) -> None:
    parse_body(text, lambda line, message: None)


# Size 200 KB: the quadratic patterns took 22.6 s at 60 KB (heading), 11.9 s (paragraph),
# about 150 s at 100 KB (list); at 200 KB that is minutes to hours. Linear: well under 1 s.
ADVERSARIAL = {
    "heading of spaces with a late #": lambda n: "# " + " " * n + "x#y\n",
    "< then a run of colons": lambda n: "<" + ":" * n + "\n",
    "run of bullet items": lambda n: " * x\n" * (n // 5),
    "run of items then a line": lambda n: " * x\n" * (n // 5) + "text\n",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_body_is_read_in_linear_time(name: str, reference: float) -> None:
    # Against a body of ordinary paragraphs of the same size, parsed in the same run (so a
    # loaded machine slows both): list items cost a few times more per byte than plain
    # text, a quadratic pattern thousands of times more at this size.
    text = ADVERSARIAL[name](200_000)
    assert _seconds(lambda: _parse(text)) < 40 * reference + 0.5


@pytest.fixture(scope="module")
def reference() -> float:
    """Seconds to parse 200 KB of plain paragraphs (best of two)."""
    plain = "Some plain words of a paragraph, as most of an article is.\n\n" * (200_000 // 61)
    return _seconds(lambda: _parse(plain), 2)


def test_list_ends_of_a_long_run_of_items_are_found_in_linear_time() -> None:
    # The regex this replaced took 4.7 s on 8,000 lines; 40,000 lines would take ~2 minutes.
    # (An indented item line also reads as the item above's continuation: the regex ran
    # from every item to the end of the run, then backtracked.)
    text = " * item\n" * 40_000
    assert _seconds(lambda: end_lists(text)) < 1.0
    assert end_lists(text) == (text, [])
    after = text + "A paragraph after the list."
    assert end_lists(after) == (text + "\nA paragraph after the list.", [40_000])


_PIECES = st.sampled_from([" ", ":", "#", "<", " * x\n", "* ", "1. ", "x", "|", "\n", "_", "*", "@", "  y\n"])


@settings(max_examples=5, deadline=None, derandomize=True)
@given(st.lists(_PIECES, min_size=1, max_size=6), st.sampled_from(["# ", "<", " * ", ""]))
def test_time_per_byte_stays_flat(unit: list[str], prefix: str) -> None:
    """A random unit repeated to 2 KB and to 32 KB: the time per byte may not grow with
    size (quadratic growth would make it 16 times larger; noise allows 4)."""
    piece = "".join(unit)
    small = prefix + piece * (2_000 // len(piece))
    large = prefix + piece * (62_000 // len(piece))
    per_byte_small = _seconds(lambda: _parse(small), 3) / len(small)
    per_byte_large = _seconds(lambda: _parse(large), 2) / len(large)
    # (A floor of 2 µs per byte on the small side: tiny inputs are all fixed cost.)
    assert per_byte_large < 4 * max(per_byte_small, 2e-6)
