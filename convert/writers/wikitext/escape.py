"""Escaping for wikitext: one function per place text can land in.

MediaWiki reads markup almost everywhere, so article text is neutralised where it would be
read as markup and left alone elsewhere (editors must be able to read the result). The
rules, with the MediaWiki behaviour each one defends against:

* ``[[``/``]]`` (a lone ``[`` or ``]`` is text, but for ``]`` in an external link's
  label), ``{{``/``}}``, ``-{``/``}-`` (language converter), ``~~~`` (signatures, expanded
  on save), real behaviour switches (``__NOTOC__``; ``__init__`` is text, and a URL is left
  alone), ``<tag``/``<!--``, ``&name;`` entities, plus ``*#:;=``, ``----``, ``{|`` and
  leading blanks at the start of a line: single characters become character references
  (``&#91;``), which MediaWiki decodes only after parsing, so they cannot start markup
  (and, unlike ``<nowiki>``, they also work inside link targets).
* A run of apostrophes in text is ``<nowiki>''</nowiki>``, and one touching our own
  bold/italic quotes is kept apart by ``<nowiki />`` (``''<nowiki />'71''``), the forms
  editors write (a reference would show as ``&#39;`` to any other reader of wikitext).
* Free URLs (``http://...``, ``mailto:...``) and the ``ISBN``/``RFC``/``PMID`` magic-link
  keywords are wrapped whole in ``<nowiki>``, the form editors use for them.
* A text run is escaped knowing the characters next to it (``before``/``after``: the
  markup the writer puts around it), so ``x'`` followed by ``''italic''`` never makes ``'''``.

Inline code uses ``<nowiki>`` (see :func:`nowiki`) because it may hold any markup at all.
"""

from __future__ import annotations

import re

from convert.charset import CharSet
from convert.wiki import namespace_prefix
from convert.wiki import title_problem  # noqa: F401 - the writers and tests use it from here

# MediaWiki's $wgUrlProtocols (free links need the scheme; "//" only counts in brackets).
_SCHEMES = (
    "bitcoin|ftp|ftps|geo|git|gopher|http|https|irc|ircs|magnet|mailto|matrix|mms|news|nntp|"
    "redis|sftp|sip|sips|sms|ssh|svn|tel|telnet|urn|worldwind|xmpp"
)
# A free URL as MediaWiki finds one (scheme, then URL characters), and the magic-link
# keywords; both are wrapped in <nowiki> whole, the idiom editors use and recognise.
_URL_CHARS = r"[^\s\[\]<>\"\x00-\x20\x7f\ufffd]"
_VERBATIM = re.compile(
    rf"(?i:(?<![\w])(?:{_SCHEMES}):{_URL_CHARS}+)"
    r"|(?<!\w)(?:ISBN|RFC|PMID)(?=(?:\s|&nbsp;|&#0*160;|&#[xX]0*[aA]0;)+[0-9])"
)
_SCHEME_NAMES = frozenset(_SCHEMES.split("|"))
# Letters that case-fold to a scheme's (Python's and PCRE's caseless matching let "ſ" be "s").
_LETTERS_AT_END = re.compile(r"[A-Za-z\u017f\u212a]+$")


def _scheme_colon(text: str) -> bool:
    """True when some ":" in ``text`` follows a URL scheme's name: a cheap test before
    :data:`_VERBATIM`, which is slow on long text."""
    colon = text.find(":")
    while colon >= 0:
        letters = _LETTERS_AT_END.search(text, max(0, colon - 12), colon)
        if letters is not None and letters.group().casefold() in _SCHEME_NAMES:
            return True
        colon = text.find(":", colon + 1)
    return False


