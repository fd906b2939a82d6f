"""A picture's credit as pandoc inlines, shared by the EPUB and DOCX attributions."""

from __future__ import annotations

from convert.wiki import readable_url
from convert.writers.common.credits import PictureCredit
from convert.writers.pandoc.nodes import Node, attr, node, text_inlines


def _link(text: str, url: str) -> Node:
    return node("Link", [attr(classes=["external"]), text_inlines(text), [url, ""]])


def credit_inlines(credit: PictureCredit) -> list[Node]:
    """``Image: NAME, by AUTHOR, LICENCE (URL); source: PAGE.`` (the same words as the PDF's)."""
    out = text_inlines(f"Image: {credit.file}")
    if credit.author or credit.licence:
        if credit.author:
            out += text_inlines(f", by {credit.author}")
        if credit.licence:
            out += text_inlines(", ")
            out += [_link(credit.licence, credit.licence_url)] if credit.licence_url else text_inlines(credit.licence)
        out += text_inlines("; source: ") + [_link(readable_url(credit.source), credit.source)] + text_inlines(".")
    else:
        out += text_inlines(", see ") + [_link(readable_url(credit.source), credit.source)]
        out += text_inlines(" for its author and licence.")
    return out
