"""The registry generated from public data (tools/build_registry.py) and how inference uses it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from convert.infoboxes import infer, load_registry
from convert.infoboxes.generated import generated_files, overlay, read_document
from convert.infoboxes.loader import build_template, read_generated
from convert.infoboxes.patterns import normalise

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "registry_sources"


@pytest.fixture(scope="module")
def tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_registry", ROOT / "tools" / "build_registry.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_registry"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tool, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("generated")
    assert tool.main(["--dbpedia", str(SOURCES / "dbpedia"), "--wtf", str(SOURCES / "wtf"),
                      "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_script_writes_the_expected_yaml_from_each_source_format(built: Path, lang: str) -> None:
    expected = (SOURCES / "expected" / f"{lang}.yaml").read_text(encoding="utf-8")
    assert (built / f"{lang}.yaml").read_text(encoding="utf-8") == expected


def test_the_generated_file_reads_back_into_templates(built: Path) -> None:
    templates = {t.key: t for t in read_generated(built / "en.yaml")}
    widget = templates["widget"]
    # PropertyMapping and coordinate arguments; a numbered run folded into one pattern;
    # a mapping page's #REDIRECT is a redirect; a stub mapping is no infobox.
    assert {"maker", "released", "lat", "long"} <= widget._plain
    assert widget.knows("model7") and widget.redirects == ("gadget",) and widget.kind == "Device"
    assert "widget-stub" not in templates
    # Known only by name (wtf_wikipedia's kinds, DBpedia's ignore list): listed, no parameters.
    assert templates["gizmo"]._plain == frozenset() and templates["flag"].prefix == "Infobox"
    assert templates["taxobox"].prefix == "" and templates["chembox"].prefix == ""
    german = {t.key: t for t in read_generated(built / "de.yaml")}
    # mappingstats: uses and per-parameter counts, the wiki's redirects; a navigation
    # template and a box used on 3 pages are left out.
    assert set(german) == {"gerät"}
    assert german["gerät"].uses == 20 and german["gerät"].redirects == ("apparat",)
    assert german["gerät"].knows("jahr12") and german["gerät"].knows("hersteller")


def test_each_generated_file_names_its_sources_commit_and_licence() -> None:
    files = generated_files()
    assert len(files) >= 40  # every language DBpedia maps
    for path in files:
        head = path.read_text(encoding="utf-8")[:2000]
        assert "github:dbpedia/extraction-framework at commit " in head, path
        assert "CC BY-SA 3.0" in head and "licence MIT" in head, path
        sources = read_document(path)["source"]
        assert all(len(s["commit"]) == 40 for s in sources), path


def test_the_hand_written_template_is_an_overlay_on_the_generated_one(built: Path) -> None:
    hand = build_template({"name": "widget", "uses": "500", "redirects": ["doohickey"],
                           "rows": [{"maker": "Made by"}]}, "hand.yaml")
    merged = {t.key: t for t in overlay([hand], read_generated(built / "en.yaml"))}
    widget = merged["widget"]
    assert widget.rows == hand.rows and widget.uses == 500  # display and prior: hand-written
    assert widget.knows("released") and widget.knows("maker")  # vocabulary: both
    assert widget.redirects == ("doohickey", "gadget")


def test_the_packaged_english_registry_knows_hundreds_of_templates() -> None:
    registry = load_registry()
    english = [t for t in registry.templates if t.lang == "en"]
    assert len(english) >= 600
    for name in ("U.S. state", "region of Italy", "spaceflight", "military unit", "speciesbox",
                 "comics creator", "national military", "deity", "holiday", "continent"):
        found = registry.find(name)
        assert found is not None and found.lang == "en", name


def test_templates_of_another_language_are_only_loaded_for_that_language() -> None:
    english, german = load_registry(), load_registry(lang="de")
    assert english.find("Berg", "de") is not None  # the hand-written German templates are in both
    assert english.find("Stadtbezirk von Augsburg", "de") is None
    assert german.find("Stadtbezirk von Augsburg", "de") is not None


def test_old_parameter_names_from_the_data_still_point_to_the_template() -> None:
    # Infobox tennis biography of a few years ago: playername, careerprizemoney (today name,
    # careerprize); the hand-written rows only know today's names, DBpedia's mapping both.
    old = ["playername", "country", "residence", "birth_date", "turnedpro", "plays",
           "careerprizemoney", "singlesrecord", "singlestitles", "highestsinglesranking"]
    assert infer(old)[0] == "tennis biography"
    assert load_registry().find("tennis biography").knows("careerprizemoney")  # type: ignore[union-attr]


@pytest.mark.parametrize("respelled", [
    ["Official Name", "Settlement Type", "Subdivision-Type", "subdivision name", "Population Total",
     "AREA_TOTAL_KM2", "elevation m", "timezone", "utc offset"],
    ["official_name", "settlementtype", "subdivisiontype", "subdivisionname", "populationtotal",
     "areatotalkm2", "elevationm", "timezone", "utcoffset"],
])
def test_case_separator_and_plural_variants_count_as_the_registry_name(respelled: list[str]) -> None:
    assert infer(respelled)[0] == "settlement"
    registry = load_registry()
    assert registry.respelled("populationtotal") == "population_total"
    assert registry.respelled("occupations") == "occupation"
    assert registry.respelled(normalise("Zorble Quux")) is None


@pytest.mark.parametrize("redirect, target", [
    ("Infobox Officeholder", "officeholder"), ("Infobox AFL player", "afl biography"),
    ("Infobox pope", "christian leader"), ("Infobox U.S. state", "u.s. state"), ("Infobox zorble", None),
])
def test_a_redirect_finds_its_template(redirect: str, target: str | None) -> None:
    found = load_registry().find(redirect)
    assert (found.key if found is not None else None) == target


def test_a_sparse_box_that_fits_dozens_of_templates_gets_the_generic_box() -> None:
    # name, image and a website fit hundreds of generated templates: the usage prior of
    # the best is a small share of theirs, so the confidence stays under the threshold.
    assert infer(["name", "image", "caption", "website"])[0] == ""
    assert infer(["Name", "Bild", "Bildbeschreibung", "Website"], lang="de")[0] == ""
