"""Infobox knowledge: registry data, template inference, layouts, user registry files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.errors import SourceError
from convert.infoboxes import THRESHOLD, build_infobox, humanize, infer, load_registry
from convert.infoboxes.layout import image_file
from convert.infoboxes.inference import weights
from convert.infoboxes.patterns import compile_pattern, normalise
from convert.model import (
    ColumnsRow, DataRow, FieldValue, FullRow, HeaderRow, InfoboxField, Paragraph, Text,
)

# The seed's infobox (Battle of Rastan), field names and texts in source order.
SEED_FIELDS = [
    ("conflict", "Battle of Rastan (January–February 2012)"),
    ("partof", "the Early insurgency phase of the Syrian Civil War"),
    ("image", "Rebelles de Rastane (26 avril 2012).jpg"),
    ("caption", "Free Syrian Army fighters in Rastan"),
    ("date", "29 January – 5 February 2012"),
    ("place", "Rastan, Homs Governorate, Syria"),
    ("map_size", "290"),
    ("map_relief", "yes"),
    ("result", "FSA victory"),
    ("combatant1", "Free Syrian Army"),
    ("combatant2", "Syrian Arab Republic"),
    ("commander1", "Colonel Jihad Ahmad"),
    ("commander2", "Unknown"),
    ("units1", "Khalid ibn al-Walid Brigade"),
    ("units2", "1st Armoured Division"),
    ("casualties1", "18 killed"),
    ("casualties2", "2+ killed"),
    ("casualties3", "24 civilians killed"),
]


def value(text: str) -> FieldValue:
    return FieldValue(text, blocks=(Paragraph((Text(text),)),), number=None)


def fields(pairs: list[tuple[str, str]] | list[str]) -> list[InfoboxField]:
    out = []
    for i, item in enumerate(pairs):
        name, text = item if isinstance(item, tuple) else (item, f"value of {item}")
        out.append(InfoboxField(name, value(text), line=i + 10))
    return out


def shown_fields(box) -> list[str]:
    """Every field name the layout displays, rows and heading parts alike."""
    names = []
    for row in box.layout.rows:
        if isinstance(row, (DataRow, FullRow)):
            names.append(row.field)
        elif isinstance(row, ColumnsRow):
            names.extend(f for f in row.fields if f)
    return names


# ------------------------------------------------------------------ the seed


def test_seed_is_military_conflict_with_wikipedia_layout() -> None:
    box = build_infobox(fields(SEED_FIELDS), line=12)
    assert (box.template, box.template_name) == ("military conflict", "Infobox military conflict")
    assert box.confidence >= 0.9 and box.line == 12
    lay = box.layout
    assert lay.title is not None and lay.title.text == "Battle of Rastan (January–February 2012)"
    assert lay.subtitle_prefix == "Part of"
    assert lay.subtitle is not None and lay.subtitle.text.startswith("the Early insurgency")
    assert lay.image == "Rebelles de Rastane (26 avril 2012).jpg"
    assert lay.caption is not None and lay.caption.text == "Free Syrian Army fighters in Rastan"
    kinds = [
        (type(r).__name__, getattr(r, "label", ""), getattr(r, "field", None) or getattr(r, "fields", None))
        for r in lay.rows
    ]
    assert kinds == [
        ("DataRow", "Date", "date"),
        ("DataRow", "Location", "place"),
        ("DataRow", "Result", "result"),
        ("HeaderRow", "Belligerents", None),
        ("ColumnsRow", "", ("combatant1", "combatant2")),
        ("HeaderRow", "Commanders and leaders", None),
        ("ColumnsRow", "", ("commander1", "commander2")),
        ("HeaderRow", "Units involved", None),
        ("ColumnsRow", "", ("units1", "units2")),
        ("HeaderRow", "Casualties and losses", None),
        ("ColumnsRow", "", ("casualties1", "casualties2")),
        ("FullRow", "", "casualties3"),
    ]
    cas = lay.rows[10]
    assert isinstance(cas, ColumnsRow) and [v.text for v in cas.values if v] == ["18 killed", "2+ killed"]
    assert "map_size" not in shown_fields(box) and "map_relief" not in shown_fields(box)


def test_rows_follow_template_order_not_source_order() -> None:
    shuffled = list(reversed(SEED_FIELDS))
    box = build_infobox(fields(shuffled))
    assert [r.label for r in box.layout.rows if isinstance(r, HeaderRow)] == [
        "Belligerents", "Commanders and leaders", "Units involved", "Casualties and losses",
    ]
    assert isinstance(box.layout.rows[0], DataRow) and box.layout.rows[0].field == "date"


def test_third_side_makes_three_columns() -> None:
    box = build_infobox(fields([*SEED_FIELDS, ("combatant3", "Third side")]))
    first = next(r for r in box.layout.rows if isinstance(r, ColumnsRow))
    assert first.fields == ("combatant1", "combatant2", "combatant3")
    assert not any(isinstance(r, FullRow) for r in box.layout.rows)
    cas = [r for r in box.layout.rows if isinstance(r, ColumnsRow)][-1]
    assert cas.fields == ("casualties1", "casualties2", "casualties3")


# ------------------------------------------------------------------ inference


def test_partial_match_keeps_template_and_shows_unknown_fields_last() -> None:
    partial = [("conflict", "Siege"), ("date", "1600"), ("combatant1", "A"), ("combatant2", "B"),
               ("casualties1", "many"), ("local_legend", "a dragon")]
    box = build_infobox(fields(partial))
    assert box.template == "military conflict"
    assert THRESHOLD <= box.confidence < 1.0
    last = box.layout.rows[-1]
    assert isinstance(last, DataRow) and (last.label, last.field) == ("Local legend", "local_legend")


def test_side_with_no_value_is_an_empty_cell() -> None:
    box = build_infobox(fields(["combatant1", "combatant2", "commander2", "casualties1"]))
    commanders = [r for r in box.layout.rows if isinstance(r, ColumnsRow)][1]
    assert commanders.fields == ("", "commander2") and commanders.values[0] is None


def test_nonsense_fields_fall_back_to_generic_box() -> None:
    box = build_infobox(fields(["zorble", "quux_factor", "flim_flam3"]))
    assert (box.template, box.template_name) == ("", "Infobox")
    assert box.confidence < THRESHOLD
    assert [r.label for r in box.layout.rows] == ["Zorble", "Quux factor", "Flim flam3"]
    assert box.layout.title is None


def test_generic_fields_alone_are_weak_evidence() -> None:
    key, confidence = infer(["name", "image", "caption", "website"])
    assert key == "" and confidence < THRESHOLD


def test_empty_infobox() -> None:
    box = build_infobox([])
    assert (box.template, box.template_name, box.confidence) == ("", "Infobox", 0.0)
    assert box.layout.rows == () and box.layout.image == "" and box.layout.title is None


def test_tie_goes_to_more_used_template_with_halved_confidence() -> None:
    # Person and writer both know every one of these names: person is used far more. The
    # confidence is at most person's share of the two templates' uses (the usage prior).
    names = ["name", "birth_name", "birth_place", "occupation", "years_active", "spouse", "children"]
    key, confidence = infer(names)
    assert key == "person"
    person, writer = load_registry().find("person"), load_registry().find("writer")
    assert person is not None and writer is not None
    assert confidence <= (person.uses + 1) / (person.uses + writer.uses + 2)


def test_exact_tie_is_stable_by_name(tmp_path: Path) -> None:
    data = "templates:\n" + "".join(
        f"  - name: {n} gadget\n    uses: 10\n    rows: [gadget_zeta, gadget_eta, gadget_theta]\n"
        for n in ("beta", "alpha")
    )
    user = tmp_path / "tie.yaml"
    user.write_text(data, encoding="utf-8")
    registry = load_registry(user)
    assert infer(["gadget_zeta", "gadget_eta", "gadget_theta"], registry) == infer(
        ["gadget_theta", "gadget_eta", "gadget_zeta"], registry
    )
    assert infer(["gadget_zeta", "gadget_eta", "gadget_theta"], registry)[0] == "alpha gadget"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["name", "birth_date", "birth_place", "occupation", "known_for", "spouse"], "person"),
        (["name", "office", "term_start", "term_end", "predecessor", "successor", "party"], "officeholder"),
        (["name", "director", "producer", "starring", "music", "cinematography", "runtime", "budget", "gross"], "film"),
        (["name", "type", "artist", "cover", "released", "recorded", "genre", "length", "label", "producer", "prev_title"], "album"),
        (["name", "type", "traded_as", "industry", "founded", "hq_location", "key_people", "revenue", "num_employees"], "company"),
        (["name", "motto", "established", "type", "principal", "grades", "enrollment", "mascot", "colors"], "school"),
        (["ship_name", "ship_builder", "ship_laid_down", "ship_launched", "ship_commissioned", "ship_fate"], "ship career"),
        (["name", "fullname", "birth_date", "position", "years1", "clubs1", "caps1", "goals1"], "football biography"),
        (["official_name", "settlement_type", "subdivision_type", "subdivision_name", "population_total"], "settlement"),
        (["name", "position", "draftyear", "draftround", "draftpick", "statlabel1", "statvalue1"], "nfl biography"),
    ],
)
def test_common_templates_are_recognised(names: list[str], expected: str) -> None:
    key, confidence = infer(names)
    assert key == expected and confidence >= THRESHOLD


def test_other_languages_get_their_own_template_or_the_generic_box() -> None:
    german = ["name", "logo", "unternehmensform", "isin", "gründungsdatum", "sitz", "leitung", "branche"]
    assert infer(german, lang="de")[0] == "unternehmen"
    assert infer(german, lang="en")[0] == ""
    box = build_infobox(fields(["name", "birth_date", "birth_place", "occupation"]), lang="af")
    assert box.template == "" and box.template_name == "Infobox"


# ------------------------------------------------------------------ templates added for coverage

# Field sets as an article using each template would carry them, written from the templates"
# documentation (the usual parameters of such a box, not every one the template has).
ADDED_TEMPLATES = {
    "uk place": ["official_name", "static_image_name", "static_image_caption", "country",
        "coordinates", "population", "population_ref", "os_grid_reference", "london_distance_mi",
        "london_direction", "civil_parish", "shire_district", "shire_county", "region", "post_town",
        "postcode_district", "postcode_area", "dial_code", "police", "fire", "ambulance",
        "constituency_westminster"],
    "french commune": ["name", "image", "caption", "image coat of arms", "region", "department",
        "arrondissement", "canton", "intercommunality", "mayor", "term", "area km2", "population",
        "population date", "INSEE", "postal code", "elevation m", "elevation min m", "elevation max m",
        "coordinates"],
    "italian comune": ["name", "native_name", "image_skyline", "image_caption", "image_shield",
        "coordinates", "region", "province", "frazioni", "mayor_party", "mayor", "area_total_km2",
        "population_total", "population_as_of", "population_demonym", "elevation_m", "postal_code",
        "area_code", "istat", "saint", "day", "website"],
    "german location": ["name", "image_photo", "image_caption", "image_coa", "image_plan",
        "coordinates", "type", "state", "district", "elevation", "area", "population", "postal_code",
        "area_code", "licence", "mayor", "party", "website"],
    "australian place": ["name", "type", "state", "image", "caption", "coordinates", "pop", "pop_year",
        "pop_footnotes", "established", "postcode", "area", "elevation", "timezone", "utc",
        "timezone-dst", "utc-dst", "dist1", "dir1", "location1", "lga", "stategov", "fedgov",
        "maxtemp", "mintemp", "rainfall"],
    "nrhp": ["name", "nrhp_type", "image", "caption", "location", "nearest_city", "coordinates",
        "locmapin", "area", "built", "architect", "architecture", "governing_body", "mpsub", "refnum",
        "added"],
    "historic site": ["name", "native_name", "image", "caption", "location", "coordinates", "built",
        "built_for", "architect", "architecture", "owner", "designation1", "designation1_offname",
        "designation1_type", "designation1_date", "designation1_number"],
    "ancient site": ["name", "native_name", "image", "caption", "map_type", "location", "region",
        "coordinates", "type", "builder", "material", "built", "abandoned", "epochs", "cultures",
        "excavations", "archaeologists", "condition", "public_access"],
    "military installation": ["name", "image", "caption", "location", "coordinates", "type",
        "ownership", "controlledby", "open_to_public", "condition", "site_area", "built", "builder",
        "used", "materials", "battles", "garrison", "occupants"],
    "park": ["name", "image", "image_caption", "type", "location", "coordinates", "area", "created",
        "operator", "visitation_num", "status", "open", "paths", "terrain", "water", "vegetation",
        "public_transit", "website"],
    "lighthouse": ["name", "image_name", "caption", "location", "coordinates", "yearbuilt", "yearlit",
        "automated", "construction", "shape", "marking", "height", "focalheight", "lens", "range",
        "characteristic", "admiralty", "arlhs", "nga"],
    "power station": ["name", "image", "image_caption", "country", "location", "coordinates", "status",
        "construction_began", "commissioned", "owner", "operator", "primary_fuel",
        "ps_units_operational", "ps_units_manu_model", "ps_electrical_capacity",
        "ps_annual_generation", "website"],
    "library": ["name", "image", "caption", "country", "type", "established", "location",
        "coordinates", "branch_of", "num_branches", "collection_size", "criteria", "legal_deposit",
        "access", "annual_circulation", "pop_served", "director", "website"],
    "mountain pass": ["name", "photo", "caption", "elevation_m", "elevation_ft", "traversed",
        "location", "range", "coordinates"],
    "former country": ["conventional_long_name", "common_name", "era", "status", "government_type",
        "year_start", "year_end", "event_start", "date_start", "event_end", "date_end", "p1",
        "flag_p1", "s1", "flag_s1", "image_flag", "image_coat", "image_map", "capital",
        "common_languages", "religion", "title_leader", "leader1", "year_leader1", "currency", "today"],
    "academic": ["name", "image", "caption", "birth_date", "birth_place", "nationality", "alma_mater",
        "thesis_title", "thesis_year", "doctoral_advisor", "discipline", "sub_discipline",
        "workplaces", "doctoral_students", "main_interests", "notable_ideas"],
    "architect": ["name", "image", "caption", "birth_date", "birth_place", "death_date", "death_place",
        "nationality", "alma_mater", "occupation", "practice", "significant_buildings",
        "significant_projects", "awards"],
    "model": ["name", "image", "caption", "birth_name", "birth_date", "birth_place", "occupation",
        "years_active", "height", "hair_color", "eye_color", "agency"],
    "pageant titleholder": ["name", "image", "caption", "birth_date", "birth_place", "alma_mater",
        "occupation", "title", "competitions", "height", "hair_color", "eye_color"],
    "saint": ["name", "image", "caption", "birth_date", "birth_place", "death_date", "death_place",
        "venerated_in", "canonized_date", "canonized_by", "major_shrine", "feast_day", "attributes",
        "patronage"],
    "christian leader": ["name", "title", "image", "caption", "church", "diocese", "see", "appointed",
        "term", "predecessor", "successor", "ordination", "ordained_by", "consecration",
        "consecrated_by", "birth_date", "birth_place", "nationality", "religion", "motto",
        "coat_of_arms"],
    "youtube personality": ["name", "image", "caption", "birth_name", "birth_date", "birth_place",
        "nationality", "occupation", "channel_name", "years_active", "genre", "subscribers", "views",
        "silver_button", "silver_year", "gold_button", "gold_year", "stats_update"],
    "professional wrestler": ["name", "image", "caption", "birth_name", "birth_date", "birth_place",
        "spouse", "names", "height", "weight", "billed_from", "trainer", "debut", "retired"],
    "college coach": ["name", "image", "caption", "sport", "current_title", "current_team",
        "current_conference", "current_record", "birth_date", "birth_place", "alma_mater",
        "player_years1", "player_team1", "player_positions", "coach_years1", "coach_team1",
        "coach_years2", "coach_team2", "overall_record", "bowl_record", "awards"],
    "college football player": ["name", "image", "caption", "current_team", "number", "position",
        "class", "major", "birth_date", "birth_place", "height", "weight", "high_school", "bowl_games",
        "highlights", "awards"],
    "afl biography": ["name", "image", "caption", "fullname", "nickname", "birth_date", "birth_place",
        "originalteam", "draftpick", "debutdate", "debutteam", "debutopponent", "debutstadium",
        "height", "weight", "position", "years1", "club1", "games_goals1", "statsend",
        "careerhighlights"],
    "rugby biography": ["name", "image", "caption", "birth_name", "birth_date", "birth_place",
        "height", "weight", "school", "ru_position", "ru_proclubs", "ru_clubyears", "ru_clubcaps",
        "ru_clubpoints", "ru_nationalteam", "ru_nationalyears", "ru_nationalcaps", "ru_nationalpoints",
        "ru_ntupdate"],
    "rugby league biography": ["name", "image", "caption", "fullname", "birth_date", "birth_place",
        "height", "weight", "position", "club1", "year1start", "year1end", "appearances1", "tries1",
        "goals1", "fieldgoals1", "points1", "nationalteam1", "nationalyear1start",
        "nationalappearances1", "nationaltries1", "updated"],
    "cyclist": ["name", "image", "caption", "fullname", "nickname", "birth_date", "birth_place",
        "height", "weight", "currentteam", "discipline", "role", "ridertype", "proyears1", "proteam1",
        "proyears2", "proteam2", "majorwins", "medaltemplates"],
    "swimmer": ["name", "image", "caption", "fullname", "nickname", "national_team", "birth_date",
        "birth_place", "height", "weight", "strokes", "club", "collegeteam", "coach", "medaltemplates"],
    "gymnast": ["name", "image", "caption", "fullname", "country", "birth_date", "birth_place",
        "height", "discipline", "level", "natlteam", "club", "gym", "headcoach", "assistcoach",
        "choreographer", "eponymous_skills", "retired", "medaltemplates"],
    "figure skater": ["name", "image", "caption", "fullname", "country", "birth_date", "birth_place",
        "height", "partner", "former_partner", "coach", "choreographer", "skating_club",
        "training_location", "beganskating", "retired", "highestranking"],
    "martial artist": ["name", "image", "caption", "birth_name", "birth_date", "birth_place",
        "nationality", "height", "weight", "weight_class", "reach", "style", "stance",
        "fighting_out_of", "team", "years_active", "mma_kowin", "mma_subwin", "mma_decwin",
        "mma_koloss", "mma_decloss", "sherdog"],
    "golfer": ["name", "image", "caption", "fullname", "birth_date", "birth_place", "height",
        "nationality", "residence", "college", "yearpro", "tour", "prowins", "pgawins", "eurowins",
        "majorwins", "masters", "pga", "usopen", "open"],
    "skier": ["name", "image", "caption", "birth_date", "birth_place", "height", "country", "sport",
        "disciplines", "club", "wcdebut", "wcseasons", "wcwins", "wcpodiums", "olympicteams",
        "olympicmedals", "medaltemplates"],
    "snooker player": ["name", "image", "caption", "birth_date", "birth_place", "sport_country",
        "nickname", "professional", "high_ranking", "highest_break", "century_breaks",
        "best_ranking_finish", "tournament_wins", "ranking_wins"],
    "national football team": ["name", "badge", "badge_caption", "nickname", "association",
        "confederation", "coach", "captain", "most_caps", "top_scorer", "home_stadium",
        "fifa_trigramme", "fifa_rank", "elo_rank", "first_game", "largest_win", "largest_loss",
        "world_cup_apps", "world_cup_best"],
    "football league season": ["competition", "season", "dates", "winners", "relegated", "promoted",
        "matches", "total_goals", "top_goalscorer", "biggest_home_win", "biggest_away_win",
        "highest_scoring", "highest_attendance", "average_attendance", "prevseason", "nextseason"],
    "football club season": ["club", "season", "chairman", "manager", "stadium", "league",
        "league_result", "cup1", "cup1_result", "league_topscorer", "season_topscorer",
        "highest_attendance", "average_attendance", "prevseason", "nextseason"],
    "country at games": ["noc", "nocname", "games", "year", "flagcaption", "website", "location",
        "competitors", "sports", "flagbearer", "rank", "gold", "silver", "bronze", "total",
        "appearances"],
    "ncaa team season": ["year", "team", "sport", "image", "conference", "record", "confrecord",
        "headcoach", "ocoach", "dcoach", "captain", "stadiumarena", "aprank", "coachrank"],
    "television season": ["season_name", "image", "caption", "season_number", "num_episodes",
        "network", "first_aired", "last_aired", "starring", "country", "episode_list", "prev_season",
        "next_season"],
    "comics character": ["character_name", "image", "caption", "publisher", "debut", "creators",
        "alter_ego", "full_name", "species", "homeworld", "alliances", "partners", "aliases", "powers"],
    "concert tour": ["name", "image", "image_caption", "artist", "type", "album", "start_date",
        "end_date", "legs", "number_of_shows", "gross", "last_tour", "this_tour", "next_tour"],
    "music genre": ["name", "stylistic_origins", "cultural_origins", "instruments", "derivatives",
        "subgenres", "fusiongenres", "regional_scenes", "other_topics"],
    "road": ["state", "type", "route", "alternate_name", "map", "map_notes", "maint", "length_mi",
        "length_round", "length_ref", "established", "direction_a", "terminus_a", "junction",
        "direction_b", "terminus_b", "counties", "system", "previous_type", "previous_route",
        "next_type", "next_route"],
    "rail line": ["name", "image", "caption", "status", "owner", "locale", "start", "end", "stations",
        "type", "system", "operator", "depot", "stock", "open", "close", "linelength", "tracks",
        "gauge", "electrification", "speed"],
    "public transit": ["name", "image", "caption", "logo", "owner", "locale", "transit_type", "lines",
        "num_stations", "daily_ridership", "annual_ridership", "website", "began_operation",
        "operator", "vehicles", "headway", "system_length", "track_gauge", "electrification",
        "top_speed"],
    "bus": ["name", "image", "caption", "manufacturer", "production", "assembly", "predecessor",
        "successor", "class", "body", "doors", "floor_type", "chassis", "engine", "transmission",
        "capacity", "length", "width", "height"],
    "locomotive": ["name", "powertype", "image", "caption", "designer", "builder", "builddate",
        "totalproduction", "whytetype", "uicclass", "gauge", "driverdiameter", "wheelbase",
        "locoweight", "fueltype", "boilerpressure", "cylindersize", "maxspeed", "tractiveeffort",
        "operator", "operatorclass", "numberinclass", "withdrawndate", "disposition"],
    "spaceflight": ["name", "names_list", "image", "image_caption", "mission_type", "operator",
        "cospar_id", "satcat", "mission_duration", "spacecraft_bus", "manufacturer", "launch_mass",
        "launch_date", "launch_rocket", "launch_site", "orbit_reference", "orbit_regime",
        "orbit_periapsis", "orbit_apoapsis", "orbit_inclination"],
    "television station": ["callsign", "logo", "city", "country", "channels", "digital", "virtual",
        "branding", "affiliations", "subchannels", "owner", "licensee", "sister_stations", "airdate",
        "former_callsigns", "former_channel_numbers", "erp", "haat", "facility_id", "class", "website"],
    "restaurant": ["name", "image", "caption", "established", "current-owner", "head-chef",
        "food-type", "dress_code", "street-address", "city", "state", "country", "coordinates",
        "seating-capacity", "reservations", "website"],
    "shopping mall": ["name", "image", "caption", "location", "coordinates", "address", "opening_date",
        "developer", "management", "owner", "number_of_stores", "number_of_anchors", "floor_area",
        "floors", "parking", "public_transit", "website"],
    "religious building": ["name", "image", "caption", "location", "country", "religious_affiliation",
        "district", "status", "functional_status", "heritage_designation", "architect",
        "architecture_type", "architecture_style", "groundbreaking", "year_completed", "capacity",
        "dome_quantity", "minaret_quantity", "minaret_height", "materials", "coordinates"],
    "hindu temple": ["name", "image", "caption", "proper_name", "devanagari", "country", "state",
        "district", "location", "coordinates", "primary_deity", "festivals", "architecture",
        "date_built", "creator", "website"],
    "official post": ["post", "body", "insignia", "insigniacaption", "image", "incumbent",
        "incumbentsince", "style", "residence", "seat", "appointer", "termlength", "formation",
        "first", "website"],
    "weather event": ["name", "image", "caption", "formed", "dissipated", "winds", "gusts",
        "lowest_pressure", "fatalities", "damages", "areas", "season"],
    "court case": ["name", "court", "image", "fullname", "decided", "citations", "transcripts",
        "prior_actions", "subsequent_actions", "judges", "opinions", "keywords"],
    "scotus case": ["litigants", "arguedate", "argueyear", "decidedate", "decideyear", "fullname",
        "usvol", "uspage", "parallelcitations", "docket", "prior", "subsequent", "holding", "majority",
        "joinmajority", "dissent", "joindissent", "lawsapplied"],
    "legislation": ["short_title", "legislature", "image", "caption", "long_title", "citation",
        "enacted_by", "date_passed", "date_enacted", "date_signed", "signed_by", "bill",
        "introduced_by", "first_reading", "second_reading", "third_reading", "amends", "keywords",
        "status"],
    "uk legislation": ["short_title", "type", "parliament", "long_title", "citation", "year",
        "introduced_by", "territorial_extent", "royal_assent", "commencement", "amends",
        "repealing_legislation", "related_legislation", "status", "original_text", "revised_text"],
    "food": ["name", "image", "caption", "alternate_name", "country", "region", "national_cuisine",
        "type", "course", "served", "main_ingredient", "minor_ingredient", "variations", "similar_dish"],
    "dog breed": ["name", "image", "image_caption", "altname", "country", "maleweight", "femaleweight",
        "maleheight", "femaleheight", "coat", "color", "litter_size", "life_span", "fcigroup",
        "fcistd", "akcgroup", "akcstd", "kcukgroup", "kcukstd"],
    "horse": ["name", "image", "image_caption", "status", "altname", "country", "features", "group1",
        "std1", "group2", "std2", "weight", "height", "color"],
    "racehorse": ["horsename", "image", "caption", "sire", "grandsire", "dam", "damsire", "sex",
        "foaled", "country", "colour", "breeder", "owner", "trainer", "record", "earnings", "race",
        "awards"],
    "protein": ["name", "image", "caption", "symbol", "altsymbols", "hgncid", "entrezgene", "omim",
        "refseq", "uniprot", "pdb", "ecnumber", "chromosome", "arm", "band"],
}


@pytest.mark.parametrize("expected", sorted(ADDED_TEMPLATES))
def test_added_templates_are_recognised_from_their_usual_fields(expected: str) -> None:
    key, confidence = infer(ADDED_TEMPLATES[expected])
    assert key == expected and confidence >= 0.9


@pytest.mark.parametrize("expected", sorted(ADDED_TEMPLATES))
def test_added_templates_keep_their_name_without_their_rarest_field(expected: str) -> None:
    """One distinctive field fewer (an article rarely fills every parameter): the template
    may lose confidence, but only turns into another one that has every field left too
    (a mountain pass's box without ``traversed`` is a mountain's box)."""
    registry = load_registry()
    names = ADDED_TEMPLATES[expected]
    rarest = max(names, key=lambda n: weights([normalise(n)], registry)[normalise(n)])
    left = [n for n in names if n != rarest]
    key, _confidence = infer(left)
    other = registry.find(key) if key else None
    assert key in (expected, "") or (other is not None and all(
        other.knows(normalise(n)) or registry.is_shared_hidden(normalise(n)) for n in left))


# Neighbours that share most of their fields: each side's usual box, and the template it is.
SETTLEMENT_GB = ["name", "settlement_type", "image_skyline", "image_caption", "coordinates",
                 "subdivision_type", "subdivision_name", "subdivision_type1", "subdivision_name1",
                 "government_type", "leader_title", "leader_name", "area_total_km2", "population_total",
                 "population_as_of", "timezone", "utc_offset", "postal_code_type", "postal_code",
                 "area_code", "website"]
SETTLEMENT_FR = ["name", "settlement_type", "image_skyline", "subdivision_type", "subdivision_name",
                 "subdivision_type1", "subdivision_name1", "leader_title", "leader_name",
                 "area_total_km2", "population_total", "elevation_m", "postal_code"]
CASTLE = ["name", "native_name", "image", "caption", "location", "coordinates", "type", "built",
          "builder", "materials", "condition", "ownership", "open_to_public", "controlledby",
          "battles", "events"]
BUILDING = ["name", "image", "caption", "building_type", "architectural_style", "location", "address",
            "coordinates", "start_date", "completion_date", "opened_date", "height", "floor_count",
            "architect", "developer", "main_contractor"]
NFL_COACH = ["name", "image", "caption", "position", "number", "birth_date", "birth_place", "height_ft",
             "height_in", "weight_lbs", "high_school", "college", "draftyear", "draftround",
             "draftpick", "pastteams", "pastcoaching", "highlights", "statlabel1", "statvalue1"]
SPORTSPERSON = ["name", "image", "caption", "full_name", "nationality", "birth_date", "birth_place",
                "height", "country", "sport", "event", "club", "coach", "pb", "medaltemplates"]
PHILOSOPHER = ["name", "image", "caption", "birth_date", "birth_place", "death_date", "death_place",
               "era", "region", "school_tradition", "main_interests", "notable_ideas", "influences",
               "influenced"]
SCIENTIST = ["name", "image", "birth_date", "birth_place", "fields", "workplaces", "alma_mater",
             "doctoral_advisor", "doctoral_students", "known_for", "awards"]
RADIO = ["name", "logo", "city", "area", "branding", "frequency", "format", "erp", "haat", "class",
         "facility_id", "owner", "sister_stations", "airdate", "former_callsigns", "website"]
MOUNTAIN = ["name", "photo", "photo_caption", "elevation_m", "elevation_ft", "prominence_m", "parent_peak",
            "listing", "location", "range", "coordinates", "first_ascent", "easiest_route"]
TELEVISION = ["show_name", "image", "caption", "genre", "creator", "starring", "country", "language",
              "num_seasons", "num_episodes", "executive_producer", "runtime", "network", "first_aired",
              "last_aired"]
RELIGIOUS_BIOGRAPHY = ["name", "image", "caption", "religion", "school", "lineage", "birth_date",
                       "birth_place", "death_date", "post", "period", "predecessor", "successor"]
CHURCH = ["name", "fullname", "image", "caption", "location", "country", "denomination", "churchmanship",
          "website", "founded date", "dedication", "architect", "style", "diocese", "parish", "vicar"]
PROTECTED_AREA = ["name", "photo", "photo_caption", "iucn_category", "location", "nearest_city",
                  "coordinates", "area", "established", "visitation_num", "governing_body", "website"]
AUTOMOBILE = ["name", "image", "caption", "manufacturer", "production", "assembly", "designer", "class",
              "body_style", "layout", "platform", "engine", "transmission", "wheelbase", "length",
              "width", "height", "predecessor", "successor"]
FOOTBALL_CLUB = ["clubname", "image", "fullname", "nickname", "founded", "ground", "capacity", "chairman",
                 "manager", "league", "season", "position", "website"]
BOXER = ["name", "image", "caption", "realname", "nickname", "weight", "height", "reach", "nationality",
         "birth_date", "birth_place", "style", "total", "wins", "ko", "losses", "draws"]
COUNTRY = ["conventional_long_name", "common_name", "image_flag", "image_coat", "national_motto",
           "national_anthem", "capital", "largest_city", "official_languages", "demonym",
           "government_type", "leader_title1", "leader_name1", "legislature", "area_km2",
           "population_estimate", "gdp_ppp", "currency", "time_zone", "calling_code", "cctld"]
ADULT = ["name", "image", "caption", "birth_name", "birth_date", "birth_place", "ethnicity", "height",
         "measurements", "bra_size", "hair_color", "eye_color", "years_active", "number_of_films"]


@pytest.mark.parametrize(
    ("first", "first_template", "second", "second_template"),
    [
        (ADDED_TEMPLATES["uk place"], "uk place", SETTLEMENT_GB, "settlement"),
        (ADDED_TEMPLATES["french commune"], "french commune", SETTLEMENT_FR, "settlement"),
        (ADDED_TEMPLATES["italian comune"], "italian comune", SETTLEMENT_FR, "settlement"),
        (ADDED_TEMPLATES["german location"], "german location", SETTLEMENT_GB, "settlement"),
        (ADDED_TEMPLATES["australian place"], "australian place", SETTLEMENT_GB, "settlement"),
        (ADDED_TEMPLATES["college coach"], "college coach", NFL_COACH, "nfl biography"),
        (ADDED_TEMPLATES["college football player"], "college football player", NFL_COACH, "nfl biography"),
        (ADDED_TEMPLATES["rugby biography"], "rugby biography",
         ADDED_TEMPLATES["rugby league biography"], "rugby league biography"),
        (ADDED_TEMPLATES["swimmer"], "swimmer", SPORTSPERSON, "sportsperson"),
        (ADDED_TEMPLATES["gymnast"], "gymnast", SPORTSPERSON, "sportsperson"),
        (ADDED_TEMPLATES["figure skater"], "figure skater", ADDED_TEMPLATES["gymnast"], "gymnast"),
        (CASTLE, "military installation", BUILDING, "building"),
        (ADDED_TEMPLATES["nrhp"], "nrhp", ADDED_TEMPLATES["historic site"], "historic site"),
        (ADDED_TEMPLATES["historic site"], "historic site", BUILDING, "building"),
        (ADDED_TEMPLATES["academic"], "academic", SCIENTIST, "scientist"),
        (ADDED_TEMPLATES["academic"], "academic", PHILOSOPHER, "philosopher"),
        (ADDED_TEMPLATES["saint"], "saint", RELIGIOUS_BIOGRAPHY, "religious biography"),
        (ADDED_TEMPLATES["christian leader"], "christian leader", RELIGIOUS_BIOGRAPHY, "religious biography"),
        (ADDED_TEMPLATES["religious building"], "religious building", CHURCH, "church"),
        (ADDED_TEMPLATES["hindu temple"], "hindu temple", ADDED_TEMPLATES["religious building"],
         "religious building"),
        (ADDED_TEMPLATES["television station"], "television station", RADIO, "radio station"),
        (ADDED_TEMPLATES["television season"], "television season", TELEVISION, "television"),
        (ADDED_TEMPLATES["mountain pass"], "mountain pass", MOUNTAIN, "mountain"),
        (ADDED_TEMPLATES["park"], "park", PROTECTED_AREA, "protected area"),
        (ADDED_TEMPLATES["bus"], "bus", AUTOMOBILE, "automobile"),
        (ADDED_TEMPLATES["national football team"], "national football team", FOOTBALL_CLUB, "football club"),
        (ADDED_TEMPLATES["football club season"], "football club season",
         ADDED_TEMPLATES["football league season"], "football league season"),
        (ADDED_TEMPLATES["martial artist"], "martial artist", BOXER, "boxer"),
        (ADDED_TEMPLATES["former country"], "former country", COUNTRY, "country"),
        (ADDED_TEMPLATES["model"], "model", ADULT, "adult biography"),
        (ADDED_TEMPLATES["dog breed"], "dog breed", ADDED_TEMPLATES["horse"], "horse"),
        (ADDED_TEMPLATES["legislation"], "legislation", ADDED_TEMPLATES["uk legislation"], "uk legislation"),
        (ADDED_TEMPLATES["court case"], "court case", ADDED_TEMPLATES["scotus case"], "scotus case"),
        (ADDED_TEMPLATES["rail line"], "rail line", ADDED_TEMPLATES["public transit"], "public transit"),
    ],
)
def test_close_neighbours_are_told_apart(first: list[str], first_template: str, second: list[str],
                                         second_template: str) -> None:
    assert infer(first)[0] == first_template
    assert infer(second)[0] == second_template


@pytest.mark.parametrize(
    "names",
    [
        ["name", "image", "caption"],
        ["name", "image", "caption", "website"],
        ["name", "image", "caption", "birth_date"],
        ["name", "image", "caption", "location", "coordinates"],
    ],
)
def test_sparse_field_sets_fall_back_to_the_generic_box(names: list[str]) -> None:
    box = build_infobox(fields(names))
    assert (box.template, box.template_name) == ("", "Infobox")
    assert box.confidence < THRESHOLD


def test_a_french_commune_box_of_the_french_wikipedia_gets_its_own_template_never_an_english_one() -> None:
    french = ["nom", "image", "légende", "région", "département", "arrondissement", "canton",
              "intercommunalité", "maire", "mandat", "insee", "cp", "altitude", "superficie", "population"]
    assert infer(french, lang="fr")[0] == "commune de france"
    assert infer(french)[0] == ""


@pytest.mark.parametrize(
    ("written", "template"),
    [
        ("Infobox castle", "military installation"),
        ("Infobox military structure", "military installation"),
        ("Infobox hurricane", "weather event"),
        ("Infobox UK Bus", "bus"),
        ("Infobox German place", "german location"),
        ("Infobox NFL player", "nfl biography"),
        ("Infobox lake", "body of water"),
    ],
)
def test_redirects_of_added_templates_are_understood(written: str, template: str) -> None:
    found = load_registry().find(written)
    assert found is not None and found.key == template


def test_uk_place_is_drawn_in_wikipedias_order() -> None:
    names = ["official_name", "static_image_name", "static_image_caption", "static_image_width", "map_type",
             "country", "coordinates", "population", "os_grid_reference", "civil_parish", "shire_district",
             "shire_county", "region", "post_town", "postcode_district", "dial_code", "police",
             "constituency_westminster", "london_distance_mi", "london_direction"]
    box = build_infobox(fields([(n, f"{n} text") for n in reversed(names)]))
    assert box.template_name == "Infobox UK place"
    lay = box.layout
    assert lay.title is not None and lay.title.text == "official_name text"
    assert lay.image == "static image name text"  # a file name: underscores are spaces
    assert lay.caption is not None and lay.caption.text == "static_image_caption text"
    labels = [r.label for r in lay.rows if isinstance(r, DataRow) and r.label]
    assert labels == ["Population", "OS grid reference", "London", "Civil parish", "District",
                      "Shire county", "Region", "Country", "Post town", "Postcode district",
                      "Dialling code", "Police", "UK Parliament", "Coordinates"]
    assert {"static_image_width", "map_type"}.isdisjoint(shown_fields(box))


def test_a_german_municipality_box_never_becomes_the_english_german_location() -> None:
    """The English "Infobox German location" also takes de.wikipedia's parameter names, and so does the
    German article's own box: converted without --lang de, a German article must not get
    the English template (the generic box is the honest answer)."""
    german = ["Art", "Name", "Wappen", "Breitengrad", "Längengrad", "Lageplan", "Bundesland",
              "Regierungsbezirk", "Landkreis", "Höhe", "Fläche", "Einwohner", "PLZ", "Vorwahl", "Kfz",
              "Gemeindeschlüssel", "Gliederung", "Adresse", "Website", "Bürgermeister", "Partei"]
    assert infer(german, lang="de")[0] == "gemeinde in deutschland"
    assert infer(german)[0] == ""
    english = ["name", "image_photo", "image_caption", "image_coa", "coordinates", "type", "state",
               "district", "elevation", "area", "population", "postal_code", "area_code", "licence",
               "mayor", "party", "website"]
    box = build_infobox(fields([(n, f"{n} text") for n in english]))
    assert box.template_name == "Infobox German location"
    rows = {r.label: r.field for r in box.layout.rows if isinstance(r, DataRow)}
    assert rows["State"] == "state" and rows["Vehicle registration"] == "licence"


# ------------------------------------------------------------------ templates of other Wikipedias

# Per (wiki language, template key): the parameters an article using the template usually
# fills, written from the template's documentation (names as editors write them: the
# registry compares them case- and space/underscore-insensitively).
FOREIGN_TEMPLATES: dict[tuple[str, str], list[str]] = {
    ("de", "taxobox"): ["Taxon_Name", "Taxon_WissName", "Taxon_Rang", "Taxon_Autor", "Taxon2_Name",
        "Taxon2_WissName", "Taxon2_Rang", "Taxon3_Name", "Taxon3_WissName", "Taxon3_Rang",
        "Taxon4_Name", "Taxon4_Rang", "Bild", "Bildbeschreibung"],
    ("de", "software"): ["Name", "Logo", "Screenshot", "Beschreibung", "Entwickler", "Erscheinungsjahr",
        "AktuelleVersion", "AktuelleVersionFreigabeDatum", "Betriebssystem", "Programmiersprache",
        "Kategorie", "Lizenz", "Deutsch", "Website"],
    ("de", "programmiersprache"): ["Name", "Logo", "Beschreibung", "Paradigma", "Erscheinungsjahr",
        "Designer", "Entwickler", "AktuelleVersion", "AktuelleVersionFreigabeDatum", "Typisierung",
        "Implementierung", "Beeinflusst_von", "Beeinflusste", "Betriebssystem", "Lizenz", "Website"],
    ("de", "fußballspieler"): ["kurzname", "bildname", "bildunterschrift", "langname", "geburtstag",
        "geburtsort", "geburtsland", "größe", "position", "jugendvereine_tabelle", "vereine_tabelle",
        "nationalmannschaft_tabelle"],
    ("de", "fußballverein"): ["Name", "Bild", "Langname", "Ort", "Gegründet", "Vereinsfarben", "Stadion",
        "Plätze", "Präsident", "Trainer", "Homepage", "Liga", "Saison", "Rang"],
    ("de", "chemikalie"): ["Name", "Strukturformel", "Andere Namen", "Summenformel", "CAS", "PubChem",
        "Beschreibung", "Molare Masse", "Aggregat", "Dichte", "Schmelzpunkt", "Siedepunkt",
        "Löslichkeit", "Quelle GHS-Kz", "GHS-Piktogramme", "GHS-Signalwort", "H", "P", "MAK"],
    ("de", "fluss"): ["NAME", "BILD", "BILDBESCHREIBUNG", "GKZ", "LAGE", "FLUSSSYSTEM", "ABFLUSSWEG",
        "QUELLE", "QUELLHÖHE", "MÜNDUNG", "MÜNDUNGSHÖHE", "HÖHENUNTERSCHIED", "LÄNGE",
        "EINZUGSGEBIET", "LINKE NEBENFLÜSSE", "RECHTE NEBENFLÜSSE", "KLEINSTÄDTE"],
    ("de", "berg"): ["NAME", "BILD", "BILDBESCHREIBUNG", "HÖHE", "HÖHE-BEZUG", "LAGE", "GEBIRGE",
        "DOMINANZ", "DOMINANZ-BEZUGSPUNKT", "SCHARTENHÖHE", "SCHARTENHÖHE-BEZUGSPUNKT", "TYP",
        "GESTEIN", "ERSTBESTEIGUNG", "BREITENGRAD", "LÄNGENGRAD"],
    ("de", "see"): ["NAME", "BILD", "BILDBESCHREIBUNG", "LAGE", "ZUFLUSS", "ABFLUSS", "ORTE-AM-UFER",
        "HÖHE", "FLÄCHE", "LÄNGE", "BREITE", "VOLUMEN", "MAX-TIEFE", "MITTLERE-TIEFE",
        "EINZUGSGEBIET", "BREITENGRAD", "LÄNGENGRAD"],
    ("de", "insel"): ["NAME", "BILD", "BILDBESCHREIBUNG", "GEWÄSSER", "INSELGRUPPE", "LÄNGE", "BREITE",
        "FLÄCHE", "HÖCHSTER-PUNKT", "HÖHE", "EINWOHNER", "HAUPTORT", "BREITENGRAD", "LÄNGENGRAD"],
    ("de", "schiff"): ["Name", "Bild", "Bildunterschrift", "Flagge", "Schiffstyp", "Bauwerft", "Baunummer",
        "Kiellegung", "Stapellauf", "Indienststellung", "Verbleib", "Länge", "Breite", "Tiefgang",
        "Verdrängung", "Besatzung", "Maschine", "Höchstgeschwindigkeit"],
    ("de", "burg"): ["Name", "Bild", "Bildbeschreibung", "Alternativname", "Entstehungszeit", "Burgentyp",
        "Erhaltungszustand", "Ständische Stellung", "Bauweise", "Ort", "Höhe", "Breitengrad",
        "Längengrad"],
    ("de", "staat"): ["NAME-AMTLICH", "NAME-DEUTSCH", "BILD-FLAGGE", "BILD-WAPPEN", "WAHLSPRUCH",
        "AMTSSPRACHE", "HAUPTSTADT", "STAATSFORM", "STAATSOBERHAUPT", "REGIERUNGSCHEF", "FLÄCHE",
        "EINWOHNER", "BEVÖLKERUNGSDICHTE", "BIP", "HDI", "WÄHRUNG", "NATIONALHYMNE", "ZEITZONE",
        "INTERNET-TLD", "TELEFONVORWAHL"],
    ("de", "gemeinde in frankreich"): ["Name", "Wappen", "Region", "Département", "Arrondissement",
        "Kanton", "Gemeindeverband", "Höhe", "Fläche", "Einwohner", "PLZ", "INSEE", "Breitengrad",
        "Längengrad"],
    ("de", "ortsteil einer gemeinde in deutschland"): ["Ortsteil", "Gemeindename", "Ortswappen",
        "Breitengrad", "Längengrad", "Höhe", "Fläche", "Einwohner", "Eingemeindungsdatum",
        "Postleitzahl", "Vorwahl", "Bild", "Bildbeschreibung"],
    ("de", "hochschule"): ["Name", "Logo", "Motto", "Gründung", "Trägerschaft", "Ort", "Bundesland", "Land",
        "Leitung", "Studierende", "Mitarbeiter", "Professoren", "Jahresetat", "Website"],
    ("de", "schule"): ["Name", "Bild", "Bildbeschreibung", "Schulform", "Schulnummer", "Gründung",
        "Adresse", "Ort", "Land", "Träger", "Schüler", "Lehrkräfte", "Leitung", "Website"],
    ("de", "brücke"): ["Name", "Bild", "Bildbeschreibung", "Überführt", "Querung", "Ort", "Konstruktion",
        "Gesamtlänge", "Breite", "Längste Stützweite", "Baubeginn", "Fertigstellung", "Eröffnung",
        "Planer"],
    ("de", "musikalbum"): ["Titel", "Künstler", "Typ", "Cover", "Veröffentlichung", "Label", "Format",
        "Genre", "Titel (Anzahl)", "Länge", "Besetzung", "Produktion", "Studio"],
    ("de", "band"): ["Name", "Bild", "Bildbeschreibung", "Herkunft", "Genre", "Gründung", "Auflösung",
        "Website"],
    ("de", "fernsehsendung"): ["Titel", "Originaltitel", "Bild", "Produktionsland", "Originalsprache",
        "Jahr", "Länge", "Episoden", "Staffeln", "Genre", "Idee", "Musik", "Erstausstrahlung",
        "Besetzung"],
    ("de", "computer- und videospiel"): ["Titel", "Originaltitel", "Bild", "Entwickler", "Verleger",
        "Komponist", "Erstveröffentlichung", "Plattform", "Spiel-Engine", "Genre", "Spielmodus",
        "Steuerung", "Medium", "Sprache", "USK", "PEGI"],
    ("de", "flugzeug"): ["Name", "Bild", "Bildbeschreibung", "Typ", "Entwurfsland", "Hersteller",
        "Erstflug", "Indienststellung", "Produktionszeit", "Stückzahl"],
    ("de", "unternehmen"): ["Name", "Logo", "Unternehmensform", "Gründungsdatum", "Sitz", "Leitung",
        "Mitarbeiterzahl", "Umsatz", "Stand", "Branche", "Homepage"],
    ("af", "persoon"): ["naam", "beeld", "onderskrif", "geboortedatum", "geboorteplek", "sterfdatum",
        "sterfplek", "nasionaliteit", "beroep", "gade", "kinders"],
    ("af", "eilande"): ["naam", "beeld naam", "beeld byskrif", "ligging", "argipel", "oppervlak",
        "hoogste berg", "hoogte", "land", "land hoofstad", "bevolking", "digtheid"],
    ("nn", "verksemd"): ["namn", "logo", "selskapsform", "skipa", "hovudkontor", "bransje", "direktør",
        "tilsette", "omsetnad", "nettstad"],
    ("fr", "commune de france"): ["nom", "image", "légende", "blason", "région", "département",
        "arrondissement", "canton", "intercomm", "maire", "mandat maire", "insee", "cp", "gentilé",
        "population", "année_pop", "superficie", "altitude mini", "altitude maxi", "latitude",
        "longitude"],
    ("fr", "entreprise"): ["nom", "logo", "légende", "création", "fondateurs", "forme juridique",
        "siège (ville)", "siège (pays)", "direction", "activité", "produits", "filiales", "effectif",
        "chiffre d'affaires", "site web"],
    ("es", "de persona"): ["nombre", "imagen", "pie de imagen", "fecha de nacimiento", "lugar de nacimiento",
        "fecha de fallecimiento", "lugar de fallecimiento", "nacionalidad", "ocupación", "cónyuge",
        "hijos", "premios"],
    ("es", "de localidad"): ["nombre", "imagen", "pie_de_imagen", "bandera", "escudo", "país",
        "tipo_superior_1", "superior_1", "fundación", "superficie", "altitud", "población", "densidad",
        "gentilicio", "código_postal", "sitio_web"],
    ("es", "de organización"): ["nombre", "logo", "tipo", "fundación", "fundador", "sede", "presidente",
        "miembros", "sitio web"],
    ("es", "de taxón"): ["name", "image", "image_caption", "status", "status_system", "regnum", "divisio",
        "classis", "ordo", "familia", "genus", "species", "binomial", "binomial_authority"],
}
# Spanish Wikipedia's taxobox took the English one's parameter names: its box, read as an
# English article, is rightly the English Taxobox.
SAME_NAMES_AS_ENGLISH = {("es", "de taxón")}


@pytest.mark.parametrize(("lang", "expected"), sorted(FOREIGN_TEMPLATES))
def test_templates_of_other_wikipedias_are_recognised_in_their_language(lang: str, expected: str) -> None:
    key, confidence = infer(FOREIGN_TEMPLATES[(lang, expected)], lang=lang)
    assert key == expected and confidence >= 0.6
    template = load_registry().find(key, lang)
    assert template is not None and template.lang == lang


@pytest.mark.parametrize(("lang", "expected"), sorted(FOREIGN_TEMPLATES.keys() - SAME_NAMES_AS_ENGLISH))
def test_a_box_of_another_wikipedia_read_as_english_gets_no_english_template(lang: str, expected: str) -> None:
    assert infer(FOREIGN_TEMPLATES[(lang, expected)], lang="en")[0] == ""


@pytest.mark.parametrize("lang", sorted({lang for lang, _key in FOREIGN_TEMPLATES}))
def test_english_boxes_in_an_article_of_another_language_get_the_generic_box(lang: str) -> None:
    english = [*ADDED_TEMPLATES.values(), SETTLEMENT_GB, CASTLE, BUILDING, NFL_COACH, SCIENTIST, COUNTRY,
               ["name", "birth_date", "birth_place", "occupation", "known_for", "spouse"],
               ["name", "logo", "screenshot", "developer", "released", "latest release version",
                "operating system", "programming language", "genre", "license", "website"]]
    # The generated data knows templates of those wikis that took English Wikipedia's
    # parameter names (German "Infobox Ort im Vereinigten Königreich" takes official_name,
    # static_image_name...): such a template may be chosen, one that merely shares a few
    # names may not.
    registry = load_registry(lang=lang)
    wrong = []
    for names in english:
        key = infer(names, lang=lang)[0]
        template = registry.find(key, lang) if key else None
        if template is not None and (template.lang != lang or sum(
                template.knows(normalise(n)) or registry.is_shared(normalise(n)) for n in names
        ) < 0.6 * len(names)):
            wrong.append((names, key))
    assert wrong == []


@pytest.mark.parametrize(("lang", "expected"), sorted(FOREIGN_TEMPLATES))
def test_templates_of_other_wikipedias_keep_their_name_without_their_rarest_field(lang: str, expected: str) -> None:
    """Like the English test above, within the article's language."""
    registry = load_registry()
    names = FOREIGN_TEMPLATES[(lang, expected)]
    rarest = max(names, key=lambda n: weights([normalise(n)], registry, lang)[normalise(n)])
    left = [n for n in names if n != rarest]
    key, _confidence = infer(left, lang=lang)
    other = registry.find(key, lang) if key else None
    assert key in (expected, "") or (other is not None and other.lang == lang and all(
        other.knows(normalise(n)) or registry.is_shared_hidden(normalise(n)) for n in left))


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("de", "software", "programmiersprache"),
        ("de", "fluss", "see"),
        ("de", "berg", "insel"),
        ("de", "see", "insel"),
        ("de", "hochschule", "schule"),
        ("de", "fußballspieler", "fußballverein"),
        ("de", "gemeinde in frankreich", "ortsteil einer gemeinde in deutschland"),
        ("de", "burg", "brücke"),
        ("de", "musikalbum", "band"),
        ("de", "fernsehsendung", "computer- und videospiel"),
        ("de", "unternehmen", "hochschule"),
        ("fr", "commune de france", "entreprise"),
        ("es", "de persona", "de organización"),
        ("es", "de localidad", "de organización"),
    ],
)
def test_close_neighbours_of_one_wikipedia_are_told_apart(lang: str, first: str, second: str) -> None:
    assert infer(FOREIGN_TEMPLATES[(lang, first)], lang=lang)[0] == first
    assert infer(FOREIGN_TEMPLATES[(lang, second)], lang=lang)[0] == second


