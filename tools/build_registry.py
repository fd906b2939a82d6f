"""Generate the infobox registry data (``templates/infoboxes/generated/<lang>.yaml``) from
public structured data.

Usage::

    python tools/build_registry.py --dbpedia DBPEDIA_GIT --wtf WTF_GIT [--out DIR] [--lang en ...]

``DBPEDIA_GIT`` is a clone (bare or not) of github:dbpedia/extraction-framework, ``WTF_GIT``
one of github:spencermountain/wtf_wikipedia; the files are read at their ``HEAD`` with
``git show``, and the commit goes into every generated file's header. Read:

- ``mappings/Mapping_<lang>.xml``: the DBpedia mappings wiki's export. A ``TemplateMapping``
  page per template, its ``templateProperty = ...`` (and coordinate) arguments are the
  parameter names DBpedia reads, ``mapToClass`` the kind of thing the box describes; a
  ``#REDIRECT`` page is another name of a mapped template.
- ``server/src/main/statistics/mappingstats_<lang>.txt`` (where present): every template seen
  in a dump of that Wikipedia, how many pages use it and how often each parameter is set
  (``p|name|count``), and the wiki's template redirects (``r|from|to``).
- ``server/src/main/statistics/ignorelist_<lang>.txt``: templates DBpedia decided not to map;
  a box among them is kept (it is still a template an article may carry), marked ``ignored``.
- wtf_wikipedia's ``src/_data/infoboxes.js`` (the words that start an infobox's name in each
  language: ``Infobox``, ``Ficha de``...), ``src/infobox/_infoboxes.js`` (boxes without such a
  word: ``Taxobox``...) and ``plugins/classify/schema/**`` (infobox names grouped into kinds,
  ``Person/Politician``); a name there that no other source has is kept, without parameters.

The mapping content is the DBpedia mappings wiki's, under CC BY-SA 3.0 (the licence that
``ontology.owl``, exported from the same wiki, declares, and the rights statement of
``scripts/dataidConfig.json``); wtf_wikipedia is MIT. Only names and counts are taken.
The output is deterministic (sorted), so a re-run on the same commits changes nothing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DBPEDIA = "github:dbpedia/extraction-framework"
WTF = "github:spencermountain/wtf_wikipedia"
MAPPINGS_LICENCE = "CC BY-SA 3.0 (DBpedia mappings wiki; see ontology.owl dcterms:license)"
WTF_LICENCE = "MIT"

# Arguments of the mapping templates whose value is a parameter name of the mapped box.
_PARAM_ARGS = re.compile(
    r"\|\s*(?:templateProperty|coordinates|latitude|longitude|"
    r"(?:latitude|longitude)(?:Degrees|Minutes|Seconds|Direction))\s*=\s*([^|{}\n<]+)"
)
_CLASS = re.compile(r"mapToClass\s*=\s*([^|{}\n<]+)")
_REDIRECT = re.compile(r"#REDIRECT\s*\[\[\s*Mapping [^:\]]+:([^\]|]+)", re.IGNORECASE)
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)+)'|\"((?:[^\"\\]|\\.)+)\"")
_DIGITS = re.compile(r"\d+")
_MIN_USES = 10  # a mappingstats-only template used on fewer pages is left out (noise, tests)


@dataclass
class Entry:
    """What the sources say about one template (one language)."""

    name: str  # the page name without namespace, as written: "Infobox album"
    uses: int = 0
    kind: str = ""
    params: dict[str, int | None] = field(default_factory=dict)  # None: usage unknown
    redirects: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    ignored: bool = False


def is_git(repo: Path) -> bool:
    """Whether ``repo`` is a git repository (bare or not); a plain folder is read as is."""
    return (repo / ".git").exists() or (repo / "HEAD").is_file()


def git_show(repo: Path, path: str) -> str | None:
    """The text of ``path`` at ``HEAD`` of ``repo``, or None when the file is absent."""
    if not is_git(repo):
        file = repo / path
        return file.read_text(encoding="utf-8") if file.is_file() else None
    done = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{path}"],
                          capture_output=True, check=False)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def git_list(repo: Path, prefix: str) -> list[str]:
    """Paths under ``prefix`` at ``HEAD`` of ``repo``."""
    if not is_git(repo):
        return sorted(p.relative_to(repo).as_posix() for p in (repo / prefix).rglob("*") if p.is_file())
    done = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "HEAD", prefix],
                          capture_output=True, check=True, text=True)
    return done.stdout.split()


def head(repo: Path) -> str:
    """The commit ``HEAD`` of ``repo`` points to (``none`` for a plain folder)."""
    if not is_git(repo):
        return "none"
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True,
                          check=True, text=True).stdout.strip()


def clean(name: str) -> str:
    """A page or parameter name with spaces and ``_`` runs as one space, comments removed."""
    name = re.sub(r"<!--.*?(?:-->|$)", "", name, flags=re.S)
    return " ".join(name.replace("_", " ").split())


def param_name(name: str) -> str:
    """A parameter name as written (``_`` kept: it is how articles write it), comments removed."""
    return " ".join(re.sub(r"<!--.*?(?:-->|$)", "", name, flags=re.S).split())


def page_name(title: str) -> str:
    """``Vorlage:Infobox Berg`` -> ``Infobox Berg`` (any namespace word)."""
    return clean(title.split(":", 1)[1] if ":" in title else title)


def parse_mappings(xml: str) -> tuple[dict[str, Entry], dict[str, str]]:
    """Mapped templates by name, and mapping redirects (from -> to)."""
    entries: dict[str, Entry] = {}
    redirects: dict[str, str] = {}
    root = ET.fromstring(xml)
    for page in root.iter():
        if not page.tag.endswith("}page") and page.tag != "page":
            continue
        title = next((c.text or "" for c in page if c.tag.endswith("title")), "")
        text = "".join(t.text or "" for t in page.iter() if t.tag.endswith("text"))
        name = page_name(title)
        target = _REDIRECT.search(text)
        if target:
            redirects[name] = clean(target.group(1))
            continue
        entry = entries.setdefault(name, Entry(name))
        entry.sources.add("mappings")
        found = _CLASS.search(text)
        if found:
            entry.kind = clean(found.group(1)).split(":")[-1]
        for value in _PARAM_ARGS.findall(text):
            param = param_name(value)
            if param:
                entry.params.setdefault(param, None)
    return entries, redirects


def parse_stats(text: str) -> tuple[dict[str, Entry], dict[str, str]]:
    """Templates seen in a dump (uses, parameter counts) and the wiki's template redirects."""
    entries: dict[str, Entry] = {}
    redirects: dict[str, str] = {}
    current: Entry | None = None
    for line in text.splitlines():
        kind, _, rest = line.partition("|")
        if kind == "r":
            source, _, target = rest.partition("|")
            redirects[page_name(source)] = page_name(target)
        elif kind == "template":
            current = entries.setdefault(page_name(rest), Entry(page_name(rest)))
            current.sources.add("mappingstats")
        elif kind == "count" and current is not None and rest.strip().isdigit():
            current.uses = int(rest)
        elif kind == "p" and current is not None:
            param, _, count = rest.rpartition("|")
            param = param_name(param)
            if param and count.strip().isdigit():
                current.params[param] = (current.params.get(param) or 0) + int(count)
    return entries, redirects


