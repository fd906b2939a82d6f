"""The HTML that feeds WeasyPrint: template contexts for an article (alone or in a book's
pieces, :mod:`convert.writers.pdf.book`), and Jinja.

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
from convert.errors import Diagnostic
from convert.l10n import terms
from convert.model import Document, Heading, inline_text
from convert.wiki import bcp47, creator, readable_url, text_direction
from convert.resources import templates_root
from convert.writers.common.credits import PictureCredit, picture_credit
from convert.writers.common.images import ImageStore
from convert.writers.common.links import BookLinks
from convert.writers.pdf.html import HtmlBuilder, attr_html, text_html
from convert.writers.pdf.infobox import infobox_view

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
    toc: bool | None = None
    """``--toc``: a contents list under an article's title; ``False``: no contents page in a book."""
    toc_depth: int = 2


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


def _distinct(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if not any(_same_image(name, seen) for seen in out):
            out.append(name)
    return out


def credit_view(credit: PictureCredit) -> dict[str, Any]:
    return {
        "file": text_html(credit.file), "url": text_html(readable_url(credit.source)),
        "href": attr_html(credit.source, url=True), "author": text_html(credit.author),
        "licence": text_html(credit.licence), "licence_url": text_html(credit.licence_url),
        "licence_href": attr_html(credit.licence_url, url=True) if credit.licence_url else "",
    }


def article_view(
    doc: Document, index: int, links: BookLinks, store: ImageStore, warnings: list[Diagnostic] | None = None,
    toc_depth: int = 0, here: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The template context of one article (``article`` in the templates); what could not
    be drawn as written is added to ``warnings``; ``toc_depth`` levels of its sections are
    listed in ``toc`` (0: none). ``here``: the articles laid out with it, when it is one
    piece of a book."""
    meta = doc.meta
    builder = HtmlBuilder(meta.lang, f"a{index}", links, store.url, source=index - 1, here=here)
    infoboxes = [infobox_view(builder, box) for box in doc.infoboxes]
    body = builder.blocks(doc.body)
    if warnings is not None:
        warnings.extend(Diagnostic(doc.source, line, message) for line, message in builder.warnings)
    lead_image = None
    if meta.image_file and not any(_same_image(meta.image_file, s) for s in builder.images_shown):
        lead_image = store.url(meta.image_file)
        if lead_image:
            builder.images_shown.insert(0, meta.image_file)
    credits = [picture_credit(store, name) for name in _distinct(builder.images_shown)]
    return {
        "id": f"a{index}",
        "lang": bcp47(meta.lang),
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
        "images": [credit_view(c) for c in credits],
        "credits": credits,  # (a book credits its pictures once: book_credits)
        "t": terms(meta.lang),
        # Sections start at level 2 (the title is level 1).
        "toc": [{"id": attr_html(builder.heading_id(h)), "text": text_html(inline_text(h.children)), "level": h.level}
                for h in doc.body if isinstance(h, Heading) and h.id and not h.empty and h.level <= toc_depth + 1],
    }


def _common(setup: PageSetup, lang: str, docs: Sequence[Document] = ()) -> dict[str, Any]:
    """What every page template is given; ``author`` is the PDF's /Author (of ``docs``)."""
    return {
        "paper": setup.paper,
        "lang": bcp47(lang),
        "dir": text_direction(lang),
        "author": creator(d.meta.author for d in docs),
        "generator": f"wikiexport {__version__}",
        "created": w3c_date(setup.source_date_epoch),
        "t": terms(lang),
    }


def article_html(
    doc: Document, setup: PageSetup, store: ImageStore, template_dir: Path | None,
    warnings: list[Diagnostic] | None = None,
) -> str:
    """The complete HTML page of one article (its warnings added to ``warnings``)."""
    view = article_view(doc, 1, BookLinks([doc]), store, warnings, setup.toc_depth if setup.toc else 0)
    context = _common(setup, doc.meta.lang, [doc])
    context.update(
        # <title> holds text only (the PDF's Title): no flag spans or line breaks there.
        title=attr_html(doc.meta.title), subject=attr_html(doc.meta.short_description), article=view
    )
    return environment(template_dir).get_template("article.html.jinja").render(context)
