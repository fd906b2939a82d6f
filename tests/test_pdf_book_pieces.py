"""PDF books laid out in pieces and put together (issue 19): page numbers, contents,
outline, links and destinations over the whole book; a structure tree screen readers can
trust (whole elements across page breaks, furniture as artifacts, /Lang, printable links),
checked with pikepdf and with outloud, a PDF/UA-1 checker."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

import convert
from convert.model import Document, Heading, Link, Metadata, Paragraph, Text
from convert.writers import WriteOptions, get_writer

from .test_pdf import top_line

pikepdf = pytest.importorskip("pikepdf")
pypdf = pytest.importorskip("pypdf")

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "fixtures" / "corpus"
SEED = TESTS.parent / "seeds" / "battle-of-rastan.md"
SOURCE = "https://en.wikipedia.org/wiki/Example"
TOC_LINE = re.compile(r"^(.*?)[ .]*\s(\d+)$")
# A paragraph far longer than a page: WeasyPrint cuts it in two at the page break.
# Words drawn at random (seeded): no two lines alike, so no line looks like a running head.
_WORDS = ("river harbour council winter railway bridge market quarter castle meadow tower engine "
          "garden village archive station orchard chapel forest valley").split()
_PICK = random.Random(19)
LONG = " ".join(" ".join(_PICK.choice(_WORDS) for _ in range(12)).capitalize() + "." for _ in range(160))


def _doc(title: str, *blocks: Paragraph | Heading) -> Document:
    return Document(Metadata(title, source_url=SOURCE), (), tuple(blocks))


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    loaded = [convert.load(p) for p in (SEED, CORPUS / "keilwelle.md", CORPUS / "africaans.md",
                                        CORPUS / "britt-morgan.md", CORPUS / "canton-of-etaples.md",
                                        CORPUS / "altimont-butler.md")]
    assert [d.meta.lang for d in loaded[:3]] == ["en", "de", "af"]
    phrases = _doc("Script runs", Paragraph((Text(
        "The palace is called قصر الحمراء in Arabic; Tokyo Tower is 東京タワー in Japanese."),)))
    long = _doc("One long paragraph", Paragraph((Text("A short paragraph first."),)), Paragraph((Text(LONG),)),
                Paragraph((Text("The last paragraph."),)))
    linker = _doc("Links between articles", Paragraph((
        Text("See "), Link(loaded[0].meta.title, (Text("the battle"),)), Text(", its "),
        Link(loaded[0].meta.title, (Text("aftermath"),), "Aftermath"), Text(" and "),
        Link("One long paragraph", (Text("the long one"),)), Text("."))))
    return [*loaded, phrases, long, _doc("A short one", Heading(2, "Part", (Text("Part"),)),
                                         Paragraph((Text("Text."),))), linker]


@pytest.fixture(scope="module")
def book_bytes(docs: list[Document]) -> bytes:
    return get_writer("pdf").render_bundle(docs, WriteOptions.create(title="Ten", source_date_epoch=0))


@pytest.fixture(scope="module")
def book(book_bytes: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(BytesIO(book_bytes))


@pytest.fixture(scope="module")
def tree(book_bytes: bytes) -> pikepdf.Pdf:
    return pikepdf.open(BytesIO(book_bytes))


def contents(book: pypdf.PdfReader) -> dict[str, int]:
    entries: dict[str, int] = {}
    for page in book.pages[1:3]:
        for line in page.extract_text().splitlines():
            m = TOC_LINE.match(line.strip())
            if m:
                entries.setdefault(m.group(1).strip(), int(m.group(2)))
    return entries


def dest_pages(book: pypdf.PdfReader) -> dict[str, int]:
    return {name: book.get_page_number(dest.page.get_object()) + 1 for name, dest in book.named_destinations.items()}


def elements(pdf: pikepdf.Pdf):  # type: ignore[no-untyped-def]
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        k = node.get("/K")
        kids = list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                stack.append(kid)


def outloud(path: Path) -> list[dict[str, object]]:
    report = subprocess.run([sys.executable, "-m", "outloud.cli", "--json", "-", "--fail-on", "never", str(path)],
                            capture_output=True, text=True, timeout=300)
    found: list[dict[str, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "severity" in node and "rule" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(report.stdout))
    return found


@pytest.mark.slow
def test_contents_outline_and_destinations_agree_with_the_pages(docs: list[Document], book: pypdf.PdfReader) -> None:
    entries = contents(book)
    titles = [d.meta.title for d in docs]
    assert list(entries)[: len(titles)] == titles
    dests = dest_pages(book)
    marks = {item.title: book.get_destination_page_number(item) + 1
             for item in book.outline if not isinstance(item, list)}
    for i, title in enumerate(titles, 1):
        page = entries[title]
        assert dests[f"a{i}"] == page == marks[title], title
        # The article's first page starts with its 22 pt title (no running head there).
        assert top_line(book.pages[page - 1]) == (22.0, title)
    assert dests["appendix"] == entries["Sources and licences"] == marks["Sources and licences"]
    assert dests["a1-Aftermath"] > entries[titles[0]]


@pytest.mark.slow
def test_pages_are_numbered_one_to_n(book: pypdf.PdfReader) -> None:
    n = len(book.pages)
    assert "/" not in book.pages[0].extract_text()  # the cover has no number
    for number in range(2, n + 1):
        assert f"{number} / {n}" in book.pages[number - 1].extract_text(), number


@pytest.mark.slow
def test_links_between_pieces_jump_to_the_right_pages(docs: list[Document], book: pypdf.PdfReader) -> None:
    dests = dest_pages(book)
    last = book.pages[len(book.pages) - 2]  # the linking article, before the appendix
    internal = [str(a.get_object()["/Dest"]) for a in last.get("/Annots", []) if "/Dest" in a.get_object()]
    assert internal == ["a1", "a1-Aftermath", "a8"]
    entries = contents(book)
    assert dests["a1"] == entries[docs[0].meta.title] and dests["a8"] == entries["One long paragraph"]
    uris = [str(a.get_object()["/A"]["/URI"]) for p in book.pages for a in p.get("/Annots", []) or []
            if "/A" in a.get_object()]
    assert not [u for u in uris if ".invalid" in u]  # every piece-to-piece link was resolved
    # The contents' entries jump to the articles.
    toc = list(dict.fromkeys(str(a.get_object()["/Dest"]) for a in book.pages[1].get("/Annots", [])))
    assert toc[: len(docs)] == [f"a{i}" for i in range(1, len(docs) + 1)]


@pytest.mark.slow
def test_one_element_per_article_and_whole_paragraphs(docs: list[Document], tree: pikepdf.Pdf) -> None:
    document = tree.Root.StructTreeRoot.K[0]
    arts = [k for k in document.K if k.get("/S") == "/Art"]
    assert len(arts) == len(docs)
    long = arts[7]
    stack, body = [long], []
    while stack:
        node = stack.pop()
        for kid in node.K if isinstance(node.K, pikepdf.Array) else [node.K]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                (body.append(kid) if kid.S == "/P" else stack.append(kid))
    assert len(body) == 3, "the paragraph cut by the page break is one /P"
    body.sort(key=lambda p: len(p.K), reverse=True)
    body = [None, body[0]]
    pages = {kid.Pg.objgen for kid in body[1].K if isinstance(kid, pikepdf.Dictionary) and "/Pg" in kid}
    assert len(pages) >= 2


@pytest.mark.slow
def test_running_heads_and_numbers_are_artifacts(tree: pikepdf.Pdf) -> None:
    reached: dict[tuple[int, int], set[int]] = {}
    for elem in elements(tree):
        k = elem.get("/K")
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, int):
                reached.setdefault(elem.Pg.objgen, set()).add(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                reached.setdefault(kid.Pg.objgen, set()).add(int(kid.MCID))
    for page in tree.pages[1:]:
        data = page.obj.Contents.read_bytes() if isinstance(page.obj.Contents, pikepdf.Stream) else b"".join(
            s.read_bytes() for s in page.obj.Contents)
        assert data.count(b"/Artifact <</Type /Pagination") >= 1
        mcids = {int(m) for m in re.findall(rb"/MCID (\d+)", data)}
        assert mcids <= reached.get(page.obj.objgen, set()), "marked content outside the tree"


@pytest.mark.slow
def test_lang_on_articles_and_phrases(tree: pikepdf.Pdf) -> None:
    assert str(tree.Root.Lang) == "en"
    arts = [k for k in tree.Root.StructTreeRoot.K[0].K if k.get("/S") == "/Art"]
    assert [str(a.get("/Lang")) for a in arts[:3]] == ["en", "de", "af"]
    spans = {str(e.get("/Lang")) for e in elements(tree) if e.get("/S") == "/Span" and "/Lang" in e}
    assert {"ar", "ja"} <= spans


@pytest.mark.slow
def test_links_are_printable(tree: pikepdf.Pdf) -> None:
    annots = [a for p in tree.pages for a in p.obj.get("/Annots", [])]
    assert annots and all(int(a.get("/F", 0)) & 4 for a in annots)


@pytest.mark.slow
def test_outloud_finds_no_error_in_the_book(book_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    path.write_bytes(book_bytes)
    findings = outloud(path)
    assert not [f for f in findings if f["severity"] == "error" or f["rule"] == "PAG-001"], findings


@pytest.mark.slow
def test_outloud_finds_no_error_in_the_seed(tmp_path: Path) -> None:
    path = tmp_path / "seed.pdf"
    path.write_bytes(get_writer("pdf").render(convert.load(SEED), WriteOptions.create(source_date_epoch=0)))
    findings = outloud(path)
    assert not [f for f in findings if f["severity"] == "error" or f["rule"] == "PAG-001"], findings


@pytest.mark.slow
def test_bundle_command_lays_pieces_out_on_workers(tmp_path: Path) -> None:
    out = tmp_path / "book.pdf"
    files = [str(SEED), str(CORPUS / "britt-morgan.md"), str(CORPUS / "altimont-butler.md")]
    run = subprocess.run([sys.executable, "-m", "convert", "bundle", *files, "-o", str(out), "-j2", "--title", "Three"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "laying out 3 articles in" in run.stderr
    reader = pypdf.PdfReader(out)
    assert [o.title for o in reader.outline if not isinstance(o, list)][:2] == ["Contents", convert.load(SEED).meta.title]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf"]  # no piece left behind


@pytest.mark.slow
def test_phrases_are_set_in_their_scripts_faces(book: pypdf.PdfReader, tree: pikepdf.Pdf) -> None:
    page = tree.pages[dest_pages(book)["a7"] - 1]  # "Script runs": Arabic and Japanese in English
    fonts = {str(f.BaseFont).split("+")[-1] for f in page.obj.Resources.Font.values()}
    assert "Noto-Naskh-Arabic" in fonts  # not DejaVu, which comes later in the stack
    assert any("CJK-JP" in f for f in fonts) and not any("CJK-SC" in f for f in fonts), fonts
