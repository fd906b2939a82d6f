"""Peak memory of converting an article that names one hostile picture (issue 24).

For each picture of the hostile set (made here with Pillow: a truncated JPEG, a CMYK JPEG,
an 8000x8000 JPEG and PNG, a 13000x13000 one-colour PNG, an SVG whose nested ``<use>``
elements expand to 10^10 shapes, a huge SVG canvas), one article names it as its infobox
picture, and ``wikiexport convert ART --to pdf,epub,docx --images DIR -j 1`` runs in a
process of its own. The figure is the largest resident set of any process of that run
(``ru_maxrss`` of the waited-for descendants: the command, the article's worker, pandoc),
against the 500 MB the issue allows, next to the same run with a small ordinary picture.

    python benchmarks/picture_memory.py [--limit-mb 500]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ARTICLE = """---
title: Picture test
description: An article naming one picture.
author: Wikipedia
infoboxes:
  - name:
      text: Picture test
    image:
      text: {name}
    caption:
      text: The picture
    country:
      text: Testland
---
Picture test is an article that names one picture.

## History

It has a short history.
"""

USE_BOMB = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'width="100" height="100"><defs><rect id="l0" width="1" height="1"/>'
            + "".join(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 11))
            + '</defs><use xlink:href="#l10"/></svg>')


def make_pictures(folder: Path) -> dict[str, str]:
    """Kind -> file name of each hostile picture (and one ordinary one), written to ``folder``."""
    made = {}

    def save(kind: str, name: str, img: Image.Image, fmt: str, **kw: object) -> None:
        img.save(folder / name, fmt, **kw)
        made[kind] = name

    save("ordinary 800x600 JPEG", "Ordinary.jpg", Image.new("RGB", (800, 600), (40, 90, 140)), "JPEG")
    save("CMYK JPEG", "Cmyk.jpg", Image.new("CMYK", (2000, 1500), (10, 200, 30, 5)), "JPEG")
    save("8000x8000 JPEG", "Giant.jpg", Image.new("RGB", (8000, 8000), (30, 60, 90)), "JPEG", quality=50)
    save("8000x8000 PNG", "Giant.png", Image.new("RGB", (8000, 8000), (30, 60, 90)), "PNG")
    save("13000x13000 one-colour PNG", "Bomb.png", Image.new("1", (13000, 13000)), "PNG")
    full = folder / "Whole.jpg"
    Image.new("RGB", (3000, 2000), (200, 100, 50)).save(full, "JPEG")
    (folder / "Truncated.jpg").write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    full.unlink()
    made["truncated JPEG"] = "Truncated.jpg"
    (folder / "Use bomb.svg").write_text(USE_BOMB, encoding="utf-8")
    made["<use> bomb SVG (10^10 shapes)"] = "Use bomb.svg"
    (folder / "Huge canvas.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200000" height="200000">'
        '<rect width="200000" height="200000" fill="red"/></svg>', encoding="utf-8")
    made["200000x200000 SVG canvas"] = "Huge canvas.svg"
    return made


def peak_of_run(article: Path, images: Path, out: Path) -> tuple[float, float, int, str]:
    """(peak RSS MiB of any process of the run, seconds, exit code, warnings) for one run."""
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "sys.stderr.buffer.write(p.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(p.returncode)\n"
    )
    cmd = [sys.executable, "-c", code, sys.executable, "-m", "convert", "convert", str(article),
           "--to", "pdf,epub,docx", "--images", str(images), "-j", "1", "-o", str(out), "--quiet"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - start
    kib = int(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else 0
    warnings = " | ".join(line for line in proc.stderr.splitlines() if "warning" in line or "error" in line)
    return kib / 1024, seconds, proc.returncode, warnings[:200]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit-mb", type=float, default=500.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        images = root / "images"
        images.mkdir()
        pictures = make_pictures(images)
        worst = 0.0
        print(f"{'picture':34} {'peak MiB':>9} {'seconds':>8} exit  warnings")
        for kind, name in pictures.items():
            article = root / "article.md"
            article.write_text(ARTICLE.format(name=name), encoding="utf-8")
            out = root / "out"
            peak, seconds, code, warnings = peak_of_run(article, images, out)
            worst = max(worst, peak)
            print(f"{kind:34} {peak:9.0f} {seconds:8.1f} {code:4}  {warnings}")
        verdict = "PASS" if worst < args.limit_mb else "FAIL"
        print(f"largest peak {worst:.0f} MiB against {args.limit_mb:.0f} MiB: {verdict}")
        return 0 if worst < args.limit_mb else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