_TRAILING_SCHEME = re.compile(rf"(?i)(?<![\w])(?:{_SCHEMES}):$")
_BRACKET_URL = re.compile(rf"(?i)\[(?=//|(?:{_SCHEMES}):)")
# A value that is one plain URL (no markup characters, no trailing punctuation, which
# MediaWiki would leave out of the link).
WHOLE_URL = re.compile(r"(?i)(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&()*+,;=%]*[A-Za-z0-9\-_~/#@$&*+=%]")
_ENTITY_LIKE = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
# A double-underscore word: a behaviour switch (MediaWiki removes "__NOTOC__" from the page
# and obeys it) only when it is one of MediaWiki's; see _switch.
_SWITCH = re.compile(r"__([^\W_]+(?:_[^\W_]+)*)(?=__)")
# MediaWiki's own behaviour switches (MagicWord IDs of core and of Wikipedia's extensions),
# matched in any case; other languages' names ("__KEIN_INHALTSVERZEICHNIS__",
# "__AUCUNSOMMAIRE__") are written in capitals, so a word without lower-case letters counts too.
_SWITCH_WORDS = frozenset("""
notoc nogallery forcetoc toc noeditsection newsectionlink nonewsectionlink hiddencat index
noindex staticredirect notitleconvert notc nocontentconvert nocc expectunusedcategory
expectunusedtemplate disambig nogloballinks archivedtalk notalk noexpectunusedcategory
""".split())
_TILDES = re.compile(r"~{3,}")
_QUOTES = re.compile(r"'{2,}")
# MediaWiki reads tags only after "<" + letter, "/" or "!"; mwparserfromhell also after a
# digit ("<0x />") or any letter ("<ü>"), so such a "<" becomes "&lt;"; "a <= b", "x <- y"
# and "a < b" stay as written.
_TAG_OPEN = re.compile(r"<(?=[^\W_]|[/!?])")
_PERCENT_HEX = re.compile(r"%(?=[0-9A-Fa-f]{2})")
_LINE_MARKERS = {"*": "&#42;", "#": "&#35;", ":": "&#58;", ";": "&#59;", "=": "&#61;"}
_LINE_START_CHARS = (*_LINE_MARKERS, "-", "{", " ", "\t")

# Contexts: which extra characters matter where the text lands.
TEXT = 0  # running text (paragraphs, list items, block quotes)
TEMPLATE = 1  # a template parameter value: "|" separates parameters, braces close it
LINK = 2  # the visible text of [[Page|text]] or [url text]: "]" ends it, "|" is risky
CELL = 3  # a table data cell: "|" and "||" separate cells
HEADER_CELL = 4  # a table header cell: "!!" separates cells as well
HEADING = 5  # the text of == Heading == (written between blanks: "=" inside is text)
CAPTION = 6  # an image caption or alt text: "|" separates options, "=" names them
LABEL = 7  # the visible text of [url text]: like LINK, and a single "]" ends it


_RUNS = {ch: re.compile(re.escape(ch) + "{2,}") for ch in "[]{}!"}
# Every character any context's rules look at; text without them is written as it is.
_NOTHING_TO_ESCAPE = CharSet("&<'~_[]{}|!=:\r\n")


def _pairs(text: str, before: str, after: str, ch: str, entity: str) -> str:
    """Replace ``ch`` wherever it touches another ``ch`` (neighbours included)."""
    if ch not in text:
        return text
    out = _RUNS[ch].sub(lambda m: entity * len(m.group()), text)
    if out[0] == ch and before[-1:] == ch:
        out = entity + out[1:]
    if out[-1] == ch and after[:1] == ch:
        out = out[:-1] + entity
    return out