def test_a_sparse_software_box_is_software_not_a_programming_language() -> None:
    names = ["Name", "Entwickler", "AktuelleVersion", "Betriebssystem", "Kategorie", "Lizenz", "Website"]
    assert infer(names, lang="de")[0] == "software"
    names = ["Name", "Paradigma", "Entwickler", "Typisierung", "Lizenz", "Website"]
    assert infer(names, lang="de")[0] == "programmiersprache"


def test_a_gemeinde_box_is_not_a_french_gemeinde_nor_an_ortsteil() -> None:
    german = ["Art", "Name", "Wappen", "Breitengrad", "Längengrad", "Lageplan", "Bundesland",
              "Regierungsbezirk", "Landkreis", "Höhe", "Fläche", "Einwohner", "PLZ", "Vorwahl", "Kfz",
              "Gemeindeschlüssel", "Gliederung", "Adresse", "Website", "Bürgermeister", "Partei"]
    assert infer(german, lang="de")[0] == "gemeinde in deutschland"


@pytest.mark.parametrize(
    "names",
    [
        ["Name", "Bild", "Bildbeschreibung"],
        ["Name", "Bild", "Bildbeschreibung", "Website"],
        ["NAME", "BILD", "BILDBESCHREIBUNG", "KARTE"],
        ["Name", "Bild", "Website"],
    ],
)
def test_sparse_german_field_sets_fall_back_to_the_generic_box(names: list[str]) -> None:
    box = build_infobox(fields(names), lang="de")
    assert (box.template, box.template_name) == ("", "Infobox")


