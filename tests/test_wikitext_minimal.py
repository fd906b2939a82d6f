"""Minimal wikitext (issue 18, points 5 and 6): only what would change the meaning is
escaped, as an editor would write it, and leftovers in infobox values come back as the seed
had them. Each case is a seed written here, converted, and read back by mwparserfromhell.
"""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import ExternalLink as WExternalLink, Wikilink

import convert
from convert.model import Document
from convert.writers import WriteOptions
from convert.writers.wikitext.writer import render_article
from tests.test_wikitext_roundtrip import check_article, visible


def _load(body: str, front: str = "title: T\n") -> Document:
    return convert.loads(f"---\n{front}---\n{body}".encode(), "a.md")[0]


def _wiki(doc: Document) -> str:
    out = render_article(doc, WriteOptions()).text
    check_article(doc, out)  # the text and links read back are the model's
    return out


# ------------------------------------------------------------------ double underscores


def test_double_underscores_in_a_url_are_the_url() -> None:
    url = "http://www.example.org/HTML/Petr_Kropotkin__Anarchism__its_philosophy.html"
    out = _wiki(_load(f"See [the text]({url}).\n"))
    assert f"[{url} the text]" in out
    links = mwparserfromhell.parse(out).filter(forcetype=WExternalLink)
    assert [str(x.url) for x in links] == [url]


def test_only_real_behaviour_switches_are_broken() -> None:
    text = "Python calls __init__ and __name__; write __NOTOC__ or __notoc__ or __KEIN_INHALTSVERZEICHNIS__."
    out = _wiki(_load(text.replace("_", "\\_") + "\n"))
    assert "calls __init__ and __name__;" in out
    assert "&#95;_NOTOC__" in out and "&#95;_notoc__" in out and "&#95;_KEIN_INHALTSVERZEICHNIS__" in out


# ------------------------------------------------------------------ brackets


def test_brackets_that_make_no_link_stay_in_link_texts() -> None:
    out = _wiki(_load("See [the [sic] case](./Case) and [page [1] here](https://example.org/p).\n"))
    assert "[[Case|the [sic] case]]" in out
    assert "[https://example.org/p page [1&#93; here]" in out  # one "]" would end the label
    code = mwparserfromhell.parse(out)
    assert [str(x.text) for x in code.filter(forcetype=Wikilink)] == ["the [sic] case"]
    assert [visible(x.title) for x in code.filter(forcetype=WExternalLink) if x.title is not None] == [
        "page [1] here"]


# ------------------------------------------------------------------ apostrophes


def test_an_apostrophe_next_to_italics_is_kept_apart_by_nowiki() -> None:
    out = _wiki(_load("| Film | Director |\n|---|---|\n| [*'71*](./'71_(film)) | Yann Demange |\n"))
    assert "[['71 (film)|''<nowiki />'71'']]" in out
    assert "&#39;" not in out


def test_a_run_of_apostrophes_in_text_is_shown_with_nowiki() -> None:
    out = _wiki(_load("The mark '' is two apostrophes, ''' three.\n"))
    assert "The mark <nowiki>''</nowiki> is two apostrophes, <nowiki>'''</nowiki> three." in out


# ------------------------------------------------------------------ invisible characters

UK_LIKE = """title: T
infoboxes:
- utc_offset:
    text: '&#8288;'
  population:
    text: "67\\u00a0million\\u2060"
"""


def test_invisible_characters_are_written_as_editors_write_them() -> None:
    doc = _load("Ten\u00a0km, a\u2060b, x\u200by and \u0645\u06cc\u200c\u0634\u0648\u062f.\n", UK_LIKE)
    out = _wiki(doc)
    assert re.search(r"\| utc_offset *= &#8288;\n", out)
    assert "67&nbsp;million&#8288;" in out
    # (ZWNJ is part of the Persian spelling: it stays as typed.)
    assert "Ten&nbsp;km, a&#8288;b, x&#8203;y and \u0645\u06cc\u200c\u0634\u0648\u062f." in out
    code = mwparserfromhell.parse(out)
    assert "a\u2060b" in code.strip_code(normalize=True)


