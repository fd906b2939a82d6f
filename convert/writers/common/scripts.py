"""Runs of text in a script that names a language (Arabic, Hebrew, Japanese kana, Hangul,
Chinese characters), so writers can tag them with that language: a screen reader then reads
an Arabic name in an English article with an Arabic voice, and the PDF sets Japanese with
Japanese glyph forms instead of Chinese ones. The scripts' code points are
:data:`convert.scripts.SCRIPTS`, the table language detection reads too.
"""

from __future__ import annotations

import re
from typing import Iterator

from convert.scripts import char_class

_ARABIC = char_class("arabic")
_HEBREW = char_class("hebrew")
_KANA = char_class("kana")
_HAN = char_class("han")
_HANGUL = char_class("hangul")
_CJK_PUNCT = char_class("cjk-punctuation")
# One run: letters of one script group with the spaces, marks and (for CJK) punctuation
# between them; a run ends at its last letter.
_RUN = re.compile(
    f"(?P<ar>[{_ARABIC}](?:[{_ARABIC}\\s\u200c\u200d]*[{_ARABIC}])?)"
    f"|(?P<he>[{_HEBREW}](?:[{_HEBREW}\\s\u05be]*[{_HEBREW}])?)"
    f"|(?P<cjk>[{_KANA}{_HAN}](?:[{_KANA}{_HAN}{_CJK_PUNCT}]*[{_KANA}{_HAN}])?)"
    f"|(?P<ko>[{_HANGUL}](?:[{_HANGUL}\\s]*[{_HANGUL}])?)"
)
_HAS_KANA = re.compile(f"[{_KANA}]")
# Languages written in each script group; a run in the article's own script is not tagged.
_SCRIPT_LANGS = {
    "ar": {"ar", "fa", "ur", "ps", "ckb", "sd", "ug", "ks", "arz", "azb", "mzn", "glk", "pnb"},
    "he": {"he", "yi", "lad"},
    "ja": {"ja"},
    "zh": {"zh", "zh-hans", "zh-hant", "zh-tw", "zh-hk", "zh-cn", "yue", "zh-yue", "wuu", "lzh",
           "zh-classical", "gan", "hak", "ja"},
    "ko": {"ko"},
}


def language_runs(text: str, lang: str) -> Iterator[tuple[str, str | None]]:
    """``text`` cut into (piece, language) pairs: the language of a run in a script that
    ``lang`` (the surrounding text's language) is not written in, else ``None``."""
    if text.isascii():
        yield text, None
        return
    base = lang.lower()
    japanese = bool(_HAS_KANA.search(text))  # kanji beside kana are Japanese too
    pos = 0
    for run in _RUN.finditer(text):
        kind = run.lastgroup or ""
        if kind == "cjk":
            kind = "ja" if japanese else "zh"
        if base in _SCRIPT_LANGS.get(kind, ()) or base.split("-")[0] in _SCRIPT_LANGS.get(kind, ()):
            continue
        if run.start() > pos:
            yield text[pos : run.start()], None
        yield run.group(), kind
        pos = run.end()
    if pos < len(text):
        yield text[pos:], None