def test_english_inference_does_not_depend_on_other_wikipedias_templates() -> None:
    """Weights are counted among the article's language's templates: a registry of the
    English templates alone answers every English field set exactly as the whole one."""
    from convert.infoboxes.registry import make_registry

    full = load_registry()
    english_only = make_registry([t for t in full.templates if t.lang == "en"], full.generic, full.shared_hidden,
                                 full.everywhere)
    assert len(english_only.templates) < len(full.templates)
    sets = [*ADDED_TEMPLATES.values(), SEED_FIELDS, SETTLEMENT_GB, SETTLEMENT_FR, CASTLE, BUILDING,
            NFL_COACH, SPORTSPERSON, PHILOSOPHER, SCIENTIST, RADIO, MOUNTAIN, TELEVISION, COUNTRY,
            ["name", "image", "caption", "website"], ["Taxon_Name", "Bild", "zorble"]]
    for names in sets:
        plain = [n if isinstance(n, str) else n[0] for n in names]
        assert infer(plain, full) == infer(plain, english_only), plain
    german_names = FOREIGN_TEMPLATES[("de", "fluss")]
    assert weights([normalise(n) for n in german_names], full) == \
        weights([normalise(n) for n in german_names], english_only)


def test_the_german_taxobox_lists_the_ranks_from_the_highest_down() -> None:
    box = build_infobox(fields([
        ("Taxon_Name", "Storchschnäbel"), ("Taxon_WissName", "Geranium"), ("Taxon_Rang", "Gattung"),
        ("Taxon_Autor", "L."), ("Taxon2_Name", "Storchschnabelgewächse"), ("Taxon2_Rang", "Familie"),
        ("Taxon3_Name", "Storchschnabelartige"), ("Taxon3_Rang", "Ordnung"),
        ("Bild", "Wiesenstorchschnabel.jpg"), ("Bildbeschreibung", "Wiesen-Storchschnabel"),
    ]), lang="de")
    assert (box.template, box.template_name) == ("taxobox", "Taxobox")
    lay = box.layout
    assert lay.title is not None and lay.title.text == "Storchschnäbel"
    assert lay.image == "Wiesenstorchschnabel.jpg"
    labels = [(r.label, r.field) for r in lay.rows if isinstance(r, DataRow)]
    assert labels == [("Ordnung", "Taxon3_Name"), ("Familie", "Taxon2_Name"),
                      ("Gattung", "Taxon_WissName"), ("Autor", "Taxon_Autor")]
    headers = [r.label for r in lay.rows if isinstance(r, HeaderRow)]
    assert headers == ["Systematik", "Wissenschaftlicher Name"]


