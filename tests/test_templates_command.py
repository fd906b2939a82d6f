"""``wikiexport templates`` and the check of ``--infobox-template``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from convert.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "corpus" / "toronto.md"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_templates_lists_the_english_registry_most_used_first() -> None:
    code, out, err = run("templates")
    lines = out.splitlines()
    assert code == 0 and len(lines) >= 600 and lines[0].startswith("Infobox settlement  (en")
    assert all("(en" in line for line in lines) and err.strip().endswith("templates")


def test_templates_of_another_language() -> None:
    code, out, _err = run("templates", "--lang", "de")
    assert code == 0 and "Infobox Berg  (de" in out and "(en" not in out


def test_templates_settlement_shows_parameters_labels_redirects_and_source() -> None:
    code, out, _err = run("templates", "settlement")
    assert code == 0
    assert out.startswith("Infobox settlement\n")
    assert "redirects: city, town" in out
    assert "    image_flag                       Flag\n" in out  # parameter and its label
    assert "aliases: " in out
    assert "source: hand-written" in out and "github:dbpedia/extraction-framework at " in out


def test_a_search_lists_the_templates_whose_name_has_the_words() -> None:
    code, out, _err = run("templates", "tennis")
    assert code == 0 and "Infobox tennis biography" in out and "Infobox settlement" not in out


def test_a_search_without_result_is_a_usage_error() -> None:
    code, _out, err = run("templates", "zorblequux")
    assert code == 2 and "no en infobox template matches 'zorblequux'" in err


def test_an_unknown_infobox_template_is_a_usage_error_naming_the_nearest(tmp_path: Path) -> None:
    code, _out, err = run("convert", str(SEED), "--to", "wikitext", "-o", str(tmp_path),
                          "--infobox-template", "Infobox setlement")
    assert code == 2
    assert "unknown infobox template 'Infobox setlement'" in err
    assert "did you mean: Infobox settlement" in err
    assert list(tmp_path.iterdir()) == []


def test_a_known_template_or_redirect_is_accepted(tmp_path: Path) -> None:
    code, _out, _err = run("convert", str(SEED), "--to", "wikitext", "-o", str(tmp_path), "-q",
                           "--infobox-template", "Infobox city")
    assert code == 0
    assert (tmp_path / "toronto.wiki").read_text(encoding="utf-8").startswith("{{Infobox city")