def test_code_blocks_keep_their_characters_raw() -> None:
    out = _wiki(_load("```python\nx = '\u00a0'\n```\n"))
    assert "x = '\u00a0'" in out


# ------------------------------------------------------------------ file links left in values

FIREFOX_LIKE = """title: T
lang: de
infoboxes:
- logo:
    text: '[[Datei:Mozilla Firefox logo 2013.svg|90px|Logo von Mozilla Firefox]]'
  image_map2:
    text: 'Location of the islands (red)


      [[File:Islands in the World.svg|frameless|upright=1.15]]'
    formatting:
      bold:
      - Location of the islands (red)
"""


def test_a_file_link_left_in_a_value_is_written_back_as_the_seed_had_it() -> None:
    doc = _load("Text.\n", FIREFOX_LIKE)
    logo, map2 = (f.value.blocks for f in doc.infoboxes[0].fields)
    assert logo[0].namespace == "Datei" and logo[0].options == ("90px",)  # type: ignore[union-attr]
    out = _wiki(doc)
    assert re.search(r"\| logo +\= \[\[Datei:Mozilla Firefox logo 2013\.svg\|90px\|Logo von Mozilla Firefox\]\]\n", out)
    # (and a blank line before it, as in the value's text)
    assert "'''Location of the islands (red)'''\n\n[[File:Islands in the World.svg|frameless|upright=1.15]]\n" in out
    template = mwparserfromhell.parse(out).filter_templates()[0]
    links = template.get("logo").value.filter_wikilinks()
    assert [(str(x.title), str(x.text)) for x in links] == [
        ("Datei:Mozilla Firefox logo 2013.svg", "90px|Logo von Mozilla Firefox")]


def test_an_image_url_in_any_file_namespace_names_the_bare_file() -> None:
    from convert.wiki import image_file_name

    redirect = "https://wikipedia.org/wiki/Special:Redirect/file/"
    assert image_file_name(redirect + "Datei%3AMozilla-Phoenix-Logo.png?width=300") == "Mozilla-Phoenix-Logo.png"
    assert image_file_name(redirect + "Fichier%3ATour_Eiffel.jpg") == "Tour Eiffel.jpg"
    assert image_file_name("Bild:Z.jpg") == "Z.jpg"
    # A file link left whole in the front matter's image URL names its file.
    left = redirect + "%5B%5BDatei%3AMozilla_Firefox_logo_2013.svg%7C90px%7CLogo_von_Mozilla_Firefox%5D%5D"
    assert image_file_name(left) == "Mozilla Firefox logo 2013.svg"


# ------------------------------------------------------------------ value text as written

MILSTEAD_LIKE = """title: T
infoboxes:
- pastteams:
    text: "*Houston Oilers (1960\\u20131961)\\n*Denver Broncos (1962)\\n* New York Titans"
    links:
    - {type: internal, page: Houston Oilers}
  history:
    text: "Founded in 1871.\\n\\nRebuilt in 1901."
"""


def test_list_markers_and_blank_lines_in_a_value_are_kept_as_written() -> None:
    out = _wiki(_load("Text.\n", MILSTEAD_LIKE))
    assert "\n*[[Houston Oilers]] (1960\u20131961)\n*Denver Broncos (1962)\n* New York Titans\n" in out
    assert re.search(r"\| history +\= Founded in 1871\.\n\nRebuilt in 1901\.\n", out)
    template = mwparserfromhell.parse(out).filter_templates()[0]
    assert str(template.get("history").value).strip() == "Founded in 1871.\n\nRebuilt in 1901."


# ------------------------------------------------------------------ glued parameters

GLUED = """title: T
infoboxes:
- common_name:
    text: Ruritania
  currency:
    text: Ruritanian crown
    links:
    - {type: internal, page: Ruritanian crown}
  currency_code:
    text: RUC; kr| time_zone = Central European Time
    links:
    - {type: internal, page: Central European Time}
    - {type: internal, page: Crown sign, text: kr}
  calling_code:
    text: '+99'
"""