def test_a_german_box_is_drawn_with_german_labels() -> None:
    box = build_infobox(fields([(n, f"{n} text") for n in FOREIGN_TEMPLATES[("de", "software")]]), lang="de")
    assert box.template_name == "Infobox Software"
    rows = {r.label: r.field for r in box.layout.rows if isinstance(r, DataRow)}
    assert rows["Aktuelle Version"] == "AktuelleVersion" and rows["Betriebssystem"] == "Betriebssystem"
    assert box.layout.title is not None and box.layout.title.text == "Name text"


def test_prefixes_of_other_wikipedias_are_written_as_those_wikipedias_write_them() -> None:
    names = {(lang, key): build_infobox(fields(FOREIGN_TEMPLATES[(lang, key)]), lang=lang).template_name
             for lang, key in [("af", "persoon"), ("nn", "verksemd"), ("es", "de persona"),
                               ("fr", "entreprise"), ("de", "taxobox")]}
    assert names == {("af", "persoon"): "Inligtingskas Persoon", ("nn", "verksemd"): "Infoboks verksemd",
                     ("es", "de persona"): "Ficha de persona", ("fr", "entreprise"): "Infobox Entreprise",
                     ("de", "taxobox"): "Taxobox"}


def test_a_forced_template_name_is_looked_up_in_the_articles_language_first() -> None:
    german = build_infobox(fields(["dt", "reg", "drb"]), template_override="Infobox Film", lang="de")
    assert german.template_name == "Infobox Film"
    assert [r.label for r in german.layout.rows if isinstance(r, DataRow)] == ["Regie", "Drehbuch"]
    english = build_infobox(fields(["name", "director"]), template_override="Infobox film")
    assert [r.label for r in english.layout.rows if isinstance(r, DataRow)] == ["Directed by"]