def escape(text: str, ctx: int, before: str = "", after: str = "", line_start: bool = False,
           in_template: bool = False, urls: bool = True) -> str:
    """Escape ``text`` for context ``ctx`` (``TEXT``, ``LINK``...); ``in_template`` when the
    context is itself inside a template parameter value; ``urls=False`` leaves free URLs
    linkable (an external link's label, where MediaWiki links nothing). The per-context
    functions below are the readable entry points."""
    if (not _NOTHING_TO_ESCAPE.found_in(text) and not (line_start and text[:1] in _LINE_START_CHARS)
            and "ISBN" not in text and "RFC" not in text and "PMID" not in text):
        return text  # the common case: no rule below can change it
    if in_template and ctx == TEXT:
        ctx = TEMPLATE
    text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if line_start:
        # A blank at the start of a line makes preformatted text; it is invisible anyway.
        text = text.lstrip(" \t")
    maybe = "ISBN" in text or "RFC" in text or "PMID" in text or _scheme_colon(text)  # fast path
    spans = [m for m in _VERBATIM.finditer(text) if urls or ":" not in m.group()] if maybe else []
    if maybe and urls and after.strip():
        # "mailto:" right before other markup could still become a link with what follows.
        tail = _TRAILING_SCHEME.search(text)
        if tail and (not spans or spans[-1].end() <= tail.start()):
            spans.append(tail)
    if not spans:
        return _escape_run(text, ctx, before, after, line_start, in_template)
    out: list[str] = []
    pos = 0
    for m in spans:
        if m.start() > pos:
            out.append(_escape_run(text[pos:m.start()], ctx, before if pos == 0 else ">", "<",
                                   line_start and pos == 0, in_template))
        out.append(nowiki(m.group()))
        pos = m.end()
    if pos < len(text):
        out.append(_escape_run(text[pos:], ctx, ">", after, False, in_template))
    return "".join(out)


def _escape_run(text: str, ctx: int, before: str, after: str, line_start: bool, in_template: bool) -> str:
    """Escape a run holding no free URL or magic link."""
    if not text:
        return ""
    # Each rule is tried only when its characters occur: most text needs none of them.
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    if "<" in text:
        text = _TAG_OPEN.sub("&lt;", text)
        if text[-1] == "<" and after.strip():
            text = text[:-1] + "&lt;"
    if "''" in text:
        # The run shown as it is, as editors write it (MediaWiki shows nowiki's content as
        # text; references would read "&#39;" to every other parser).
        text = _QUOTES.sub(lambda m: "<nowiki>" + m.group() + "</nowiki>", text)
    if text[0] == "'" and before[-1:] == "'":
        text = "<nowiki />" + text  # "''<nowiki />'71''": the apostrophe stays apart
    if text[-1] == "'" and after[:1] == "'":
        text += "<nowiki />"
    if "~~~" in text:
        text = _TILDES.sub(lambda m: "&#126;" * len(m.group()), text)
    if "__" in text:
        text = _switches(text)
    if ctx == LABEL and "]" in text:
        text = text.replace("]", "&#93;")  # the first "]" ends an external link's label
    if "[" in text or "]" in text or before in ("[", "]") or after in ("[", "]"):
        # Only brackets that could make a link: "[[" (with our own markup around the run
        # too) and "[" before a URL; "]]" only where it could end one (a link's text, a
        # template value): alone in running text it closes nothing. "[sic]" stays.
        text = _BRACKET_URL.sub("&#91;", text)
        text = _pairs(text, before, after, "[", "&#91;")
        if ctx in (LINK, LABEL, CAPTION) or ctx == TEMPLATE or in_template:
            text = _pairs(text, before, after, "]", "&#93;")
    if "{" in text or "}" in text or before in ("{", "}") or after in ("{", "}"):
        # Only braces that could pair up, with each other or with our own markup around
        # the run, mean something ("\\mathrm{A}" stays as written, in a template too).
        text = _pairs(text, before, after, "{", "&#123;")
        if ctx == TEMPLATE or in_template:  # ("}}" closes only a template)
            text = _pairs(text, before, after, "}", "&#125;")
        text = text.replace("-{", "-&#123;").replace("}-", "&#125;-")
        if (ctx == TEMPLATE or in_template) and "|" in text:
            # "|" becomes "{{!}}" below: a brace beside it would make "{{{" or "}}}".
            text = text.replace("{|", "&#123;|").replace("|}", "|&#125;")
    if "|" in text:
        if ctx in (LINK, LABEL, CELL, HEADER_CELL, CAPTION):
            text = text.replace("|", "&#124;")
        elif ctx == TEMPLATE or in_template:
            # "-{{!}}" would open a language-converter "-{" on wikis with variants.
            text = text.replace("-|", "-&#124;").replace("|", "{{!}}")
    if ctx in (HEADER_CELL, LINK, LABEL) and ("!" in text or before == "!" or after == "!"):
        # A link label may sit in a header cell, where "!!" splits cells.
        text = _pairs(text, before, after, "!", "&#33;")
    if ctx == CAPTION:
        # ("=" names an image option. In a heading it is text: the level is counted from
        # the "=" runs at the line's edges, which our blanks keep apart from it.)
        text = text.replace("=", "&#61;")
    if line_start:
        text = _line_start(text)
    return text


