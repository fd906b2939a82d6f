"""Measure infobox template inference against a corpus's answer key.

Usage: python benchmarks/infobox_inference.py CORPUS_DIR | --wikitext DIR [--exclude CORPUS_DIR]

With ``--wikitext DIR``: held-out real articles as raw Wikipedia wikitext (``*.txt``, e.g. the
wtf_wikipedia project's test pages, never committed here). The truth is the template name
written in the wikitext; the parameter names written there go straight to inference (no
seed conversion, so the figure measures the registry and the scoring alone). Articles whose
slug is in ``--exclude`` (the committed corpus) are skipped. See :mod:`heldout`.

Every ``<slug>.md`` in CORPUS_DIR is read through the front end (``convert.loads``, which
infers each infobox's template from its field names, and picks a redirect such as
``Infobox judge`` from the values when the registry says when editors use it); the template
name is compared with ``template`` in ``<slug>.expected.json``. The sidecars are read here
only, as the answer key; conversion never sees them.

``correct`` means the exact name (what a bot diffing the regenerated wikitext needs);
``redirect`` means the same template under another of its names (``officeholder`` for
``judge``): it renders the same on Wikipedia but is not counted as correct.
English: the right template (exact name or a redirect) for >= 95%, exact names reported
beside it. A redirect is only written where the fields tell it apart (``variants``), so an
article whose editor happened to type an old name (``Infobox NFL player``) is a redirect. Other languages are inferred twice, with the
article's language (as ``--lang`` would give it) and with the default ``en``; each result
must be the correct template or the generic fallback, never a wrong English template at or
above the confidence threshold.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convert.infoboxes import THRESHOLD, load_registry  # noqa: E402


@dataclass(frozen=True, slots=True)
class Outcome:
    """One infobox: what the answer key says and what inference said."""

    slug: str
    lang: str
    expected: str
    inferred: str
    confidence: float
    verdict: str


def inferred(path: Path, lang: str) -> list[tuple[str, float]]:
    """``(template, confidence)`` of each infobox of one seed, from the front end."""
    import convert

    doc, _warnings = convert.loads(path.read_bytes(), str(path), lang=lang)
    return [(box.template, box.confidence) for box in doc.infoboxes]


def judge(expected: str, inferred: str, confidence: float, lang: str) -> str:
    """``correct``, ``redirect`` (same template, another name), ``generic`` or ``WRONG``."""
    if inferred == expected:
        return "correct"  # the generic box too, when the article's own box is a bare {{Infobox
    if not inferred:
        return "generic"
    registry = load_registry()
    found, got = registry.find(expected, lang), registry.find(inferred, lang)
    if found is not None and got is not None and found.key == got.key:
        return "redirect"
    return "WRONG"


def run(corpus: Path) -> tuple[list[Outcome], list[Outcome]]:
    """Outcomes with the article's language, and (other languages) with the default ``en``."""
    with_lang: list[Outcome] = []
    as_english: list[Outcome] = []
    for md in sorted(corpus.glob("*.md")):
        sidecar = md.with_suffix(".expected.json")
        if not sidecar.is_file():
            continue
        truth = json.loads(sidecar.read_text(encoding="utf-8"))
        lang = truth.get("lang", "en")
        expected = [box.get("template", "") for box in truth.get("infoboxes", [])]
        for runs, use_lang in ((with_lang, lang), (as_english, "en")):
            if runs is as_english and lang == "en":
                continue
            for i, (template, confidence) in enumerate(inferred(md, use_lang)):
                want = expected[i] if i < len(expected) else "?"
                verdict = judge(want, template, confidence, lang)
                runs.append(Outcome(md.stem, lang, want, template, confidence, verdict))
    return with_lang, as_english


def report(title: str, outcomes: list[Outcome]) -> None:
    """Print one table."""
    print(f"\n{title}")
    print(f"{'article':<48} {'lang':<4} {'expected':<36} {'inferred':<36} {'conf':>5}  verdict")
    for o in outcomes:
        print(
            f"{o.slug[:48]:<48} {o.lang:<4} {o.expected[:36]:<36} {(o.inferred or '(generic)')[:36]:<36}"
            f" {o.confidence:5.2f}  {o.verdict}"
        )


def main(argv: list[str]) -> int:
    """Run the benchmark; exit 1 if a requirement fails."""
    if argv and argv[0] == "--wikitext":
        from heldout import main as heldout_main

        return heldout_main(argv[1:])
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[2])
        return 2
    corpus = Path(argv[0])
    if not corpus.is_dir():
        print(f"not a folder: {corpus}", file=sys.stderr)
        return 2
    with_lang, as_english = run(corpus)
    report("Inference with the article's language", with_lang)
    report("Other languages inferred as if English (no --lang)", as_english)
    english = [o for o in with_lang if o.lang == "en"]
    right = sum(o.verdict == "correct" for o in english)
    redirects = sum(o.verdict == "redirect" for o in english)
    accuracy = 100.0 * right / len(english) if english else 0.0
    foreign = [o for o in with_lang + as_english if o.lang != "en"]
    wrong_foreign = [o for o in foreign if o.verdict == "WRONG" and o.confidence >= THRESHOLD]
    same = 100.0 * (right + redirects) / len(english) if english else 0.0
    print(f"\nEnglish infoboxes: {right}/{len(english)} correct by exact name = {accuracy:.1f}%")
    print(f"English infoboxes named by another name of the right template (redirect): {redirects}")
    print(f"English infoboxes with the right template: {right + redirects}/{len(english)} = {same:.1f}%"
          " (required >= 95%)")
    for verdict in ("correct", "redirect", "generic", "WRONG"):
        count = sum(o.verdict == verdict for o in foreign)
        print(f"Other languages ({len(foreign)} inferences): {verdict}: {count}")
    print(f"Wrong templates at confidence >= {THRESHOLD} in other languages: {len(wrong_foreign)}")
    ok = same >= 95.0 and not wrong_foreign
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
