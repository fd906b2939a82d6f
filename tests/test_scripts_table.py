"""One table of Unicode script ranges (convert/scripts.py), read by both the front end's
language detection and the writers' language runs: for every sampled code point the two
features name the script the table gives, and neither module keeps ranges of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from convert.frontend import language
from convert.scripts import RIGHT_TO_LEFT, SCRIPTS, char_class, script_of
from convert.writers.common.scripts import language_runs

PACKAGE = Path(__file__).resolve().parent.parent / "convert"
# what a run of each script is tagged (kana and Han: Japanese when kana is present)
RUN_TAG = {"arabic": "ar", "hebrew": "he", "kana": "ja", "han": "zh", "hangul": "ko"}


def _sample() -> list[int]:
    """Every 97th code point of the BMP and the first planes, and both ends of every range
    of the table with their neighbours."""
    points = set(range(0, 0x30000, 97))
    for ranges in SCRIPTS.values():
        for first, last in ranges:
            points |= {first - 1, first, first + 1, last - 1, last, last + 1}
    return sorted(p for p in points if p >= 0 and not 0xD800 <= p <= 0xDFFF)


def test_the_table_is_sorted_out() -> None:
    spans = sorted(r for ranges in SCRIPTS.values() for r in ranges)
    assert all(first <= last for first, last in spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), "ranges overlap"
    assert script_of("a") is None and script_of("Ω") == "greek" and script_of("ㄱ") == "hangul"
    assert script_of("\U00020000") == "han" and script_of("\u4dc0") is None  # a hexagram, not Han
    for name in SCRIPTS:
        cls = re.compile(f"[{char_class(name)}]")
        for first, last in SCRIPTS[name]:
            assert cls.fullmatch(chr(first)) and cls.fullmatch(chr(last))
            assert not cls.fullmatch(chr(first - 1)) or script_of(chr(first - 1)) == name


@pytest.mark.parametrize("lang", ["en", "de"])
def test_language_runs_follow_the_table(lang: str) -> None:
    for code in _sample():
        ch = chr(code)
        runs = [tag for _piece, tag in language_runs(f"x{ch}{ch}y", lang) if tag]
        expected = RUN_TAG.get(script_of(ch) or "")
        assert runs == ([expected] if expected else []), (hex(code), runs, expected)


def test_detection_follows_the_table() -> None:
    one_language = {"greek": "el", "hebrew": "he", "thai": "th", "georgian": "ka", "armenian": "hy",
                    "kana": "ja", "hangul": "ko", "han": "zh"}
    for code in _sample():
        ch = chr(code)
        found = language.detect(ch * 40)
        expected = one_language.get(script_of(ch) or "")
        assert found == expected, (hex(code), found, expected)


def test_right_to_left_holds_the_right_to_left_scripts() -> None:
    def rtl(code: int) -> bool:
        return any(first <= code <= last for first, last in RIGHT_TO_LEFT)

    for name in ("hebrew", "arabic"):
        assert all(rtl(first) and rtl(last) for first, last in SCRIPTS[name]), name
    for name in set(SCRIPTS) - {"hebrew", "arabic"}:
        assert not any(rtl(first) or rtl(last) for first, last in SCRIPTS[name]), name
    from convert.writers.pdf.html import _STRONG_RTL

    assert _STRONG_RTL.match("\u05d0") and _STRONG_RTL.match("\U0001e900") and not _STRONG_RTL.match("a")


def test_no_other_module_keeps_script_ranges() -> None:
    """Script ranges are written once: no module but convert/scripts.py spells out the first
    code point of one of its ranges (say \\u0600 or 0x0600)."""
    starts = {first for ranges in SCRIPTS.values() for first, _last in ranges} | {f for f, _l in RIGHT_TO_LEFT}
    spelled = re.compile(r"(?:\\u|\\U0*|0x)([0-9a-fA-F]{4,5})\b")
    for path in (PACKAGE / "frontend" / "language.py", PACKAGE / "writers" / "common" / "scripts.py",
                 PACKAGE / "writers" / "pdf" / "html.py"):
        found = {int(h, 16) for h in spelled.findall(path.read_text(encoding="utf-8"))}
        assert not found & starts, (path.name, sorted(hex(c) for c in found & starts))
