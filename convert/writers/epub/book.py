"""How articles become one EPUB book: chapters, namespaced ids, links, attribution, metadata.

Each article is a chapter (a level-1 heading; pandoc splits chapters into files with
``split_level`` 1). Every id of article *n* starts with ``a<n>-`` because every article has
its own "History". A link to an article of the book points inside the book (title matched
with :func:`~convert.wiki.title_key`; a ``#Section`` anchor to that section when it exists),
any other wiki link to Wikipedia. The last chapter lists each article's source, authors and
licence, as CC BY-SA requires.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timezone
from typing import Any, Callable, Sequence

from convert.l10n import terms
from convert.model import Document, Link
from convert.wiki import CONTRIBUTORS, article_url, bcp47, commons_url, creator, history_url, readable_url, text_direction, wiki_url
from convert.writers.common.credits import book_pictures, picture_credit
from convert.writers.common.images import ImageStore
from convert.writers.common.links import BookLinks
from convert.writers.pandoc.credits import credit_inlines
from convert.writers.pandoc.ast import article_blocks
from convert.writers.pandoc.body import AstOptions
from convert.writers.pandoc.nodes import Node, attr, meta_inlines, node, text_inlines

def prefix(index: int) -> str:
    """The id namespace of the ``index``-th article (0-based): ``a1-``, ``a2-``..."""
    return f"a{index + 1}-"


def link_target(links: BookLinks, docs: Sequence[Document], source: int) -> Callable[[Link], str]:
    """The ``link_target`` for links written in article ``source``."""
    lang = docs[source].meta.lang

    def href(link: Link) -> str:
        found = links.resolve(link, source)
        if found is None:
            return wiki_url(lang, link.page, link.anchor)
        start = prefix(found.article)
        return "#" + start + found.section if found.section else "#" + start.rstrip("-")

    return href


def chapters(docs: Sequence[Document], image_source_for: Callable[[int], Callable[[str], str | None]]) -> list[Node]:
    """All articles as level-1 chapters with namespaced ids and resolved links;
    ``image_source_for(i)`` is the ``image_source`` of article ``i``."""
    links = BookLinks(docs)
    book_lang = book_language(docs)
    out: list[Node] = []
    for i, doc in enumerate(docs):
        opts = AstOptions(id_prefix=prefix(i), lang=doc.meta.lang, link_target=link_target(links, docs, i),
                          image_source=image_source_for(i), lead_image=True)
        blocks = article_blocks(doc, opts)
        if blocks and blocks[0]["t"] == "Header":
            # pandoc moves a chapter heading's attributes to its <section>: the language
            # and direction of the whole article are marked for readers and text-to-speech
            # (EPUB style sheets may not set "direction").
            pairs = blocks[0]["c"][1][2]
            if bcp47(doc.meta.lang) != book_lang:
                pairs.append(["lang", bcp47(doc.meta.lang)])
            if text_direction(doc.meta.lang) == "rtl":
                pairs.append(["dir", "rtl"])
        out.extend(blocks)
    return out


def _link(text: str, url: str) -> Node:
    return node("Link", [attr(classes=["external"]), text_inlines(text), [url, ""]])


def attribution(docs: Sequence[Document], images: Sequence[tuple[int, str]], store: ImageStore) -> list[Node]:
    """The closing chapter: where each article comes from, who wrote it, its licence, and the
    images used (``images``: article index and file name) with their author, licence and
    source; a book of several articles credits its images once, under "Image credits"."""
    many = len(docs) > 1
    t = terms(book_language(docs))
    if many:  # a chapter of its own
        heading = node("Header", [1, attr("sources", ["attribution"], [("epub:type", "colophon")]),
                                  text_inlines(t.sources_and_licences)])
    else:  # the last section of the article's chapter (one file less for pandoc to write)
        heading = node("Header", [2, attr("sources", ["attribution"]), text_inlines(t.source_and_licence)])
    out: list[Node] = [heading]
    # (this paragraph is English only: marked so, for readers and hyphenation)
    out.append(node("Div", [attr(pairs=[("lang", "en")] if t.lang != "en" else []), [node("Para", text_inlines(
        ("These articles come" if many else "This article comes") + " from Wikipedia, the free encyclopedia, "
        "written by its contributors. This book was made from " + ("them" if many else "it") + " by wikiexport: "
        "the layout was changed, and empty sections and images not available locally were left out."))]]))
    entries: list[list[Node]] = []
    for i, doc in enumerate(docs):
        para = [node("Strong", text_inlines(doc.meta.title)), node("LineBreak")]
        source = article_url(doc.meta.lang, doc.meta.title, doc.meta.source_url)
        para += text_inlines(f"{t.source}: ") + [_link(readable_url(source), source), node("LineBreak")]
        para += text_inlines(f"{t.authors}: {t.contributors} (") + [_link(t.page_history, history_url(doc.meta.lang, doc.meta.title))]
        para += text_inlines(")") + [node("LineBreak")]
        para += text_inlines(f"{t.licence}: ") + [_link(doc.meta.licence, doc.meta.licence_url)]
        if not many:
            for name in dict.fromkeys(f for n, f in images if n == i):
                para += [node("LineBreak")] + credit_inlines(picture_credit(store, name))
        entries.append([node("Para", para)])
    if many:
        out.append(node("BulletList", entries))
        names = book_pictures(f for _n, f in images)
        if names:
            out.append(node("Header", [2, attr("image-credits", ["attribution"]), text_inlines(t.image_credits)]))
            out.append(node("BulletList", [[node("Plain", credit_inlines(picture_credit(store, n)))] for n in names]))
    else:
        out.extend(entries[0])
    return out


def book_language(docs: Sequence[Document]) -> str:
    """The most common article language as a BCP 47 tag (the first article's on a tie)."""
    langs = [bcp47(d.meta.lang) for d in docs]
    counts = Counter(langs)
    return max(counts, key=lambda lang: (counts[lang], -langs.index(lang)))


def identifier(docs: Sequence[Document]) -> str:
    """A stable ``urn:uuid`` from the source URL (or the bundle's list of source URLs)."""
    urls = [article_url(d.meta.lang, d.meta.title, d.meta.source_url) for d in docs]
    name = urls[0] if len(urls) == 1 else "wikiexport-bundle\n" + "\n".join(urls)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def default_title(docs: Sequence[Document]) -> str:
    """A bundle title when none was given."""
    titles = [d.meta.title for d in docs]
    if len(titles) <= 3:
        return " · ".join(titles)
    return f"{titles[0]}, {titles[1]} and {len(titles) - 2} more"


def metadata(docs: Sequence[Document], title: str, *, images: bool, source_date_epoch: int | None,
             cover: str, css: str) -> dict[str, Any]:
    """pandoc metadata of the book (see the EPUB section of the pandoc manual)."""
    single = len(docs) == 1
    doc = docs[0]
    lang = book_language(docs)
    licences = sorted({f"{d.meta.licence} ({d.meta.licence_url})" for d in docs})
    if single:
        subtitle = doc.meta.short_description
        description = doc.meta.short_description or doc.meta.description
    else:
        subtitle = f"{len(docs)} articles from Wikipedia"
        listed = "; ".join(d.meta.title for d in docs[:20]) + ("; …" if len(docs) > 20 else "")
        description = f"{len(docs)} Wikipedia articles: {listed}"
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if images:
        features.insert(0, "alternativeText")
    summary = ("Reflowable text with a heading for every section and a navigable table of contents. "
               "Infoboxes are data tables whose labels are header cells.")
    if images:
        summary += (" Every image has a text alternative: the article's own, else the file's name"
                    " (a caption shown beside it is not repeated).")
    data: dict[str, Any] = {
        "title": meta_inlines(title),
        "lang": lang,
        "creator": [{"text": meta_inlines(creator(d.meta.author for d in docs)), "role": "author"}],
        "rights": meta_inlines("Text: " + "; ".join(licences) + f", by {CONTRIBUTORS}."),
        "identifier": identifier(docs),
        "cover-image": cover,
        "css": [css],
        "toc-title": meta_inlines(terms(lang).contents),
        "cover-label": meta_inlines(terms(lang).cover),  # the cover page's text alternative
        "accessModes": ["textual", "visual"] if images else ["textual"],
        "accessModeSufficient": ["textual"],
        "accessibilityFeatures": features,
        "accessibilityHazards": ["none"],
        "accessibilitySummary": summary,
    }
    if subtitle:
        data["subtitle"] = meta_inlines(subtitle)
    if description:
        data["description"] = meta_inlines(description)
    if single and doc.meta.source_url:
        data["source"] = doc.meta.source_url
    if source_date_epoch is not None:
        data["date"] = datetime.fromtimestamp(int(source_date_epoch), timezone.utc).strftime("%Y-%m-%d")
    if text_direction(lang) == "rtl":
        data["page-progression-direction"] = "rtl"
    return data
