"""Wikipedia facts that the front end, the infobox layout and every writer share, decided here
once: page-title rules (a link whose target can be no page is kept as text by the front end
and never written inside ``[[...]]`` by the wikitext writer), title matching, article,
history and Commons URLs, how a URL is printed, file names of images, text direction, and
the attribution line every output carries."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence
from urllib.parse import quote, unquote, urlsplit

from convert.model import ExternalLink, Inline, Link, inline_text

# Characters MediaWiki never allows in a page title ($wgLegalTitleChars' complement).
_ILLEGAL_TITLE = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f\ufffd]")
_BAD_DOTS = re.compile(r"^\.\.?(/|$)|/\.\.?(/|$)")


FILE_NAMESPACES = ("file", "image", "datei", "bild", "fil", "fichier", "archivo", "imagen", "immagine",
                   "imagem", "bestand", "afbeelding", "beeld", "lêer", "dosiero")
"""The file namespace ("File:") as the Wikipedias of several languages spell it, lower case:
one list for image values, leftover file links and telling a value that is a picture."""
FILE_PREFIX = re.compile(rf"^(?:{'|'.join(FILE_NAMESPACES)})\s*:\s*", re.IGNORECASE)


_LEADING_COLONS = re.compile(r"^[\s_:]+")


def bare_title(page: str) -> str:
    """``page`` without the colons (and blanks) it may start with: ``[[:Foo]]`` links to
    ``Foo``, and MediaWiki takes a second colon as the main namespace's; ``": :"`` is ``""``."""
    return _LEADING_COLONS.sub("", page).strip()


def title_problem(page: str) -> str | None:
    """Why ``page`` cannot be a link target, or ``None`` when it can."""
    if page and not bare_title(page):
        return "is empty once its leading colons go (MediaWiki shows such a link as text)"
    page = bare_title(page) if page[:1] in (":", " ", "_") else page  # (the title MediaWiki reads)
    if _ILLEGAL_TITLE.search(page):
        return "contains a character not allowed in page titles"
    if _BAD_DOTS.search(page):
        return "is a relative path"
    if len(page.encode("utf-8")) > 255:
        return "is longer than 255 bytes"
    return None


def title_key(title: str) -> str:
    """Normalise a page title for matching: ``_`` = space, first letter case-insensitive."""
    t = " ".join(title.replace("_", " ").split())
    return t[:1].upper() + t[1:]


# Title prefixes MediaWiki reads as a namespace or an interwiki link ("Category:X" files the
# page in a category, "wikt:x" leaves the wiki): such a target needs a leading ":" to be an
# ordinary link. MediaWiki's canonical namespace names and aliases, the local names of the
# wikis this tool writes for (de, fr, es, it, nl, pt, sv, no/nn, af, eo), Wikimedia's own
# interwiki prefixes; language codes (2-3 letters, with subtags) are checked by shape.
NAMESPACE_PREFIXES = frozenset(
    name.strip() for name in """
media|special|talk|user|user talk|project|project talk|wikipedia|wikipedia talk|wp|wt|file|
file talk|image|image talk|mediawiki|mediawiki talk|template|template talk|help|help talk|
category|category talk|portal|portal talk|draft|draft talk|module|module talk|timedtext|
timedtext talk|book|book talk|gadget|gadget definition|education program|topic|cat|h|mos|
tm|t|p|wikt|wiktionary|w|m|meta|metawikimedia|commons|c|s|wikisource|q|wikiquote|n|wikinews|
b|wikibooks|v|wikiversity|voy|wikivoyage|d|wikidata|species|wikispecies|mw|mediawikiwiki|
phab|phabricator|foundation|wmf|wikimedia|incubator|outreach|betawiki|testwiki|simple|
datei|bild|vorlage|kategorie|hilfe|benutzer|benutzerin|diskussion|spezial|modul|
fichier|modèle|catégorie|aide|utilisateur|utilisatrice|discussion|spécial|projet|
archivo|imagen|plantilla|categoría|ayuda|usuario|usuaria|especial|anexo|
immagine|categoria|aiuto|utente|discussione|speciale|progetto|
bestand|afbeelding|sjabloon|categorie|gebruiker|overleg|speciaal|
ficheiro|imagem|predefinição|ajuda|usuário|
fil|mall|kategori|hjälp|användare|mal|hjelp|bruker|brukar|diskusjon|spesial|
lêer|beeld|hulp|bespreking|spesiaal|
dosiero|ŝablono|kategorio|helpo|uzanto|diskuto|speciala
""".replace("\n", "").split("|") if name.strip()
)
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def namespace_prefix(title: str) -> bool:
    """Whether the part of ``title`` before its first ``:`` is a namespace or an interwiki
    (or language) prefix, so that ``[[title]]`` would not be an ordinary link."""
    head, colon, _rest = title.partition(":")
    if not colon:
        return False
    key = " ".join(head.replace("_", " ").split()).casefold()
    # (Talk namespaces of other wikis end in " talk" or start with a word for discussion.)
    return key in NAMESPACE_PREFIXES or _LANGUAGE_CODE.fullmatch(key) is not None or key.endswith(" talk")


