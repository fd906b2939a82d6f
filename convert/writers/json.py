"""The ``json`` writer: the normalised document model itself (``Document.to_dict()``)."""

from __future__ import annotations

import json
from typing import Sequence

from ..model import Document
from . import WriteOptions, Writer


class JsonWriter(Writer):
    """Writes the model as UTF-8 JSON; ``Document.from_dict`` reads it back."""

    name = "json"
    extension = ".json"
    binary = False
    description = "the normalised document model as JSON"
    supports_bundle = True

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        return _dump(doc.to_dict())

    def render_bundle(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        return _dump({"kind": "Bundle", "title": options.title, "documents": [d.to_dict() for d in docs]})


def _dump(data: object) -> bytes:
    # ensure_ascii=False keeps text readable; json escapes control characters itself, and
    # "</" cannot matter because nothing embeds this JSON in HTML.
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
