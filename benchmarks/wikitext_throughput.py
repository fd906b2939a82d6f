"""Wikitext throughput: front end + wikitext writer in one batch, and one CLI call.

    python benchmarks/wikitext_throughput.py CORPUS_DIR [--rounds N] [--repeat K] [--no-pandoc]

Measured in one process on one core (the batch a wiki-wide regeneration runs):

* articles/s for the front end alone, the ``wikitext`` writer alone, both together (the
  goal: at least 500/s), and the ``infobox`` writer;
* baseline in the same run: one ``pandoc BODY.md -t mediawiki`` process per article (its
  Markdown body only: pandoc knows no infoboxes), what a script around pandoc would do;
* one ``wikiexport convert X --to wikitext -o OUTDIR`` call, wall time (the goal: under
  0.3 s), and the imports that dominate its start-up (``python -X importtime``);
* with ``--instructions`` (needs valgrind): machine instructions per warm article and for
  the one-file call, counted by callgrind. Unlike seconds on a shared virtual machine,
  these repeat exactly run after run, so they compare one version of the code with another.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import convert
from convert.errors import ConvertError
from convert.writers import WriteOptions, get_writer


def _load_all(paths: list[Path]) -> list[tuple[Path, bytes]]:
    out = []
    for p in paths:
        data = p.read_bytes()
        try:
            convert.loads(data, str(p))
        except ConvertError:
            continue  # not a seed (a README...)
        out.append((p, data))
    return out


# What `wikiexport convert --to wikitext` reads with: no infobox layouts (no writer of the
# run draws them; see Writer.draws_infoboxes).
LOAD = {"layout": False}


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:8.0f} articles/s  ({seconds / n * 1000:6.2f} ms/article)"


def batch(seeds: list[tuple[Path, bytes]], rounds: int) -> None:
    opts = WriteOptions()
    wiki, box = get_writer("wikitext"), get_writer("infobox")
    docs = [convert.loads(data, str(p), **LOAD)[0] for p, data in seeds]
    best = {"front end": 1e9, "wikitext writer": 1e9, "front end + wikitext": 1e9, "infobox writer": 1e9}
    size = 0
    for _ in range(rounds):
        t = time.process_time()
        for p, data in seeds:
            convert.loads(data, str(p), **LOAD)
        best["front end"] = min(best["front end"], time.process_time() - t)
        t = time.process_time()
        size = sum(len(b) for b in wiki.render_many(docs, opts) if isinstance(b, bytes))
        best["wikitext writer"] = min(best["wikitext writer"], time.process_time() - t)
        t = time.process_time()
        for p, data in seeds:
            wiki.render(convert.loads(data, str(p), **LOAD)[0], opts)
        best["front end + wikitext"] = min(best["front end + wikitext"], time.process_time() - t)
        t = time.process_time()
        for doc in docs:
            box.render(doc, opts)
        best["infobox writer"] = min(best["infobox writer"], time.process_time() - t)
    n = len(seeds)
    print(f"batch of {n} articles, best of {rounds} rounds, CPU time on one core:")
    for name, seconds in best.items():
        print(f"  {name:22} {_rate(n, seconds)}")
    print(f"  wikitext written: {size / 1024:.0f} KiB")


def pandoc_baseline(seeds: list[tuple[Path, bytes]]) -> None:
    try:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        print(f"pandoc baseline skipped: {exc}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        bodies = []
        for p, data in seeds:
            text = data.decode("utf-8")
            body = text.split("\n---", 2)[-1] if text.startswith("---") else text
            target = Path(tmp) / (p.stem + ".md")
            target.write_text(body, encoding="utf-8")
            bodies.append(target)
        t = time.perf_counter()
        for body in bodies:
            subprocess.run([pandoc, str(body), "-f", "markdown", "-t", "mediawiki", "-o", str(body.with_suffix(".wiki"))], check=True)
        seconds = time.perf_counter() - t
    print(f"baseline: one pandoc -t mediawiki process per article (body only), wall:\n  {'pandoc':22} {_rate(len(bodies), seconds)}")


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("wikiexport")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "convert"]


def _env() -> dict[str, str]:
    """The environment for timed CLI runs: bytecode caching on, as after ``pip install``
    (which compiles it); some sandboxes set PYTHONDONTWRITEBYTECODE, and recompiling the
    package at every start would be measured instead."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cli_batch(seeds: list[tuple[Path, bytes]], copies: int, rounds: int, where: str | None = None) -> None:
    """``wikiexport convert DIR --to wikitext -o OUT -j1``: the whole CLI (start-up, file
    reads, the worker process, atomic writes, manifest), one worker on one core. ``where``
    is the folder for input and output (default: the system's temporary folder, usually
    on disk; a tmpfs such as /dev/shm leaves the disk out of the figure)."""
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for k in range(copies):
            for p, data in seeds:
                (src / f"{k:03d}-{p.name}").write_bytes(data)
        n = copies * len(seeds)
        walls, cpus, passes = [], [], []
        for r in range(rounds + 1):  # the first run compiles bytecode and is not counted
            passes.append(_one_pass(src, Path(tmp) / f"pass{r}"))
            out = Path(tmp) / f"out{r}"  # a fresh folder: replacing files costs the file system more
            before = os.times()
            t = time.perf_counter()
            subprocess.run([*_cli(), "convert", str(src), "--to", "wikitext", "-o", str(out), "-j1", "-q"],
                           check=True, env=_env(), stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - t
            after = os.times()
            if r:
                walls.append(wall)
                cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
        create = file_system_speed(Path(tmp))
    print(f"CLI batch: wikiexport convert DIR --to wikitext -j1 on {n} articles ({copies} copies), "
          f"best of {rounds}, start-up included, files in {where or tempfile.gettempdir()}:")
    print(f"  file system yardstick: creating an empty file there takes {create * 1e3:.2f} ms CPU")
    print(f"  wall {min(walls):.2f} s = {n / min(walls):.0f} articles/s;  CPU (parent + worker) "
          f"{min(cpus):.2f} s = {n / min(cpus):.0f} articles/s per core")
    print(f"  the same files in this (warm) process, one pass, reads and atomic writes included: "
          f"{min(passes[1:]):.2f} s = {n / min(passes[1:]):.0f} articles/s (what the CLI runs after its start-up;"
          f" sustained over seconds, so below the best short round above)")


def file_system_speed(folder: Path, count: int = 500) -> float:
    """CPU seconds to create one empty file in ``folder``: a yardstick for the disk, whose
    cost per file on this project's virtual machine ranged from 0.03 ms to over 1 ms (a
    file per article, so at the top of that range the disk alone caps a batch near
    1,000 articles/s)."""
    probe = folder / "fs-probe"
    probe.mkdir()
    start = time.process_time()
    for i in range(count):
        os.close(os.open(probe / str(i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    spent = time.process_time() - start
    for i in range(count):
        os.unlink(probe / str(i))
    probe.rmdir()
    return spent / count


def _one_pass(src: Path, out: Path) -> float:
    """CPU seconds to convert every file of ``src`` into ``out`` in this process, as a
    worker does: read, front end, wikitext, atomic write."""
    from convert.fileio import atomic_write, read_input
    from convert.frontend import DEFAULT_MAX_SIZE

    writer, options = get_writer("wikitext"), WriteOptions()
    start = time.process_time()
    for path in sorted(src.iterdir()):
        try:
            doc = convert.loads(read_input(str(path), DEFAULT_MAX_SIZE), str(path), **LOAD)[0]
            data = writer.render(doc, options)
        except ConvertError:
            continue
        atomic_write(out / (path.stem + ".wiki"), data)
    return time.process_time() - start


def cli_call(seed: Path, repeat: int) -> None:
    cmd = _cli()
    times = []
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([*cmd, "convert", str(seed), "--to", "wikitext", "-o", out, "-q"], check=True, env=_env())
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run([*cmd, "convert", str(seed), "--to", "wikitext", "-o", out, "-q"], check=True, env=_env())
            times.append(time.perf_counter() - t)
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "convert", "convert", str(seed), "--to", "wikitext", "-o", out, "-q"],
            check=True, capture_output=True, text=True,
        )
    print(f"one CLI call ({' '.join(Path(c).name for c in cmd)} convert {seed.name} --to wikitext -o DIR), wall over {repeat} runs:")
    print(f"  best {min(times):.3f} s, median {statistics.median(times):.3f} s (goal: under 0.3 s)")
    # The same work through the Python API in a fresh process: the floor a CLI can reach.
    api = []
    with tempfile.TemporaryDirectory() as out:
        code = (f"import convert; convert.write(convert.load({str(seed)!r}), 'wikitext', "
                f"{str(Path(out) / 'x.wiki')!r})")
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=_env())
            api.append(time.perf_counter() - t)
    print(f"  same through the Python API in a fresh process: best {min(api):.3f} s, "
          f"median {statistics.median(api):.3f} s")
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        try:
            cumulative = int(parts[1])
        except ValueError:
            continue
        name = parts[2].rstrip()
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 1:
            rows.append((cumulative, name.strip()))
    total = sum(c for c, _ in rows)
    print(f"  imports (top-level, cumulative; {total / 1e6:.3f} s in all):")
    for cumulative, name in sorted(rows, reverse=True)[:10]:
        print(f"    {cumulative / 1e3:7.1f} ms  {name}")


_WARM_LOOP = """
import sys
from pathlib import Path
import convert
from convert.errors import ConvertError
from convert.frontend.markdown import preload
from convert.infoboxes import load_registry
from convert.writers import WriteOptions, get_writer
seeds = [(str(p), p.read_bytes()) for p in sorted(Path(sys.argv[1]).glob("*.md"))]
writer, options = get_writer("wikitext"), WriteOptions()
preload()
load_registry(None)
for _ in range(int(sys.argv[2]) + 1):  # the first pass warms caches up and is not counted
    for path, data in seeds:
        try:
            writer.render(convert.loads(data, path, layout=False)[0], options)
        except ConvertError:
            pass
"""


def _callgrind(cmd: list[str]) -> int:
    """Instructions executed by ``cmd`` and its child processes."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null", *cmd],
        capture_output=True, text=True, env={**_env(), "PYTHONHASHSEED": "0"},
    )
    return sum(int(line.split()[-1].replace(",", "")) for line in result.stderr.splitlines() if "Collected :" in line)


def instructions(corpus: Path, seed: Path) -> None:
    """Callgrind counts: a warm article (two passes minus none, over the corpus) and one CLI
    call (its worker-free path: one file)."""
    import shutil

    if shutil.which("valgrind") is None:
        print("instruction counts skipped: valgrind is not installed")
        return
    n = len(list(corpus.glob("*.md")))
    with tempfile.TemporaryDirectory() as tmp:
        loop = Path(tmp) / "loop.py"
        loop.write_text(_WARM_LOOP)
        base = _callgrind([sys.executable, str(loop), str(corpus), "0"])
        more = _callgrind([sys.executable, str(loop), str(corpus), "2"])
        call = _callgrind([*_cli(), "convert", str(seed), "--to", "wikitext", "-o", tmp, "-q"])
    print("instructions (callgrind; repeatable, unlike seconds here):")
    print(f"  front end + wikitext, warm, per article: {(more - base) / 2 / n / 1e6:.2f} M")
    print(f"  one CLI call on {seed.name}: {call / 1e6:.0f} M")


def machine_speed() -> float:
    """CPU seconds for ten million integer additions in a Python loop: a yardstick printed
    beside the figures, since a shared virtual machine's speed drifts (this project's CI
    machine took 0.37 s in a good spell and up to four times that in a bad one)."""
    start = time.process_time()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7, help="CLI calls to time")
    parser.add_argument("--no-pandoc", action="store_true", help="skip the pandoc baseline")
    parser.add_argument("--copies", type=int, default=10, help="corpus copies in the CLI batch")
    parser.add_argument("--instructions", action="store_true", help="also count instructions (valgrind)")
    args = parser.parse_args()
    seeds = _load_all(sorted(args.corpus.glob("*.md")) + sorted(args.corpus.glob("*.txt")))
    if not seeds:
        sys.exit(f"no seed files in {args.corpus}")
    print(f"machine yardstick: 10M Python additions in {machine_speed():.2f} s CPU")
    batch(seeds, args.rounds)
    cli_batch(seeds, args.copies, 3)
    if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
        cli_batch(seeds, args.copies, 3, "/dev/shm")
    if not args.no_pandoc:
        pandoc_baseline(seeds)
    largest = max((p for p, _ in seeds), key=lambda p: p.stat().st_size)
    cli_call(largest, args.repeat)
    if args.instructions:
        instructions(args.corpus, largest)
    print(f"machine yardstick at the end: 10M Python additions in {machine_speed():.2f} s CPU")


if __name__ == "__main__":
    main()