GERMAN_PROSE = (
    "Das Programm ist eine freie Software, die von einer Gemeinschaft von Entwicklern gepflegt "
    "wird. Sie wurde im Jahr 2004 zum ersten Mal veröffentlicht und ist seitdem für die "
    "wichtigsten Betriebssysteme erhältlich. Die Oberfläche ist in mehr als achtzig Sprachen "
    "übersetzt, auch in die deutsche. Neue Versionen erscheinen alle vier Wochen, und mit jeder "
    "werden Fehler behoben, die von den Nutzern gemeldet wurden. Der Quelltext steht unter einer "
    "Lizenz, die es jedem erlaubt, ihn zu lesen, zu ändern und weiterzugeben."
)


def _software_seed(body: str) -> bytes:
    box = "".join(f"    {name}:\n      text: {value}\n" for name, value in [
        ("name", "Beispielbrowser"), ("entwickler", "Beispiel-Stiftung"), ("erscheinungsjahr", "2004"),
        ("aktuelleversion", "112.0"), ("aktuelleversionfreigabedatum", "2023"),
        ("betriebssystem", "Windows, macOS, Linux"), ("programmiersprache", "C++, Rust"),
        ("kategorie", "Webbrowser"), ("lizenz", "MPL 2.0"), ("deutsch", "ja"),
        ("website", "beispiel.org"),
    ])
    front = "---\ntitle: Beispielbrowser\nauthor: Wikipedia\ninfoboxes:\n  - " + box[4:]
    return f"{front}---\n\n{body}\n".encode()


