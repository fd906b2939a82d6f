"""Writers declare what they can do; the batch driver reads the declaration (``batches``)
instead of comparing methods, and gets one result shape from every writer."""

from __future__ import annotations

from typing import Iterable, Iterator

import convert
from convert.batch import jobs
from convert.model import Document
from convert.writers import WriteOptions, Writer, format_names, writer_class


def test_batching_writers_say_so() -> None:
    declared = {name for name in format_names() if writer_class(name).batches}
    assert declared == {"epub", "docx"}
    for name in format_names():
        cls = writer_class(name)
        # a writer that says it batches has its own render_many, and the reverse
        assert cls.batches == (cls.render_many is not Writer.render_many), name


class _Counting(Writer):
    name = "counting"
    extension = ".count"
    binary = True
    description = "test writer"
    batches = True
    calls: list[int] = []

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        raise AssertionError("a batching writer is given its documents together")

    def render_many(self, docs: Iterable[Document], options: WriteOptions) -> Iterator[bytes | Exception]:
        docs = list(docs)
        self.calls.append(len(docs))
        for doc in docs:
            yield doc.meta.title.encode() if doc.meta.title != "bad" else ValueError("bad")


def test_the_driver_reads_the_declaration() -> None:
    docs = [convert.loads(f"---\ntitle: {t}\n---\n\nx\n".encode(), f"{t}.md")[0] for t in ("a", "bad", "c")]
    out = list(jobs._render(_Counting(), docs, WriteOptions.create()))
    assert _Counting.calls == [3]
    assert out[0] == (b"a", []) and isinstance(out[1], ValueError) and out[2] == (b"c", [])
