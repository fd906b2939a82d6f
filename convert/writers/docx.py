"""The ``docx`` writer: Word documents through the shared pandoc AST and pandoc.

Pipeline: model -> :mod:`~convert.writers.pandoc_ast` (shared with EPUB) ->
:mod:`~convert.writers.docx_ast` (Word styles, title row, attribution) -> pandoc with
``templates/docx/reference.docx`` -> :mod:`~convert.writers.docx_split` (one canonical
package per article) -> :mod:`~convert.writers.docx_package` (infobox finish, core
properties, language, reproducible zip).

:meth:`DocxWriter.render` and :meth:`~DocxWriter.render_bundle` run ``pandoc --sandbox``:
the reference document is named on the command line, which pandoc reads before the sandbox
closes, and images travel inside the AST as ``data:`` URIs, which need no file access.
:meth:`~DocxWriter.render_many` sends chunks of articles to one ``pandoc lua`` process
(:func:`~convert.writers.pandoc_engine.convert_many`, images in pandoc's media bag), each
chunk written as one document and split afterwards; both paths give the same bytes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import WriterError
from ..model import Document, Link, text_direction, title_key, wiki_url
from ..resources import template_path
from . import WriteOptions, Writer
from . import docx_ast, docx_package, docx_split, pandoc_ast
from .pdf_assets import ImageStore

REFERENCE = "docx/reference.docx"
CHUNK = 16  # articles per pandoc.write in a batch: past ~10 the fixed cost is amortised
_MIME = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "GIF": ("image/gif", ".gif")}
# The infobox picture fits in this box (cm), like Wikipedia's 250-300 px frame.
_BOX_IMAGE_CM = (6.0, 7.5)


@dataclass
class Media:
    """Images found in ``images_dir``: their AST sources, sizes and (batch) media-bag files.

    ``embed`` gives ``data:`` URIs (for ``--sandbox``); otherwise sources are media-bag keys
    starting with ``key_prefix`` and :attr:`files` lists what the batch driver must load.
    """

    store: ImageStore
    embed: bool
    key_prefix: str = ""
    files: list[Any] = field(default_factory=list)
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    used: list[str] = field(default_factory=list)

    def source(self, name: str) -> str | None:
        """The AST image source for image file ``name``, or ``None`` when not available."""
        path = self.store.lookup(name)
        info = _image_info(path) if path is not None else None
        if path is None or info is None:
            return None
        mime, ext, size = info
        if self.embed:
            src = f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        else:
            from .pandoc_engine import MediaFile

            src = f"{self.key_prefix}image{len(self.files) + 1}{ext}"
            self.files.append(MediaFile(src, path, mime))
        self.sizes[src] = size
        if name not in self.used:
            self.used.append(name)
        return src

    def box_width(self, src: str) -> str | None:
        """Width of an infobox image so it fits :data:`_BOX_IMAGE_CM`."""
        w, h = self.sizes.get(src, (0, 0))
        if w <= 0 or h <= 0:
            return None
        return f"{min(_BOX_IMAGE_CM[0], _BOX_IMAGE_CM[1] * w / h):.2f}cm"


def _image_info(path: Path) -> tuple[str, str, tuple[int, int]] | None:
    """MIME type, extension and pixel size of an image Word can show, else ``None``."""
    from PIL import Image as PILImage  # lazy: only when an images folder is used

    try:
        with PILImage.open(path) as img:
            kind = _MIME.get(img.format or "")
            return (kind[0], kind[1], img.size) if kind else None
    except Exception:  # noqa: BLE001 - an unreadable image is simply not shown
        return None


@dataclass(frozen=True, slots=True)
class Article:
    """One article ready for pandoc: its blocks inside a ``Div`` marked ``marker``."""

    marker: str
    block: dict[str, Any]
    props: docx_package.CoreProperties
    media: tuple[Any, ...] = ()


class DocxWriter(Writer):
    """Word documents (``.docx``) styled by ``templates/docx/reference.docx``."""

    name = "docx"
    extension = ".docx"
    binary = True
    description = "Word document (pandoc, styles from templates/docx/reference.docx)"
    supports_bundle = True

    @classmethod
    def unavailable_reason(cls) -> str | None:
        from .pandoc_engine import unavailable_reason

        return unavailable_reason()

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        from .pandoc_engine import run_pandoc

        article = prepare_article(doc, options, Media(ImageStore(options.images_dir), embed=True))
        raw = run_pandoc(_args(options), pandoc_ast.document([article.block], {}),
                         timeout=options.timeout, source_date_epoch=options.source_date_epoch)
        return _finish_chunk(raw, [article], options)[0]

    def render_many(self, docs: Iterable[Document], options: WriteOptions) -> Iterator[bytes | Exception]:
        """Articles in chunks of :data:`CHUNK`, each chunk one ``pandoc.write`` in one
        shared pandoc process; a chunk pandoc fails on is retried article by article."""
        from .pandoc_engine import convert_many

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
                    media = Media(ImageStore(options.images_dir), embed=False, key_prefix=f"a{len(chunk)}-")
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
        from .pandoc_engine import convert_many

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
        from .docx_bundle import prepare_bundle
        from .pandoc_engine import run_pandoc

        if not docs:
            raise WriterError("a book needs at least one article")
        ast, props, patch = prepare_bundle(docs, options, Media(ImageStore(options.images_dir), embed=True))
        raw = run_pandoc(_args(options) + ["--toc", "--toc-depth=2"], ast,
                         timeout=options.timeout, source_date_epoch=options.source_date_epoch)
        try:
            package = docx_split.whole(raw)
            return docx_package.finish(package, props, patch, source_date_epoch=options.source_date_epoch)
        except Exception as exc:  # a damaged package from pandoc is an engine failure
            raise WriterError(f"cannot finish the DOCX package: {exc}") from None


def reference_doc(options: WriteOptions) -> Path:
    """The style reference: ``options.reference_doc``, else the (overridable) packaged one."""
    path = options.reference_doc or template_path(REFERENCE, options.template_dir)
    if not Path(path).is_file():
        raise WriterError(f"reference document not found: {path}")
    return Path(path)


def page_patch(options: WriteOptions, **kwargs: Any) -> docx_package.Patch:
    """The document patch; a user's own reference document keeps its page setup."""
    paper = None if options.reference_doc is not None else options.paper.lower()
    return docx_package.Patch(paper=paper, **kwargs)


