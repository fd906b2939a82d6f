"""Inline model nodes -> wikitext, escaping each text run for the context it lands in."""

from __future__ import annotations

from typing import Callable

from convert.model import (
    Bold, Code, ExternalLink, Inline, Italic, LineBreak, Link, Text, inline_text, unknown_node,
)
from convert.wiki import bare_title, interlanguage, interlanguage_links, interwiki, title_key
from convert.writers.wikitext import escape as esc

Warn = Callable[[str], None]

_EXT_LABEL = -1  # the label of [url label]: like LINK, but free URLs are not linked there


def quote_gap(left: str, right: str) -> str:
    """What must go between two pieces of markup so that their apostrophes stay apart.

    MediaWiki reads a run of apostrophes as a whole: ``''a''''b''`` (italic after italic)
    shows a literal ``'`` and opens bold, six in a row show a ``'`` and bold italic. Only
    ``''`` + ``'''`` or the reverse (five in a row) means what the two nodes meant (close
    one, open or close the other); other touching runs get ``<nowiki />`` between them.
    """
    if not left.endswith("'") or not right.startswith("'"):
        return ""
    return "" if (_run(left[::-1]), _run(right)) in ((2, 3), (3, 2)) else "<nowiki />"


def _run(s: str) -> int:
    """How many apostrophes ``s`` starts with."""
    return len(s) - len(s.lstrip("'"))