def test_a_german_article_with_a_german_software_box_gets_infobox_software() -> None:
    import convert

    doc, _warnings = convert.loads(_software_seed(GERMAN_PROSE), "browser.md")
    assert doc.meta.lang == "de"
    assert [(b.template, b.template_name) for b in doc.infoboxes] == [("software", "Infobox Software")]
    assert doc.infoboxes[0].confidence >= THRESHOLD
    english, _warnings = convert.loads(_software_seed(
        "The program is free software maintained by a community of developers. It was first "
        "released in 2004 and has been available for the major operating systems since then, "
        "with a new version every four weeks that fixes the bugs its users have reported."), "b.md")
    assert english.meta.lang == "en"
    assert english.infoboxes[0].template_name == "Infobox"  # German names in an English article


# ------------------------------------------------------------------ override


@pytest.mark.parametrize(
    "written", ["military conflict", "Infobox military conflict", "INFOBOX Military_Conflict"],
)
def test_override_forces_template(written: str) -> None:
    box = build_infobox(fields(["name", "zorble"]), template_override=written)
    assert (box.template, box.template_name, box.confidence) == (
        "military conflict", "Infobox military conflict", 1.0,
    )


def test_override_with_a_redirect_keeps_the_name_given() -> None:
    """``--infobox-template "Infobox battle"``: written as asked, drawn as the template."""
    box = build_infobox(fields(SEED_FIELDS), template_override="Infobox battle")
    plain = build_infobox(fields(SEED_FIELDS))
    assert (box.template, box.template_name, box.confidence) == ("battle", "Infobox battle", 1.0)
    assert box.layout == plain.layout


