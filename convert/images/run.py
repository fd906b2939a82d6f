"""Gathering the pictures of a set of articles into one folder (``wikiexport images``).

Each picture is described first (the MediaWiki API's ``imageinfo``: whether it exists, its
size, its author and licence in ``extmetadata``), then its original downloaded from the
``/x/xy/Name`` path, checked by the same policy the writers apply (full decode, pixel
limit, SVG element count), and kept with a sidecar ``NAME.json`` of its credit. A picture
already in the folder with its sidecar is not asked for again: a second run makes no
request. Failures are one line each, ``PATH:LINE: error: picture 'NAME': why``.
"""

from __future__ import annotations

import html
import json
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Sequence

from convert.errors import ConvertError, format_diagnostic
from convert.fileio import atomic_write, read_input
from convert.images.fetch import FetchError, Fetcher, Limits
from convert.images.hosts import HostError, Hosts, valid_lang
from convert.images.names import Wanted, wanted
from convert.version import __version__
from convert.writers.common.credits import SIDECAR_SUFFIX
from convert.writers.common.picture_data import DEFAULT_MAX_PIXELS, Refused, prepare


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """Options of ``wikiexport images``."""

    output: Path
    image_host: str | None = None
    jobs: int = 4
    limits: Limits = Limits()
    max_pixels: int = DEFAULT_MAX_PIXELS
    lang: str = "auto"
    max_size: int = 10 * 1024 * 1024
    quiet: bool = False
    contact: str = ""


def user_agent(contact: str) -> str:
    """A User-Agent that says who asks, as Wikimedia's policy wants (a contact if given)."""
    who = contact.strip() or "no contact given (wikiexport images --contact)"
    return f"wikiexport/{__version__} (offline reading of Wikipedia articles; {who}) httpx"


def disk_name(name: str) -> str | None:
    """The file name a picture is saved under (``A b.jpg`` -> ``A_b.jpg``), if safe."""
    disk = name.replace(" ", "_")
    if disk.startswith(".") or len(disk.encode("utf-8")) > 240 or any(c in disk for c in "/\\\0"):
        return None
    return disk


def run_images(inputs: Sequence[tuple[str, str]], settings: ImageSettings) -> int:
    """Fetch every picture ``inputs`` name into ``settings.output``; the exit code."""
    try:
        hosts = Hosts.create(settings.image_host)
    except HostError as exc:
        print(f"wikiexport: error: {exc}", file=sys.stderr)
        return 2
    folder = settings.output
    folder.mkdir(parents=True, exist_ok=True)
    todo, failed = _collect(inputs, settings)
    cached = [w for w in todo if _have(folder, w)]
    missing = [w for w in todo if not _have(folder, w)]
    progress = _Progress(len(todo), len(cached), settings.quiet)
    if missing:
        fetcher = Fetcher(hosts, settings.limits, user_agent(settings.contact))
        try:
            with ThreadPoolExecutor(max_workers=max(1, min(settings.jobs, 8))) as pool:
                futures = {pool.submit(_fetch_one, fetcher, hosts, w, folder, settings.max_pixels): w for w in missing}
                for future in as_completed(futures):
                    w = futures[future]
                    try:
                        future.result()
                        progress.done(ok=True)
                    except (FetchError, OSError) as exc:
                        failed += 1
                        progress.done(ok=False)
                        progress.line(format_diagnostic(w.where, 0, "error", f"picture {w.name!r}: {exc}"))
        finally:
            fetcher.close()
    progress.finish()
    return 1 if failed else 0


def _collect(inputs: Sequence[tuple[str, str]], settings: ImageSettings) -> tuple[list[Wanted], int]:
    from convert.frontend import loads

    todo: dict[str, Wanted] = {}
    failed = 0
    for path, _stem in inputs:
        try:
            data = sys.stdin.buffer.read(settings.max_size + 1) if path == "-" else read_input(path, settings.max_size)
            doc, _warnings = loads(data, path, lang=settings.lang, max_size=settings.max_size)
        except ConvertError as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
            continue
        for w in wanted(doc):
            todo.setdefault(w.name, w)
    return list(todo.values()), failed


def _have(folder: Path, w: Wanted) -> bool:
    name = disk_name(w.name)
    return name is not None and (folder / name).is_file() and (folder / (name + SIDECAR_SUFFIX)).is_file()