def js_strings(text: str) -> list[str]:
    """The quoted strings and bare object keys of a JavaScript data file (``'a b': true``,
    ``geobox: true``, list items alike)."""
    text = re.sub(r"//[^\n]*", "", text)
    bare = re.findall(r"^\s*([A-Za-z_][\w-]*)\s*:\s*true", text, re.M)
    return [clean(a or b) for a, b in _QUOTED.findall(text)] + [clean(k) for k in bare]


def wtf_kinds(repo: Path) -> dict[str, str]:
    """Infobox name (as wtf_wikipedia lists it, lower case) -> kind path (``Person/Politician``)."""
    kinds: dict[str, str] = {}
    for path in sorted(git_list(repo, "plugins/classify/schema")):
        text = git_show(repo, path) or ""
        block = re.search(r"infoboxes:\s*{\s*mapping:\s*\[(.*?)\]", text, re.S)
        if not block:
            continue
        kind = path.removeprefix("plugins/classify/schema/").removesuffix(".js").removesuffix("/index")
        for name in js_strings(block.group(1)):
            kinds.setdefault(name.lower(), kind)
    return kinds


def is_box(name: str, prefixes: list[str], bare: set[str]) -> bool:
    """Whether page ``name`` is an infobox: it starts with an infobox word of some language
    (``Infobox ...``, ``Ficha de ...``, ``Info/...``), is a known box without one
    (``Taxobox``), or is one word ending in ``box`` (``Chembox``; ``Weather box`` is not)."""
    lowered = name.lower()
    if lowered in prefixes:  # the bare word (``Infobox``) is the generic box, built in
        return False
    if lowered in bare or (" " not in lowered and lowered.endswith("box")):
        return True
    return any(lowered.startswith((p + " ", p + "/")) for p in prefixes)