# ------------------------------------------------------------------ variants (redirect names)

OFFICE = ["name", "office", "term_start", "predecessor", "successor", "alma_mater"]


@pytest.mark.parametrize(
    ("office", "expected"),
    [
        ("U.S. Magistrate Judge of the United States District Court for the Eastern District of Texas", "judge"),
        ("Associate Justice of the Supreme Court of Canada", "judge"),
        ("Mayor of Toronto", "officeholder"),
        ("Member of the Judiciary Committee", "officeholder"),  # a word containing "judic" is not a court
    ],
)
def test_officeholder_of_a_court_is_written_as_infobox_judge(office: str, expected: str) -> None:
    box = build_infobox(fields([(n, office if n == "office" else f"v {n}") for n in OFFICE]))
    assert box.template == expected
    assert box.template_name == f"Infobox {expected}"
    reference = build_infobox(fields([(n, "Mayor of X" if n == "office" else f"v {n}") for n in OFFICE]))
    assert [r.label for r in box.layout.rows] == [r.label for r in reference.layout.rows]


def test_numbered_office_counts_for_the_judge_variant() -> None:
    names = [("name", "A"), ("office1", "Governor of Ohio"), ("office2", "Judge of the Court of Appeals"),
             ("term_start2", "1990"), ("predecessor2", "B")]
    assert build_infobox(fields(names)).template == "judge"


NFL = ["name", "position", "number", "birth_date", "birth_place", "height_ft", "height_in", "weight_lbs",
       "draftyear", "draftround", "draftpick", "college", "pastteams", "statlabel1", "statvalue1"]


def test_nfl_boxes_get_the_canonical_name_player_or_coach() -> None:
    """The redirect "Infobox NFL player" carries the same fields as the canonical name,
    so inference always writes "Infobox NFL biography" (the redirect is still understood)."""
    player = build_infobox(fields(NFL))
    coach = build_infobox(fields([*NFL, "pastcoaching"]))
    assert (player.template, player.template_name) == ("nfl biography", "Infobox NFL biography")
    assert (coach.template, coach.template_name) == ("nfl biography", "Infobox NFL biography")
    forced = build_infobox(fields(NFL), template_override="Infobox NFL player")
    assert (forced.template, forced.template_name) == ("nfl player", "Infobox NFL player")
    assert forced.layout == player.layout


def test_user_registry_variants(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "templates:\n"
        "  - name: space elevator\n"
        "    variants:\n"
        "      - {name: lunar elevator, value_matches: {anchor: '\\bmoon\\b'}}\n"
        "      - {name: orbital tether, with_any: ['climber{n}'], without: [anchor]}\n"
        "    rows: [name, anchor, tether_length, 'climber{n}']\n",
        encoding="utf-8",
    )
    def template(pairs: list[tuple[str, str]]) -> str:
        return build_infobox(fields(pairs), registry_file=user).template_name
    assert template([("name", "A"), ("anchor", "the Moon"), ("tether_length", "1")]) == "Infobox lunar elevator"
    assert template([("name", "A"), ("anchor", "Earth"), ("tether_length", "1")]) == "Infobox space elevator"
    assert template([("name", "A"), ("climber1", "x"), ("tether_length", "1")]) == "Infobox orbital tether"
    assert load_registry(user).find("Infobox lunar elevator") is not None  # a variant is a redirect


def test_override_with_unknown_template_keeps_its_name() -> None:
    box = build_infobox(fields(["name", "x"]), template_override="Infobox space elevator")
    assert (box.template, box.template_name) == ("space elevator", "Infobox space elevator")
    assert [r.label for r in box.layout.rows] == ["X"]


# ------------------------------------------------------------------ layouts


def test_numbered_career_rows_in_numeric_order() -> None:
    names = ["name"] + [f"{p}{i}" for i in range(1, 13) for p in ("years", "clubs", "caps", "goals")]
    box = build_infobox(fields(names))
    assert box.template == "football biography"
    career = [r for r in box.layout.rows if isinstance(r, ColumnsRow)]
    assert [r.fields[0] for r in career] == [f"years{i}" for i in range(1, 13)]
    assert career[0].fields == ("years1", "clubs1", "caps1", "goals1")


def test_pairs_take_their_label_from_the_title_field() -> None:
    box = build_infobox(fields([
        ("name", "Toronto"), ("settlement_type", "City"), ("leader_title", "Mayor"),
        ("leader_name", "John Tory"), ("subdivision_type", "Country"), ("subdivision_name", "Canada"),
        ("population_total", "2,615,060"), ("pushpin_map", "Canada Ontario"),
    ]))
    assert box.template == "settlement"
    assert box.layout.subtitle is not None and box.layout.subtitle.text == "City"
    rows = {r.label: r.field for r in box.layout.rows if isinstance(r, DataRow)}
    assert rows["Mayor"] == "leader_name" and rows["Country"] == "subdivision_name"
    assert "pushpin_map" not in shown_fields(box) and "leader_title" not in shown_fields(box)


def test_merged_label_row_continues_with_empty_labels() -> None:
    box = build_infobox(fields(["name", "birth_name", "birth_date", "birth_place", "occupation", "spouse"]))
    labels = [(r.label, r.field) for r in box.layout.rows if isinstance(r, DataRow)][:3]
    assert labels == [("Born", "birth_name"), ("", "birth_date"), ("", "birth_place")]
    continues = [r.continues for r in box.layout.rows if isinstance(r, DataRow)][:4]
    assert continues == [False, True, True, False]


def test_a_row_spanning_the_box_does_not_continue_the_row_above() -> None:
    # An officeholder's "order" has an empty label of its own: it spans the box.
    box = build_infobox(fields(["name", "order", "office", "term_start", "predecessor", "birth_date"]))
    assert box.template == "officeholder"
    order = next(r for r in box.layout.rows if isinstance(r, DataRow) and r.field == "order")
    assert order.label == "" and not order.continues


def test_coordinates_in_parts_are_one_position() -> None:
    box = build_infobox(fields([
        ("name", "Toronto"), ("settlement_type", "City"), ("subdivision_type", "Country"),
        ("subdivision_name", "Canada"), ("latd", "43"), ("latm", "42"), ("latns", "N"),
        ("longd", "79"), ("longm", "24"), ("longew", "W"), ("population_total", "2,615,060"),
    ]))
    rows = [r for r in box.layout.rows if isinstance(r, DataRow)]
    coordinates = [r for r in rows if r.label == "Coordinates"]
    assert [r.value.text for r in coordinates] == ["43°42′N 79°24′W"]
    assert not any(r.field in ("latm", "latns", "longd", "longm", "longew") for r in rows)


def test_coordinates_that_are_not_numbers_stay_as_written() -> None:
    box = build_infobox(fields([
        ("name", "Toronto"), ("settlement_type", "City"), ("subdivision_name", "Canada"),
        ("latd", "about forty"), ("longd", "79"), ("population_total", "2,615,060"),
    ]))
    shown = [r.value.text for r in box.layout.rows if isinstance(r, DataRow) and r.field in ("latd", "longd")]
    assert shown == ["about forty", "79"]


def test_image_names_lose_prefixes_and_markup() -> None:
    assert image_file("File:Foo_bar.jpg") == "Foo bar.jpg"
    assert image_file("[[Image:Baz.png|250px|alt=x]]") == "Baz.png"
    assert image_file("") == ""


def test_a_box_with_no_image_parameter_takes_its_first_picture_and_that_caption() -> None:
    box = build_infobox(fields([
        ("quux_image_name", "Bodmin Public Rooms - geograph.org.uk - 1064189.jpg"),
        ("quux_image_caption", "Bodmin Public Rooms"),
        ("zorble", "Cornwall"),
    ]))
    assert box.template == ""
    assert box.layout.image == "Bodmin Public Rooms - geograph.org.uk - 1064189.jpg"
    assert box.layout.caption is not None and box.layout.caption.text == "Bodmin Public Rooms"
    assert [r.field for r in box.layout.rows] == ["zorble"]


def test_other_pictures_their_captions_and_link_targets_are_not_rows() -> None:
    box = build_infobox(fields([
        ("name", "Toronto"), ("image_skyline", "Montage of Toronto 7.jpg"),
        ("image_caption", "From top left: Downtown Toronto"),
        ("image_flag", "Toronto Flag.svg"), ("flag_link", "Flag of Toronto"),
        ("image_map", "[[File:Toronto Location in Ontario.png|220px]]"),
        ("map_caption", "Location of Toronto in Ontario"),
        ("subdivision_type", "Country"), ("subdivision_name", "Canada"),
        ("population_total", "2,615,060"), ("motto", "Diversity Our Strength"),
    ]))
    assert box.template == "settlement"
    assert box.layout.image == "Montage of Toronto 7.jpg"
    assert box.layout.caption is not None and box.layout.caption.text.startswith("From top left")
    shown = shown_fields(box)
    assert not {"image_flag", "flag_link", "image_map", "map_caption"} & set(shown)
    assert {"motto", "population_total"} <= set(shown)


