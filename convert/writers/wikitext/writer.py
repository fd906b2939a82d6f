"""The ``wikitext`` and ``infobox`` writers: the article as Wikipedia wikitext, or only its
infobox template(s), ready to paste into Wikipedia or to diff against a live page.

A pure-Python serializer (no pandoc): the model is walked once and every text run is
escaped for the context it lands in (see :mod:`.wikitext_escape`), so what a reader of the
rendered page sees is exactly the article's text.

Article layout: ``{{Short description|...}}``, the infobox(es), the lead image when no
infobox shows it, the body, and a references list. ``{{Reflist}}`` (``<references />`` on
non-English wikis) goes into the empty references section the source already has (such a
section is empty precisely because the converter that made the seed dropped its
``{{Reflist}}``); failing that, at the end of a references section with content. An article
without such a section gets none: it had no references to list.

Warnings: the Writer API has no warning channel, so both writers offer
:meth:`WikitextWriter.render_with_warnings` (``(bytes, [Diagnostic])``); ``render`` drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from convert.errors import Diagnostic
from convert.model import Block, Document, Heading, Image, Infobox, inline_text
from convert.writers import WriteOptions, Writer
from convert.writers.common.images import body_shows
from convert.writers.wikitext import escape as esc
from convert.writers.wikitext.blocks import BlockWriter, join_chunks, starts_block

GENERIC = "Infobox"
ALIGN_MAX = 40
"""Longest parameter name the ``=`` signs are aligned to (real ones have under 30)."""

# Section titles (casefolded) that hold the reference list; the first set is preferred.
_REF_PRIMARY = {
    "references", "reference", "einzelnachweise", "références", "referencias", "referências",
    "riferimenti", "referenties", "verwysings", "referanser", "referansar", "referenser",
    "kjelder", "notes and references", "references and notes", "notes et références",
    "referencoj", "referencias y notas", "viitteet", "lähteet", "przypisy", "bibliografia",
}
_REF_SECONDARY = {
    "notes", "footnotes", "citations", "sources", "anmerkungen", "belege", "quellen", "note",
    "bronnen", "bronne", "kilder", "källor", "fotnoter", "notas", "notoj", "fontoj",
}
_ENGLISH_REFS = {
    "references", "reference", "notes and references", "references and notes", "notes", "footnotes",
    "citations", "sources",
}


@dataclass(slots=True)
class Rendered:
    """Wikitext plus the warnings met while writing it (``PATH:LINE: warning:`` ready)."""

    text: str
    warnings: list[Diagnostic] = field(default_factory=list)


class _Job:
    """One document being written; collects warnings with the right source line."""

    def __init__(self, doc: Document, options: WriteOptions) -> None:
        self.doc = doc
        self.options = options
        self.warnings: list[Diagnostic] = []
        self.line = 0
        self.blocks = BlockWriter(self._warn)
        self.blocks.inline.trail = esc.link_trail(doc.meta.lang)
        self.blocks.inline.lang = doc.meta.lang

    def _warn(self, message: str) -> None:
        self.warnings.append(Diagnostic(self.doc.source, self.line, f"wikitext: {message}"))

    # ------------------------------------------------------------------ infoboxes
    def infobox(self, box: Infobox) -> str:
        self.line = box.line
        name = " ".join(box.template_name.split()) or GENERIC
        if esc.title_problem(name) or esc.link_target(name) != name:
            self._warn(f"template name {name!r} is not a valid page title; written as {{{{{GENERIC}}}}}")
            name = GENERIC
        if name == GENERIC:
            self._warn(
                "no infobox template was inferred with confidence; written as the generic "
                "{{Infobox}} with the original parameter names: rename it before saving "
                "(or convert again with --infobox-template NAME)"
            )
        keys = [esc.param_name(f.name) for f in box.fields]
        for key, fld in zip(keys, box.fields):
            if key != fld.name:
                self.line = fld.line or box.line
                self._warn(f"parameter name {fld.name!r} holds characters no template parameter can have; written as {key!r}")
        # Names longer than ALIGN_MAX do not widen the column (they stand out anyway): one
        # name of 100,000 characters padded 20,000 others to its width, 2 GB of output.
        width = max((len(k) for k in keys if len(k) <= ALIGN_MAX), default=0) if self.options.align else 0
        lines = ["{{" + name]
        for key, fld in zip(keys, box.fields):
            self.line = fld.line or box.line
            value = self.blocks.value(fld.value.blocks, fld.value.text)
            head = f"| {key.ljust(width)} ="
            if not value:
                lines.append(head)
            elif starts_block(value):
                lines.append(f"{head}\n{value}")
            else:
                lines.append(f"{head} {value}")
        lines.append("}}")
        self.line = 0
        return "\n".join(lines)

    def infoboxes(self) -> str:
        return "\n".join(self.infobox(box) for box in self.doc.infoboxes)

    # ------------------------------------------------------------------ article
    def article(self) -> str:
        meta = self.doc.meta
        head: list[str] = []
        if meta.short_description:
            desc = esc.template_value(meta.short_description, "|", "}")
            # A positional value with "=" would be read as a named parameter.
            head.append("{{Short description|" + ("1=" if "=" in desc else "") + desc + "}}")
        if self.options.toc is not None:  # MediaWiki's own switches (it has none for the depth)
            head.append("__FORCETOC__" if self.options.toc else "__NOTOC__")
        if self.doc.infoboxes:
            head.append(self.infoboxes())
        image = self._lead_image()
        if image:
            head.append(image)
        body = self._body()
        return "\n".join(head + ([body] if body else [])) + "\n"

    def _lead_image(self) -> str:
        """The front matter's image as a thumbnail, unless an infobox or the body shows it."""
        name = self.doc.meta.image_file
        if not name:
            return ""
        key = name.replace("_", " ").casefold()
        for box in self.doc.infoboxes:
            if any(key in f.value.text.replace("_", " ").casefold() for f in box.fields):
                return ""
        if body_shows(self.doc, name):
            return ""
        return self.blocks.block(Image(name, ""))

    def _body(self) -> str:
        blocks = list(self.doc.body)
        chunks: list[tuple[bool, str]] = []
        for index, b in enumerate(blocks):
            self.line = self.doc.line_of(index)  # a warning about this block says where it is
            chunks.append((isinstance(b, Heading), self.blocks.block(b)))
        self.line = 0
        at = _ref_section(blocks)
        # Only where the article has a references section (in its own words, so in its
        # own language): a seed without one had no references to list, and a section
        # added in English doubled the one an article in another language already had.
        if at is not None:
            end = at + 1
            heading = blocks[at]
            # {{Reflist}} is English Wikipedia's; the core tag works on every wiki (and an
            # article whose language was not told apart from English keeps its own words).
            english = isinstance(heading, Heading) and _key(heading) in _ENGLISH_REFS
            reflist = "{{Reflist}}" if self.doc.meta.lang == "en" and english else "<references />"
            if isinstance(heading, Heading) and not heading.empty:
                while end < len(blocks) and not isinstance(blocks[end], Heading):
                    end += 1
            chunks.insert(end, (False, reflist))
        return join_chunks(chunks)