def _switches(text: str) -> str:
    """``text`` with each real behaviour switch broken (``&#95;_NOTOC__``); any other
    ``__word__`` (Python's ``__init__``, a file name) means nothing to MediaWiki and stays."""

    def one(m: re.Match[str]) -> str:
        word = m.group(1)
        real = word.casefold() in _SWITCH_WORDS or (
            any(c.isalpha() for c in word) and not any(c.islower() for c in word))
        return ("&#95;_" if real else "__") + word

    return _SWITCH.sub(one, text)


def _line_start(text: str) -> str:
    """Neutralise what only means something at the start of a line."""
    first = text[:1]
    if first in _LINE_MARKERS:
        return _LINE_MARKERS[first] + text[1:]
    if text.startswith("----"):
        return "&#45;" + text[1:]
    if text.startswith("{|"):
        return "&#123;" + text[1:]
    return text


def template_value(s: str, before: str = "", after: str = "", line_start: bool = False) -> str:
    """Plain text inside a named template parameter value: ``|`` becomes ``{{!}}``, braces
    become references. ``=`` needs nothing: only the first ``=`` of a named parameter counts."""
    return escape(s, TEMPLATE, before, after, line_start)


def heading(s: str, before: str = "", after: str = "") -> str:
    """Text in a section heading (``=`` is text there: see :data:`HEADING`)."""
    return escape(s, HEADING, before, after, False)


def caption(s: str, before: str = "", after: str = "") -> str:
    """Text of an image caption or alt text (``|`` and ``=`` would start a new image option)."""
    return escape(s, CAPTION, before, after, False)


# Letters MediaWiki pulls into a link written right before them ("[[Syria]]n" shows the link
# "Syrian"): English Wikipedia's $linkTrail is /^([a-z]+)/ ("[[wikt:ἀν|ἀν]]αρχία" needs no
# <nowiki />); other wikis add their own letters (accented Latin, Cyrillic...), so there any
# letter counts (a needless <nowiki /> is only longer).
_TRAIL_EN = re.compile(r"[a-z]")
_TRAIL_ANY = re.compile(r"[^\W\d_]")


def link_trail(lang: str) -> re.Pattern[str]:
    """What, at the start of the text after a link, the wiki of ``lang`` would join to it."""
    return _TRAIL_EN if lang in ("en", "simple") else _TRAIL_ANY


# --------------------------------------------------------------------------- targets

_ILLEGAL_FILE = re.compile(r"[#<>\[\]|{}:/\\\x00-\x1f\x7f\ufffd]")
# "Category:", "File:", "de:", "wikt:"... a single word before a colon may be a namespace or
# an interwiki prefix; a leading ":" makes such a link an ordinary link.
_PREFIX_LIKE = re.compile(r"^[^\W\d_][\w\-]*[ _]*:")


