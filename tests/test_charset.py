"""CharSet answers exactly what its character class would, below and above its switch length."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from convert.charset import CharSet

_SETS = ["&<'~_[]{}|!=:\r\n", "\\`*_[]<|\t", "^-]\\", "x"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_SETS), st.text(alphabet=st.sampled_from(list("ab ^-]\\é東\U0001F1EB&<|\t\n*x")), max_size=300))
def test_found_in_equals_any_character_in_text(chars: str, text: str) -> None:
    expected = any(ch in chars for ch in text)
    assert CharSet(chars).found_in(text) is expected
    assert CharSet(chars).found_in(text * 3) is expected  # long: the per-character searches


def test_both_paths_on_long_and_short_text() -> None:
    scan = CharSet("|<")
    plain = "word " * (CharSet.LONG // 5 + 1)
    assert not scan.found_in(plain) and not scan.found_in(plain[:10])
    assert scan.found_in(plain + "|") and scan.found_in("a<b")
