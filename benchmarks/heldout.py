"""Template accuracy on held-out real articles given as raw wikitext (see infobox_inference.py).

Usage: python benchmarks/infobox_inference.py --wikitext DIR [--exclude CORPUS_DIR] [--verbose]

Each top-level box of each ``DIR/*.txt`` (a template named ``Infobox ...`` or one of the
box templates without that prefix, such as ``Taxobox``) is one case: the parameter names
written in the wikitext are given to :func:`convert.infoboxes.infer` with the article's
language (guessed from its most common function words), and the answer is compared with
the template name written there. ``right`` = the exact name, or another name of the same
registry template (the written name is a redirect the registry documents, e.g.
``Infobox Officeholder`` -> ``officeholder``). A box inside another box's parameter (a
sub-box) is not a case of its own. Needs mwparserfromhell (a test dependency).
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convert.infoboxes import infer, load_registry  # noqa: E402

# Box templates without an "Infobox" prefix (wtf_wikipedia's src/infobox/_infoboxes.js).
_BARE_BOXES = {
    "taxobox", "automatic taxobox", "speciesbox", "subspeciesbox", "infraspeciesbox",
    "hybridbox", "ichnobox", "oobox", "mycomorphbox", "chembox", "drugbox", "geobox",
    "gnf protein box", "starbox short", "paraphyletic group",
}
_WORDS = {"en": ("the", "and", "of", "was"), "de": ("der", "die", "und", "das"),
          "fr": ("le", "la", "et", "les"), "es": ("el", "los", "y", "del")}


def slug(name: str) -> str:
    """The corpus's slug form of a title: lower case, non-alphanumeric runs as one ``-``."""
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-")


def language(text: str) -> str:
    """The language whose function words are most frequent in ``text``."""
    words = Counter(re.findall(r"[a-zäöüéèàç]+", text.lower()))
    return max(_WORDS, key=lambda lang: sum(words[w] for w in _WORDS[lang]))


def boxes(text: str) -> list[tuple[str, list[str]]]:
    """``(template name as written, parameter names)`` of each top-level box."""
    import mwparserfromhell

    out = []
    for template in mwparserfromhell.parse(text).filter_templates(recursive=False):
        name = " ".join(re.sub(r"<!--.*?-->", "", str(template.name), flags=re.S).replace("_", " ").split())
        if name.lower().startswith("infobox") or name.lower() in _BARE_BOXES:
            params = [str(p.name).strip() for p in template.params if str(p.value).strip()]
            out.append((name, params))
    return out


def main(argv: list[str]) -> int:
    """Print one line per box and the English accuracy."""
    if not argv:
        print(__doc__.strip().splitlines()[2])
        return 2
    folder = Path(argv[0])
    exclude: set[str] = set()
    if "--exclude" in argv:
        exclude = {slug(p.stem) for p in Path(argv[argv.index("--exclude") + 1]).glob("*.md")}
    verbose = "--verbose" in argv
    started = time.perf_counter()
    registry = load_registry()
    right = total = generic = 0
    for path in sorted(folder.glob("*.txt")):
        if slug(path.stem) in exclude:
            continue
        text = path.read_text(encoding="utf-8")
        lang = language(text)
        for written, params in boxes(text):
            key, confidence = infer(params, lang=lang)
            want = registry.find(written, lang)
            ok = want is not None and key and registry.find(key, lang) is want
            if lang == "en":
                total += 1
                right += bool(ok)
                generic += not key
            if verbose or not ok:
                print(f"{path.stem[:40]:<40} {lang} {written[:34]:<34} {(key or '(generic)')[:30]:<30}"
                      f" {confidence:5.2f} {'ok' if ok else 'MISS'}")
    elapsed = time.perf_counter() - started
    share = 100.0 * right / total if total else 0.0
    print(f"English boxes: {right}/{total} right = {share:.1f}% (generic: {generic}); "
          f"templates in registry: {len(load_registry().templates)}; {elapsed:.2f} s")
    return 0 if share >= 90.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