def fold_numbers(params: dict[str, int | None]) -> dict[str, int | None]:
    """Numbered runs as one pattern: ``years1``, ``years2`` -> ``years{n}`` (counts summed),
    so that ``years14``, which a dump may not have seen, is known too."""
    groups: dict[str, list[str]] = defaultdict(list)
    for param in params:
        if _DIGITS.search(param):
            groups[_DIGITS.sub("{n}", param, count=1)].append(param)
    out: dict[str, int | None] = {}
    for param, count in params.items():
        pattern = _DIGITS.sub("{n}", param, count=1) if _DIGITS.search(param) else param
        if len(groups.get(pattern, ())) >= 2 and "{n}" in pattern and pattern.count("{") == 1:
            before = out.get(pattern)
            out[pattern] = None if count is None and before is None else (before or 0) + (count or 0)
        else:
            out[param] = count
    return out


def collect(dbpedia: Path, wtf: Path, lang: str, prefixes: list[str], bare: set[str],
            kinds: dict[str, str]) -> list[Entry]:
    """Every infobox template the sources know for wiki ``lang``."""
    xml = git_show(dbpedia, f"mappings/Mapping_{lang}.xml")
    mapped, map_redirects = parse_mappings(xml) if xml else ({}, {})
    stats_text = git_show(dbpedia, f"server/src/main/statistics/mappingstats_{lang}.txt")
    seen, wiki_redirects = parse_stats(stats_text) if stats_text else ({}, {})
    ignored = {page_name(n) for n in (git_show(dbpedia, f"server/src/main/statistics/ignorelist_{lang}.txt")
                                      or "").splitlines()[1:] if n.strip()}
    entries: dict[str, Entry] = {}
    for name, entry in mapped.items():
        if is_box(name, prefixes, bare):
            entries[name.lower()] = entry
    for name, entry in seen.items():
        mapped_entry = entries.get(name.lower())
        if mapped_entry is not None:
            mapped_entry.uses = entry.uses
            mapped_entry.sources |= entry.sources
            for param, count in entry.params.items():
                mapped_entry.params[param] = count
        elif is_box(name, prefixes, bare) and entry.uses >= _MIN_USES and entry.params:
            entries[name.lower()] = entry
    for name in ignored:
        if name.lower() in entries:
            entries[name.lower()].ignored = True
        elif is_box(name, prefixes, bare) and lang == "en":
            entries[name.lower()] = Entry(name, sources={"ignorelist"}, ignored=True)
    if lang == "en":  # wtf_wikipedia's lists are of English Wikipedia's names
        for raw, kind in kinds.items():
            name = clean(raw)
            full = name if name.lower() in bare or name.lower().startswith("infobox") else f"Infobox {name}"
            entry = entries.setdefault(full.lower(), Entry(full[:1].upper() + full[1:]))
            entry.kind = entry.kind or kind.split("/")[-1]
            entry.sources.add("wtf_wikipedia")
    for source, target in [*map_redirects.items(), *wiki_redirects.items()]:
        owner = entries.get(target.lower())
        if owner is not None and source.lower() not in entries:
            owner.redirects.add(source)
    for entry in entries.values():
        entry.params = fold_numbers(entry.params)
    return sorted(entries.values(), key=lambda e: e.name.lower())


def split_prefix(name: str, prefixes: list[str]) -> tuple[str, str]:
    """``Infobox album`` -> (``Infobox``, ``album``); ``Taxobox`` -> (``""``, ``Taxobox``)."""
    lowered = name.lower()
    for prefix in sorted(prefixes, key=len, reverse=True):
        if lowered.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            return name[:len(prefix)], name[len(prefix) + 1:]
    return "", name


