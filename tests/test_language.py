"""Telling an article's language from its text (``--lang auto``, the default)."""

from __future__ import annotations

import pytest

import convert
from convert.frontend.language import detect

from .conftest import SEEDS, corpus_files

# A few sentences of encyclopedia prose per language, written for these tests.
PROSE = {
    "en": "The bridge was built in 1890 by the city council and is one of the oldest in the "
          "region. It has been restored twice, and it was listed as a monument in 1975.",
    "de": "Die Brücke wurde im Jahr 1890 von der Stadt gebaut und ist eine der ältesten in der "
          "Region. Sie wurde zweimal restauriert und steht seit 1975 unter Denkmalschutz.",
    "fr": "Le pont a été construit en 1890 par la ville et il est un des plus anciens de la "
          "région. Il a été restauré deux fois et il est classé monument historique depuis 1975.",
    "es": "El puente fue construido en 1890 por la ciudad y es uno de los más antiguos de la "
          "región. Ha sido restaurado dos veces y es monumento desde 1975.",
    "it": "Il ponte è stato costruito nel 1890 dalla città ed è uno dei più antichi della "
          "regione. È stato restaurato due volte e dal 1975 è un monumento nazionale.",
    "pt": "A ponte foi construída em 1890 pela cidade e é uma das mais antigas da região. Foi "
          "restaurada duas vezes e é monumento nacional desde 1975, com um museu ao lado.",
    "nl": "De brug werd in 1890 door de stad gebouwd en is een van de oudste in de regio. Zij "
          "is twee keer gerestaureerd en is sinds 1975 een monument dat niet meer wordt gebruikt.",
    "af": "Die brug is in 1890 deur die stad gebou en is een van die oudste in die streek. Dit "
          "is twee keer herstel en is sedert 1975 'n monument wat nie meer gebruik word nie.",
    "sv": "Bron byggdes år 1890 av staden och är en av de äldsta i regionen. Den har "
          "restaurerats två gånger och har varit ett byggnadsminne sedan 1975, men inte öppen.",
    "da": "Broen blev bygget i 1890 af byen og er en af de ældste i regionen. Den er blevet "
          "restaureret to gange og har været fredet siden 1975, men den er ikke åben efter kl. 20.",
    "no": "Brua ble bygget i 1890 av byen og er en av de eldste i regionen. Den er restaurert "
          "to ganger og har vært fredet siden 1975, men den er ikke åpen etter klokka 20.",
    "nn": "Brua vart bygd i 1890 av byen og er ei av dei eldste i regionen. Ho er restaurert "
          "to gonger og har vore freda sidan 1975, men ho er ikkje open etter klokka 20 frå i år.",
    "pl": "Most został zbudowany w 1890 roku przez miasto i jest jednym z najstarszych w "
          "regionie. Był dwa razy odnawiany, a od 1975 roku jest zabytkiem, który nie jest czynny.",
    "ru": "Мост был построен в 1890 году городом и является одним из старейших в регионе. Он "
          "был дважды отреставрирован, и с 1975 года это памятник, который не используется.",
    "ja": "この橋は1890年に市によって建設され、地域で最も古い橋の一つです。二度修復され、"
          "1975年から記念物に指定されています。現在は歩行者専用です。",
    "zh": "这座桥于1890年由市政府建造，是该地区最古老的桥梁之一。它曾两次修复，自1975年起"
          "被列为文物保护单位，现在只供行人使用。",
    "ko": "이 다리는 1890년에 시에서 건설하였으며 지역에서 가장 오래된 다리 중 하나이다. 두 번 "
          "복원되었고 1975년부터 기념물로 지정되었다.",
    "ar": "بني الجسر في عام 1890 من قبل المدينة وهو من أقدم الجسور في المنطقة. وقد تم ترميمه "
          "مرتين وهو نصب تذكاري منذ عام 1975، ويقع على النهر الذي يمر في وسط المدينة.",
    "el": "Η γέφυρα χτίστηκε το 1890 από την πόλη και είναι μία από τις παλαιότερες της "
          "περιοχής. Αναστηλώθηκε δύο φορές και είναι μνημείο από το 1975.",
    "he": "הגשר נבנה בשנת 1890 על ידי העירייה והוא אחד הגשרים העתיקים באזור. הוא שוקם פעמיים "
          "והוכרז כאתר מורשת בשנת 1975.",
}


