"""The words wikiexport adds to an article, in the article's language.

Every writer takes its generated strings (contents, source and licence, the attribution
sentence, the reference heading...) from here, so that a German article's PDF, EPUB and
DOCX say the same German words, decided once. Languages: those of the ten largest
Wikipedias that the front end tells apart, and a few more of the largest; an article in
another language gets English, and its generated parts are marked ``lang="en"``.

Sentences are ``str.format`` templates; :meth:`Terms.sentence` fills them with escaped
HTML, :meth:`Terms.pieces` cuts them into text and placeholders for AST writers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from convert.wiki import text_direction

_EN = {
    "contents": "Contents",
    "source_and_licence": "Source and licence",
    "sources_and_licences": "Sources and licences",
    "title_page": "Title Page",
    "cover": "Cover",
    "references": "References",
    "contributors": "Wikipedia contributors",
    "source": "Source",
    "authors": "Authors",
    "licence": "Licence",
    "images": "Images",
    "image_credits": "Image credits",
    "page_history": "page history",
    "image_pages": "(see each file's page for its author and licence)",
    "credits": "Text from the Wikipedia article {article}, written by {authors}, available under the "
               "{licence} licence ({licence_url}).",
    "image_credit": "Image: {file}, see {page} for its author and licence.",
    "from_wikipedia": "This article is from Wikipedia, the free encyclopedia: {article}.",
    "text_by": "Text by Wikipedia contributors, available under {licence}.",
}

# Each language fills every key of _EN (tests/test_l10n.py checks the placeholders match).
TERMS: dict[str, dict[str, str]] = {
    "en": _EN,
    "de": {
        "contents": "Inhaltsverzeichnis", "source_and_licence": "Quelle und Lizenz",
        "sources_and_licences": "Quellen und Lizenzen", "title_page": "Titelseite", "cover": "Umschlag",
        "references": "Einzelnachweise", "contributors": "Wikipedia-Autoren", "source": "Quelle",
        "authors": "Autoren", "licence": "Lizenz", "images": "Bilder", "image_credits": "Bildnachweise", "page_history": "Versionsgeschichte",
        "image_pages": "(Urheber und Lizenz auf der Seite der Datei)",
        "credits": "Text aus dem Wikipedia-Artikel {article}, verfasst von {authors}, verfügbar unter der "
                   "Lizenz {licence} ({licence_url}).",
        "image_credit": "Bild: {file}; Urheber und Lizenz siehe {page}.",
        "from_wikipedia": "Dieser Artikel stammt aus Wikipedia, der freien Enzyklopädie: {article}.",
        "text_by": "Text von Wikipedia-Autoren, verfügbar unter {licence}.",
    },
    "fr": {
        "contents": "Sommaire", "source_and_licence": "Source et licence",
        "sources_and_licences": "Sources et licences", "title_page": "Page de titre", "cover": "Couverture",
        "references": "Références", "contributors": "contributeurs de Wikipédia", "source": "Source",
        "authors": "Auteurs", "licence": "Licence", "images": "Images", "image_credits": "Crédits des images", "page_history": "historique de la page",
        "image_pages": "(auteur et licence sur la page du fichier)",
        "credits": "Texte de l’article de Wikipédia {article}, écrit par les {authors}, disponible sous la "
                   "licence {licence} ({licence_url}).",
        "image_credit": "Image : {file} ; auteur et licence sur {page}.",
        "from_wikipedia": "Cet article provient de Wikipédia, l’encyclopédie libre : {article}.",
        "text_by": "Texte des contributeurs de Wikipédia, disponible sous {licence}.",
    },
    "es": {
        "contents": "Índice", "source_and_licence": "Fuente y licencia",
        "sources_and_licences": "Fuentes y licencias", "title_page": "Portada", "cover": "Cubierta", "references": "Referencias",
        "contributors": "colaboradores de Wikipedia", "source": "Fuente", "authors": "Autores",
        "licence": "Licencia", "images": "Imágenes", "image_credits": "Créditos de las imágenes", "page_history": "historial de la página",
        "image_pages": "(autor y licencia en la página del archivo)",
        "credits": "Texto del artículo de Wikipedia {article}, escrito por los {authors}, disponible bajo la "
                   "licencia {licence} ({licence_url}).",
        "image_credit": "Imagen: {file}; autor y licencia en {page}.",
        "from_wikipedia": "Este artículo procede de Wikipedia, la enciclopedia libre: {article}.",
        "text_by": "Texto de los colaboradores de Wikipedia, disponible bajo {licence}.",
    },
    "it": {
        "contents": "Indice", "source_and_licence": "Fonte e licenza", "sources_and_licences": "Fonti e licenze",
        "title_page": "Frontespizio", "cover": "Copertina", "references": "Note", "source": "Fonte",
        "contributors": "contributori di Wikipedia", "authors": "Autori", "licence": "Licenza",
        "images": "Immagini", "image_credits": "Crediti delle immagini", "page_history": "cronologia della pagina",
        "image_pages": "(autore e licenza nella pagina del file)",
        "credits": "Testo dalla voce di Wikipedia {article}, scritto dai {authors}, disponibile con la "
                   "licenza {licence} ({licence_url}).",
        "image_credit": "Immagine: {file}; autore e licenza su {page}.",
        "from_wikipedia": "Questa voce proviene da Wikipedia, l’enciclopedia libera: {article}.",
        "text_by": "Testo dei contributori di Wikipedia, disponibile con {licence}.",
    },
    "pt": {
        "contents": "Índice", "source_and_licence": "Fonte e licença", "sources_and_licences": "Fontes e licenças",
        "title_page": "Folha de rosto", "cover": "Capa", "references": "Referências", "contributors": "colaboradores da Wikipédia",
        "source": "Fonte", "authors": "Autores", "licence": "Licença", "images": "Imagens", "image_credits": "Créditos das imagens",
        "page_history": "histórico da página",
        "image_pages": "(autor e licença na página do arquivo)",
        "credits": "Texto do artigo da Wikipédia {article}, escrito pelos {authors}, disponível sob a "
                   "licença {licence} ({licence_url}).",
        "image_credit": "Imagem: {file}; autor e licença em {page}.",
        "from_wikipedia": "Este artigo vem da Wikipédia, a enciclopédia livre: {article}.",
        "text_by": "Texto dos colaboradores da Wikipédia, disponível sob {licence}.",
    },
    "nl": {
        "contents": "Inhoud", "source_and_licence": "Bron en licentie", "sources_and_licences": "Bronnen en licenties",
        "title_page": "Titelpagina", "cover": "Omslag", "references": "Referenties", "contributors": "Wikipedia-bijdragers",
        "source": "Bron", "authors": "Auteurs", "licence": "Licentie", "images": "Afbeeldingen", "image_credits": "Verantwoording afbeeldingen",
        "page_history": "paginageschiedenis",
        "image_pages": "(maker en licentie op de bestandspagina)",
        "credits": "Tekst uit het Wikipedia-artikel {article}, geschreven door {authors}, beschikbaar onder de "
                   "licentie {licence} ({licence_url}).",
        "image_credit": "Afbeelding: {file}; maker en licentie op {page}.",
        "from_wikipedia": "Dit artikel komt uit Wikipedia, de vrije encyclopedie: {article}.",
        "text_by": "Tekst door Wikipedia-bijdragers, beschikbaar onder {licence}.",
    },
    "sv": {
        "contents": "Innehåll", "source_and_licence": "Källa och licens", "sources_and_licences": "Källor och licenser",
        "title_page": "Titelsida", "cover": "Omslag", "references": "Referenser", "contributors": "Wikipedias skribenter",
        "source": "Källa", "authors": "Författare", "licence": "Licens", "images": "Bilder", "image_credits": "Bildkällor",
        "page_history": "sidhistorik",
        "image_pages": "(upphovsperson och licens på filsidan)",
        "credits": "Text från Wikipedia-artikeln {article}, skriven av {authors}, tillgänglig under "
                   "licensen {licence} ({licence_url}).",
        "image_credit": "Bild: {file}; upphovsperson och licens på {page}.",
        "from_wikipedia": "Den här artikeln kommer från Wikipedia, den fria encyklopedin: {article}.",
        "text_by": "Text av Wikipedias skribenter, tillgänglig under {licence}.",
    },
    "pl": {
        "contents": "Spis treści", "source_and_licence": "Źródło i licencja", "sources_and_licences": "Źródła i licencje",
        "title_page": "Strona tytułowa", "cover": "Okładka", "references": "Przypisy", "contributors": "autorzy Wikipedii",
        "source": "Źródło", "authors": "Autorzy", "licence": "Licencja", "images": "Ilustracje", "image_credits": "Źródła ilustracji",
        "page_history": "historia strony",
        "image_pages": "(autor i licencja na stronie pliku)",
        "credits": "Tekst z artykułu Wikipedii {article}, którego autorami są {authors}, dostępny na licencji "
                   "{licence} ({licence_url}).",
        "image_credit": "Ilustracja: {file}; autor i licencja na stronie {page}.",
        "from_wikipedia": "Ten artykuł pochodzi z Wikipedii, wolnej encyklopedii: {article}.",
        "text_by": "Tekst autorów Wikipedii, dostępny na licencji {licence}.",
    },
    "ru": {
        "contents": "Содержание", "source_and_licence": "Источник и лицензия",
        "sources_and_licences": "Источники и лицензии", "title_page": "Титульная страница", "cover": "Обложка",
        "references": "Примечания", "contributors": "участники Википедии", "source": "Источник",
        "authors": "Авторы", "licence": "Лицензия", "images": "Изображения", "image_credits": "Источники изображений", "page_history": "история страницы",
        "image_pages": "(автор и лицензия — на странице файла)",
        "credits": "Текст статьи Википедии {article}; авторы: {authors}; доступен по лицензии {licence} "
                   "({licence_url}).",
        "image_credit": "Изображение: {file}; автор и лицензия — на странице {page}.",
        "from_wikipedia": "Эта статья взята из Википедии — свободной энциклопедии: {article}.",
        "text_by": "Текст участников Википедии доступен по лицензии {licence}.",
    },
    "uk": {
        "contents": "Зміст", "source_and_licence": "Джерело та ліцензія", "sources_and_licences": "Джерела та ліцензії",
        "title_page": "Титульна сторінка", "cover": "Обкладинка", "references": "Примітки", "contributors": "дописувачі Вікіпедії",
        "source": "Джерело", "authors": "Автори", "licence": "Ліцензія", "images": "Зображення", "image_credits": "Джерела зображень",
        "page_history": "історія сторінки",
        "image_pages": "(автор і ліцензія — на сторінці файлу)",
        "credits": "Текст статті Вікіпедії {article}; автори: {authors}; доступний за ліцензією {licence} "
                   "({licence_url}).",
        "image_credit": "Зображення: {file}; автор і ліцензія — на сторінці {page}.",
        "from_wikipedia": "Ця стаття взята з Вікіпедії — вільної енциклопедії: {article}.",
        "text_by": "Текст дописувачів Вікіпедії доступний за ліцензією {licence}.",
    },
    "ja": {
        "contents": "目次", "source_and_licence": "出典とライセンス", "sources_and_licences": "出典とライセンス",
        "title_page": "扉", "cover": "表紙", "references": "脚注", "contributors": "ウィキペディアの執筆者", "source": "出典",
        "authors": "執筆者", "licence": "ライセンス", "images": "画像", "image_credits": "画像のクレジット", "page_history": "ページの履歴",
        "image_pages": "（作者とライセンスは各ファイルのページを参照）",
        "credits": "本文はウィキペディアの記事 {article} より。執筆: {authors}。{licence} ライセンス "
                   "({licence_url}) の下で利用できます。",
        "image_credit": "画像: {file}（作者とライセンスは {page} を参照）。",
        "from_wikipedia": "この記事はフリー百科事典ウィキペディアの {article} より。",
        "text_by": "本文はウィキペディアの執筆者によるもので、{licence} の下で利用できます。",
    },
    "zh": {
        "contents": "目录", "source_and_licence": "来源与许可协议", "sources_and_licences": "来源与许可协议",
        "title_page": "扉页", "cover": "封面", "references": "参考文献", "contributors": "维基百科贡献者", "source": "来源",
        "authors": "作者", "licence": "许可协议", "images": "图像", "image_credits": "图像来源", "page_history": "页面历史",
        "image_pages": "（作者与许可协议见各文件页面）",
        "credits": "文字来自维基百科条目 {article}，作者为 {authors}，依 {licence} 许可协议（{licence_url}）提供。",
        "image_credit": "图像：{file}，作者与许可协议见 {page}。",
        "from_wikipedia": "本文来自自由的百科全书维基百科：{article}。",
        "text_by": "文字由维基百科贡献者撰写，依 {licence} 提供。",
    },
    "ar": {
        "contents": "المحتويات", "source_and_licence": "المصدر والترخيص", "sources_and_licences": "المصادر والتراخيص",
        "title_page": "صفحة العنوان", "cover": "الغلاف", "references": "المراجع", "contributors": "مساهمو ويكيبيديا",
        "source": "المصدر", "authors": "المؤلفون", "licence": "الترخيص", "images": "الصور", "image_credits": "مصادر الصور",
        "page_history": "تاريخ الصفحة",
        "image_pages": "(المؤلف والترخيص في صفحة الملف)",
        "credits": "نص من مقالة ويكيبيديا {article}، كتبها {authors}، ومتاح بموجب ترخيص {licence} ({licence_url}).",
        "image_credit": "صورة: {file}؛ المؤلف والترخيص في {page}.",
        "from_wikipedia": "هذه المقالة من ويكيبيديا، الموسوعة الحرة: {article}.",
        "text_by": "نص من مساهمي ويكيبيديا، متاح بموجب {licence}.",
    },
}
# Wikipedias whose articles are written in a language above (same words).
_ALIASES = {"arz": "ar", "zh-yue": "zh", "zh-classical": "zh", "simple": "en"}

_FIELD = re.compile(r"\{(\w+)\}")


# The heading Wikipedias give their reference list, where it differs from or adds to the
# languages above (wikitext writes it when an article's references have none).
_REFERENCE_HEADINGS = {"af": "Verwysings", "nn": "Kjelder", "no": "Referanser", "nb": "Referanser"}


def reference_heading(lang: str) -> str:
    """The reference section's heading in a Wikipedia of language ``lang``."""
    code = lang.lower().split("-")[0]
    return _REFERENCE_HEADINGS.get(code) or terms(lang).references


