"""The ``json`` writer: the normalised document model itself (``Document.to_dict()``)."""

from __future__ import annotations

import json
from typing import Sequence

from convert.model import Document
from convert.writers import WriteOptions, Writer


class JsonWriter(Writer):
    """Writes the model as UTF-8 JSON; ``Document.from_dict`` reads it back."""

    name = "json"
    extension = ".json"
    binary = False
    light = True
    description = "the normalised document model as JSON"
    supports_bundle = True

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        return _dump(doc.to_dict())

    def render_bundle(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        return _dump({"kind": "Bundle", "title": options.title, "documents": [d.to_dict() for d in docs]})


def _dump(data: object) -> bytes:
    # Compact on purpose: any indent makes the json module fall back from its C encoder
    # to pure Python, which cost more than parsing the article (pipe through `jq .` to
    # read it). ensure_ascii=False keeps text readable; control characters are escaped.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
