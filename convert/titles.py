"""MediaWiki's rules for page titles, shared by the front end (which keeps a link whose
target can be no page as plain text, with a warning at its line) and the wikitext writer
(which must never write such a target inside ``[[...]]``)."""

from __future__ import annotations

import re

# Characters MediaWiki never allows in a page title ($wgLegalTitleChars' complement).
_ILLEGAL_TITLE = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f\ufffd]")
_BAD_DOTS = re.compile(r"^\.\.?(/|$)|/\.\.?(/|$)")


def title_problem(page: str) -> str | None:
    """Why ``page`` cannot be a link target, or ``None`` when it can."""
    if _ILLEGAL_TITLE.search(page):
        return "contains a character not allowed in page titles"
    if _BAD_DOTS.search(page):
        return "is a relative path"
    if len(page.encode("utf-8")) > 255:
        return "is longer than 255 bytes"
    return None
