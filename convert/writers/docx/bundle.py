"""A book of articles as one Word document (``wikiexport bundle ... -o book.docx``).

Title page (the book title and a line saying what it holds), a table of contents, then each
article from a new page: its title as ``Heading 1`` (so Word's navigation pane and the
contents list the articles), its sections one level down, its own attribution. Links between
articles of the book become links to the target article's bookmark (or to the section the
link names), matched by :func:`~convert.wiki.title_key`; other links go to Wikipedia.
"""

from __future__ import annotations

from typing import Any, Sequence

from convert.l10n import terms
from convert.model import Document, Heading, Link, inline_text
from convert.wiki import bcp47, creator, wiki_url
from convert.writers.common.credits import book_pictures, picture_credit
from convert.writers.common.links import BookLinks
from convert.writers.docx import ast as docx_ast
from convert.writers import WriteOptions
from convert.writers.docx import package as docx_package
from convert.writers.pandoc.body import AstOptions
from convert.writers.pandoc.nodes import attr, document, meta_inlines, node
from convert.writers.docx.parts import Media, article_body, keywords, page_patch



def prepare_bundle(
    docs: Sequence[Document], options: WriteOptions, media: Media,
) -> tuple[dict[str, Any], docx_package.CoreProperties, docx_package.Patch]:
    """The book's pandoc AST, its core properties and the document patch (page breaks
    before each article, contents pre-filled)."""
    links = BookLinks(docs)

    def target(link: Link, source: int) -> str:
        found = links.resolve(link, source)
        if found is None:
            return wiki_url(docs[source].meta.lang, link.page, link.anchor)
        return f"#a{found.article + 1}" + (f"_{found.section}" if found.section else "")

    blocks: list[Any] = []
    toc: list[tuple[int, str, str]] = []
    for i, doc in enumerate(docs, start=1):
        prefix, lang = f"a{i}_", doc.meta.lang
        ast_opts = AstOptions(
            id_prefix=prefix, lang=lang, image_source=media.source, include_title=True, flat_sides=True,
            link_target=lambda link, source=i - 1: target(link, source),  # type: ignore[misc]
        )
        # Each article carries its language, so Word checks spelling per article.
        blocks.append(node("Div", [attr(pairs=[("lang", bcp47(lang))]),
                                              article_body(doc, ast_opts, media, shift=0,
                                                           credit_pictures=False)]))
        toc.append((1, doc.meta.title, f"a{i}"))
        toc.extend((2, inline_text(h.children), prefix + h.id) for h in doc.body
                   if isinstance(h, Heading) and h.level == 2 and not h.empty)
    title = " ".join(options.title.split()) or "Articles from Wikipedia"
    langs = {d.meta.lang for d in docs}
    lang = bcp47(docs[0].meta.lang) if len(langs) == 1 else "en"
    blocks.extend(docx_ast.image_credits([picture_credit(media.store, n) for n in book_pictures(media.used)],
                                         terms(lang).image_credits))
    count = f"{len(docs)} article{'s' if len(docs) != 1 else ''} from Wikipedia, the free encyclopedia"
    meta = {"title": meta_inlines(title), "subtitle": meta_inlines(count),
            "toc-title": meta_inlines(terms(lang).contents)}
    props = docx_package.CoreProperties(
        title=title, subject=count, language=lang, keywords=keywords(docs),
        description="; ".join(d.meta.title for d in docs), creator=creator(d.meta.author for d in docs),
    )
    patch = page_patch(options, break_before_heading1=True, title_page=True,
                       toc=tuple(e for e in toc if e[0] <= options.toc_depth))
    return document(blocks, meta), props, patch