RTL_LANGS = frozenset({"ar", "arc", "arz", "azb", "ckb", "dv", "fa", "glk", "he", "ks", "lrc", "mzn",
                       "pnb", "ps", "sd", "ug", "ur", "yi"})
"""Wikipedia languages written right to left."""


def text_direction(lang: str) -> str:
    """``rtl`` for a Wikipedia language written right to left (``ar``, ``he``, ``fa``...),
    else ``ltr``."""
    return "rtl" if lang.lower().split("-")[0] in RTL_LANGS else "ltr"


# Wikimedia sister projects an editor links with an interwiki prefix ("[[wikt:brigand]]"),
# which the seed's converter writes as URLs ("http://en.wiktionary.org/wiki/brigand"): per
# language, and without one.
_SISTERS = {"wiktionary": "wikt", "wikiquote": "q", "wikisource": "s", "wikibooks": "b",
            "wikinews": "n", "wikiversity": "v", "wikivoyage": "voy"}
_GLOBAL_SISTERS = {"commons.wikimedia.org": "commons", "species.wikimedia.org": "species",
                   "meta.wikimedia.org": "m", "www.mediawiki.org": "mw", "www.wikidata.org": "d"}


def _wiki_page(url: str) -> tuple[str, str, str] | None:
    """``(host, page, section)`` when ``url`` is a page of a Wikimedia wiki as the seed's
    converter writes one (``http(s)://host/wiki/Page_title#section``: no query, port or
    user; the title decoded, ``_`` as blanks), else None (also a title no wiki can have)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or parts.query or not parts.path.startswith("/wiki/"):
        return None
    try:
        if parts.port is not None or parts.username is not None:
            return None
        page = unquote(parts.path[len("/wiki/"):], errors="strict")
        section = unquote(parts.fragment, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return None
    page = " ".join(page.replace("_", " ").split())
    if not page or title_problem(page):
        return None
    return parts.hostname or "", page, section


def interwiki(url: str, lang: str) -> tuple[str, str, str] | None:
    """``(prefix, page, anchor)`` when ``url`` is a page of a sister project that the
    Wikipedia of ``lang`` links with an interwiki prefix (``http://en.wiktionary.org/wiki/
    brigand`` from English: ``("wikt", "brigand", "")``), else None: another language's
    project (the prefix would lead to this language's), a query, a title no wiki can have."""
    found = _wiki_page(url)
    if found is None:
        return None
    host, page, section = found
    prefix = _GLOBAL_SISTERS.get(host)
    sub, _, project = host.partition(".")
    if prefix is None and sub == lang and project.endswith(".org"):
        prefix = _SISTERS.get(project[:-len(".org")])
    if prefix is None or section != section.strip():
        return None
    return prefix, page, section.replace("_", " ")


@lru_cache(maxsize=1)
def wikipedia_langs() -> frozenset[str]:
    """The language codes of Wikipedia editions (generated data, see ``tools/``)."""
    text = resources.files("convert").joinpath("wikipedia_langs.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def interlanguage(url: str, lang: str) -> tuple[str, str] | None:
    """``(language, page)`` when ``url`` is a whole article of another language's Wikipedia
    (``http://zh.wikipedia.org/wiki/%E6%9D%A8%E5%90%B4`` from English: ``("zh", "杨吴")``),
    else None (this language's own, a section, a query, a title no wiki can have). The
    seed's converter writes an interlanguage link ``[[zh:杨吴]]`` so, its title as text."""
    found = _wiki_page(url)
    if found is None or found[2]:
        return None
    code, _, rest = found[0].partition(".")
    if rest != "wikipedia.org" or code == lang or code not in wikipedia_langs():
        return None
    return code, found[1]


def interlanguage_links(nodes: Sequence[Inline], lang: str) -> dict[int, str]:
    """``{index: "zh:杨吴"}`` for the nodes of a run that are how the seed's converter wrote
    interlanguage links ``[[zh:杨吴]]`` (:func:`interlanguage`, the title as text) when every
    link of the run is one (wtf_wikipedia gathers them at the end of a paragraph); empty
    otherwise. Written back as such, MediaWiki lists them among the article's languages."""
    found: dict[int, str] = {}
    for index, node in enumerate(nodes):
        if isinstance(node, Link):
            return {}
        if isinstance(node, ExternalLink):
            link = interlanguage(node.url, lang)
            if link is None or " ".join(inline_text(node.children).split()) != link[1]:
                return {}
            found[index] = f"{link[0]}:{link[1]}"
    return found


def wiki_url(lang: str, page: str, anchor: str | None = None) -> str:
    """``https://{lang}.wikipedia.org/wiki/Page_Title#anchor``, percent-encoded."""
    path = quote(title_key(page).replace(" ", "_"), safe="/:(),'!*;@$~-._")
    url = f"https://{lang}.wikipedia.org/wiki/{path}"
    if anchor:
        url += "#" + quote(anchor.replace(" ", "_"), safe="/:(),'!*;@$~-._")
    return url


def article_url(lang: str, title: str, source_url: str = "") -> str:
    """Where an article comes from: its front matter's ``source_url``, else its Wikipedia page."""
    return source_url or wiki_url(lang, title)


def history_url(lang: str, title: str) -> str:
    """The page history of an article: the list of its authors, as CC BY-SA attribution
    may name them."""
    page = quote(title_key(title).replace(" ", "_"), safe="/:(),'!*;@$~-._")
    return f"https://{lang}.wikipedia.org/w/index.php?title={page}&action=history"


CONTRIBUTORS = "Wikipedia contributors"
"""The author of every article's text, in every output's attribution, and in its metadata
unless another author is named (see :func:`creator`)."""


def creator(authors: Iterable[str]) -> str:
    """The author a file's metadata names (EPUB ``dc:creator``, PDF ``/Author``) for
    articles whose ``Metadata.author`` are ``authors``: the author named (``-M author=...``,
    or a seed's own), else :data:`CONTRIBUTORS`. A seed's ``author: Wikipedia`` names the
    site, whose contributors wrote the text. A book of several authors names them all."""
    named: list[str] = []
    for author in authors:
        name = " ".join(author.split())
        if name.casefold() in ("", "wikipedia"):
            name = CONTRIBUTORS
        if name not in named:
            named.append(name)
    return "; ".join(named) or CONTRIBUTORS

# Wikipedia language codes that are not the BCP 47 tag of their language.
_BCP47 = {"simple": "en", "als": "gsw", "zh-yue": "yue", "zh-min-nan": "nan", "zh-classical": "lzh",
          "be-x-old": "be-tarask", "roa-rup": "rup", "fiu-vro": "vro", "bat-smg": "sgs", "nrm": "nrf",
          "cbk-zam": "cbk", "map-bms": "jv", "roa-tara": "it", "nds-nl": "nds-NL", "zh-tw": "zh-TW"}


def bcp47(lang: str) -> str:
    """The BCP 47 tag for a Wikipedia language code (``simple`` -> ``en``, ``als`` ->
    ``gsw``): what a document's language attribute and metadata carry, while URLs keep the
    Wikipedia code."""
    return _BCP47.get(lang, lang) or "en"


def readable_url(url: str) -> str:
    """``url`` as a reader should see it printed, percent-escapes decoded as Wikipedia shows
    its own addresses (``.../wiki/Battle_of_Rastan_(January–February_2012)``,
    ``https://ar.wikipedia.org/wiki/الإسكندرية``); kept as it is when decoding would give
    a blank, a control or bidi-override character (which would hide or reorder what is
    printed) or an escape that is not UTF-8. Links keep ``url``."""
    try:
        text = unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
    if any(ch.isspace() or ch < " " or "\x7f" <= ch <= "\x9f" or ch in _BIDI_CONTROLS for ch in text):
        return url
    return text


_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def commons_url(file_name: str) -> str:
    """The Wikimedia Commons description page of an image file."""
    return "https://commons.wikimedia.org/wiki/File:" + quote(
        file_name.replace(" ", "_"), safe="/:(),'!*;@$~-._"
    )


def image_file_name(src: str) -> str:
    """The bare, decoded file name of an image URL or path (``thumb/.../220px-Foo.jpg`` -> ``Foo.jpg``);
    ``""`` for a URL of another kind than http(s): ``javascript:alert(1)`` named no file
    ``alert(1)``, nor ``data:image/png;base64,...`` one ``png;base64,...`` (``File:X.jpg``
    is the wiki's own way to name one)."""
    src = src.strip()
    parts = urlsplit(src)
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https") and (
        scheme not in FILE_NAMESPACES or src[len(scheme) + 1 :].startswith("/")
    ):
        return ""
    path = unquote(parts.path)
    if "[[" in path:
        # A file link the seed's converter left in the URL ("[[Datei:Logo.svg|90px|...]]").
        path = path[path.index("[[") + 2:].split("|", 1)[0].split("]]", 1)[0]
    segments = [s for s in path.split("/") if s]
    if not segments:
        return ""
    name = segments[-1]
    if "thumb" in segments[:-1] and len(segments) >= 2:
        name = segments[-2]
    # wtf_wikipedia keeps a wiki's own name of the namespace in the file's URL
    # (".../file/Datei%3AFoo.png"): the file is Foo.png, in any of them.
    name = FILE_PREFIX.sub("", name, count=1)
    return name.replace("_", " ")
