"""The server keeps rendered article pages in memory: a repeat view does not start the
renderer (pandoc), an edited or touched file, other options or a changed images folder do;
the cache is bounded."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest

from convert.errors import ConvertError
from convert.model import Document, Metadata
from convert.serve import worker
from convert.serve.jobs import Jobs
from convert.serve.pagecache import PageCache, page_key

ARTICLE = """---
title: Cached
---
First text.
"""


@pytest.fixture
def jobs(tmp_path: Path) -> Iterator[tuple[Jobs, list[str]]]:
    """A queue whose work runs in this process (no worker pool), counting article pages."""
    queue = Jobs(tmp_path / "cache", 1, 4, 60, {})
    rendered: list[str] = []

    async def run(fn: Callable[..., Any], *args: Any) -> Any:
        if fn is worker.article_page:
            rendered.append(args[0])
        return fn(*args)

    queue._run = run  # type: ignore[method-assign]
    yield queue, rendered
    queue.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    article = tmp_path / "cached.md"
    article.write_text(ARTICLE, encoding="utf-8")
    return article


def _view(queue: Jobs, path: Path, write: dict[str, Any] | None = None) -> str:
    return asyncio.run(queue.page(path, write or {"timeout": 60}))[1]


def test_a_repeat_view_does_not_render_again(jobs: tuple[Jobs, list[str]], path: Path) -> None:
    queue, rendered = jobs
    first = _view(queue, path)
    assert "First text." in first and len(rendered) == 1
    assert _view(queue, path) == first and len(rendered) == 1
    # other options make another page
    _view(queue, path, {"timeout": 60, "toc": True})
    assert len(rendered) == 2


def test_a_changed_or_touched_file_is_rendered_again(jobs: tuple[Jobs, list[str]], path: Path) -> None:
    queue, rendered = jobs
    _view(queue, path)
    stat = path.stat()
    path.write_text(ARTICLE.replace("First", "Other"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "Other text." in _view(queue, path) and len(rendered) == 2
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000))  # touched only
    _view(queue, path)
    assert len(rendered) == 3
    assert len(queue.pages) == 1  # the older renderings of the file were let go
    path.write_text(ARTICLE + "More.\n", encoding="utf-8")  # another size
    assert "More." in _view(queue, path) and len(rendered) == 4


def test_a_picture_added_to_the_images_folder_renders_again(jobs: tuple[Jobs, list[str]], path: Path,
                                                           tmp_path: Path) -> None:
    queue, rendered = jobs
    images = tmp_path / "images"
    images.mkdir()
    write = {"timeout": 60, "images_dir": str(images)}
    _view(queue, path, write)
    _view(queue, path, write)
    assert len(rendered) == 1
    before = images.stat()
    (images / "New.png").write_bytes(b"")
    os.utime(images, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    _view(queue, path, write)
    assert len(rendered) == 2


def test_a_file_that_is_gone_is_a_one_line_error(jobs: tuple[Jobs, list[str]], path: Path) -> None:
    queue, _ = jobs
    _view(queue, path)
    path.unlink()
    with pytest.raises(ConvertError, match=r"cached\.md: error: cannot read"):
        _view(queue, path)


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    doc = Document(Metadata("x"))
    files = []
    for i in range(4):
        shutil.copy(__file__, tmp_path / f"{i}.md")
        files.append(page_key(tmp_path / f"{i}.md", {}))
    cache = PageCache(max_pages=2, max_chars=100)
    cache.put(files[0], (doc, "a" * 40))
    cache.put(files[1], (doc, "b" * 40))
    assert cache.get(files[0]) is not None  # now the most recent
    cache.put(files[2], (doc, "c" * 40))
    assert cache.get(files[1]) is None and len(cache) == 2  # least recently viewed went
    cache.put(files[3], (doc, "d" * 90))  # past the characters: all but it go
    assert len(cache) == 1 and cache.get(files[3]) is not None
    cache.put(files[0], (doc, "e" * 101))  # larger than the whole cache: not kept
    assert cache.get(files[0]) is None and len(cache) == 1
