"""How often the front end's language matches a corpus's expected language.

Usage: PYTHONPATH=. python benchmarks/language_corpus.py FOLDER
FOLDER holds NAME.md seeds with NAME.expected.json files that carry a "lang" (as the shared
corpus does). Prints the count right and each miss; run it on two checkouts to compare.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import convert


def main(folder: Path) -> None:
    right = total = 0
    for expected in sorted(folder.glob("*.expected.json")):
        seed = expected.with_name(expected.name.replace(".expected.json", ".md"))
        want = json.loads(expected.read_text(encoding="utf-8")).get("lang")
        if not seed.is_file() or not want:
            continue
        got = convert.loads(seed.read_bytes(), str(seed))[0].meta.lang
        total += 1
        right += got == want
        if got != want:
            print(f"miss: {seed.name}: {got} (expected {want})")
    print(f"{right}/{total} languages right")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