def _args(options: WriteOptions) -> list[str]:
    return ["-t", "docx", "-o", "-", "--reference-doc", str(reference_doc(options))]


def _job(chunk: list[Article | Exception], chunks: list[list[Article | Exception]], reference: str) -> Any:
    """The pandoc job of one chunk (or the chunk's error when no article survived)."""
    from .pandoc_engine import PandocJob

    chunks.append(chunk)
    articles = [a for a in chunk if isinstance(a, Article)]
    if not articles:
        return WriterError("no article to convert in this chunk")
    ast = pandoc_ast.document([a.block for a in articles], {})
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


def prepare_article(doc: Document, options: WriteOptions, media: Media, marker: str = "wikiexport-article") -> Article:
    """One article as its own document: title and short description paragraphs, infobox,
    sections as ``Heading 1``..., attribution; all inside a ``Div`` with id ``marker``."""
    def target(link: Link) -> str:
        # A link to a section of this very article stays inside the document.
        if not link.page.strip() or title_key(link.page) == title_key(doc.meta.title):
            section = docx_ast.section_id(doc, link.anchor)
            if section is not None:
                return "#" + section
        return wiki_url(doc.meta.lang, link.page or doc.meta.title, link.anchor)

    ast_opts = pandoc_ast.AstOptions(lang=doc.meta.lang, image_source=media.source, include_title=False,
                                     link_target=target)
    title = docx_ast.styled("Title", [pandoc_ast.node("Para", pandoc_ast.text_inlines(pandoc_ast.one_line(doc.meta.title)))])
    blocks = article_body(doc, ast_opts, media, shift=-1, before=[title])
    props = docx_package.CoreProperties(
        title=doc.meta.title, subject=doc.meta.short_description, description=doc.meta.description,
        language=doc.meta.lang, keywords=keywords([doc]),
    )
    block = pandoc_ast.node("Div", [pandoc_ast.attr(marker), blocks])
    return Article(marker, block, props, tuple(media.files))


def article_body(
    doc: Document, ast_opts: pandoc_ast.AstOptions, media: Media, shift: int, before: Sequence[Any] = (),
) -> list[Any]:
    """``before`` and the shared article blocks restyled for Word, headings moved ``shift``
    levels, and the attribution paragraph (crediting the images shown) at the end. The
    article of a right-to-left language is one right-to-left ``Div`` (pandoc marks its
    paragraphs ``w:bidi`` and its runs ``w:rtl``); the English attribution is not."""
    shown = len(media.used)
    blocks = docx_ast.shift_headers(pandoc_ast.article_blocks(doc, ast_opts), shift)
    blocks = [*before, *docx_ast.without_highlighting(docx_ast.restyle(blocks, media.box_width))]
    if text_direction(doc.meta.lang) == "rtl":
        blocks = [pandoc_ast.node("Div", [pandoc_ast.attr(pairs=[("dir", "rtl")]), blocks])]
    blocks.append(docx_ast.attribution(doc, media.used[shown:]))
    return blocks


def keywords(docs: Sequence[Document]) -> str:
    """``Wikipedia`` and the infobox templates of ``docs``, for the keywords property."""
    words = ["Wikipedia"] + [b.template for d in docs for b in d.infoboxes if b.template]
    return ", ".join(dict.fromkeys(words))
