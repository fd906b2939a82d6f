"""The one rule of every writer that draws infoboxes about a box read without its layout.

``convert.loads(..., layout=False)`` skips laying infoboxes out, for writers that draw none
(wikitext writes the fields). A writer that draws boxes refuses such a document with an
error naming the box, rather than drawing an empty box (what PDF did) or none (EPUB, DOCX):
the layout is the front end's decision (title rule, registry, variants), so a writer does
not re-derive it; loading again with the default ``layout=True`` is the remedy.
"""

from __future__ import annotations

from convert.errors import WriterError
from convert.model import Infobox, InfoboxLayout


def drawn_layout(box: Infobox) -> InfoboxLayout:
    """``box.layout``, or a :class:`~convert.errors.WriterError` when it was not computed."""
    if box.layout is None:
        where = f" (line {box.line})" if box.line else ""
        raise WriterError(
            f"this writer draws infoboxes, but the infobox {box.template_name!r}{where} was "
            "read without its layout: load the document with layout=True (the default)"
        )
    return box.layout


__all__ = ["drawn_layout"]
