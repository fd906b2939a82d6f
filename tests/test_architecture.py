"""The shape of the package: no import cycle, no upward import between its layers.

Every ``import`` statement of ``convert/`` counts, the ones inside functions too (a lazy
import is still a dependency; it only changes when it is paid for).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "convert"

# Lower layers never import higher ones. The API (convert/__init__), the command line and
# the batch engine sit on top; the model and Wikipedia's facts at the bottom.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("convert.version", "convert.errors", "convert.model", "convert.wiki", "convert.charset", "convert.procs",
     "convert.gcpause", "convert.resources", "convert.fileio", "convert.l10n", "convert.scripts"),
    ("convert.infoboxes",),
    ("convert.frontend",),
    ("convert.writers",),
    ("convert.batch",),
    ("convert", "convert.cli", "convert.__main__", "convert.serve", "convert.cli_options", "convert.cli_settings",
     "convert.cli_checks", "convert.cli_convert", "convert.cli_commands",
     "convert.defaults", "convert.images"),
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The ``convert`` modules that module ``name`` imports (a package's ``from P import m``
    of a submodule counts as importing ``P.m``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "convert")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "convert":
                continue
            subs = {f"{module}.{a.name}" for a in node.names} & known
            found.update(subs)
            if len(subs) < len(node.names):
                found.add(module)
    found.discard(name)
    return found & known


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _layer(name: str) -> int:
    best, level = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), i
    assert level >= 0, f"{name} belongs to no layer: add it to LAYERS"
    return level


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _ancestors(name: str) -> set[str]:
    """The packages above ``name``, the top one (the public API) left out: nothing inside
    may import ``convert`` itself."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(2, len(parts))}


def test_no_import_cycle() -> None:
    graph = _graph()
    # Importing a module's own package (``convert.writers.pdf.writer`` -> ``convert.writers``
    # for the Writer base class) is how a plug-in reaches its registry, not a cycle.
    graph = {v: {w for w in ws if w not in _ancestors(v) and v not in _ancestors(w)} for v, ws in graph.items()}
    assert _cycles(graph) == []


def test_no_upward_import_between_layers() -> None:
    upward = sorted(
        f"{v} -> {w}" for v, ws in _graph().items() for w in ws
        if _layer(w) > _layer(v) and w not in _ancestors(v)
    )
    assert upward == []


@pytest.mark.parametrize("writer", ["pdf", "epub", "docx", "wikitext"])
def test_a_writer_imports_no_other_writer(writer: str) -> None:
    """Writers share code only through ``writers/common`` and ``writers/pandoc``."""
    prefix = f"convert.writers.{writer}"
    shared = ("convert.writers.common", "convert.writers.pandoc")
    crossing = sorted(
        f"{v} -> {w}" for v, ws in _graph().items() if v == prefix or v.startswith(prefix + ".")
        for w in ws
        if w.startswith("convert.writers.") and not w.startswith(prefix) and not w.startswith(shared)
    )
    assert crossing == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The checks above can fail: a two-module loop is reported."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