@pytest.mark.parametrize("lang", sorted(PROSE))
def test_prose_tells_its_language(lang: str) -> None:
    assert detect(PROSE[lang]) == lang


@pytest.mark.parametrize("text", [
    "",
    "Bridge 1890",  # too little to tell
    "| Name | Year |\n| --- | --- |\n| Juan Pérez | 1890 |\n| Hans Müller | 1901 |\n"
    "| Ole Hansen | 1920 |\n| Piet de Vries | 1933 |\n| Jean Dupont | 1950 |",  # names, no prose
    "Tokyo Osaka Kyoto Nagoya Sapporo Kobe Fukuoka Kawasaki Saitama Hiroshima Sendai Chiba",
])
def test_text_that_does_not_say_gives_no_answer(text: str) -> None:
    assert detect(text) is None


def test_an_english_article_full_of_foreign_names_is_english() -> None:
    text = ("Tokyo Tower (東京タワー, Tōkyō tawā) is a communications and observation tower in "
            "the Shiba-koen district of Minato, Tokyo, Japan. At 332.9 metres, it is the "
            "second-tallest structure in Japan. The structure is an Eiffel Tower-inspired "
            "lattice tower that is painted white and international orange.")
    assert detect(text) == "en"


def test_link_targets_are_not_words() -> None:
    text = PROSE["de"] + " " + " ".join(f"[x](https://en.wikipedia.org/wiki/The_{i}_of_the_and)" for i in range(30))
    assert detect(text) == "de"


def _seed(body: str, title: str = "Brücke") -> bytes:
    return f"---\ntitle: {title}\nauthor: Wikipedia\n---\n\n{body}\n".encode()


def test_the_front_end_sets_the_language_its_url_and_keeps_a_given_one() -> None:
    doc, _ = convert.loads(_seed(PROSE["de"]), "b.md")
    assert doc.meta.lang == "de"
    assert doc.meta.source_url == "https://de.wikipedia.org/wiki/Br%C3%BCcke"
    doc, _ = convert.loads(_seed(PROSE["de"]), "b.md", lang="fr")
    assert doc.meta.lang == "fr"
    doc, _ = convert.loads(_seed("Bridge 1890"), "b.md")
    assert doc.meta.lang == "en"  # nothing to tell from: the default


def test_a_detected_language_chooses_its_own_infobox_templates() -> None:
    front = ("---\ntitle: Statoil\nauthor: Wikipedia\ninfoboxes:\n  - name:\n      text: Statoil\n"
             "    rechtsform:\n      text: ASA\n    gründung:\n      text: 1972\n"
             "    sitz:\n      text: Stavanger\n    leitung:\n      text: Helge Lund\n"
             "    mitarbeiterzahl:\n      text: 29500\n    umsatz:\n      text: 650 Mrd.\n"
             "    branche:\n      text: Energie\n---\n\n")
    doc, _ = convert.loads((front + PROSE["de"] + "\n").encode(), "s.md")
    assert doc.meta.lang == "de"
    assert doc.infoboxes[0].template_name == "Infobox Unternehmen"


def test_bundled_and_corpus_articles_are_english_or_told_apart() -> None:
    langs = {p.stem: convert.load(p).meta.lang for p in [*sorted(SEEDS.glob("*.md")), *corpus_files()]}
    assert {langs[s] for s in ("battle-of-rastan", "tokyo-tower", "alexandria", "toronto")} == {"en"}
    assert langs["keilwelle"] == "de" and langs["statoil"] == "nn" and langs["africaans"] == "af"
    assert sorted(set(langs.values())) == ["af", "de", "en", "nn"]