def _key(heading: Heading) -> str:
    return " ".join(inline_text(heading.children).split()).casefold()


def _ref_section(blocks: list[Block]) -> int | None:
    """Index of the heading that should hold the reference list, or ``None``."""
    heads = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Heading)]
    for empty in (True, False):
        for names in (_REF_PRIMARY, _REF_SECONDARY):
            for i, h in heads:
                if h.empty == empty and _key(h) in names:
                    return i
    return None


def render_article(doc: Document, options: WriteOptions) -> Rendered:
    """The whole article as wikitext, with warnings."""
    job = _Job(doc, options)
    return Rendered(esc.inert_controls(esc.visible_references(job.article())), job.warnings)


def render_infoboxes(doc: Document, options: WriteOptions) -> Rendered:
    """Only the infobox template(s), one after another, with warnings."""
    job = _Job(doc, options)
    if not doc.infoboxes:
        # Most articles have no infobox; an empty file says so without a warning per
        # article drowning the ones that matter in a batch.
        return Rendered("", job.warnings)
    return Rendered(esc.inert_controls(esc.visible_references(job.infoboxes())) + "\n", job.warnings)


class WikitextWriter(Writer):
    """The article as Wikipedia wikitext (``.wiki``)."""

    name = "wikitext"
    extension = ".wiki"
    binary = False
    light = True
    draws_infoboxes = False  # writes the template's fields in source order
    description = "the article as Wikipedia wikitext"

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        return self.render_with_warnings(doc, options)[0]

    def render_with_warnings(self, doc: Document, options: WriteOptions) -> tuple[bytes, list[Diagnostic]]:
        """The output and the warnings met while writing it."""
        out = render_article(doc, options)
        return out.text.encode("utf-8"), out.warnings


class InfoboxWriter(Writer):
    """Only the infobox template(s) (``.infobox.wiki``)."""

    name = "infobox"
    extension = ".infobox.wiki"
    binary = False
    light = True
    partial = True
    draws_infoboxes = False
    description = "only the infobox template(s) as wikitext"

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        return self.render_with_warnings(doc, options)[0]

    def render_with_warnings(self, doc: Document, options: WriteOptions) -> tuple[bytes, list[Diagnostic]]:
        """The output and the warnings met while writing it."""
        out = render_infoboxes(doc, options)
        return out.text.encode("utf-8"), out.warnings