def file_problem(name: str) -> str | None:
    """Why ``name`` cannot be a ``File:`` name, or ``None`` when it can."""
    if not name.strip():
        return "is empty"
    if _ILLEGAL_FILE.search(name):
        return "contains a character not allowed in file names"
    if len(name.encode("utf-8")) > 240:
        return "is longer than 240 bytes"
    return None


def _title_chars(s: str) -> str:
    # Link targets are decoded (entities, %XX) before the title is looked up, so the same
    # references work there; '' and __X__ would otherwise still be read as markup.
    s = _ENTITY_LIKE.sub("&amp;", s)
    s = _PERCENT_HEX.sub("%25", s)
    return _switches(_quotes_and_tildes(s))


def _quotes_and_tildes(s: str) -> str:
    """``s`` with runs of apostrophes (bold, italic) and of three or more tildes (a
    signature) as references: link targets and parameter names (running text has its
    own rules for them, in :func:`_escape_run`)."""
    if "''" in s:
        s = _QUOTES.sub(lambda m: "&#39;" * len(m.group()), s)
    if "~~~" in s:
        s = _TILDES.sub(lambda m: "&#126;" * len(m.group()), s)
    return s


def link_target(page: str, section: str | None = None) -> str:
    """``page`` (and ``#section``) as written inside ``[[...]]`` (a valid title; see
    :func:`title_problem`; ``page`` may be empty for a link within the page).

    A leading ``:`` is added when the title starts with a namespace or interwiki prefix
    (:func:`convert.wiki.namespace_prefix`: ``[[:Category:X]]`` links, ``[[Category:X]]``
    would categorise the page) or could be a subpage (``/x``).
    """
    out = _title_chars(page)
    # (Only for a real prefix: "[[:Sewanee: The University of the South]]" had a colon
    # no editor would write, since "Sewanee" is neither a namespace nor a wiki.)
    # A URL scheme too: "[[http://x]]" would be an external link in brackets.
    prefixed = _PREFIX_LIKE.match(page) is not None and (
        namespace_prefix(page) or page.partition(":")[0].strip(" _").casefold() in _SCHEME_NAMES)
    if prefixed or page.startswith("/"):
        out = ":" + out
    if section:
        if out.endswith("&"):
            # "AT&" + "#38;x" would meet as the reference "&#38;": a link to "AT&x".
            out = out[:-1] + "&amp;"
        out += "#" + anchor(section)
    return out


def interwiki_page(page: str, section: str = "") -> str:
    """The page (and ``#section``) after an interwiki prefix in ``[[wikt:...]]``: the other
    wiki reads the title, so no leading ``:`` is added (see :func:`link_target`)."""
    out = _title_chars(page)
    return out + "#" + anchor(section) if section else out


def anchor(s: str) -> str:
    """A section anchor after ``#`` in a link target."""
    s = " ".join(s.split())
    s = _title_chars(s)
    for ch, ref in (("[", "&#91;"), ("]", "&#93;"), ("{", "&#123;"), ("}", "&#125;"),
                    ("|", "&#124;"), ("<", "&lt;"), (">", "&gt;")):
        s = s.replace(ch, ref)
    return s


def file_name(name: str) -> str:
    """An image file name after ``File:`` (a valid name; see :func:`file_problem`)."""
    return _title_chars(name)


_URL_UNSAFE = {
    " ": "%20", '"': "%22", "<": "%3C", ">": "%3E", "[": "%5B", "]": "%5D", "|": "%7C",
    "{": "%7B", "}": "%7D", "\t": "%09", "\n": "%0A", "\r": "%0D", "\x7f": "%7F",
}


def url(u: str) -> str:
    """A URL inside ``[url text]``: characters that end or break the link are %-encoded."""
    out = "".join(_URL_UNSAFE.get(c, c) if c > "\x1f" else f"%{ord(c):02X}" for c in u)
    out = _ENTITY_LIKE.sub("&amp;", out)
    out = _QUOTES.sub(lambda m: "%27" * len(m.group()), out)
    # "__" stays: "%5F" is another address to the server ("a__b.html" is no switch, and a
    # URL is never an editor's place for one).
    return _TILDES.sub(lambda m: "%7E" * len(m.group()), out)