def _fetch_one(fetcher: Fetcher, hosts: Hosts, w: Wanted, folder: Path, max_pixels: int) -> None:
    name = disk_name(w.name)
    if name is None:
        raise FetchError("the name cannot be a file name here")
    for repo in w.repos:
        if repo != "commons" and not valid_lang(repo):
            continue
        info, where = _describe(fetcher, hosts, repo, w.name)
        if info is None:
            continue
        width, height = int(info.get("width") or 0), int(info.get("height") or 0)
        if width * height > 4 * max_pixels:
            raise FetchError(f"{width}x{height} pixels is over the limit (--max-pixels); not downloaded")
        size = int(info.get("size") or 0)
        if size > fetcher.limits.max_bytes:
            raise FetchError(f"{size:,} bytes is over the {fetcher.limits.max_bytes:,}-byte limit; not downloaded")

        def check(path: Path) -> None:
            try:
                prepare(path, "pdf", max_pixels)
            except Refused as exc:
                raise FetchError(f"refused: {exc}") from None

        fetcher.download(hosts.file_url(where, w.name), folder, name, check)
        atomic_write(folder / (name + SIDECAR_SUFFIX), json.dumps(_credit(info, w.name), ensure_ascii=False,
                                                                   indent=1).encode("utf-8"))
        return
    raise FetchError(f"not found on {' or '.join(r if r == 'commons' else r + '.wikipedia' for r in w.repos)}")


def _describe(fetcher: Fetcher, hosts: Hosts, repo: str, name: str) -> tuple[dict[str, Any] | None, str]:
    """The ``imageinfo`` of ``name`` on ``repo`` and the repository holding the file
    (a local wiki answers for Commons files too: ``imagerepository`` says ``shared``)."""
    answer = fetcher.get_json(hosts.api_url(repo, name))
    pages = (answer.get("query") or {}).get("pages") if isinstance(answer, dict) else None
    if not isinstance(pages, list) or not pages or not isinstance(pages[0], dict):
        return None, repo
    page = pages[0]
    infos = page.get("imageinfo")
    if page.get("missing") and not infos or not isinstance(infos, list) or not infos or not isinstance(infos[0], dict):
        return None, repo
    where = "commons" if page.get("imagerepository") == "shared" else repo
    return infos[0], where


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(value: Any) -> str:
    """The text of an ``extmetadata`` value (often HTML), on one line, at most 500 characters."""
    if isinstance(value, dict):
        value = value.get("value", "")
    parser = _Text()
    parser.feed(html.unescape(str(value or "")) if "<" not in str(value or "") else str(value))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()[:500]


def _credit(info: dict[str, Any], name: str) -> dict[str, str]:
    found = info.get("extmetadata")
    meta: dict[str, Any] = found if isinstance(found, dict) else {}
    source = str(info.get("descriptionurl") or "")
    return {
        "file": name,
        "source": source if source.startswith("https://") else "",
        "author": plain(meta.get("Artist")),
        "licence": plain(meta.get("LicenseShortName")),
        "licence_url": plain(meta.get("LicenseUrl")),
        "credit": plain(meta.get("Credit")),
    }


class _Progress:
    """``images: 12/40 (3 cached, 1 failed)`` on stderr: rewritten in place on a terminal,
    every tenth file otherwise; failures are lines of their own."""

    def __init__(self, total: int, cached: int, quiet: bool) -> None:
        self.total, self.count, self.cached, self.failed, self.got = total, cached, cached, 0, 0
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.lock = threading.Lock()

    def done(self, ok: bool) -> None:
        with self.lock:
            self.count += 1
            self.got += ok
            self.failed += not ok
            if not self.quiet and (self.tty or self.count % 10 == 0):
                self._show()

    def line(self, text: str) -> None:
        with self.lock:
            print(("\r\x1b[K" if self.tty else "") + text, file=sys.stderr)

    def _show(self) -> None:
        end = "" if self.tty else "\n"
        print(f"{chr(13) if self.tty else ''}images: {self.count}/{self.total} ({self.got} downloaded, "
              f"{self.cached} cached, {self.failed} failed)", end=end, file=sys.stderr, flush=True)

    def finish(self) -> None:
        if not self.quiet:
            self._show()
            if self.tty:
                print(file=sys.stderr)
