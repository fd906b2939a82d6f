"""The on-disk cache of the built infobox registry: same result as building, never trusts
a file it did not write for this user, rebuilds a damaged one, and keeps its folder small."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from convert.infoboxes import registry_cache
from convert.infoboxes.loader import _build_packaged
from convert.resources import template_path


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("WIKIEXPORT_NO_CACHE", raising=False)
    return tmp_path / "wikiexport"


def _source(tmp_path: Path, text: str = "a") -> list[Path]:
    src = tmp_path / f"src-{text}.yaml"
    src.write_text(text)
    return [src]


def test_cached_registry_equals_the_built_one(cache_home: Path, tmp_path: Path) -> None:
    root = template_path("infoboxes/registry.yaml")
    files = sorted(root.parent.glob("*.yaml"))
    built = _build_packaged(root)
    first = registry_cache.cached(files, lambda: _build_packaged(root))
    assert len(list(cache_home.glob("registry-*.pickle"))) == 1
    loaded = registry_cache.cached(files, lambda: pytest.fail("the cache was not used"))
    assert first == built == loaded
    assert [t.key for t in loaded.templates] == [t.key for t in built.templates]
    assert loaded.find("Infobox military conflict") == built.find("Infobox military conflict")


def test_a_cached_templates_rows_stay_pickled_until_a_layout_reads_them(cache_home: Path) -> None:
    from convert.infoboxes.layout import build_layout
    from convert.infoboxes.registry import PickledRows
    from convert.model import FieldValue, InfoboxField, Paragraph, Text

    root = template_path("infoboxes/registry.yaml")
    files = sorted(root.parent.glob("*.yaml"))
    built = _build_packaged(root)
    registry_cache.cached(files, lambda: built)
    loaded = registry_cache.cached(files, lambda: pytest.fail("the cache was not used"))
    conflict, person = loaded.find("military conflict"), loaded.find("person")
    assert conflict is not None and person is not None
    assert isinstance(conflict.rows, PickledRows) and conflict.rows.unread
    fields = [InfoboxField(n, FieldValue(n, blocks=(Paragraph((Text(n),)),), number=None), line=1)
              for n in ("conflict", "date", "combatant1", "combatant2", "casualties1", "result")]
    reference = built.find("military conflict")
    assert reference is not None and isinstance(reference.rows, tuple)
    assert build_layout(fields, conflict, loaded.shared_hidden) == build_layout(
        fields, reference, built.shared_hidden)
    assert not conflict.rows.unread and person.rows.unread  # only the template drawn was read
    assert conflict.rows == reference.rows and len(conflict.rows) == len(reference.rows)


def test_a_damaged_cache_is_rebuilt(cache_home: Path, tmp_path: Path) -> None:
    files = _source(tmp_path)
    assert registry_cache.cached(files, lambda: {"v": 1}) == {"v": 1}
    (cached,) = cache_home.glob("registry-*.pickle")
    cached.write_bytes(b"\x80\x05not a pickle")
    assert registry_cache.cached(files, lambda: {"v": 2}) == {"v": 2}


def test_a_file_others_can_write_is_not_trusted(cache_home: Path, tmp_path: Path) -> None:
    files = _source(tmp_path)
    registry_cache.cached(files, lambda: {"v": 1})
    (cached,) = cache_home.glob("registry-*.pickle")
    os.chmod(cached, 0o666)
    assert registry_cache.cached(files, lambda: {"v": 2}) == {"v": 2}


def test_the_key_follows_the_files(cache_home: Path, tmp_path: Path) -> None:
    registry_cache.cached(_source(tmp_path, "a"), lambda: "from a")
    assert registry_cache.cached(_source(tmp_path, "b"), lambda: "from b") == "from b"
    assert registry_cache.cached(_source(tmp_path, "a"), lambda: "rebuilt") == "from a"


def test_old_caches_are_pruned_but_recent_ones_kept(cache_home: Path, tmp_path: Path) -> None:
    for n in range(12):
        registry_cache.cached(_source(tmp_path, f"v{n}"), lambda n=n: n)
        for path in cache_home.glob("registry-*.pickle"):  # older files: older times
            os.utime(path, (path.stat().st_mtime - 10, path.stat().st_mtime - 10))
    assert len(list(cache_home.glob("registry-*.pickle"))) == 8
    assert registry_cache.cached(_source(tmp_path, "v11"), lambda: "rebuilt") == 11
    assert registry_cache.cached(_source(tmp_path, "v0"), lambda: "rebuilt") == "rebuilt"


def test_the_collector_is_restored_after_loading(cache_home: Path, tmp_path: Path) -> None:
    import gc

    files = _source(tmp_path)
    registry_cache.cached(files, lambda: [1, 2])
    assert gc.isenabled()
    assert registry_cache.cached(files, lambda: None) == [1, 2]
    assert gc.isenabled()


def test_no_cache_when_turned_off(cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIKIEXPORT_NO_CACHE", "1")
    assert registry_cache.cached(_source(tmp_path), lambda: "built") == "built"
    assert not cache_home.exists()
