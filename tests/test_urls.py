"""Addresses as printed for readers (model.readable_url) and in each writer's credits."""

from __future__ import annotations

import pytest

import convert
from convert.wiki import readable_url, wiki_url

from convert.writers import WriteOptions, get_writer

from .conftest import SEED
from .test_epub import chapters, unzip


@pytest.mark.parametrize(("page", "lang", "shown"), [
    ("Battle of Rastan (January–February 2012)", "en",
     "https://en.wikipedia.org/wiki/Battle_of_Rastan_(January–February_2012)"),
    ("الإسكندرية", "ar", "https://ar.wikipedia.org/wiki/الإسكندرية"),
    ("Ada Lovelace", "en", "https://en.wikipedia.org/wiki/Ada_Lovelace"),
])
def test_wikipedia_addresses_are_printed_decoded(page: str, lang: str, shown: str) -> None:
    assert readable_url(wiki_url(lang, page)) == shown


@pytest.mark.parametrize("url", [
    "https://example.org/a%20b",       # a blank would split the address
    "https://example.org/%E2%80%AEtxt",  # a bidi override would reorder what is printed
    "https://example.org/%0Aline",     # a control character
    "https://example.org/%FF",         # not UTF-8
])
def test_addresses_that_would_mislead_stay_encoded(url: str) -> None:
    assert readable_url(url) == url


def test_credits_print_the_decoded_address_and_link_the_encoded_one() -> None:
    doc = convert.load(SEED)
    encoded = "https://en.wikipedia.org/wiki/Battle_of_Rastan_(January%E2%80%93February_2012)"
    shown = "https://en.wikipedia.org/wiki/Battle_of_Rastan_(January–February_2012)"
    html = get_writer("pdf").html(doc, WriteOptions.create())
    assert f'<a href="{encoded}">{shown}</a>' in html
    files = unzip(convert.render(doc, "epub", source_date_epoch=1_700_000_000))
    assert f'<a href="{encoded}" class="external">{shown}</a>' in chapters(files)
