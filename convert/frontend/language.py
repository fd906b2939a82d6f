"""Which Wikipedia an article comes from, told from its text (``--lang auto``).

Seeds do not say their language, yet it decides the source URL (``de.wikipedia.org``), the
hyphenation of the PDF, the language tags of EPUB and DOCX and which infobox templates
compete in inference. Function words give it away: a few hundred words of running text hold
dozens of ``der die und`` or ``og ikkje frå``. Each language has a short list of its most
frequent function words; a word shared by several languages counts for each of them only
as a share, so close languages (Danish, Bokmål, Nynorsk; Dutch, Afrikaans) are told apart
by the words they do not share. Scripts used by one language only (Greek, Hangul, kana...)
decide by themselves. When the evidence is thin or two languages are close, the answer is
``None`` and the caller keeps its default: a wrong language is worse than the default one.
"""

from __future__ import annotations

import re

from convert.scripts import char_class, script_of

# The most frequent function words of each language, as Wikipedia prose uses them.
# Keys are Wikipedia language codes (Bokmål is "no").
_WORDS: dict[str, str] = {
    "en": "the of and to in a is was for on that with as by his he at from it an were are "
          "which this be or has had also its their but who not they have her she been",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
          "auch es an er wurde werden aus bei nach sie war zum zur sind einer durch wird über",
    "fr": "le la les de et des en du un une est dans que pour qui par sur au il a avec se ne "
          "pas plus sont ont été son sa ses aux cette mais ou",
    "es": "el la de que y en los del se las un por con una para es al lo como su más o fue "
          "sus entre también pero desde son ha sobre este esta",
    "it": "il di e la che in un è per una del della le non con i da si sono al dei nel alla "
          "come gli ha anche più delle stato fu",
    "pt": "o de a e que do da em um para é com não uma os no se na por mais as dos como mas "
          "foi ao ele das tem à seu sua ou ser também pelo pela",
    "nl": "de het een van en in is op te dat niet voor met zijn wordt werd ook door aan bij "
          "hij zij er als naar dan of om uit tot deze was",
    "af": "die en van is in het nie wat op vir te met word was ook sy hy deur aan as dat sal "
          "na om of uit tot hierdie n",
    "sv": "och i att det som en på är av för med till den har de inte om ett var men från "
          "sig så vid kan man eller efter också under år blev",
    "da": "og i at det som en på er af for med til den har de ikke om et var men fra sig så "
          "ved kan man eller efter også under blev havde været nogle mellem siden hendes",
    "no": "og i at det som en på er av for med til den har de ikke om et var men fra seg så "
          "ved kan man eller etter også under ble hadde vært være noen mellom siden hun ganger",
    "nn": "og i at det som ein på er av for med til den har dei ikkje om eit var men frå seg "
          "så ved kan eller etter òg også under vart hadde vore vere nokon mellom sidan ho gonger",
    "pl": "i w na z się do że nie to jest o jak po od przez dla jego oraz był była są a ale "
          "także który która",
    "cs": "a v se na je že s z do o to ve jako k by pro jeho byl která který není ale od po i",
    "fi": "ja on oli ei se että hän ovat myös kun joka mutta tai sen sekä ole kuin mukaan "
          "jälkeen",
    "tr": "ve bir bu da de ile için olarak en çok daha olan ise gibi sonra kadar ancak",
    "id": "yang dan di dari ini itu dengan untuk pada dalam adalah tidak ke oleh sebagai "
          "juga akan atau karena",
    "ro": "și de la în a cu pe din care este o un nu se mai pentru ca sau fost sunt",
    "hu": "a az és hogy nem is egy van meg ezt de csak már el ki mint volt",
    "ca": "el la de i que a en els les per un una amb del es com no al va més",
    "ru": "и в не на что с по это он как из к у за от был была были его для также",
    "uk": "і в на що з у та до не як це від за його був була були також є",
    "bg": "и на в за от се е да с по са като че това той които",
    "sr": "и у на је да се за од са као што су био била",
    "ar": "في من على إلى أن عن مع هذا التي الذي كان وقد بين",
    "fa": "و در به از که این را با است برای آن یک شد",
    "ur": "کے میں کی ہے اور سے کو نے کا پر یہ ہیں",
    "hi": "के में की है और से को का एक पर यह था",
}

