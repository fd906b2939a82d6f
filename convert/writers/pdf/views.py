"""The HTML that feeds WeasyPrint: template contexts for an article and a book, and Jinja.

Templates live in ``templates/pdf/`` and may be overridden one by one with
``--template-dir DIR`` (``DIR/pdf/article.html.jinja`` replaces the packaged one). Jinja
autoescapes; what Python hands to templates as :class:`~markupsafe.Markup` was built by
:mod:`convert.writers.pdf.html`, where all article text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from convert.version import __version__
from convert.model import Document, Heading, inline_text
from convert.wiki import readable_url, text_direction, title_key
from convert.resources import templates_root
from convert.writers.common.credits import PictureCredit, picture_credit
from convert.writers.common.images import ImageStore
from convert.writers.pdf.html import HtmlBuilder, Targets, attr_html, text_html
from convert.writers.pdf.infobox import infobox_view

AUTHOR = "Wikipedia contributors"
DEFAULT_BOOK_TITLE = "Articles from Wikipedia"
PAPERS = ("a4", "a5", "letter")
# CJK glyph variants differ by region; print.css picks fonts by these classes.
_CJK_CLASS = {
    "ja": "cjk-ja", "ko": "cjk-ko", "zh-hant": "cjk-tc", "zh-tw": "cjk-tc", "zh-hk": "cjk-tc",
    "zh-mo": "cjk-tc", "zh-yue": "cjk-tc", "yue": "cjk-tc", "zh-classical": "cjk-tc",
    "lzh": "cjk-tc",
}


@lru_cache(maxsize=8)
def environment(template_dir: Path | None) -> Environment:
    """Jinja environment reading ``template_dir/pdf`` first, then the packaged templates."""
    loaders = [FileSystemLoader(str(templates_root() / "pdf"))]
    if template_dir is not None:
        loaders.insert(0, FileSystemLoader(str(Path(template_dir) / "pdf")))
    return Environment(
        loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


@dataclass(frozen=True, slots=True)
class PageSetup:
    """Document-wide settings the templates need."""

    paper: str = "a4"
    source_date_epoch: int | None = None
    book_title: str = ""


def w3c_date(epoch: int | None) -> str:
    """The creation date as WeasyPrint reads it from ``dcterms.created`` (UTC)."""
    moment = (
        datetime.fromtimestamp(epoch, timezone.utc) if epoch is not None
        else datetime.now(timezone.utc)
    )
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _same_image(a: str, b: str) -> bool:
    def norm(n: str) -> str:
        n = n.replace("_", " ").strip()
        return n[:1].upper() + n[1:]

    return norm(a) == norm(b)


def targets_for(docs: Sequence[Document]) -> Targets:
    """In-book link targets: each article's start and its printed headings."""
    targets = Targets()
    for index, doc in enumerate(docs, 1):
        key = title_key(doc.meta.title)
        if key in targets.articles:
            continue  # the same article twice: links go to the first copy
        targets.articles[key] = f"a{index}"
        for block in doc.body:
            if isinstance(block, Heading) and not block.empty:
                text = " ".join(inline_text(block.children).replace("_", " ").split())
                targets.headings.setdefault((key, text), f"a{index}-{block.id}")
    return targets


def _distinct(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if not any(_same_image(name, seen) for seen in out):
            out.append(name)
    return out


def _credit_view(credit: PictureCredit) -> dict[str, Any]:
    return {
        "file": text_html(credit.file), "url": text_html(readable_url(credit.source)),
        "href": attr_html(credit.source, url=True), "author": text_html(credit.author),
        "licence": text_html(credit.licence), "licence_url": text_html(credit.licence_url),
        "licence_href": attr_html(credit.licence_url, url=True) if credit.licence_url else "",
    }


def article_view(doc: Document, index: int, targets: Targets, store: ImageStore) -> dict[str, Any]:
    """The template context of one article (``article`` in the templates)."""
    meta = doc.meta
    builder = HtmlBuilder(meta.lang, f"a{index}", targets, store.url)
    infoboxes = [infobox_view(builder, box) for box in doc.infoboxes]
    body = builder.blocks(doc.body)
    lead_image = None
    if meta.image_file and not any(_same_image(meta.image_file, s) for s in builder.images_shown):
        lead_image = store.url(meta.image_file)
        if lead_image:
            builder.images_shown.insert(0, meta.image_file)
    images = [_credit_view(picture_credit(store, name)) for name in _distinct(builder.images_shown)]
    return {
        "id": f"a{index}",
        "lang": meta.lang,
        "dir": text_direction(meta.lang),
        "lang_class": _CJK_CLASS.get(meta.lang.lower(), ""),
        "title_html": text_html(meta.title),
        "short_description": text_html(meta.short_description),
        "infoboxes": infoboxes,
        "lead_image": attr_html(lead_image) if lead_image else None,
        "lead_image_alt": attr_html(meta.short_description or meta.title),
        "body": body,
        "source_url": text_html(readable_url(meta.source_url)),
        "source_href": attr_html(meta.source_url, url=True),
        "licence": text_html(meta.licence),
        "licence_url": text_html(meta.licence_url),
        "licence_href": attr_html(meta.licence_url, url=True),
        "images": images,
    }


def _common(setup: PageSetup, lang: str) -> dict[str, Any]:
    return {
        "paper": setup.paper,
        "lang": lang,
        "dir": text_direction(lang),
        "author": AUTHOR,
        "generator": f"wikiexport {__version__}",
        "created": w3c_date(setup.source_date_epoch),
    }


def article_html(doc: Document, setup: PageSetup, store: ImageStore, template_dir: Path | None) -> str:
    """The complete HTML page of one article."""
    view = article_view(doc, 1, targets_for([doc]), store)
    context = _common(setup, doc.meta.lang)
    context.update(
        # <title> holds text only (the PDF's Title): no flag spans or line breaks there.
        title=attr_html(doc.meta.title), subject=attr_html(doc.meta.short_description), article=view
    )
    return environment(template_dir).get_template("article.html.jinja").render(context)


def bundle_html(
    docs: Sequence[Document], setup: PageSetup, store: ImageStore, template_dir: Path | None
) -> str:
    """The complete HTML of a book: cover, contents, the articles, one attribution appendix."""
    targets = targets_for(docs)
    articles = [article_view(doc, i, targets, store) for i, doc in enumerate(docs, 1)]
    # A book credits its pictures once, in one "Image credits" section after the sources.
    image_credits: list[Any] = []
    for article in articles:
        image_credits.extend(c for c in article["images"] if c not in image_credits)
        article["images"] = []
    title = setup.book_title.strip() or DEFAULT_BOOK_TITLE
    lang = docs[0].meta.lang if docs else "en"
    context = _common(setup, lang)
    names = ", ".join(d.meta.title for d in docs)
    context.update(
        title=attr_html(title),
        subject=attr_html(f"{len(docs)} Wikipedia article{'s' if len(docs) != 1 else ''}: {names}"[:1000]),
        book_title=text_html(title),
        articles=articles,
        image_credits=image_credits,
    )
    return environment(template_dir).get_template("bundle.html.jinja").render(context)
