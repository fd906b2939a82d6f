"""Tables too wide for the page: found in WeasyPrint's layout, then made to fit.

WeasyPrint sizes a table from its content and never narrows a column below its longest
word, so a table of twenty columns of short words ran off the right edge of the page,
and every column past the edge was lost to the reader. Letting words break anywhere in
every table narrows such a table, but also starves short columns of tables that fitted
("1999" printed one digit a line beside a long description). So tables keep the usual
layout, and only those that come out wider than the page are laid out again with the
``fit`` class: columns share the page's width and words break (``print.css``).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

_TABLE = re.compile(r'<table class="wikitable')


def _is_wikitable(element: Any) -> bool:
    return element is not None and element.tag == "table" and "wikitable" in (element.get("class") or "").split()


def _boxes(box: Any) -> list[Any]:
    """The wikitable boxes under ``box`` (iteratively: a page's box tree can be deep)."""
    found: list[Any] = []
    stack = [box]
    while stack:
        box = stack.pop()
        kind = type(box).__name__
        if kind == "TableBox" and _is_wikitable(getattr(box, "element", None)):
            found.append(box)
        elif kind != "LineBox":  # lines of text, most of the boxes, hold no block table
            stack.extend(getattr(box, "children", None) or ())
    return found


def overflowing_tables(document: Any, root: Any) -> set[int]:
    """Which wikitables of the HTML tree ``root`` (counted in document order) stick out of
    a page of the laid out WeasyPrint ``document``."""
    wider: set[Any] = set()
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width + 0.5  # (half a point of rounding)
        wider.update(t.element for t in _boxes(box) if t.position_x + t.margin_width() > right)
    if not wider:
        return set()
    order = [e for e in root.iter("table") if _is_wikitable(e)]
    return {i for i, element in enumerate(order) if element in wider}


def fit_tables(html: str, wider: set[int]) -> str:
    """``html`` with the ``fit`` class on the wikitables numbered in ``wider`` (the HTML is
    ours: each wikitable starts ``<table class="wikitable``, in document order)."""
    count = itertools.count()

    def mark(match: re.Match[str]) -> str:
        return match.group() + " fit" if next(count) in wider else match.group()

    return _TABLE.sub(mark, html)