# Scripts that name one language by themselves (their code points: convert.scripts).
_ONE_LANGUAGE: dict[str, str] = {
    "greek": "el", "hebrew": "he", "thai": "th", "georgian": "ka", "armenian": "hy",
    "kana": "ja", "hangul": "ko", "han": "zh",
}
_ONE_LANGUAGE_SCRIPT = re.compile(f"[{char_class(*_ONE_LANGUAGE)}]")
SAMPLE = 1200
"""Characters of text looked at: about two hundred words, cheap on every article."""
SCRIPT_SAMPLE = 300


def _weights() -> dict[str, tuple[tuple[str, float], ...]]:
    owners: dict[str, list[str]] = {}
    for lang, words in _WORDS.items():
        for word in dict.fromkeys(words.split()):
            owners.setdefault(word, []).append(lang)
    return {word: tuple((lang, 1 / len(langs)) for lang in langs) for word, langs in owners.items()}


_WEIGHTS = _weights()


def _by_script(sample: str) -> str | None:
    """The language of a text mostly in a one-language script, else ``None``."""
    counts: dict[str, int] = {}
    for ch in _ONE_LANGUAGE_SCRIPT.findall(sample):
        lang = _ONE_LANGUAGE[script_of(ch) or ""]
        counts[lang] = counts.get(lang, 0) + 1
    if counts.get("ja", 0) * 10 >= sum(counts.values()) and counts.get("ja", 0) >= 10:
        return "ja"  # kana beside kanji: Japanese, not Chinese
    lang, count = max(counts.items(), key=lambda item: item[1], default=("", 0))
    visible = len(sample) - sample.count(" ") - sample.count("\n")
    return lang if lang and count >= 20 and count * 2 >= visible else None


_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_MARKUP = re.compile(r"[|*#\[\]()_:;,.!?\"'»«„“”‘’–—=<>/\\-]+")


def detect_article(heads: list[str], body: str) -> str | None:
    """The language of an article from its title and description (``heads``) and body.

    Running text decides first (:func:`detect`). A list article has little of it: its
    body is tables and lists of names and numbers, which never make a fifth function
    words, and a German list was taken for English. Then the words of the title, the
    headings, the table cells and list items are read on, without Markdown punctuation,
    link targets or numbers, over four times the usual sample; there the function words
    that remain (``Liste der ...``, ``an der``, ``und``) decide, with the same margin over
    the runner-up but no share of the words required."""
    found = detect("\n".join([*heads, body[:SAMPLE]]))
    if found is not None:
        return found
    text = _LINK_TARGET.sub("]", "\n".join([*heads, body[:4 * SAMPLE]]))
    words = [w for w in _MARKUP.sub(" ", text.lower()).split() if not any(c.isdigit() for c in w)]
    return _by_words(words, min_score=3.0, min_share=0.0)


def detect(text: str) -> str | None:
    """The Wikipedia language code of ``text`` (prose, Markdown allowed), or ``None`` when
    the text does not say clearly."""
    sample = text[:SAMPLE].lower()
    if not sample.isascii():
        # A few hundred characters show a script; there is no need to scan them all.
        found = _by_script(sample[:SCRIPT_SAMPLE])
        if found is not None:
            return found
    # Words as the spaces cut them: a word with punctuation attached ("city,") or a link
    # ("[the](...)") is not counted, which costs a little evidence and saves most of the time.
    words = sample.split()
    if len(words) < 12:
        return None
    return _by_words(words, min_score=4.0, min_share=0.06)


def _by_words(words: list[str], min_score: float, min_share: float) -> str | None:
    """The language whose function words score best among ``words``, if it is clear."""
    weights = _WEIGHTS
    counts: dict[str, int] = {}
    for word in words:
        if word in weights:
            counts[word] = counts.get(word, 0) + 1
    scores: dict[str, float] = {}
    for word, count in counts.items():
        for lang, share in weights[word]:
            scores[lang] = scores.get(lang, 0.0) + share * count
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked:
        return None
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    # Real prose is a third function words; a list of names or numbers is not prose. The
    # runner-up must trail clearly: by a fifth, and by more than one shared-out word.
    if score < min_score or score < min_share * len(words) or score < 1.25 * second or score - second < 1.5:
        return None
    return best