def _scalar(text: str) -> str:
    """A YAML flow scalar: quoted unless plainly safe."""
    if re.fullmatch(r"[A-Za-z0-9À-ÿ\u0100-\uffff][\w .()'/\-–\u0100-\uffff]*", text) and \
            not re.search(r"\s$|: | #", text) and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(lang: str, entries: list[Entry], prefixes: list[str], dbpedia_commit: str,
           wtf_commit: str) -> str:
    """The generated YAML file of one language."""
    lines = [
        "# GENERATED by tools/build_registry.py - do not edit; the hand-written files of",
        "# templates/infoboxes/ are an overlay on this data (labels, display order, hidden).",
        f"# Source: {DBPEDIA} at commit {dbpedia_commit}",
        f"#   mappings/Mapping_{lang}.xml, server/src/main/statistics/mappingstats_{lang}.txt,",
        f"#   server/src/main/statistics/ignorelist_{lang}.txt",
        f"#   Licence of that content: {MAPPINGS_LICENCE}",
        f"# Source: {WTF} at commit {wtf_commit} (licence {WTF_LICENCE})",
        "#   src/_data/infoboxes.js, src/infobox/_infoboxes.js, plugins/classify/schema/",
        "# params: parameter -> pages setting it in the dump (~ when the dump gave no count).",
        "source:",
        f"  - {{repository: {_scalar(DBPEDIA)}, commit: {dbpedia_commit}, licence: {_scalar(MAPPINGS_LICENCE)}}}",
        f"  - {{repository: {_scalar(WTF)}, commit: {wtf_commit}, licence: {WTF_LICENCE}}}",
        "templates:",
    ]
    for entry in entries:
        prefix, name = split_prefix(entry.name, prefixes)
        lines.append(f"  - name: {_scalar(name)}")
        lines.append(f"    prefix: {_scalar(prefix)}" if prefix else '    prefix: ""')
        lines.append(f"    lang: {lang}")
        lines.append(f"    uses: {entry.uses}")  # 0: unknown (no dump statistics)
        if entry.kind:
            lines.append(f"    kind: {_scalar(entry.kind)}")
        lines.append(f"    from: [{', '.join(sorted(entry.sources))}]")
        if entry.ignored:
            lines.append('    ignored: "true"')
        names = sorted({split_prefix(r, prefixes)[1] if split_prefix(r, prefixes)[0].lower() == prefix.lower()
                        else r for r in entry.redirects}, key=lambda r: (r.lower(), r))
        # Names compare case-insensitively: one spelling per name (the same one every run).
        redirects = list({r.lower(): r for r in reversed(names)}.values())[::-1]
        if redirects:
            lines.append(f"    redirects: [{', '.join(_scalar(r) for r in redirects)}]")
        if entry.params:
            items = sorted(entry.params.items(), key=lambda kv: (-(kv[1] or 0), kv[0].lower()))
            body = ", ".join(f"{_scalar(p)}: {'~' if c is None else c}" for p, c in items)
            lines.append(f"    params: {{{body}}}")
    return "\n".join(lines) + "\n"


def languages(dbpedia: Path) -> list[str]:
    """Languages with a mapping file (``commons`` and ``wikidata`` are no Wikipedia)."""
    found = {m.group(1) for p in git_list(dbpedia, "mappings")
             if (m := re.fullmatch(r"mappings/Mapping_([a-z_-]+)\.xml", p))}
    return sorted(found - {"commons", "wikidata"})


def main(argv: list[str] | None = None) -> int:
    """Write one generated file per language; print a summary line per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dbpedia", type=Path, required=True, help="clone of dbpedia/extraction-framework")
    parser.add_argument("--wtf", type=Path, required=True, help="clone of spencermountain/wtf_wikipedia")
    parser.add_argument("--out", type=Path, default=Path("templates/infoboxes/generated"))
    parser.add_argument("--lang", action="append", help="only these languages (default: all)")
    args = parser.parse_args(argv)
    prefixes = sorted({p.lower() for p in js_strings(git_show(args.wtf, "src/_data/infoboxes.js") or "")
                       if p and not p.lower().startswith(("infobox ", "ynfoboks "))} | {"infobox"})
    bare = {p.lower() for p in js_strings(git_show(args.wtf, "src/infobox/_infoboxes.js") or "")
            if p.lower().endswith("box") or p.lower() in ("paraphyletic group",)}
    kinds = wtf_kinds(args.wtf)
    dbpedia_commit, wtf_commit = head(args.dbpedia), head(args.wtf)
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang or languages(args.dbpedia):
        entries = collect(args.dbpedia, args.wtf, lang, prefixes, bare, kinds)
        if not entries:
            continue
        (args.out / f"{lang}.yaml").write_text(
            render(lang, entries, prefixes, dbpedia_commit, wtf_commit), encoding="utf-8")
        print(f"{lang}: {len(entries)} templates, "
              f"{sum(len(e.params) for e in entries)} parameters, "
              f"{sum(len(e.redirects) for e in entries)} redirects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
