"""The ``docx`` writer: Word documents through the shared pandoc AST and pandoc.

Pipeline: model -> :mod:`~convert.writers.pandoc.ast` (shared with EPUB) ->
:mod:`~convert.writers.docx.ast` (Word styles, title row, attribution) -> pandoc with
``templates/docx/reference.docx`` -> :mod:`~convert.writers.docx.split` (one canonical
package per article) -> :mod:`~convert.writers.docx.package` (infobox finish, core
properties, language, reproducible zip).

:meth:`DocxWriter.render` and :meth:`~DocxWriter.render_bundle` run ``pandoc --sandbox``:
the reference document is named on the command line, which pandoc reads before the sandbox
closes, and images travel inside the AST as ``data:`` URIs, which need no file access.
:meth:`~DocxWriter.render_many` sends chunks of articles to one ``pandoc lua`` process
(:func:`~convert.writers.pandoc.engine.convert_many`, images in pandoc's media bag), each
chunk written as one document and split afterwards; both paths give the same bytes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from convert.errors import Diagnostic, WriterError
from convert.model import Document
from convert.writers import WriteOptions, Writer
from convert.writers.docx import package as docx_package
from convert.writers.docx import split as docx_split
from convert.writers.pandoc.nodes import document
from convert.writers.common.images import ImageStore
from convert.writers.docx.parts import Article, Media, page_patch, prepare_article, reference_doc

CHUNK = 16  # articles per pandoc.write in a batch: past ~10 the fixed cost is amortised
class DocxWriter(Writer):
    """Word documents (``.docx``) styled by ``templates/docx/reference.docx``."""

    name = "docx"
    extension = ".docx"
    binary = True
    description = "Word document (pandoc, styles from templates/docx/reference.docx)"
    supports_bundle = True

    @classmethod
    def unavailable_reason(cls) -> str | None:
        from convert.writers.pandoc.engine import unavailable_reason

        return unavailable_reason()

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        from convert.writers.pandoc.engine import run_pandoc

        article = prepare_article(doc, options, Media(_store(options), embed=True))
        raw = run_pandoc(_args(options), document([article.block], {}),
                         timeout=options.timeout, source_date_epoch=options.source_date_epoch)
        return _finish_chunk(raw, [article], options)[0]

    batches = True

    def render_many(self, docs: Iterable[Document], options: WriteOptions) -> Iterator[bytes | Exception]:
        for out in self.render_many_with_warnings(docs, options):
            yield out if isinstance(out, Exception) else out[0]

    def render_many_with_warnings(self, docs: Iterable[Document], options: WriteOptions) -> Iterator[Any]:
        """Articles in chunks of :data:`CHUNK`, each chunk one ``pandoc.write`` in one
        shared pandoc process; a chunk pandoc fails on is retried article by article.
        Each output comes with its warnings (pictures named and not shown)."""
        tmp = Path(tempfile.mkdtemp(prefix="wikiexport-docx-"))
        store = _store(options)
        warned: list[list[Diagnostic]] = []

        def noted(docs: Iterable[Document]) -> Iterator[Document]:
            for doc in docs:
                warned.append(store.diagnostics(doc))
                yield doc

        try:
            for i, out in enumerate(self._render_many(noted(docs), options, store, tmp)):
                yield out if isinstance(out, Exception) else (out, warned[i] if i < len(warned) else [])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _render_many(self, docs: Iterable[Document], options: WriteOptions, store: ImageStore,
                     tmp: Path) -> Iterator[bytes | Exception]:
        from convert.writers.pandoc.engine import convert_many

        try:
            reference = str(reference_doc(options))
        except WriterError as exc:
            for _doc in docs:
                yield exc
            return
        chunks: list[list[Article | Exception]] = []

        def jobs() -> Iterator[Any]:
            chunk: list[Article | Exception] = []
            for doc in docs:
                try:
                    media = Media(store, embed=False, key_prefix=f"a{len(chunks)}-{len(chunk)}-", workdir=tmp)
                    chunk.append(prepare_article(doc, options, media, marker=f"wikiexport-article-{len(chunk)}"))
                except Exception as exc:  # noqa: BLE001 - reported per document
                    chunk.append(exc)
                if len(chunk) == CHUNK:
                    yield _job(chunk, chunks, reference)
                    chunk = []
            if chunk:
                yield _job(chunk, chunks, reference)

        results = convert_many(jobs(), timeout=options.timeout, source_date_epoch=options.source_date_epoch)
        for index, result in enumerate(results):
            chunk = chunks[index]
            articles = [a for a in chunk if isinstance(a, Article)]
            if isinstance(result, Exception) and len(articles) > 1:
                yield from self._one_by_one(chunk, options)
                continue
            outputs: list[bytes | Exception]
            try:
                if isinstance(result, Exception):
                    raise result
                outputs = list(_finish_chunk(result, articles, options)) if articles else []
            except Exception as exc:  # noqa: BLE001 - the chunk's articles fail together
                outputs = [exc] * len(articles)
            it = iter(outputs)
            for item in chunk:
                yield item if isinstance(item, Exception) else next(it)

    def _one_by_one(self, chunk: list[Article | Exception], options: WriteOptions) -> Iterator[bytes | Exception]:
        from convert.writers.pandoc.engine import convert_many

        singles: list[list[Article | Exception]] = []
        jobs = [_job([a], singles, str(reference_doc(options))) for a in chunk]
        results = convert_many(jobs, timeout=options.timeout, source_date_epoch=options.source_date_epoch)
        for item, result in zip(chunk, results):
            if isinstance(item, Exception) or isinstance(result, Exception):
                yield item if isinstance(item, Exception) else result
                continue
            try:
                yield _finish_chunk(result, [item], options)[0]
            except Exception as exc:  # noqa: BLE001 - reported per document
                yield exc

    def render_bundle(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        from convert.writers.docx.bundle import prepare_bundle
        from convert.writers.pandoc.engine import run_pandoc

        if not docs:
            raise WriterError("a book needs at least one article")
        ast, props, patch = prepare_bundle(docs, options, Media(_store(options), embed=True))
        toc = [] if options.toc is False else ["--toc", f"--toc-depth={options.toc_depth}"]
        raw = run_pandoc(_args(options) + toc, ast,
                         timeout=options.timeout, source_date_epoch=options.source_date_epoch)
        try:
            package = docx_split.whole(raw)
            return docx_package.finish(package, props, patch, source_date_epoch=options.source_date_epoch)
        except Exception as exc:  # a damaged package from pandoc is an engine failure
            raise WriterError(f"cannot finish the DOCX package: {exc}") from None


def _store(options: WriteOptions) -> ImageStore:
    return ImageStore(options.images_dir, "docx", options.max_pixels)


def _args(options: WriteOptions) -> list[str]:
    return ["-t", "docx", "-o", "-", "--reference-doc", str(reference_doc(options))]


def _job(chunk: list[Article | Exception], chunks: list[list[Article | Exception]], reference: str) -> Any:
    """The pandoc job of one chunk (or the chunk's error when no article survived)."""
    from convert.writers.pandoc.engine import PandocJob

    chunks.append(chunk)
    articles = [a for a in chunk if isinstance(a, Article)]
    if not articles:
        return WriterError("no article to convert in this chunk")
    ast = document([a.block for a in articles], {})
    # template "default": the docx writer fills pandoc's document.xml template, as the
    # pandoc command line does.
    return PandocJob(ast, "docx", {"reference_doc": reference}, template="default",
                     media=tuple(m for a in articles for m in a.media))


def _finish_chunk(raw: bytes, articles: list[Article], options: WriteOptions) -> list[bytes]:
    try:
        packages = docx_split.split(raw, [a.marker for a in articles])
        patch = page_patch(options)
        return [docx_package.finish(p, a.props, patch, source_date_epoch=options.source_date_epoch)
                for p, a in zip(packages, articles)]
    except Exception as exc:  # a damaged package from pandoc is an engine failure
        raise WriterError(f"cannot finish the DOCX package: {exc}") from None