def test_a_parameter_glued_into_a_value_is_split_back_when_certain() -> None:
    doc, warnings = convert.loads(f"---\n{GLUED}---\nText.\n".encode(), "a.md")
    box = doc.infoboxes[0]
    assert box.template_name == "Infobox country"
    assert [(f.name, f.value.text) for f in box.fields][2:4] == [
        ("currency_code", "RUC; kr"), ("time_zone", "Central European Time")]
    assert [str(w) for w in warnings] == [
        "a.md:10: warning: field 'currency_code': parameter 'time_zone' was glued into this value by "
        "the seed's converter; split back into its own parameter"]
    out = _wiki(doc)
    template = mwparserfromhell.parse(out).filter_templates()[0]
    assert str(template.get("currency_code").value).strip() == "RUC; [[Crown sign|kr]]"
    assert str(template.get("time_zone").value).strip() == "[[Central European Time]]"


# ------------------------------------------------------------------ link trails


def test_nowiki_after_a_link_only_where_the_wiki_would_join_the_letters() -> None:
    body = "From [ἀν](./wikt:ἀν)αρχία, [Syria](./Syria)n and [Syria](./Syria)N.\n"
    out = _wiki(_load(body))  # English Wikipedia joins a-z only
    assert "[[:wikt:ἀν|ἀν]]αρχία, [[Syria]]<nowiki />n and [[Syria]]N." in out
    out = _wiki(convert.loads(f"---\ntitle: T\n---\n{body}".encode(), "a.md", lang="de")[0])
    # (other wikis: any letter, to be safe)
    assert "[[:wikt:ἀν|ἀν]]<nowiki />αρχία, [[Syria]]<nowiki />n and [[Syria]]<nowiki />N." in out


def test_closing_brackets_alone_in_running_text_stay() -> None:
    out = _wiki(_load("A stray ]] and }} close nothing, nor ] after [x](./X)].\n"))
    assert "A stray ]] and }} close nothing, nor ] after [[x]]]." in out


def test_a_less_than_sign_is_a_reference_only_where_a_tag_could_start() -> None:
    out = _wiki(_load("If a <= b and x <- y, then a < b; not <tt>, </b>, <!-- or <3.\n"))
    assert "If a <= b and x <- y, then a < b; not &lt;tt>, &lt;/b>, &lt;!-- or &lt;3." in out


def test_an_equals_sign_in_a_heading_is_text() -> None:
    out = _wiki(_load("Lead.\n\n## E = mc2 and a=\nText.\n\n### =x\nMore.\n"))
    assert "== E = mc2 and a= ==\n" in out and "=== =x ===\n" in out
    headings = mwparserfromhell.parse(out).filter_headings()
    assert [(h.level, str(h.title).strip()) for h in headings] == [(2, "E = mc2 and a="), (3, "=x")]


# ------------------------------------------------------------------ sister projects


def test_a_sister_project_page_is_the_interwiki_link_editors_write() -> None:
    body = ("A great [brigand](http://en.wiktionary.org/wiki/brigand)s, [pics](https://commons.wikimedia.org/"
            "wiki/Category:Foo_bar), [Haus](http://de.wiktionary.org/wiki/Haus) and [x](http://en.wiktionary.org/wiki/a?b=c).\n")
    out = _wiki(_load(body))
    assert "A great [[wikt:brigand|brigand]]<nowiki />s, [[commons:Category:Foo bar|pics]]," in out
    # (another language's project, or a URL with a query, stays the URL it is)
    assert "[http://de.wiktionary.org/wiki/Haus Haus] and [http://en.wiktionary.org/wiki/a?b=c x]" in out
    links = mwparserfromhell.parse(out).filter_wikilinks()
    assert [str(x.title) for x in links] == ["wikt:brigand", "commons:Category:Foo bar"]
