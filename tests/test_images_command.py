"""``wikiexport images`` against a local server serving Commons-style paths and API answers:
what it asks for, what it keeps, and how it fails (redirect away, oversized, slow, 404, 429)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PIL import Image

from convert.images.hosts import Hosts, hash_path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "images" / "testland.md"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">'
       b'<rect width="300" height="200" fill="#c00"/><circle cx="150" cy="100" r="50" fill="#fff"/></svg>')


def _jpeg(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 90, 0, 200)).save(out, "PNG")
    return out.getvalue()


GOOD = {
    "Flag of Testland.svg": SVG,
    "Coat of arms of Testland.png": _png((120, 160)),
    "Testland map.png": _png((400, 300)),
    "Testville at night.jpg": _jpeg((640, 480), (10, 10, 60)),
    "Testland Skyline.jpg": _jpeg((800, 500), (90, 120, 200)),
    "Old atlas page.jpg": _jpeg((300, 400), (200, 180, 120)),  # answers 429 once first
}
# Names the failure article uses, each served badly in its own way.
BAD = ["Moved away.jpg", "Huge.jpg", "Slow.jpg", "Gone.jpg", "Nowhere.jpg"]


class Server:
    """A threaded HTTP server on 127.0.0.1 that logs every request path."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.busy_once: set[str] = {"Old atlas page.jpg"}
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                with server.lock:
                    server.log.append(self.path)
                try:
                    server.answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.files = {hash_path("commons", n): n for n in [*GOOD, *BAD]}

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        if parts.path in ("/w/api.php", "/en/w/api.php"):
            title = parse_qs(parts.query).get("titles", [""])[0].removeprefix("File:")
            if title in GOOD or (title in BAD and title != "Nowhere.jpg" and parts.path == "/w/api.php"):
                info = {"size": 1000, "width": 100, "height": 100, "descriptionurl":
                        "https://commons.wikimedia.org/wiki/File:" + title.replace(" ", "_"),
                        "extmetadata": {"Artist": {"value": '<a href="//x">Ann Example</a>'},
                                        "LicenseShortName": {"value": "CC BY-SA 4.0"},
                                        "LicenseUrl": {"value": "https://creativecommons.org/licenses/by-sa/4.0"}}}
                page: dict[str, Any] = {"title": "File:" + title, "imagerepository": "local", "imageinfo": [info]}
            else:
                page = {"title": "File:" + title, "missing": True}
            return self.send(h, 200, json.dumps({"query": {"pages": [page]}}).encode(), "application/json")
        name = self.files.get(parts.path)
        if name is None:
            return self.send(h, 404, b"no such path")
        if name in self.busy_once:
            self.busy_once.discard(name)
            return self.send(h, 429, b"slow down", headers={"Retry-After": "1"})
        if name == "Moved away.jpg":
            return self.send(h, 302, b"", headers={"Location": "https://elsewhere.example/Moved.jpg"})
        if name == "Gone.jpg":
            return self.send(h, 404, b"gone")
        if name == "Slow.jpg":
            time.sleep(4)
            return self.send(h, 200, GOOD["Testville at night.jpg"], "image/jpeg")
        if name == "Huge.jpg":  # 50 MB without a Content-Length: only streaming can stop it
            h.send_response(200)
            h.send_header("Content-Type", "image/jpeg")
            h.end_headers()
            block = b"\xff" * 65536
            for _ in range(50_000_000 // len(block)):
                h.wfile.write(block)
            return None
        return self.send(h, 200, GOOD[name], "image/svg+xml" if name.endswith(".svg") else "image/jpeg")

    @staticmethod
    def send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str = "text/plain",
             headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server()
    thread = threading.Thread(target=s.httpd.serve_forever, daemon=True)
    thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def wikiexport(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def local_seed(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test article with its picture URLs on the local server (so any request that
    ``convert`` made would reach it and be logged)."""
    path = tmp_path_factory.mktemp("seed") / "testland.md"
    path.write_text(SEED.read_text("utf-8").replace("https://upload.wikimedia.org", server.url), "utf-8")
    return path


@pytest.fixture(scope="module")
def fetched(server: Server, local_seed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, list[str]]:
    folder = tmp_path_factory.mktemp("pictures")
    first = wikiexport("images", str(local_seed), "-o", str(folder), "--image-host", server.url, "-q")
    return folder, first, list(server.log)


def test_every_picture_fetched_once_with_its_credit(fetched: tuple[Path, Any, list[str]]) -> None:
    folder, first, log = fetched
    assert first.returncode == 0, first.stderr
    for name, data in GOOD.items():
        disk = folder / name.replace(" ", "_")
        assert disk.read_bytes() == data
        credit = json.loads((folder / (disk.name + ".json")).read_text("utf-8"))
        assert credit["author"] == "Ann Example" and credit["licence"] == "CC BY-SA 4.0"
        assert credit["source"].startswith("https://commons.wikimedia.org/wiki/File:")
    # Nothing else was asked: one API question and one file per picture, plus the 429's retry.
    expected = {hash_path("commons", n) for n in GOOD}
    files = [p for p in log if not p.startswith("/w/api.php")]
    assert sorted(files) == sorted([*expected, hash_path("commons", "Old atlas page.jpg")])
    assert len([p for p in log if p.startswith("/w/api.php")]) == len(GOOD)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_second_run_makes_no_request(server: Server, local_seed: Path, fetched: tuple[Path, Any, list[str]]) -> None:
    folder, _first, _log = fetched
    before = len(server.log)
    again = wikiexport("images", str(local_seed), "-o", str(folder), "--image-host", server.url, "-q")
    assert again.returncode == 0, again.stderr
    assert len(server.log) == before


def test_convert_makes_no_request(server: Server, local_seed: Path, fetched: tuple[Path, Any, list[str]],
                                  tmp_path: Path) -> None:
    folder, _first, _log = fetched
    before = len(server.log)
    done = wikiexport("convert", str(local_seed), "--to", "pdf,epub,docx", "--images", str(folder),
                      "-o", str(tmp_path), "-q", "-j", "1", timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(server.log) == before
    assert "not shown" not in done.stderr  # every picture was found under its Commons name


def test_failures_are_one_line_each_and_leave_nothing(server: Server, tmp_path: Path) -> None:
    seed = tmp_path / "bad.md"
    seed.write_text("---\ntitle: Bad pictures\n---\nText.\n\n" + "".join(
        f"![{n}]({server.url}/wikipedia/commons/x/{n.replace(' ', '_')})\n\n" for n in BAD), "utf-8")
    folder = tmp_path / "pictures"
    before = len(server.log)
    start = time.monotonic()
    run = wikiexport("images", str(seed), "-o", str(folder), "--image-host", server.url, "-q",
                     "--timeout", "1.5", "--max-bytes", "10000000")
    assert time.monotonic() - start < 40
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == len(BAD), run.stderr
    said = {n: next(line for line in lines if repr(n) in line) for n in BAD}
    assert all(": error: picture " in line for line in lines)
    assert "not allowed" in said["Moved away.jpg"]
    assert "limit" in said["Huge.jpg"]
    assert "s" in said["Slow.jpg"] and ("within" in said["Slow.jpg"] or "longer" in said["Slow.jpg"])
    assert "HTTP 404" in said["Gone.jpg"]
    assert "not found on commons or en.wikipedia" in said["Nowhere.jpg"]
    assert list(folder.iterdir()) == []  # nothing partial, no sidecar of a failed picture
    asked = server.log[before:]
    assert not [p for p in asked if "elsewhere" in p]
    assert {unquote(urlsplit(p).path) for p in asked} <= {"/w/api.php", "/en/w/api.php"} | {
        unquote(hash_path("commons", n)) for n in BAD}


def test_hosts_policy() -> None:
    with pytest.raises(ValueError):
        Hosts.create("http://192.168.1.5:8080")  # plain http only for 127.0.0.1
    hosts = Hosts.create(None)
    assert hosts.allowed("https://upload.wikimedia.org/wikipedia/commons/a/ab/X.jpg")
    assert hosts.allowed("https://de.wikipedia.org/w/api.php")
    assert not hosts.allowed("http://upload.wikimedia.org/x")
    assert not hosts.allowed("https://upload.wikimedia.org.evil.example/x")
    assert not hosts.allowed("https://user@commons.wikimedia.org/x")
    # MediaWiki's hash path (as on Commons: Example.jpg is under /a/a9/).
    assert hash_path("commons", "Example.jpg") == "/wikipedia/commons/a/a9/Example.jpg"
