"""One article made ready for pandoc's DOCX writer, shared by single documents, batches and
books: its images (:class:`Media`), its blocks restyled for Word, its core properties and
the page patch of the reference document."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from convert.l10n import terms
from convert.errors import WriterError
from convert.model import Document, Link
from convert.resources import template_path
from convert.wiki import bcp47, creator, text_direction, wiki_url
from convert.writers import WriteOptions
from convert.writers.common.credits import picture_credit
from convert.writers.common.images import ImageStore
from convert.writers.common.links import BookLinks
from convert.writers.docx import ast as docx_ast
from convert.writers.docx import package as docx_package
from convert.writers.pandoc.ast import article_blocks
from convert.writers.pandoc.body import AstOptions
from convert.writers.pandoc.nodes import attr, node, one_line, text_inlines

REFERENCE = "docx/reference.docx"
# The infobox picture fits in this box (cm), like Wikipedia's 250-300 px frame.
_BOX_IMAGE_CM = (6.0, 7.5)


@dataclass
class Media:
    """Pictures found and prepared by the one picture policy: their AST sources, sizes and
    (batch) media-bag files.

    ``embed`` gives ``data:`` URIs (for ``--sandbox``); otherwise sources are media-bag keys
    starting with ``key_prefix``, prepared pictures are written into ``workdir`` and
    :attr:`files` lists what the batch driver must load.
    """

    store: ImageStore
    embed: bool
    key_prefix: str = ""
    workdir: Path | None = None
    files: list[Any] = field(default_factory=list)
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    used: list[str] = field(default_factory=list)

    def source(self, name: str) -> str | None:
        """The AST image source for image file ``name``, or ``None`` when not available."""
        picture = self.store.picture(name)
        if picture is None:
            return None
        if self.embed or self.workdir is None:
            src = f"data:{picture.mime};base64," + base64.b64encode(picture.data).decode("ascii")
        else:
            from convert.writers.pandoc.engine import MediaFile

            src = f"{self.key_prefix}image{len(self.files) + 1}{picture.ext}"
            path = self.workdir / src
            path.write_bytes(picture.data)
            self.files.append(MediaFile(src, path, picture.mime))
        self.sizes[src] = picture.size
        if name not in self.used:
            self.used.append(name)
        return src

    def box_width(self, src: str) -> str | None:
        """Width of an infobox image so it fits :data:`_BOX_IMAGE_CM` (a portrait picture is
        limited by its height)."""
        w, h = self.sizes.get(src, (0, 0))
        if w <= 0 or h <= 0:
            return None
        return f"{min(_BOX_IMAGE_CM[0], _BOX_IMAGE_CM[1] * w / h):.2f}cm"


@dataclass(frozen=True, slots=True)
class Article:
    """One article ready for pandoc: its blocks inside a ``Div`` marked ``marker``."""

    marker: str
    block: dict[str, Any]
    props: docx_package.CoreProperties
    media: tuple[Any, ...] = ()


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


def prepare_article(doc: Document, options: WriteOptions, media: Media, marker: str = "wikiexport-article") -> Article:
    """One article as its own document: title and short description paragraphs, infobox,
    sections as ``Heading 1``..., attribution; all inside a ``Div`` with id ``marker``."""
    links = BookLinks([doc])

    def target(link: Link) -> str:
        # A link to a section of this very article stays inside the document (which has
        # no bookmark at its start: a link to the article itself goes to Wikipedia).
        found = links.resolve(link, 0)
        if found is not None and found.section:
            return "#" + found.section
        return wiki_url(doc.meta.lang, link.page or doc.meta.title, link.anchor)

    ast_opts = AstOptions(lang=doc.meta.lang, image_source=media.source, include_title=False, flat_sides=True,
                                     link_target=target)
    title = docx_ast.styled("Title", [node("Para", text_inlines(one_line(doc.meta.title)))])
    blocks = article_body(doc, ast_opts, media, shift=-1, before=[title])
    props = docx_package.CoreProperties(
        title=doc.meta.title, subject=doc.meta.short_description, description=doc.meta.description,
        language=bcp47(doc.meta.lang), keywords=keywords([doc]), creator=creator([doc.meta.author]),
    )
    block = node("Div", [attr(marker), blocks])
    return Article(marker, block, props, tuple(media.files))


def article_body(
    doc: Document, ast_opts: AstOptions, media: Media, shift: int, before: Sequence[Any] = (),
    credit_pictures: bool = True,
) -> list[Any]:
    """``before`` and the shared article blocks restyled for Word, headings moved ``shift``
    levels, and the attribution paragraph (crediting the images shown) at the end. The
    article of a right-to-left language is one right-to-left ``Div`` (pandoc marks its
    paragraphs ``w:bidi`` and its runs ``w:rtl``); an attribution left in English (no
    translation, :mod:`convert.l10n`) is not."""
    shown = len(media.used)
    blocks = docx_ast.shift_headers(article_blocks(doc, ast_opts), shift)
    blocks = [*before, *docx_ast.without_highlighting(docx_ast.restyle(blocks, media.box_width))]
    # A book credits its pictures once, at its end (docx_ast.image_credits).
    shown_now = media.used[shown:] if credit_pictures else []
    credits = docx_ast.attribution(doc, [picture_credit(media.store, n) for n in shown_now])
    own_words = terms(doc.meta.lang).lang == doc.meta.lang.split("-")[0]  # (else English, left to right)
    if own_words:
        blocks.append(credits)
    if text_direction(doc.meta.lang) == "rtl":
        blocks = [node("Div", [attr(pairs=[("dir", "rtl")]), blocks])]
    if not own_words:
        blocks.append(credits)
    return blocks


def keywords(docs: Sequence[Document]) -> str:
    """``Wikipedia`` and the infobox templates of ``docs``, for the keywords property."""
    words = ["Wikipedia"] + [b.template for d in docs for b in d.infoboxes if b.template]
    return ", ".join(dict.fromkeys(words))
