"""Random bytes and random YAML-shaped documents through the CLI: always exit 0 with valid
outputs, or exit 1 with one-line errors; never a traceback or a hang."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.cli import main
from convert.model import Document

scalars = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
    st.sampled_from(["yes", "no", "~", "1:38.232", "2012-01-29", "0123", "{{!}}", "]]>", "<script>", "*", "#"]),
)
sentence = st.fixed_dictionaries(
    {"text": st.text(max_size=40)},
    optional={
        "links": st.lists(st.fixed_dictionaries(
            {"type": st.sampled_from(["internal", "external", "weird"])},
            optional={"page": st.text(max_size=15), "site": st.sampled_from(
                ["https://example.org/x", "javascript:alert(1)", "file:///etc/passwd", "//host/p", ""]),
                "text": st.text(max_size=10), "anchor": st.text(max_size=8)}), max_size=3),
        "formatting": st.fixed_dictionaries({}, optional={"bold": st.lists(st.text(max_size=8), max_size=2),
                                                           "italic": st.lists(st.text(max_size=8), max_size=2)}),
        "number": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5)),
    },
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
front = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(st.text(max_size=40), scalars),
        "shortDescription": scalars,
        "description": scalars,
        "img": st.one_of(scalars, st.sampled_from(["https://upload.wikimedia.org/x/Foo.jpg", "file:///etc/passwd"])),
        "infoboxes": st.one_of(
            st.lists(st.dictionaries(st.text(min_size=1, max_size=12), st.one_of(sentence, values), max_size=5), max_size=2),
            values,
        ),
        "extra": values,
    },
)
bodies = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\n#*|-[]()!`>_ "), max_size=400)


def _check(data: bytes, formats: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        result = CliRunner().invoke(main, ["convert", "-", "--to", formats, "-o", str(out), "-q"], input=data)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert result.exit_code in (0, 1), result.output
        errors = [line for line in result.output.splitlines() if ": error: " in line]
        if result.exit_code == 1:
            assert errors and all(line.startswith("<stdin>") for line in errors), result.output
            assert not out.exists() or not any(out.iterdir())
        else:
            assert not errors
            made = {p.name for p in out.iterdir()}
            for fmt in formats.split(","):
                ext = {"json": ".json", "wikitext": ".wiki", "infobox": ".infobox.wiki"}[fmt]
                if fmt == "infobox" and "infobox: nothing to write" in result.output:
                    continue  # no infobox: a note, not an empty file
                assert "stdin" + ext in made
            if "json" in formats:
                Document.from_dict(json.loads((out / "stdin.json").read_text(encoding="utf-8")))


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    _check(data, "json,wikitext,infobox")


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(front, bodies)
def test_random_yaml_documents(meta: dict, body: str) -> None:  # type: ignore[type-arg]
    try:
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body
    except yaml.YAMLError:
        return
    _check(text.encode("utf-8", "surrogatepass"), "json,wikitext,infobox")