def test_no_template_lays_out_a_parameter_that_is_never_shown() -> None:
    # A row for a presentation-only parameter (flag_link is a link target, hidden in every
    # template) can never be drawn: it only misleads whoever edits the registry.
    registry = load_registry()
    never_shown = []
    for template in registry.templates:
        stack = list(template.rows)
        while stack:
            spec = stack.pop()
            stack.extend(spec.children)
            never_shown += [(template.name, p.source) for p in spec.params
                            if p.plain and (registry.is_shared_hidden(p.source) or template.is_hidden(p.source))]
    assert never_shown == []


@pytest.mark.parametrize("text, picture", [
    ("Toronto Flag.svg", True), ("File:A b.JPG", True), ("[[Datei:Logo.png|90px|Logo]]", True),
    ("Image:x_y.jpeg", True), ("Mozilla Firefox 50.1.0.PNG", True),
    (".png", False), ("PNG", False), ("a.png and b.png\nc", False), ("https://example.org/a.png", False),
    ("Flag of Toronto", False), ("version 1.2.svg editor", False), ("Photo.jpg.", False),
])
def test_what_counts_as_a_picture(text: str, picture: bool) -> None:
    from convert.infoboxes.layout import is_picture

    assert is_picture(value(text)) is picture


def test_humanize() -> None:
    assert humanize("birth_place") == "Birth place"
    assert humanize("former names") == "Former names"


def test_two_infoboxes_in_one_article_are_independent() -> None:
    first = build_infobox(fields(SEED_FIELDS), line=5)
    second = build_infobox(fields(["name", "birth_date", "birth_place", "occupation", "spouse"]), line=40)
    assert (first.template, second.template) == ("military conflict", "person")
    assert (first.line, second.line) == (5, 40)


def test_front_end_builds_two_infoboxes(tmp_path: Path) -> None:
    convert = pytest.importorskip("convert")
    if not hasattr(convert, "loads"):
        pytest.skip("front end not available")
    seed = (
        "---\ntitle: Two boxes\ninfoboxes:\n"
        "  - conflict:\n      text: Battle\n    combatant1:\n      text: A\n"
        "    combatant2:\n      text: B\n    casualties1:\n      text: 3\n"
        "  - name:\n      text: Someone\n    birth_date:\n      text: 1900\n"
        "    birth_place:\n      text: Paris\n    occupation:\n      text: Baker\n"
        "---\n\nBody.\n"
    )
    doc, _warnings = convert.loads(seed.encode(), "two.md")
    assert [b.template for b in doc.infoboxes] == ["military conflict", "person"]


# ------------------------------------------------------------------ registry data


def test_packaged_registry_is_broad_and_consistent() -> None:
    registry = load_registry()
    english = [t for t in registry.templates if t.lang == "en"]
    assert len(english) >= 160
    keys = [(t.lang, t.key) for t in registry.templates]
    assert len(keys) == len(set(keys))
    for name in ("person", "settlement", "officeholder", "film", "album", "company", "school",
                 "ship career", "taxobox", "football biography", "nfl player", "judge", "uk place",
                 "french commune", "nrhp", "road", "castle", "rugby biography", "weather event"):
        assert registry.find(name) is not None, name


def _knowers_by_scan(registry, name: str) -> frozenset[int]:  # type: ignore[no-untyped-def]
    if registry.is_shared_hidden(name) or registry.is_shared(name):
        return frozenset(range(len(registry.templates)))
    return frozenset(i for i, t in enumerate(registry.templates) if t.knows(name))


_REGISTRY_NAMES = sorted({p.source for t in load_registry().templates for p in (*t._numbered, *(
    compile_pattern(n) for n in t._plain))})


def _concrete(source: str, n: int) -> str:
    return source.replace("{n?}", str(n)).replace("{n}", str(n)).replace("{m}", str(n + 1)).replace("*", "x")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_REGISTRY_NAMES), st.integers(0, 12),
       st.sampled_from(["", "_", "x", "s", "_date", "1"]))
def test_the_registry_index_finds_what_a_scan_of_every_template_finds(source: str, n: int, tail: str) -> None:
    registry = load_registry()
    for name in (source, _concrete(source, n), _concrete(source, n) + tail, tail + _concrete(source, n)):
        assert registry.knowers(name) == _knowers_by_scan(registry, name), name


@pytest.mark.slow  # every name of the generated registry (11,000 templates): over 10 s
def test_the_registry_index_on_every_registry_name() -> None:
    registry = load_registry()
    for source in _REGISTRY_NAMES:
        for name in (source, _concrete(source, 1), _concrete(source, 0), _concrete(source, 23)):
            assert registry.knowers(name) == _knowers_by_scan(registry, name), name


def _match_by_regex(pattern, name: str):  # type: ignore[no-untyped-def]
    import re

    found = re.fullmatch(pattern.regex, name)
    if found is None:
        return None
    groups = found.groupdict()
    return (int(groups.get("n") or 0), int(groups.get("m") or 0))


_NUMBERED = [compile_pattern(s) for s in _REGISTRY_NAMES if "{" in s or "*" in s[1:]]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_NUMBERED), st.sampled_from(_NUMBERED), st.integers(0, 30),
       st.sampled_from(["", "_", "x", "1", "_date", "s"]))
def test_numbered_pattern_checks_agree_with_the_regular_expression(pattern, other, n: int, tail: str) -> None:  # type: ignore[no-untyped-def]
    """The string checks that spare a numbered pattern its regular expression never change
    what it matches: its own names, a neighbour's, with and without extra letters."""
    for name in (_concrete(pattern.source, n), _concrete(other.source, n), _concrete(pattern.source, n) + tail,
                 pattern.prefix + tail, pattern.prefix + str(n), tail + _concrete(pattern.source, n)):
        if pattern.source.startswith("*") and "{" not in pattern.source:
            continue  # a leading wildcard is matched by suffix alone, as before
        assert pattern.match(name) == (_match_by_regex(pattern, name) if name.startswith(pattern.prefix) else None), name


def test_user_registry_adds_a_template(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "templates:\n"
        "  - name: space elevator\n"
        "    title: name\n"
        "    rows:\n"
        "      - tether_length: Tether length\n"
        "      - anchor_station: Anchor\n"
        "      - header: Climbers\n"
        "      - table: ['climber{n}', 'climber{n}_speed']\n",
        encoding="utf-8",
    )
    box = build_infobox(
        fields(["name", "tether_length", "anchor_station", "climber1", "climber1_speed"]),
        registry_file=user,
    )
    assert (box.template, box.template_name) == ("space elevator", "Infobox space elevator")
    assert [type(r).__name__ for r in box.layout.rows] == ["DataRow", "DataRow", "HeaderRow", "ColumnsRow"]


def test_user_registry_override_needs_flag(tmp_path: Path) -> None:
    user = tmp_path / "dup.yaml"
    user.write_text("templates:\n  - name: person\n    rows: [name]\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_registry(user)
    assert err.value.line == 2 and "override" in err.value.message
    user.write_text(
        "templates:\n  - name: Person\n    override: true\n    rows: [name, pet_name]\n",
        encoding="utf-8",
    )
    registry = load_registry(user)
    person = registry.find("person")
    assert person is not None and person.knows("pet_name") and not person.knows("spouse")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("templates:\n  - name: x\n    rows: [a, b\n", 4, "invalid YAML"),
        ("templates:\n  - name: x\n    colour: red\n", 3, "unknown template key"),
        ("templates:\n  - rows: [a]\n", 2, "needs a 'name'"),
        ("templates:\n  - name: x\n    rows:\n      - pairs: [only_one]\n", 4, "pairs"),
        ("templates:\n  - name: x\n    uses: many\n", 3, "whole number"),
        ("templates:\n  - name: x\n    variants:\n      - name: y\n        value_matches: {a: '('}\n", 5,
         "regular expression"),
        ("templates:\n  - name: x\n    variants:\n      - name: y\n        when: z\n", 4, "unknown variant key"),
        ("templates:\n  - name: x\n    variants: [{with_any: [a]}]\n", 3, "'name'"),
        ("- just a list\n", 1, "mapping"),
    ],
)
def test_malformed_user_registry_raises_source_error(tmp_path: Path, text: str, line: int, words: str) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_registry(user)
    assert err.value.path == str(user.resolve()) and err.value.line == line
    assert words in err.value.message


def test_missing_user_registry_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        load_registry(tmp_path / "absent.yaml")


# ------------------------------------------------------------------ properties

NAMES = st.sampled_from([
    "name", "image", "caption", "birth_date", "combatant1", "combatant2", "casualties3",
    "years1", "clubs1", "leader_title1", "leader_name1", "map_size", "image_size", "zorble",
    "website", "spouse", "office", "term_start",
]) | st.text(alphabet="abcdefgh_123", min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(NAMES, max_size=14, unique=True))
def test_every_visible_field_is_shown_exactly_once(names: list[str]) -> None:
    box = build_infobox(fields(names))
    assert 0.0 <= box.confidence <= 1.0
    lay = box.layout
    heading = [f.name for f in box.fields if any(
        part is f.value for part in (lay.title, lay.subtitle, lay.caption)
    )]
    image = [f.name for f in box.fields if lay.image and f.value.text and image_file(f.value.text) == lay.image
             and f.name not in shown_fields(box) and f.name not in heading]
    pair_labels = [f.name for f in box.fields if any(
        isinstance(r, DataRow) and r.label == f.value.text and r.field != f.name for r in lay.rows
    )]
    shown = shown_fields(box) + heading + image[:1] + pair_labels
    hidden = {"map_size", "image_size"}
    for f in box.fields:
        if f.name not in hidden:
            assert shown.count(f.name) >= 1, (f.name, box.template)
    assert len(shown_fields(box)) == len(set(shown_fields(box)))
    assert not hidden & set(shown_fields(box))


def test_ten_thousand_fields_stay_fast() -> None:
    import time

    many = fields([f"field{i}" for i in range(10_000)])
    start = time.perf_counter()
    box = build_infobox(many)
    assert box.template == "" and len(box.layout.rows) == 10_000
    assert time.perf_counter() - start < 20  # ~1.5 s here; was 22 s before indexing
