"""The one URL and link policy of the front end, for the body and for infobox values alike.

A link is *external* when its URL's scheme is ``http``, ``https`` or ``mailto`` and it names
a host (``mailto`` names an address instead): ``http:example`` names none and no reader can
follow it, so it is text wherever it is written. A protocol-relative ``//host/path`` (what
wikitext's ``[//host/path text]`` gives) is read as ``https``. A URL written with a blank,
``<``, ``>`` or ``"`` is not one (markdown-it percent-encodes a body link's target before we
see it; infobox values come as written). Every other scheme (``javascript:``, ``data:``,
``file:``) is dropped to its text. External URLs are normalised the way markdown-it writes
a body link's target (:func:`normalise_url`), so every writer receives a URL readers accept.

A relative target (``./Page_Title#Section``) is an *internal* link; a page title that can be
no page (:func:`convert.wiki.title_problem`) is text as well.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import unquote, urlsplit

SAFE_SCHEMES = ("http", "https", "mailto")
_NOT_IN_URL = frozenset(" \t\r\n<>\"")


def absolute_url(url: str) -> str:
    """``url`` with a protocol-relative ``//host/...`` read as ``https://host/...``."""
    url = url.strip()
    return "https:" + url if url.startswith("//") else url


def external_url(url: str) -> str | None:
    """``url`` normalised when it is an external link a reader may follow, else ``None``."""
    url = absolute_url(url)
    if not url or any(c in _NOT_IN_URL for c in url):
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES or not (parts.netloc or (scheme == "mailto" and parts.path)):
        return None
    return normalise_url(url)


def classify_target(target: str) -> tuple[Literal["internal", "external", "unsafe"], str, str | None]:
    """A body link's target: ``("internal", page, anchor)``, ``("external", url, None)`` or
    ``("unsafe", target, None)``."""
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or target.startswith("//"):
        url = external_url(target)
        return ("external", url, None) if url is not None else ("unsafe", target, None)
    page = unquote(parts.path)
    if page.startswith("./"):
        page = page[2:]
    page = page.lstrip("/").replace("_", " ").strip()
    anchor = unquote(parts.fragment).replace("_", " ") or None
    if not page and not anchor:
        return "unsafe", target, None
    return "internal", page, anchor


def normalise_url(url: str) -> str:
    """``url`` as markdown-it writes a body link's target (its ``normalizeLink``): what
    may not stand in a URL (``\\``, ``]``, spaces, non-ASCII) percent-encoded, ``%XX``
    kept, a non-ASCII host name in punycode. Infobox links get the same, so every writer
    receives a URL that readers accept (epubcheck refuses ``https://e.org/a\\b``).
    Uses mdurl, markdown-it's own URL library, without importing markdown-it."""
    import mdurl

    parsed = mdurl.parse(url, slashes_denote_host=True)
    host = parsed.hostname
    if host and not host.isascii():
        try:
            parsed = parsed._replace(hostname=host.encode("idna").decode("ascii"))
        except UnicodeError:
            pass  # percent-encoded below, which browsers also read
    if not parsed.hostname or ":" not in parsed.hostname:
        return str(mdurl.encode(mdurl.format(parsed)))
    # An IPv6 host: encode the parts before format() adds the host's brackets.
    return str(mdurl.format(parsed._replace(
        auth=parsed.auth and mdurl.encode(parsed.auth),
        pathname=parsed.pathname and mdurl.encode(parsed.pathname),
        search=parsed.search and mdurl.encode(parsed.search),
        hash=parsed.hash and mdurl.encode(parsed.hash),
    )))


__all__ = ["SAFE_SCHEMES", "absolute_url", "classify_target", "external_url", "normalise_url"]
