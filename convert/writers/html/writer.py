"""The ``html`` writer: pages to read offline in a browser.

One article is one HTML file that needs nothing beside it: the stylesheet
(``templates/epub/epub.css`` and ``templates/html/html.css``) is inlined, images found in ``--images`` are embedded as
``data:`` URIs, and nothing is loaded from the network (links still point to Wikipedia).
A book is a zip archive (``bundle -o book.zip``; ``-o book/`` unpacks it to a folder) of
``index.html``, listing the articles, and one page per article, with links between them:
previous, next, index, and every link from one article to another of the book.

The page is made by pandoc from the shared AST (:mod:`convert.writers.pandoc.ast`), as the
EPUB and DOCX are, so an article reads the same in the three; the PDF's own HTML builder
is not shared (writers do not import each other).
"""

from __future__ import annotations

import base64
import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable, Sequence

from convert.errors import WriterError
from convert.l10n import terms
from convert.model import Document, Link
from convert.resources import template_path
from convert.wiki import readable_url, text_direction, title_key
from convert.writers import OptionSpec, WriteOptions, Writer
from convert.writers.common.images import ImageStore
from convert.writers.pandoc.ast import article_blocks
from convert.writers.pandoc.body import AstOptions
from convert.writers.pandoc.nodes import attr, document, meta_inlines, node, text_inlines

CSS = ("epub/epub.css", "html/html.css")
"""Stylesheets inlined in every page, in order: the article rules shared with the EPUB,
then the screen layout (both overridable with ``--template-dir``)."""
TEMPLATE = "html/page.html5"
"""pandoc's template of a page (pandoc's own would add its stylesheet to ours)."""
MAX_IMAGE_BYTES = 8 * 1024 * 1024
"""Largest image embedded in a page (a bigger one is left out, as a missing one is)."""
_MEDIA = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
          ".webp": "image/webp", ".svg": "image/svg+xml"}


