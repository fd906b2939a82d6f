"""Unicode scripts the converter tells apart: one table of code-point ranges.

Two features read a language off the script of a text: the front end's language detection
(a page mostly in Greek or Hangul is Greek or Korean, :mod:`convert.frontend.language`) and
the writers' language runs (an Arabic name in an English article is tagged ``lang="ar"``,
:mod:`convert.writers.common.scripts`). They decide from this one table, so a range added
or corrected here (say, half-width katakana) changes both alike.

Ranges are Unicode blocks (``Blocks.txt``), narrowed where a block holds symbols rather
than letters of the script (the Yijing hexagrams after CJK Extension A are not Han).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "greek": ((0x0370, 0x03FF),),
    "armenian": ((0x0530, 0x058F),),
    "hebrew": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),  # + presentation forms
    # Arabic, Supplement, Extended-A, Presentation Forms-A and -B (without the BOM at FEFF)
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC)),
    "thai": ((0x0E00, 0x0E7F),),
    # Georgian, Extended (Mtavruli capitals), Supplement (Nuskhuri: the lower case of the
    # Asomtavruli capitals, which language detection sees as it compares lower-cased text)
    "georgian": ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)),
    # Hangul Jamo, Compatibility Jamo, Syllables
    "hangul": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)),
    # Hiragana, Katakana, Katakana Phonetic Extensions, half-width katakana
    "kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)),
    # Extension A, Unified Ideographs, Compatibility Ideographs, Extensions B-F + supplement
    "han": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)),
    # CJK Symbols and Punctuation, full-width forms: punctuation inside Chinese/Japanese text
    "cjk-punctuation": ((0x3000, 0x303F), (0xFF01, 0xFF60)),
}
"""Script name -> its (first, last) code points, inclusive. The ranges do not overlap."""

RIGHT_TO_LEFT: tuple[tuple[int, int], ...] = (
    (0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFC), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF),
)
"""Code points of the scripts written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko,
Samaritan, Mandaic and their presentation forms, and the historic and Adlam blocks of
plane 1. The Hebrew and Arabic of :data:`SCRIPTS` lie inside."""

_SORTED = sorted((first, last, name) for name, ranges in SCRIPTS.items() for first, last in ranges)
_STARTS = [first for first, _last, _name in _SORTED]


def script_of(char: str) -> str | None:
    """The script of one character, by :data:`SCRIPTS`, or ``None`` (Latin, digits, others)."""
    code = ord(char)
    i = bisect_right(_STARTS, code) - 1
    if i >= 0 and code <= _SORTED[i][1]:
        return _SORTED[i][2]
    return None


def char_class(*names: str) -> str:
    """The inside of a regular-expression character class (``[...]``) matching the
    characters of the scripts ``names``."""
    return ranges_class(r for name in names for r in SCRIPTS[name])


def ranges_class(ranges: Iterable[tuple[int, int]]) -> str:
    """The inside of a character class matching the code points of ``ranges``."""
    return "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges)
