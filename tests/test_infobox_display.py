"""Display knowledge decided in the infobox layout: units, time zones, the generic box's
numbered rows, parameters no box prints."""

from __future__ import annotations

import pytest

from convert.infoboxes import build_infobox
from convert.infoboxes.display import format_number, utc_offset, with_unit
from convert.model import DataRow, FieldValue, HeaderRow, InfoboxField, Paragraph, Text


def field(name: str, text: str) -> InfoboxField:
    return InfoboxField(name, FieldValue(text, (Paragraph((Text(text),)),)))


def rows(pairs: list[tuple[str, str]], lang: str = "en", template: str | None = None) -> list[tuple[str, str]]:
    box = build_infobox([field(n, v) for n, v in pairs], lang=lang, template_override=template)
    return [(r.label, r.value.text) if isinstance(r, DataRow) else ("#", r.label)
            for r in box.layout.rows if isinstance(r, (DataRow, HeaderRow))]


@pytest.mark.parametrize("name, text, lang, shown", [
    ("area_total_km2", "2300", "en", "2,300 km² (900 sq mi)"),
    ("area_total_km2", "2300", "de", "2.300 km² (900 sq mi)"),
    ("area_total_km2", "630.2", "fr", "630,2 km² (243,3 sq mi)"),
    ("area_total_sq_mi", "900", "en", "900 sq mi (2,300 km²)"),
    ("elevation_m", "76", "en", "76 m (249 ft)"),
    ("elevation_ft", "-92", "en", "−92 ft (−28 m)"),
    ("population_density_km2", "4149", "en", "4,149/km² (10,746/sq mi)"),
    ("length_km", "12.5", "en", "12.5 km (7.8 mi)"),
    ("area_water_percent", "3.5", "en", "3.5%"),
])
def test_a_bare_number_gets_the_unit_of_its_parameter_name(name: str, text: str, lang: str, shown: str) -> None:
    value = with_unit(name, FieldValue(text, ()), lang)
    assert value is not None and value.text == shown


@pytest.mark.parametrize("name, text", [("area_total_km2", "about 2300"), ("elevation_m", "76 m"),
                                        ("population_total", "2300"), ("name_m", "Smith")])
def test_a_value_that_is_not_a_bare_number_or_has_no_unit_is_left_as_written(name: str, text: str) -> None:
    assert with_unit(name, FieldValue(text, ()), "en") is None


def test_numbers_are_grouped_as_the_article_language_writes_them() -> None:
    assert format_number(2615060, 0, "en") == "2,615,060"
    assert format_number(2615060, 0, "de") == "2.615.060"
    assert format_number(2615060, 0, "fr") == "2\u202f615\u202f060"


@pytest.mark.parametrize("text, shown", [("+2", "UTC+2"), ("-5", "UTC−5"), ("−5", "UTC−5"),
                                         ("+5:30", "UTC+05:30"), ("UTC+1", "UTC+1"), ("EST", None)])
def test_utc_offsets(text: str, shown: str | None) -> None:
    assert utc_offset(text) == shown


def test_a_settlement_shows_units_once_and_the_time_zone_as_wikipedia() -> None:
    shown = rows([("name", "Town"), ("area_total_km2", "2300"), ("area_total_sq_mi", "888"),
                  ("elevation_m", "76"), ("elevation_ft", "249"), ("population_density_km2", "4149"),
                  ("timezone", "EET"), ("utc_offset", "+2"), ("settlement_type", "City")],
                 template="Infobox settlement")
    assert ("Total area", "2,300 km² (900 sq mi)") in shown
    assert ("Elevation", "76 m (249 ft)") in shown
    assert ("Density", "4,149/km² (10,746/sq mi)") in shown
    assert ("Time zone", "UTC+2 (EET)") in shown
    assert not any("888" in text or text == "249" for _label, text in shown)


def test_the_generic_box_numbered_rows_are_label_and_data_rows() -> None:
    shown = rows([("above", "Thing"), ("header1", "Facts"), ("label2", "Colour"), ("data2", "Red"),
                  ("rowclass2", "mergedrow"), ("label3", "Size"), ("data3", "Big"), ("data4", "Note")],
                 template="Infobox")
    assert shown[-4:] == [("#", "Facts"), ("Colour", "Red"), ("Size", "Big"), ("", "Note")]
    assert not any(label.lower().startswith(("label", "data", "rowclass")) for label, _t in shown)


def test_parameters_no_box_prints_are_hidden_in_known_and_unknown_templates() -> None:
    never = [("alt_flag", "Flag of X"), ("alt_coat", "Arms"), ("alt_map", "Map"), ("linking_name", "X"),
             ("area_magnitude", "1 E11"), ("pushpin_map", "Canada"), ("rowclass1", "mergedrow")]
    for template in ("Infobox country", "Infobox zorble"):
        shown = rows([("name", "X"), ("capital", "Y"), *never], template=template)
        labels = {label for label, _text in shown}
        assert labels.isdisjoint({"Alt flag", "Alt coat", "Alt map", "Linking name", "Area magnitude",
                                  "Pushpin map", "Rowclass1"}), template
        assert any(text == "Y" for _label, text in shown)
