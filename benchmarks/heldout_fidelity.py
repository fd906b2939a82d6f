"""Fidelity on held-out real articles, as wtf_wikipedia reads our wikitext back (issue 18).

Given a folder of original wikitext files (``*.txt``; never committed: e.g. the wtf_wikipedia
project's test fixtures that are not in tests/fixtures/corpus), each article is made into a
seed with wtf_wikipedia itself (what the seed format is), converted to wikitext by
wikiexport, and both the original and our wikitext are read by wtf_wikipedia the same way
(benchmarks/wtf_bridge.cjs). Reported, over all articles:

* field text: infobox fields whose text (whitespace-insensitive) reads back equal;
* links / link texts: links of the original (infobox and body) found again with the same
  target / with the same target and text;
* body token F1: words of the body (paragraphs, lists, tables) as a bag, per article;
* seed carries: links of the original whose target is still in the seed at all (an href of
  its Markdown body, a link of its infobox YAML). The rest were lost when wtf_wikipedia made
  the seed (a link whose text is not in its sentence, references, templates) and no reader
  of the seed can get them back; ``links`` minus this share is what we lose.

Folders hold ``*.txt`` or ``*.wiki`` files; several may be given (e.g. the dbpedia
extraction framework's ``core/src/test/resources/**/*.wiki``, exported to a folder first).

Setup (local only)::

    mkdir -p /tmp/wtf && (cd /tmp/wtf && npm install wtf_wikipedia wtf-plugin-markdown)
    mkdir -p /tmp/heldout && git -C MIRROR ls-tree -r --name-only HEAD tests/cache | ...  # *.txt
    PYTHONPATH=$PWD python3 benchmarks/heldout_fidelity.py /tmp/heldout --wtf /tmp/wtf \\
        --exclude tests/fixtures/corpus > /tmp/fidelity.txt
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

BRIDGE = Path(__file__).with_name("wtf_bridge.cjs")


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def bridge(mode: str, path: Path, wtf_dir: Path) -> Any:
    env = dict(os.environ, NODE_PATH=str(wtf_dir / "node_modules"))
    out = subprocess.run(["node", str(BRIDGE), mode, str(path)], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return json.loads(out.stdout)


def make_seed(original: Path, wtf_dir: Path) -> tuple[str, Counter[tuple[str, ...]]]:
    """The seed made from ``original`` and the link targets it carries (see :func:`_carried`)."""
    data = bridge("seed", original, wtf_dir)
    front: dict[str, Any] = {"title": original.stem.replace("-", " ")}
    if data["shortDescription"]:
        front["shortDescription"] = data["shortDescription"]
    front["description"] = data["description"]
    front["author"] = "Wikipedia"
    if data["img"]:
        front["img"] = data["img"]
    if data["infoboxes"]:
        front["infoboxes"] = data["infoboxes"]
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    carried = Counter(_href_key(href) for href in _hrefs(data["body"]))
    carried.update(_carry_key(link) for link in data["boxLinks"])
    return f"---\n{head}---\n{data['body']}\n", carried


def _hrefs(markdown: str) -> list[str]:
    """Every ``](href)`` target of a Markdown text, nested links' too (``[[T](./B)](./A)``
    gives both), parentheses inside a target kept (``./Roadblock_(robot)``)."""
    out = []
    for m in re.finditer(r"\]\(", markdown):
        depth, i = 0, m.end()
        while i < len(markdown) and not markdown[i].isspace():
            if markdown[i] == "(":
                depth += 1
            elif markdown[i] == ")":
                if depth == 0:
                    href = markdown[m.end():i]
                    while "](" in href:  # ./Bill_([law](./Pakistani_law)) holds ./Bill_(law)
                        href, n = re.subn(r"\[([^\[\]]*)\]\([^()]*\)", r"\1", href)
                        if not n:
                            break
                    out.append(href)
                    break
                depth -= 1
            i += 1
    return out


def _href_key(href: str) -> tuple[str, ...]:
    if href.startswith("./"):
        page, _, anchor = href[2:].partition("#")
        return _page_key(page, anchor)
    return ("url", href)


def _page_key(page: str, anchor: str) -> tuple[str, ...]:
    page = _norm(page.replace("_", " "))
    return ("page", page[:1].upper() + page[1:], _norm(anchor.replace("_", " ")))


def _carry_key(link: dict[str, str]) -> tuple[str, ...]:
    """What the seed writes for ``link``: an internal page, else the URL (an interwiki
    link becomes its project's URL in the seed)."""
    if link["type"] == "internal":
        return _page_key(link["page"], link["anchor"])
    return ("url", link["site"] if link["type"] == "external" else link["href"])


DECODE = False
"""With --decode: character references read as their characters on both sides (what
MediaWiki shows; wtf_wikipedia leaves "&#91;" and "&#8288;" as written)."""


def _norm(text: str) -> str:
    if DECODE:
        text = html.unescape(text)
    return " ".join(text.split())


def _target(link: dict[str, str]) -> tuple[str, str]:
    if link["type"] == "external":
        return ("ext", link["site"])
    page = _norm(link["page"].replace("_", " "))
    page = page[:1].upper() + page[1:]
    return (page, _norm(link["anchor"].replace("_", " ")))


def _field_links(box: dict[str, Any]) -> list[dict[str, str]]:
    return [link for field in box.values() for link in field["links"]]


def compare(truth: Any, ours: Any, carried: Counter[tuple[str, ...]]) -> dict[str, Any]:
    fields = same = 0
    for i, box in enumerate(truth["infoboxes"]):
        mine = ours["infoboxes"][i] if i < len(ours["infoboxes"]) else {}
        for key, field in box.items():
            fields += 1
            same += key in mine and _norm(mine[key]["text"]) == _norm(field["text"])
    true_links = [l for box in truth["infoboxes"] for l in _field_links(box)] + truth["links"]
    our_links = [l for box in ours["infoboxes"] for l in _field_links(box)] + ours["links"]
    targets = Counter(_target(l) for l in our_links)
    texts = Counter((_target(l), _norm(l["text"])) for l in our_links)
    found = found_text = seed = 0
    carried = Counter(carried)
    # Per target: how many times the original links it, the seed carries it, we link it.
    wanted: Counter[tuple[str, str]] = Counter()
    kept: Counter[tuple[str, str]] = Counter()
    for link in true_links:
        key = _target(link)
        wanted[key] += 1
        ckey = _carry_key(link)
        if carried[ckey] > 0:
            carried[ckey] -= 1
            kept[key] += 1
            seed += 1
        if targets[key] > 0:
            targets[key] -= 1
            found += 1
        tkey = (key, _norm(link["text"]))
        if texts[tkey] > 0:
            texts[tkey] -= 1
            found_text += 1
    a = Counter(re.findall(r"\w+", _norm(" ".join(truth["body"]))))
    b = Counter(re.findall(r"\w+", _norm(" ".join(ours["body"]))))
    common = sum((a & b).values())
    f1 = 1.0 if not a and not b else (2 * common / (sum(a.values()) + sum(b.values())))
    ours_count = Counter(_target(l) for l in our_links)
    lost_by_us = {key: kept[key] - ours_count[key] for key in kept if ours_count[key] < kept[key]}
    return {"fields": fields, "fields_same": same, "links": len(true_links), "links_found": found,
            "link_texts_found": found_text, "seed_links": seed, "lost_by_us": sum(lost_by_us.values()),
            "lost_targets": lost_by_us, "f1": f1}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="+", help="folders of original wikitext files (*.txt, *.wiki)")
    ap.add_argument("--wtf", type=Path, required=True, help="folder where wtf_wikipedia is installed")
    ap.add_argument("--exclude", type=Path, help="folder of seeds whose articles are left out")
    ap.add_argument("--keep", type=Path, help="keep seeds and wikitext here")
    ap.add_argument("--decode", action="store_true", help="compare with character references decoded")
    args = ap.parse_args()
    global DECODE
    DECODE = args.decode
    import convert
    from convert.writers.wikitext.writer import render_article
    from convert.writers import WriteOptions

    excluded = {slug(p.stem) for p in args.exclude.glob("*.md")} if args.exclude else set()
    work = args.keep or Path(tempfile.mkdtemp(prefix="wikiexport-fidelity-"))
    work.mkdir(parents=True, exist_ok=True)
    totals: Counter[str] = Counter()
    f1s: list[tuple[float, str]] = []
    originals = sorted(p for folder in args.folder for p in folder.iterdir() if p.suffix in (".txt", ".wiki"))
    for original in originals:
        if slug(original.stem) in excluded:
            continue
        if re.match(r"\s*#redirect", original.read_text(encoding="utf-8"), re.IGNORECASE):
            print(f"{original.stem}: a redirect, no article; left out")
            continue
        seed, carried = make_seed(original, args.wtf)
        (work / f"{original.stem}.md").write_text(seed, encoding="utf-8")
        doc, _warnings = convert.loads(seed.encode("utf-8"), f"{original.stem}.md")
        wiki = work / f"{original.stem}.wiki"
        wiki.write_text(render_article(doc, WriteOptions()).text, encoding="utf-8")
        result = compare(bridge("read", original, args.wtf), bridge("read", wiki, args.wtf), carried)
        for key in ("fields", "fields_same", "links", "links_found", "link_texts_found", "seed_links",
                    "lost_by_us"):
            totals[key] += result[key]
        f1s.append((result["f1"], original.stem))
        print(f"{original.stem}: fields {result['fields_same']}/{result['fields']} links "
              f"{result['links_found']}/{result['links']} texts {result['link_texts_found']}/"
              f"{result['links']} seed {result['seed_links']}/{result['links']} F1 {result['f1']:.4f}")
        for key, n in result["lost_targets"].items():
            print(f"    lost by us: {n} x {' #'.join(k for k in key[:2] if k)}")
    if not f1s:
        print("no articles")
        return 1
    print(f"articles: {len(f1s)}")
    print(f"field text: {totals['fields_same'] / max(1, totals['fields']):.2%} ({totals['fields_same']}/{totals['fields']})")
    print(f"links: {totals['links_found'] / max(1, totals['links']):.2%} ({totals['links_found']}/{totals['links']})")
    print(f"link texts: {totals['link_texts_found'] / max(1, totals['links']):.2%}")
    n = max(1, totals["links"])
    print(f"seed carries: {totals['seed_links'] / n:.2%} ({totals['seed_links']}/{totals['links']}) of the "
          f"links; lost making the seed {totals['links'] - totals['seed_links']}, lost by us "
          f"{totals['lost_by_us']} (targets the seed links more often than our wikitext)")
    print(f"body token F1: mean {sum(f for f, _ in f1s) / len(f1s):.4f}, min {min(f1s)[0]:.4f} ({min(f1s)[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