class HtmlWriter(Writer):
    """Self-contained HTML pages (pandoc)."""

    name = "html"
    extension = ".html"
    binary = False
    supports_bundle = True
    bundle_archive = True
    description = "standalone HTML page (CSS and images inlined); a book is a zip of linked pages"
    options = (OptionSpec("embed_images", "embed images found in --images as data: URIs (default true)", bool),)

    @classmethod
    def unavailable_reason(cls) -> str | None:
        from convert.writers.pandoc.engine import unavailable_reason

        return unavailable_reason()

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        return _page(doc, options, _images(options), body_before=[], link_target=None)

    def render_bundle(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        if not docs:
            raise WriterError("a book needs at least one article")
        names = _page_names(docs)
        pages = {title_key(d.meta.title): n for d, n in zip(docs, names)}
        t = terms(docs[0].meta.lang)
        images = _images(options)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for i, (doc, name) in enumerate(zip(docs, names)):
                nav = _nav(t, names[i - 1] if i else None, names[i + 1] if i + 1 < len(names) else None)
                page = _page(doc, options, images, body_before=[nav], link_target=_linker(doc, pages))
                archive.writestr(_entry(name, options), page)
            archive.writestr(_entry("index.html", options), _index(docs, names, options))
        return out.getvalue()


def _entry(name: str, options: WriteOptions) -> zipfile.ZipInfo:
    """A zip entry with the run's date (``SOURCE_DATE_EPOCH``: the same bytes every run)."""
    import time

    when = time.gmtime(options.source_date_epoch) if options.source_date_epoch is not None else time.gmtime()
    # (zip dates start in 1980)
    stamp = (max(when.tm_year, 1980), when.tm_mon, when.tm_mday, when.tm_hour, when.tm_min, when.tm_sec)
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _page_names(docs: Sequence[Document]) -> list[str]:
    """``001-Title.html``...: numbered, so two articles of one title get two pages."""
    width = max(3, len(str(len(docs))))
    return [f"{i:0{width}d}-{re.sub(r'[^0-9A-Za-z]+', '_', d.meta.title).strip('_')[:60] or 'article'}.html"
            for i, d in enumerate(docs, 1)]


def _linker(doc: Document, pages: dict[str, str]) -> Callable[[Link], str]:
    """Internal links: to the book's page when the target is one of its articles."""
    own = AstOptions(lang=doc.meta.lang)

    def target(link: Link) -> str:
        page = pages.get(title_key(link.page)) if link.page.strip() else None
        if page is None:
            return own.href(link)
        return page + ("#" + "_".join(link.anchor.split()) if link.anchor else "")

    return target


def _images(options: WriteOptions) -> Callable[[str], str | None]:
    """File name -> ``data:`` URI of the image in ``--images`` (or ``None``: left out)."""
    store = ImageStore(options.images_dir)
    embed = options.get("embed_images", True)
    cache: dict[str, str | None] = {}

    def source(name: str) -> str | None:
        if name not in cache:
            path = store.lookup(name) if embed else None
            media = _MEDIA.get(path.suffix.lower()) if path is not None else None
            if path is None or media is None or path.stat().st_size > MAX_IMAGE_BYTES:
                cache[name] = None
            else:
                cache[name] = f"data:{media};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        return cache[name]

    return source


def _credits(doc: Document) -> Any:
    """The closing section: source and licence, in the article's language."""
    t = terms(doc.meta.lang)
    m = doc.meta

    def link(text: str, url: str) -> Any:
        return node("Link", [attr(), text_inlines(text), [url, ""]])

    fields: dict[str, Any] = {
        "article": link(readable_url(m.source_url), m.source_url) if m.source_url else text_inlines(m.title),
        "authors": text_inlines(t.contributors),
        "licence": link(m.licence, m.licence_url) if m.licence_url else text_inlines(m.licence),
        "licence_url": text_inlines(m.licence_url),
    }
    para: list[Any] = []
    for is_field, text in t.pieces("credits"):
        value = fields[text] if is_field else text_inlines(text)
        para.extend(value if isinstance(value, list) else [value])
    heading = node("Header", [2, attr("source-and-licence"), text_inlines(t.source_and_licence)])
    return node("Div", [attr(classes=["attribution"], pairs=[("lang", t.lang), ("dir", t.dir)]),
                           [heading, node("Para", para)]])


def _nav(t: Any, previous: str | None, following: str | None) -> Any:
    items = [node("Link", [attr(), text_inlines(t.contents), ["index.html", ""]])]
    if previous:
        items += [node("Space"), node("Link", [attr(), text_inlines("←"), [previous, ""]])]
    if following:
        items += [node("Space"), node("Link", [attr(), text_inlines("→"), [following, ""]])]
    return node("Div", [attr(classes=["pages"]), [node("Plain", items)]])


def _article(doc: Document, images: Callable[[str], str | None], link_target: Callable[[Link], str] | None,
             title: bool = True) -> list[Any]:
    """The blocks of one article, credits included: the page's body and :func:`article_body`."""
    opts = AstOptions(lang=doc.meta.lang, image_source=images, lead_image=True, link_target=link_target,
                         include_title=title)
    return [*article_blocks(doc, opts), _credits(doc)]


def article_body(doc: Document, options: WriteOptions, *, link_target: Callable[[Link], str] | None = None,
                 title: bool = True) -> str:
    """The body of one article as an HTML fragment, for a page made elsewhere (the
    ``serve`` app's article page): the same blocks, infoboxes, images (``data:`` URIs) and
    credits as this writer's page, without ``<html>``, the stylesheet (see
    :func:`article_stylesheet`) or, with ``title=False``, the level-1 title. The caller wraps
    it in an element with the article's ``lang`` and ``dir``."""
    blocks = _article(doc, _images(options), link_target, title)
    ast = document(blocks, {"lang": doc.meta.lang})
    from convert.writers.pandoc.engine import run_pandoc

    out = run_pandoc(["-t", "html5", "-o", "-"], ast, timeout=options.timeout,
                     source_date_epoch=options.source_date_epoch)
    return out.decode("utf-8")


def article_stylesheet(template_dir: Path | None = None) -> str:
    """The article rules of the page (shared with the EPUB), without the page's screen
    layout: what a page embedding :func:`article_body` links to."""
    return template_path(CSS[0], template_dir).read_text(encoding="utf-8")


def _page(doc: Document, options: WriteOptions, images: Callable[[str], str | None], *,
          body_before: list[Any], link_target: Callable[[Link], str] | None) -> bytes:
    blocks = [*body_before, *_article(doc, images, link_target)]
    meta = {"pagetitle": doc.meta.title or "Untitled", "lang": doc.meta.lang, "dir": text_direction(doc.meta.lang),
            "toc-title": meta_inlines(terms(doc.meta.lang).contents)}
    if doc.meta.short_description:
        meta["description-meta"] = doc.meta.short_description
    toc = ["--toc", f"--toc-depth={options.toc_depth + 1}"] if options.toc else []
    return _pandoc(document(blocks, meta), options, toc)


def _index(docs: Sequence[Document], names: list[str], options: WriteOptions) -> bytes:
    lang = docs[0].meta.lang
    t = terms(lang)
    title = " ".join(options.title.split()) or t.contents
    items = []
    for doc, name in zip(docs, names):
        line = [node("Link", [attr(), text_inlines(doc.meta.title or "Untitled"), [name, ""]])]
        if doc.meta.short_description:
            line += [node("Space"), node("Span", [attr(classes=["about"]),
                                                        text_inlines("– " + doc.meta.short_description)])]
        items.append([node("Plain", line)])
    blocks = [node("Header", [1, attr("title"), text_inlines(title)]),
              node("Div", [attr(classes=["articles"]), [node("BulletList", items)]])]
    meta = {"pagetitle": title, "lang": lang, "dir": text_direction(lang)}
    return _pandoc(document(blocks, meta), options, [])


def _pandoc(ast: dict[str, Any], options: WriteOptions, extra: list[str]) -> bytes:
    """A standalone HTML5 page; the stylesheet goes in through ``-H`` as a ``<style>``
    element (pandoc reads the files named on its command line before it sandboxes itself)."""
    from convert.writers.pandoc.engine import run_pandoc

    css = "\n".join(template_path(name, options.template_dir).read_text(encoding="utf-8") for name in CSS)
    template = template_path(TEMPLATE, options.template_dir)
    if re.search(r"@import|url\s*\(", re.sub(r"/\*.*?\*/", "", css, flags=re.S), flags=re.I):
        raise WriterError("the HTML stylesheet may not use @import or url(): a page loads nothing")
    with tempfile.TemporaryDirectory(prefix="wikiexport-html-") as tmp:
        head = Path(tmp) / "style.html"
        head.write_text("<style>\n" + css.replace("</", "<\\/") + "\n</style>\n", encoding="utf-8")
        return run_pandoc(["-t", "html5", "--standalone", "--template", str(template), "-H", str(head), *extra,
                           "-o", "-"], ast, timeout=options.timeout, source_date_epoch=options.source_date_epoch)
