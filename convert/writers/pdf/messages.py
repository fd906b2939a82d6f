"""What the PDF writer and WeasyPrint log while drawing one article, as its diagnostics.

Without a handler, Python prints a logged warning bare on stderr (``refused to fetch
file:///...``, WeasyPrint's own CSS and SVG complaints): no file, no line, outside the one
channel every warning goes through. While an article is drawn, these loggers' records are
collected instead and come back from ``render_with_warnings`` as ``PATH:LINE: warning:``
lines. A record may name the image it is about (``extra={"image": name}``) or its line
(``extra={"line": n}``); an image's line is that of the infobox field naming it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from convert.errors import Diagnostic
from convert.model import Document
from convert.writers.pdf.assets import REFUSED

LOGGERS = ("convert.writers.pdf", "weasyprint")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < 100:  # a picture can ask for thousands of files: a sample says it
            self.records.append(record)


@contextmanager
def collected(doc: Document) -> Iterator[list[Diagnostic]]:
    """Diagnostics of ``doc`` for what the loggers say inside the block (filled on exit)."""
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    saved = [lg.propagate for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False  # to the article's diagnostics, not also to a root handler
    found: list[Diagnostic] = []
    try:
        yield found
    finally:
        for lg, propagate in zip(loggers, saved):
            lg.removeHandler(handler)
            lg.propagate = propagate
        seen: set[str] = set()
        for record in handler.records:
            message = record.getMessage()
            if REFUSED in message:
                continue  # WeasyPrint repeating a refusal the fetcher reported with its line
            if message not in seen:
                seen.add(message)
                found.append(Diagnostic(doc.source, _line(doc, record), f"pdf: {message}"))


def _line(doc: Document, record: logging.LogRecord) -> int:
    line = getattr(record, "line", 0)
    image = getattr(record, "image", None)
    if not line and image:
        for box in doc.infoboxes:
            for field in box.fields:
                if image in field.value.text:
                    return field.line
    return int(line or 0)