class InlineWriter:
    """Renders inlines; problems (an unlinkable target...) go to ``warn``."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.in_template = False
        """True while rendering a template parameter value (pipes and braces then matter)."""
        self.emphasis: set[type] = set()
        """The emphasis kinds (Bold, Italic) open around the inlines being rendered."""
        self.trail = esc.link_trail("")
        self.lang = ""
        """What the wiki would join to a link from the text after it (its language's)."""

    def render(self, nodes: tuple[Inline, ...], ctx: int, before: str = "", after: str = "",
               line_start: bool = False) -> str:
        """Wikitext for ``nodes`` in context ``ctx``; ``before``/``after`` are the characters
        the caller writes around it (``"\\n"`` or ``""`` at a line's edges)."""
        if len(nodes) == 1 and type(nodes[0]) is Text:  # the common case, fast
            return self._text(nodes[0].text, ctx, before[-1:], after[:1], line_start)
        if not nodes:  # an empty table cell
            return ""
        items = self._prepare(nodes, ctx in (esc.LINK, esc.LABEL, _EXT_LABEL))
        # Markup nodes first: each text run is then escaped knowing what touches it.
        rendered = [n if isinstance(n, Text) else self._node(n, ctx, items, i) for i, n in enumerate(items)]
        pieces: list[str | Text] = []
        for piece in rendered:
            if isinstance(piece, Text) and pieces and isinstance(pieces[-1], Text):
                pieces[-1] = Text(pieces[-1].text + piece.text)
            elif piece != "":
                pieces.append(piece)
        out: list[str] = []
        for i, piece in enumerate(pieces):
            if isinstance(piece, Text):
                left = out[-1][-1:] if out else before[-1:]
                nxt = pieces[i + 1] if i + 1 < len(pieces) else after
                right = nxt[:1] if isinstance(nxt, str) else ""
                out.append(self._text(piece.text, ctx, left, right, line_start and i == 0))
            else:
                if out:  # "'''a'''" then "'''b'''": six apostrophes in a row
                    out.append(quote_gap(out[-1], piece))
                out.append(piece)
        text = "".join(out)
        if line_start and text[:1] in (" ", "\t"):
            text = text.lstrip(" \t")
        return text

    def _text(self, s: str, ctx: int, before: str, after: str, line_start: bool) -> str:
        if ctx == _EXT_LABEL:
            return esc.escape(s, esc.LABEL, before, after, False, self.in_template, urls=False)
        return esc.escape(s, ctx, before, after, line_start, self.in_template)

    def _prepare(self, nodes: tuple[Inline, ...], in_link: bool) -> list[Inline]:
        """Merge adjacent text and adjacent emphasis of one kind; unwrap links that cannot be
        written as links, and links inside link text (wikitext cannot nest them)."""
        out: list[Inline] = []
        for node in nodes:
            expanded: list[Inline] = [node]
            if isinstance(node, (Link, ExternalLink)) and node.children and not inline_text(node.children).strip():
                # Nothing visible to click: "[[A| ]]" would show nothing, "[[A]]" the title.
                self.warn("link with only blank text written as plain text")
                expanded = self._prepare(node.children, in_link)
            elif isinstance(node, Link) and (in_link or self._link_problem(node)):
                problem = "is inside another link" if in_link else self._link_problem(node)
                self.warn(f"link to {node.page!r} {problem}; written as plain text")
                expanded = self._prepare(node.children or (Text(node.page),), in_link)
            elif isinstance(node, ExternalLink) and in_link:
                self.warn(f"link to {node.url!r} is inside another link; written as plain text")
                expanded = self._prepare(node.children or (Text(node.url),), in_link)
            elif isinstance(node, (Bold, Italic)) and type(node) in self.emphasis:
                # Bold inside bold is just bold, but its quotes would close the outer ones
                # (a '''b''' c inside '''...'''): its content joins the text around it.
                expanded = self._prepare(node.children, in_link)
            for item in expanded:
                if isinstance(item, Text) and out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text + item.text)
                elif isinstance(item, (Bold, Italic)) and out and type(out[-1]) is type(item):
                    # "**a**__b__": one bold run, rather than two kept apart by <nowiki />.
                    out[-1] = type(item)(out[-1].children + item.children)  # type: ignore[union-attr]
                elif not (isinstance(item, Text) and not item.text):
                    out.append(item)
        return out

    @staticmethod
    def _link_problem(node: Link) -> str | None:
        page = bare_title(node.page)
        if not page and not node.anchor:
            return "has no target"
        return esc.title_problem(page) if page else None

    def _node(self, node: Inline, ctx: int, items: list[Inline], i: int) -> str:
        # (Inside an external link's label "]" still ends it: LABEL, not LINK.)
        inner = esc.LABEL if ctx == _EXT_LABEL else ctx
        if isinstance(node, (Bold, Italic)):
            kind = type(node)
            self.emphasis.add(kind)
            try:
                body = self.render(node.children, inner, "'", "'")
            finally:
                self.emphasis.discard(kind)
            if not body:
                return ""
            quotes = "'''" if kind is Bold else "''"
            # An italic opening or closing our bold makes a run of five: the one that works.
            opening = quote_gap(quotes, body)
            if kind is Bold and _run(body) == 2 and _run(body[::-1]) != 2:
                # MediaWiki reads '''''x''y''' as meant, but mwparserfromhell (which bots
                # and our tests read wikitext with) then runs this template parameter
                # into the next ones: bold opens alone when its italic closes first.
                opening = "<nowiki />"
            return quotes + opening + body + quote_gap(body, quotes) + quotes
        if isinstance(node, Code):
            return self._code(node.text)
        if isinstance(node, LineBreak):
            return "<br />"
        sister = interwiki(node.url, self.lang) if isinstance(node, ExternalLink) else None
        language = None
        if isinstance(node, ExternalLink) and interlanguage(node.url, self.lang) is not None:
            language = interlanguage_links(items, self.lang).get(i)  # ("[[zh:杨吴|杨吴]]", see there)
        if isinstance(node, Link) or (isinstance(node, ExternalLink) and (sister or language)):
            if isinstance(node, Link):
                out = self._link(node)
            elif language is not None:
                code, _, page = language.partition(":")
                label = self.render(node.children, esc.LINK, "|", "]")
                out = f"[[{code}:{esc.interwiki_page(page)}|{label}]]"
            else:
                assert sister is not None
                out = self._interwiki(node, *sister)
            nxt = items[i + 1] if i + 1 < len(items) else None
            # MediaWiki pulls letters right after ]] into the link ("[[Syria]]n"): stop it.
            if isinstance(nxt, Text) and self.trail.match(nxt.text):
                out += "<nowiki />"
            return out
        if isinstance(node, ExternalLink):
            label = self.render(node.children, _EXT_LABEL, " ", "]")
            if not label.strip():
                label = self._text(node.url, _EXT_LABEL, " ", "]", False)
            return f"[{esc.url(node.url)} {label}]"
        unknown_node(node)

    def _interwiki(self, node: ExternalLink, prefix: str, page: str, anchor: str) -> str:
        """``[[wikt:brigand|brigand]]``: a page of a sister project as editors link it (the
        seed's converter wrote such links as URLs, see :func:`convert.wiki.interwiki`)."""
        target = prefix + ":" + esc.interwiki_page(page, anchor)
        label = self.render(node.children, esc.LINK, "|", "]")
        return f"[[{target}|{label}]]" if label.strip() else f"[[{target}]]"

    def _code(self, s: str) -> str:
        flat = s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        plain = esc.escape(flat, esc.TEMPLATE, ">", "<") == flat
        if plain and "!!" not in flat:
            return f"<code>{flat}</code>"
        return f"<code>{esc.nowiki(flat)}</code>"

    def _link(self, node: Link) -> str:
        page = bare_title(node.page)
        shown = inline_text(node.children)
        if not node.anchor and page:
            simple = self._simple_target(node, page, shown)
            if simple is not None:
                return f"[[{simple}]]"
        target = esc.link_target(page, node.anchor)
        if not page and shown == "#" + (node.anchor or "") and target == shown:
            return f"[[{target}]]"  # "[[#0000FF]]": MediaWiki shows the anchor with its "#"
        label = self.render(node.children, esc.LINK, "|", "]")
        if not label.strip():
            # No visible text would be the "pipe trick"; show the target instead.
            return f"[[{target}]]"
        return f"[[{target}|{label}]]"

    @staticmethod
    def _simple_target(node: Link, page: str, shown: str) -> str | None:
        """``[[Text]]`` when the text, used as the target, names the same page and shows
        exactly as written; ``None`` when a piped link is needed."""
        if not shown:
            return esc.link_target(page)
        if len(node.children) != 1 or not isinstance(node.children[0], Text):
            return None
        if shown != " ".join(shown.split()) or title_key(shown) != title_key(page):
            return None
        target = esc.link_target(shown)
        if target.lstrip(":") != shown or esc.title_problem(shown):
            return None
        return target
