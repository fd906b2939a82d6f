"""The article as an HTML fragment for the article page.

The project has no ``--to html`` writer on this branch (another change adds one); until
it lands, the page shows the model through this small view. It visits every node kind by
name and raises on one it does not know, so a new kind cannot be dropped silently, and it
escapes text in exactly one place (:func:`_text`). Internal links point at the server's
article page; images are named, never fetched (the page's policy allows nothing remote).
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import quote

from markupsafe import Markup, escape

from convert import model as m
from convert.wiki import text_direction


def _text(value: str) -> str:
    return str(escape(value))


def inlines(items: tuple[m.Inline, ...]) -> str:
    return "".join(_inline(item) for item in items)


def _inline(node: m.Inline) -> str:
    if isinstance(node, m.Text):
        return _text(node.text)
    if isinstance(node, m.Bold):
        return f"<b>{inlines(node.children)}</b>"
    if isinstance(node, m.Italic):
        return f"<i>{inlines(node.children)}</i>"
    if isinstance(node, m.Code):
        return f"<code>{_text(node.text)}</code>"
    if isinstance(node, m.Link):
        href = "/article/" + quote(node.page.replace(" ", "_"), safe="")
        return f'<a href="{_text(href)}">{inlines(node.children)}</a>'
    if isinstance(node, m.ExternalLink):
        return f'<a href="{_text(node.url)}" rel="noopener noreferrer nofollow">{inlines(node.children)}</a>'
    if isinstance(node, m.LineBreak):
        return "<br>"
    raise TypeError(f"article view: unknown inline kind {type(node).__name__}")


def blocks(items: tuple[m.Block, ...]) -> str:
    return "\n".join(_block(item) for item in items)


def _cells(row: tuple[m.TableCell, ...], tag: str) -> str:
    return "".join(f"<{tag}>{inlines(cell.children)}</{tag}>" for cell in row)


def _block(node: m.Block) -> str:
    handler = _BLOCKS.get(type(node))
    if handler is None:
        raise TypeError(f"article view: unknown block kind {type(node).__name__}")
    return handler(node)


def _heading(node: m.Heading) -> str:
    level = min(6, max(2, node.level))
    return f'<h{level} id="{_text(node.id)}">{inlines(node.children)}</h{level}>'


def _table(node: m.Table) -> str:
    caption = f"<caption>{inlines(node.caption)}</caption>" if node.caption else ""
    head = "".join(f"<tr>{_cells(row, 'th')}</tr>" for row in node.head)
    body = "".join(f"<tr>{_cells(row, 'td')}</tr>" for row in node.body)
    return f"<table>{caption}<thead>{head}</thead><tbody>{body}</tbody></table>"


def _image(node: m.Image) -> str:
    caption = inlines(node.caption) if node.caption else _text(node.alt or node.file)
    return f'<figure class="image"><div class="image-name">{_text(node.file)}</div><figcaption>{caption}</figcaption></figure>'


def _ordered(node: m.OrderedList) -> str:
    return f'<ol start="{node.start}">{"".join(_block(i) for i in node.items)}</ol>'


_BLOCKS: dict[type, Callable[..., str]] = {
    m.Heading: _heading,
    m.Paragraph: lambda n: f"<p>{inlines(n.children)}</p>",
    m.BulletList: lambda n: f"<ul>{''.join(_block(i) for i in n.items)}</ul>",
    m.OrderedList: _ordered,
    m.ListItem: lambda n: f"<li>{blocks(n.blocks)}</li>",
    m.BlockQuote: lambda n: f"<blockquote>{blocks(n.blocks)}</blockquote>",
    m.CodeBlock: lambda n: f"<pre><code>{_text(n.text)}</code></pre>",
    m.Table: _table,
    m.Image: _image,
    m.HorizontalRule: lambda n: "<hr>",
}


def _infobox(box: m.Infobox) -> str:
    rows = "".join(f"<tr><th scope=\"row\">{_text(f.name.replace('_', ' '))}</th><td>{blocks(f.value.blocks)}</td></tr>"
                   for f in box.fields)
    name = _text(box.template_name or "Infobox")
    return f'<table class="infobox"><caption>{name}</caption><tbody>{rows}</tbody></table>'


def article_html(doc: m.Document) -> Markup:
    """The body of the article page: infoboxes, then the article's blocks."""
    boxes = "".join(_infobox(box) for box in doc.infoboxes)
    return Markup(f'<div class="article-body" lang="{_text(doc.meta.lang)}" dir="{text_direction(doc.meta.lang)}">'
                  f"{boxes}{blocks(doc.body)}</div>")


def article_page(doc: m.Document) -> str:
    """A standalone HTML document of the article (what ``GET /api/v1/html/TITLE`` returns)."""
    meta = doc.meta
    return (f'<!DOCTYPE html>\n<html lang="{_text(meta.lang)}" dir="{text_direction(meta.lang)}"><head>'
            f'<meta charset="utf-8"><title>{_text(meta.title)}</title></head><body>'
            f"<h1>{_text(meta.title)}</h1>{article_html(doc)}"
            f'<footer><p>Text: <a href="{_text(meta.source_url)}">{_text(meta.source_url)}</a>, '
            f"{_text(meta.licence)}</p></footer></body></html>\n")