@dataclass(frozen=True, slots=True)
class Terms:
    """The generated words of one language; ``lang`` is the language they are in
    (English for an article whose language has no translation)."""

    lang: str
    words: dict[str, str]

    @property
    def dir(self) -> str:
        """``rtl`` or ``ltr``: the direction of the words' language."""
        return text_direction(self.lang)

    def __getattr__(self, key: str) -> str:
        try:
            return self.words[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def sentence(self, key: str, **parts: Any) -> Any:
        """Sentence ``key`` as HTML: its text escaped, ``parts`` escaped unless they are
        already markup (a link made by a template macro)."""
        from markupsafe import Markup, escape

        if self.dir == "rtl":  # a URL or Latin name inside right-to-left words keeps its own order
            parts = {k: Markup('<span dir="ltr">{}</span>').format(v) for k, v in parts.items()}
        return Markup(escape(self.words[key])).format(**parts)

    def pieces(self, key: str) -> list[tuple[bool, str]]:
        """Sentence ``key`` cut into ``(is_placeholder, text)`` pieces, for writers that
        build a document tree (pandoc AST) instead of text."""
        out: list[tuple[bool, str]] = []
        pos = 0
        for m in _FIELD.finditer(self.words[key]):
            if m.start() > pos:
                out.append((False, self.words[key][pos:m.start()]))
            out.append((True, m.group(1)))
            pos = m.end()
        if pos < len(self.words[key]):
            out.append((False, self.words[key][pos:]))
        return out


def terms(lang: str) -> Terms:
    """The generated words for an article in Wikipedia language ``lang``."""
    code = lang.lower()
    code = _ALIASES.get(code, code)
    if code not in TERMS:
        code = code.split("-")[0]
    if code not in TERMS:
        code = "en"
    return Terms(code, TERMS[code])


def languages() -> list[str]:
    """The languages with translations."""
    return sorted(TERMS)
