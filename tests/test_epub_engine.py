"""The pandoc engine: the batch driver refuses what could make pandoc fetch or read files,
nothing reaches a loopback server whatever the articles point at, a failing or slow job
fails alone, and covers are generated deterministically."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

import convert
from convert.errors import WriterError
from convert.writers import WriteOptions, get_writer
from convert.writers.pandoc import ast as pa
from convert.writers.epub.cover import cover_image, pick_font
from convert.writers.pandoc.engine import MediaFile, PandocJob, convert_many, convert_one

from .test_epub import run_epubcheck, unzip


def _doc(*blocks: pa.Node, **meta: object) -> dict:
    return pa.document(list(blocks), {"lang": "en", "title": pa.meta_inlines("T"), **meta})


def _para(text: str) -> pa.Node:
    return pa.node("Para", pa.text_inlines(text))


def test_driver_refuses_what_could_fetch_or_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    good = PandocJob(_doc(_para("fine")), "html5")
    jobs = [
        good,
        PandocJob(_doc(pa.node("Para", [pa.image_inline("http://127.0.0.1:9/x.png", "x")])), "epub3", template="default"),
        PandocJob(_doc(pa.node("Para", [pa.image_inline(str(secret), "x")])), "html5"),
        PandocJob(_doc(pa.node("RawBlock", ["html", "<img src='http://127.0.0.1:9/y.png'>"])), "html5"),
        PandocJob(_doc(pa.node("Para", [pa.node("RawInline", ["latex", "\\input{/etc/passwd}"])])), "html5"),
        PandocJob(_doc(_para("x"), css=[str(secret)]), "epub3", template="default"),
        good,
    ]
    results = list(convert_many(jobs, timeout=60))
    assert results[0] == results[-1] == b"<p>fine</p>"
    messages = [str(r) for r in results[1:-1]]
    assert all(isinstance(r, WriterError) for r in results[1:-1]), messages
    assert "not embedded media" in messages[0] and "not embedded media" in messages[1]
    assert "raw html" in messages[2] and "raw latex" in messages[3]
    assert "names a file not given" in messages[4]


def test_media_and_listed_files_are_allowed(tmp_path: Path) -> None:
    picture = tmp_path / "p.png"
    Image.new("RGB", (10, 10)).save(picture)
    job = PandocJob(_doc(pa.node("Para", [pa.image_inline("img0.png", "alt")])), "html5",
                    media=(MediaFile("img0.png", picture, "image/png"),))
    assert b'src="img0.png"' in convert_one(job, timeout=60)


def test_slow_job_times_out_alone() -> None:
    huge = _doc(*[_para(f"paragraph {i} " * 20) for i in range(150_000)])
    small = PandocJob(_doc(_para("after")), "html5")
    results = list(convert_many([small, PandocJob(huge, "html5"), small, small], timeout=4))
    assert results[0] == results[2] == results[3] == b"<p>after</p>"
    assert isinstance(results[1], WriterError) and "did not finish within 4 s" in str(results[1])


def test_exceptions_given_as_jobs_pass_through() -> None:
    error = WriterError("prepared badly")
    results = list(convert_many([error, PandocJob(_doc(_para("ok")), "html5")], timeout=60))
    assert results == [error, b"<p>ok</p>"]


# --------------------------------------------------------------------------- loopback


def _pointing_at(base: str, title: str) -> bytes:
    return f"""---
title: {title}
shortDescription: Everything here points at a local server
img: {base}/lead.png
infoboxes:
  - name:
      text: {title}
    image:
      text: {base}/box.png
    image_map:
      text: map.png
    website:
      text: site
      links:
        - type: external
          site: {base}/site
          text: site
---

![remote]({base}/body.png)

See [the server]({base}/page), <{base}/auto> and ![inline]({base}/inline.png "t").

<img src="{base}/raw.png"> <link rel="stylesheet" href="{base}/x.css">

## Section
Text with a [wiki link](./Other#Part).
""".encode()


@pytest.mark.slow  # every article through the pandoc driver against a live loopback server: over 10 s
def test_nothing_is_fetched(loopback, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = loopback.url
    images = tmp_path / "images"
    images.mkdir()
    # Local files named like the remote pictures: the local ones are used, the URLs never.
    for name in ("box.png", "body.png", "lead.png"):
        Image.new("RGB", (30, 20), (1, 2, 3)).save(images / name)
    docs = [convert.loads(_pointing_at(server, f"Reach {i}"), f"reach{i}.md")[0] for i in range(2)]
    writer = get_writer("epub")
    options = WriteOptions.create(images_dir=images, source_date_epoch=0)
    single = writer.render(docs[0], options)
    many = list(writer.render_many(docs, options))
    book = writer.render_bundle(docs, options)
    assert loopback.hits == []
    assert all(isinstance(x, bytes) for x in many)
    html = b"".join(v for k, v in unzip(book).items() if k.endswith(".xhtml")).decode()
    assert "<img" in html and f'<img src="{server}' not in html and f'<link rel="stylesheet" href="{server}' not in html
    assert "&lt;img src=" in html  # raw HTML stays visible text
    path = tmp_path / "reach.epub"
    path.write_bytes(single)
    assert run_epubcheck(path) == []


# --------------------------------------------------------------------------- cover


def test_cover_is_deterministic_and_sized() -> None:
    first = cover_image("Battle of Rastan (January–February 2012)", "A military operation")
    assert first == cover_image("Battle of Rastan (January–February 2012)", "A military operation")
    assert first != cover_image("Battle of Rastan", "A military operation")
    with Image.open(io.BytesIO(first)) as img:
        assert img.format == "GIF" and img.size == (1200, 1800)


def test_cover_font_covers_the_script() -> None:
    latin = pick_font("Battle of Rastan", True)
    cjk = pick_font("東京タワー", True)
    assert latin and cjk and latin != cjk
    assert "CJK" in cjk
    arabic = pick_font("الإسكندرية", False)
    assert arabic and ("Arab" in arabic or "DejaVu" in arabic)


def test_cover_survives_odd_titles() -> None:
    for title in ("", " ", "x" * 5000, "Donaudampfschifffahrtsgesellschaftskapitänsmützen " * 20, "\u200f\u0000"):
        with Image.open(io.BytesIO(cover_image(title, title))) as img:
            assert img.size == (1200, 1800)
