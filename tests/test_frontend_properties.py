"""Property tests: generated seeds (random unicode, random link placement) load and round-trip."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convert
from convert.frontend.leftovers import decode_entities
from convert.model import Document, Link, block_text, inline_text
from convert.wiki import title_key
from convert.wiki import title_problem

# Text that YAML can carry: no surrogates, no control characters except newline.
_chars = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85",
)
words = st.text(_chars, min_size=1, max_size=12).map(lambda s: s.strip()).filter(bool)


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    """A text made of words, and links placed on some of them (page, display text)."""
    parts = draw(st.lists(words, min_size=1, max_size=8))
    text = " ".join(parts)
    links = []
    for part in parts:
        if draw(st.booleans()) and not any(ch in part for ch in "<>[]{}|#_"):
            links.append((draw(words.filter(lambda w: not any(c in w for c in "<>[]{}|#_"))), part))
    return text, links


def _seed(title: str, fields: dict[str, tuple[str, list[tuple[str, str]]]], body: str) -> bytes:
    box = {}
    for name, (text, links) in fields.items():
        value: dict[str, object] = {"text": text}
        if links:
            value["links"] = [{"type": "internal", "page": page, "text": shown} for page, shown in links]
        box[name] = value
    front = {"title": title, "infoboxes": [box]}
    return ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body).encode("utf-8")


field_names = st.from_regex(r"[a-z][a-z_]{0,10}[0-9]?", fullmatch=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=words,
    fields=st.dictionaries(field_names, sentences(), min_size=1, max_size=6),
    body=st.text(_chars | st.sampled_from("\n*#|[]()`_>-"), max_size=300),
)
def test_generated_seeds_load_and_round_trip(title: str, fields: dict, body: str) -> None:  # type: ignore[type-arg]
    doc, _warnings = convert.loads(_seed(title, fields, body), "gen.md")
    assert doc.meta.title == title.strip()
    assert Document.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc
    box = doc.infoboxes[0]
    assert [f.name for f in box.fields] == list(fields)
    for field in box.fields:
        text, links = fields[field.name]
        text = decode_entities(text)  # a character reference is read as its character (issue 18)
        assert field.value.text == text
        # Every link is placed on its text or appended (and warned about): none is lost, but
        # a target that can be no page ("." is a relative path) is kept as text, with a warning.
        placed = [n for b in field.value.blocks for n in _links(b)]
        # Placement tolerates first-letter case and "_" for " ", as wiki titles do.
        assert sorted((n.page, title_key(inline_text(n.children))) for n in placed) == sorted(
            (" ".join(p.split()), title_key(shown)) for p, shown in links
            if title_problem(" ".join(p.split())) is None
        )
        # Visible text is the written text unless something had to be appended (warned).
        warned = any(f"'{field.name}'" in str(w) for w in _warnings)
        if not warned and not text.lstrip().startswith("*"):
            assert block_text(field.value.blocks) == text.strip()


def _links(node: object) -> list[Link]:
    found: list[Link] = []
    if isinstance(node, Link):
        found.append(node)
    for attr in ("children", "blocks", "items"):
        for child in getattr(node, attr, ()) or ():
            found.extend(_links(child))
    return found


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *\t\n_\u00a0é")), max_size=30), st.none() | st.integers())
def test_plain_value_shortcut_equals_the_general_placement(text: str, number: int | None) -> None:
    from convert.frontend.sentence import _place, build_value

    def no_warning(message: str) -> None:
        raise AssertionError(message)

    assert build_value(text, (), (), (), number, no_warning) == _place(text, (), (), (), number, no_warning)