# --------------------------------------------------------------------------- verbatim


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert_controls(wikitext: str) -> str:
    """``wikitext`` with every control character but tab and newline as a character
    reference (ESC as ``&#27;``): raw, one in an infobox key or value reached the ``.wiki``
    file and drove the terminal of whoever printed it. One pass over the finished output,
    so no context (a parameter name, ``<nowiki>``, ``<pre>``) can miss it; MediaWiki shows
    such a reference as text, since it stands for no valid character."""
    if _CONTROL.search(wikitext) is None:
        return wikitext
    return _CONTROL.sub(lambda m: f"&#{ord(m.group())};", wikitext)


# Characters an editor cannot see in the edit box: format characters (word joiner, zero
# width space, direction marks and embeddings, soft hyphen, byte order mark) and the
# non-breaking spaces. ZWJ/ZWNJ (U+200C/D) and the emoji tags are part of how Persian,
# Indic scripts and emoji are spelt, so they stay as typed.
_INVISIBLE = re.compile(
    "[\u00a0\u00ad\u061c\u180e\u2007\u200b\u200e\u200f\u2028\u2029\u202a-\u202f"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001]"
)
_RAW_CODE = re.compile(r"(<syntaxhighlight\b[^>]*>.*?</syntaxhighlight>)", re.DOTALL)


def visible_references(wikitext: str) -> str:
    """``wikitext`` with each invisible character as the reference Wikipedia editors write
    (``&#8288;`` for a word joiner, ``&nbsp;``), so the edit box shows it and MediaWiki still
    renders the character. One pass over the finished output, like :func:`inert_controls`;
    ``<syntaxhighlight>`` shows its content raw, so it is left as it is."""
    if _INVISIBLE.search(wikitext) is None:
        return wikitext
    parts = _RAW_CODE.split(wikitext)
    for i in range(0, len(parts), 2):  # (odd parts are the code blocks the split kept)
        parts[i] = _INVISIBLE.sub(_reference, parts[i])
    return "".join(parts)


def _reference(m: re.Match[str]) -> str:
    char = m.group()
    return "&nbsp;" if char == "\u00a0" else f"&#{ord(char)};"


def nowiki(s: str) -> str:
    """``s`` shown verbatim: ``<nowiki>`` around it, with ``<`` (so ``</nowiki>`` cannot end it
    early) and entity-like ``&`` (decoded even inside nowiki) turned into references."""
    s = s.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return "<nowiki>" + _ENTITY_LIKE.sub("&amp;", s).replace("<", "&lt;") + "</nowiki>"


def pre(s: str) -> str:
    """``s`` as the content of ``<pre>``: MediaWiki strips ``<nowiki>`` tags and decodes
    entities there, so every ``&`` and ``<`` becomes a reference."""
    body = s.replace("&", "&amp;").replace("<", "&lt;")
    # HTML drops a newline right after <pre>; keep a leading blank line of the code.
    return "<pre>" + ("\n" + body if body.startswith("\n") else body) + "</pre>"


def param_name(name: str) -> str:
    """A template parameter name. Characters that would end or split the name (``=``,
    ``|``, braces, brackets, ``<``, ``&``, ``~~~``) become references: no template reads
    such a parameter anyway, and the name stays readable and round-trips. So do ``''``
    runs: MediaWiki splits the name off first, but mwparserfromhell reads them as
    bold/italic that swallow the ``=`` when the value has some too."""
    out = name.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("&", "&amp;")
    for ch, ref in (("{", "&#123;"), ("}", "&#125;"), ("[", "&#91;"), ("]", "&#93;"), ("<", "&lt;"),
                    ("=", "&#61;"), ("|", "&#124;")):
        out = out.replace(ch, ref)
    return _quotes_and_tildes(out)
