"""What WeasyPrint's tagger knows while it tags but does not write: the HTML element each
structure element came from, and that element's ``lang``.

WeasyPrint builds the structure tree page by page, so an article, a paragraph or a list that
crosses a page break becomes two elements, and no element carries ``/Lang``. While a PDF is
written, :func:`element_marks` wraps the tagger's box walk: every structure element gets a
private key naming its HTML element (:data:`ELEMENT_KEY`, removed again by
:mod:`convert.writers.pdf.structure`, which joins the pieces of one element) and ``/Lang``
where the HTML element says its language.

The wrapper relies on one private function of WeasyPrint (``weasyprint.pdf.tags._build_box_tree``,
present since version 60); without it the PDF is written as WeasyPrint writes it.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

ELEMENT_KEY = "WXel"
"""Private structure-element key: a number per HTML element of one PDF."""


@contextmanager
def element_marks() -> Iterator[None]:
    """Mark structure elements with their HTML element while WeasyPrint writes a PDF."""
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:  # pragma: no cover - the writer cannot run at all then
        yield
        return
    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        yield
        return
    numbers: dict[Any, int] = {}

    def build(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        # The recursion inside ``original`` looks the name up in the module, so every level
        # of the walk comes through here; the innermost call marks an element first.
        for element in original(box, parent, *args):
            if ELEMENT_KEY not in element:
                html = getattr(getattr(box, "_box", box), "element", None)
                if html is not None:
                    element[ELEMENT_KEY] = numbers.setdefault(html, len(numbers) + 1)
                    lang = html.get("lang") if box.element_tag is not None else None
                    if lang:
                        element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original
