"""What pictures add to a ``--to all`` batch: the same articles converted with and without
``--images``, measured in the same run (issue 22: at most 1.3x).

Usage: python benchmarks/images_overhead.py [CORPUS_DIR] [--articles 70] [--jobs N] [--rounds R]

Takes ``--articles`` articles from CORPUS_DIR (default ``tests/fixtures/corpus``, repeated
under new names when it has fewer), makes every picture they name with Pillow at the size
Commons originals typically have (photos 3000x2000 JPEG, drawings 1200x900 PNG, SVG for
``.svg`` names), then runs ``wikiexport convert --to all`` on them without and with
``--images``, alternating, ``--rounds`` times, and prints each time and the ratio of medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600" viewBox="0 0 900 600">'
       '<rect width="900" height="600" fill="#1f5aa6"/>'
       + "".join(f'<circle cx="{60 + 40 * i}" cy="{300 + (i % 5) * 40}" r="30" fill="#f4c430"/>' for i in range(20))
       + "</svg>")


def make_pictures(articles: list[Path], folder: Path) -> int:
    """Every picture the articles name, made with Pillow; how many."""
    from PIL import Image

    import convert
    from convert.writers.common.images import named_pictures

    base = Image.radial_gradient("L").resize((3000, 2000))
    photo = Image.merge("RGB", (base, base.rotate(90, expand=False), Image.effect_noise((3000, 2000), 40)))
    drawing = Image.new("RGB", (1200, 900), (240, 240, 240))
    drawing.paste((200, 30, 30), (100, 100, 600, 500))
    made = 0
    for path in articles:
        for name, _line in named_pictures(convert.load(path)):
            target = folder / name.replace(" ", "_")
            if target.exists() or "/" in name:
                continue
            low = name.lower()
            if low.endswith(".svg"):
                target.write_text(SVG)
            elif low.endswith(".png"):
                drawing.save(target, "PNG")
            elif low.endswith((".jpg", ".jpeg")):
                photo.save(target, "JPEG", quality=88)
            else:
                continue
            made += 1
    return made


def run(args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "convert", "convert", *args], env=env, capture_output=True,
                          text=True, timeout=3600)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "tests" / "fixtures" / "corpus"))
    parser.add_argument("--articles", type=int, default=70)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=1)
    opts = parser.parse_args()
    found = sorted(p for p in Path(opts.corpus).glob("*.md") if not p.name.upper().startswith("README"))
    work = Path(tempfile.mkdtemp(prefix="wikiexport-bench-images-"))
    try:
        inputs, pictures = work / "in", work / "pictures"
        inputs.mkdir()
        pictures.mkdir()
        chosen = []
        for i in range(opts.articles):
            src = found[i % len(found)]
            dest = inputs / (f"{src.stem}-{i // len(found)}.md" if i >= len(found) else src.name)
            shutil.copyfile(src, dest)
            chosen.append(dest)
        made = make_pictures(chosen, pictures)
        size = sum(p.stat().st_size for p in pictures.iterdir())
        print(f"{len(chosen)} articles, {made} pictures ({size / 1e6:.1f} MB), -j {opts.jobs}, {opts.rounds} round(s)")
        plain, images = [], []
        for r in range(opts.rounds):
            common = [str(inputs), "--to", "all", "-j", str(opts.jobs), "-q"]
            plain.append(run([*common, "-o", str(work / f"plain{r}")]))
            images.append(run([*common, "--images", str(pictures), "-o", str(work / f"images{r}")]))
            print(f"round {r + 1}: without pictures {plain[-1]:.1f} s, with pictures {images[-1]:.1f} s")
        ratio = statistics.median(images) / statistics.median(plain)
        print(f"median: without {statistics.median(plain):.1f} s, with {statistics.median(images):.1f} s, "
              f"ratio {ratio:.2f}x (issue 22 asks at most 1.3x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
