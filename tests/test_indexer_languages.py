"""Each article analysed in its own language, on real sentences: Snowball stemming of
inflected forms, Ukrainian lemmas, CJK bigrams, language-neutral analysis of an unknown
language (never English stemming), right-to-left text and mixed scripts; then through a
real index, the search service and /api/search."""

import json
import re

import pytest

from indexer import IndexStore, SearchRequest, SearchService, reindex
from indexer.schema.analysis import news_analyzer
from indexer.schema.languages import SNOWBALL
from indexer.search.query import build_query
from indexer.search.readings import blended
from webapp import create_app

ANALYZER = news_analyzer(multilingual=True)

# A news paragraph per language, and two inflected forms of one word in it that its
# analysis must read as one term (and English stemming would not).
PARAGRAPHS = {
    "de": ("Die Stadt Berlin will bis zum Jahr 2030 neue Häuser für Familien bauen. Ein Haus am "
           "Stadtrand kostet inzwischen mehr als eine halbe Million Euro.", "Häuser", "Haus"),
    "fr": ("Les élections régionales ont été reportées d’une semaine. Le gouvernement affirme que "
           "l’élection se tiendra dans toutes les communes.", "élections", "l’élection"),
    "es": ("El gobierno convocó elecciones anticipadas tras perder la votación del presupuesto. "
           "La oposición exige una elección limpia.", "elecciones", "elección"),
    "it": ("I governi europei hanno discusso a Bruxelles il piano per l’energia. Il governo italiano "
           "chiede più fondi per le famiglie.", "governi", "governo"),
    "pt": ("Os governos da região assinaram um acordo sobre a água. O governo brasileiro prometeu "
           "investir na seca do Nordeste.", "governos", "governo"),
    "nl": ("De regeringen van België en Nederland spraken over de grens. De regering in Den Haag "
           "wil meer controles.", "regeringen", "regering"),
    "sv": ("Regeringen i Stockholm presenterade budgeten på tisdagen. En ny regering kan bildas "
           "efter valet.", "Regeringen", "regering"),
    "no": ("Regjeringen la fram statsbudsjettet i Oslo. En ny regjering må forhandle med "
           "Stortinget.", "Regjeringen", "regjering"),
    "da": ("Regeringen i København vil sænke skatten. En ny regering skal forhandle med partierne.",
           "Regeringen", "regering"),
    "fi": ("Kaupungissa järjestettiin mielenosoitus. Kaupungin johtajat lupasivat vastata "
           "vaatimuksiin.", "Kaupungissa", "Kaupungin"),
    "pl": ("Władze Warszawy ogłosiły nowy plan transportu. Warszawa chce zamknąć centrum dla "
           "samochodów.", "Warszawy", "Warszawa"),
    "cs": ("Ministři vlády se sešli v Praze. Vláda schválila rozpočet na příští rok.", "vlády", "Vláda"),
    "ru": ("Мэр Москвы объявил о новых ограничениях. Москва закроет центр для машин в выходные.",
           "Москвы", "Москва"),
    "tr": ("Türkiye’nin başkenti Ankara’da seçim yapıldı. Türkiye yeni bir hükümet kuracak.",
           "Türkiye’nin", "Türkiye"),
    "ar": ("أعلنت الحكومة عن خطة جديدة للطاقة. وقالت الحكومات العربية إنها ستتعاون في المشروع.",
           "الحكومة", "الحكومات"),
    "el": ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την ενέργεια. Ο εκπρόσωπος της κυβέρνησης μίλησε "
           "στην Αθήνα.", "κυβέρνηση", "κυβέρνησης"),
    "id": ("Pemerintah Indonesia mengumumkan kebijakan baru. Pemerintahan di Jakarta akan mulai "
           "bulan depan.", "Pemerintah", "Pemerintahan"),
    "uk": ("У Києві відбулася зустріч міністрів. Делегація прибула до Києва у вівторок, щоб "
           "обговорити постачання зброї.", "Києві", "Києва"),
}


def terms(language, text, mode="index"):
    return [t.text for t in ANALYZER.in_language(language)(text, mode=mode)]


def positions(language, text):
    return [(t.text, t.pos) for t in ANALYZER.in_language(language)(text, positions=True)]


@pytest.mark.parametrize("language", sorted(PARAGRAPHS))
def test_each_language_reads_two_inflected_forms_as_one_term(language):
    paragraph, inflected, other = PARAGRAPHS[language]
    assert inflected in paragraph and other in paragraph
    assert terms(language, inflected) == terms(language, other) != []
    # English stemming would not have joined them (nor does the language-neutral analysis).
    assert terms("en", inflected) != terms("en", other) or terms(None, inflected) != terms(None, other)


def test_every_snowball_language_of_the_issue_is_stemmed():
    wanted = {"de", "fr", "es", "it", "pt", "nl", "sv", "no", "da", "fi", "pl", "cs", "ru", "tr", "ar", "el", "id"}
    assert wanted <= set(SNOWBALL) and wanted | {"uk"} <= set(PARAGRAPHS)


def test_stop_words_of_the_language_are_dropped_and_english_ones_are_words():
    assert "die" not in terms("de", "Die Stadt will bauen") and "stadt" in terms("de", "Die Stadt will bauen")
    assert terms("de", "the war") == ["the"]  # "war" is a German stop word; "the" a German word
    assert terms("en", "the war") == ["war"]


def test_accents_fold_where_the_language_treats_them_as_marks_only():
    assert terms("fr", "Élection") == terms("fr", "election")
    assert terms("sv", "år") != terms("sv", "ar")  # å is a letter of its own in Swedish
    assert terms("ru", "Йемен") != terms("ru", "Иемен")  # and й in Russian


def test_elision_and_turkish_suffixes():
    assert terms("fr", "l’État") == terms("fr", "État")
    assert terms("it", "dell’Unione") == terms("it", "Unione")
    assert terms("tr", "Ankara’da") == terms("tr", "Ankara")


def test_ukrainian_is_lemmatised_from_the_word_as_written():
    assert terms("uk", "будинки") == terms("uk", "будинок")
    assert terms("uk", "Києві") == ["київ"]


def test_cjk_runs_are_overlapping_bigrams_one_position_each():
    assert positions("zh", "北京大学的学生") == [("北京", 0), ("京大", 1), ("大学", 2), ("学的", 3),
                                              ("的学", 4), ("学生", 5)]
    assert terms("ja", "東京都") == ["東京", "京都"]
    assert terms("ko", "대통령은") == ["대통", "통령", "령은"]
    assert terms("zh", "中") == ["中"]


def test_mixed_scripts_split_where_the_script_changes():
    assert terms("zh", "新款iPhone手机") == ["新款", "iphone", "手机"]
    found = positions("ru", "Байден и NATO")  # "и" (and) is a Russian stop word
    assert [p for _, p in found] == [0, 1] and found[1][0] == "nato"  # positions close up


def test_an_unknown_language_is_neutral_never_english_stemming():
    for language in (None, "", "sw", "xx-YY"):
        assert terms(language, "Troops negotiations Kyïv") == ["troops", "negotiations", "kyiv"]
        assert terms(language, "the") == ["the"]  # no stop list either
    assert terms("en", "Troops negotiations") == ["troop", "negoti"]


def test_right_to_left_text_keeps_its_offsets():
    text = "הממשלה בירושלים החליטה"  # Hebrew: no stemmer, read as it is written
    # (Whoosh reuses one Token: each is read as it comes.)
    assert [text[t.startchar:t.endchar] for t in ANALYZER.in_language("he")(text, chars=True)] == text.split()
    arabic = PARAGRAPHS["ar"][0]
    found = ANALYZER.in_language("ar").occurrences(arabic)
    assert all(arabic[s:e].strip() for occurrences in found.values() for _, s, e in occurrences)


def test_english_is_exactly_the_news_analysis():
    text = "The troops’ T-72B1 tanks crossed into Kyïv on Tuesday"
    assert ANALYZER.in_language("en") is ANALYZER
    assert terms("en", text) == [t.text for t in news_analyzer()(text)]


# Through a real index.

def _record(n, language, title, body):
    return {"url": f"https://news.example/{language or 'xx'}/{n}", "title": title, "body": body,
            "source": f"Outlet {language or 'unknown'}", "published": "2025-07-01",
            **({"language": language} if language else {})}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("languages")
    records = [_record(n, lang, paragraph.split(".")[0], paragraph)
               for n, (lang, (paragraph, _, _)) in enumerate(sorted(PARAGRAPHS.items()))]
    records += [
        _record(100, "zh", "北京大学的学生", "北京大学的学生参加了全国比赛。新款iPhone手机昨天发布。"),
        _record(101, "ja", "東京の天気", "東京都は日本の首都です。明日は雨が降るでしょう。"),
        _record(102, "ko", "대통령 기자회견", "대통령은 서울에서 기자회견을 열었다."),
        _record(103, "he", "ממשלה חדשה", "הממשלה בירושלים החליטה על תקציב חדש."),
        _record(104, "en", "Macron visits Berlin", "President Macron met the chancellor for negotiations."),
        _record(105, "fr", "Macron à Berlin", "Le président Macron a rencontré le chancelier allemand."),
        _record(106, None, "Mkutano", "Serikali imetangaza negotiations kuhusu bei ya mafuta leo."),
        _record(107, "en", "War in the east", "The war in the east went on as troops advanced."),
    ]
    feed = folder / "news.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    reindex(folder / "index", [feed])
    return folder / "index"


def _found(index, q, **filters):
    result = SearchService(index).search(SearchRequest(q=q, **filters))
    return {hit.url.split("/")[3] for hit in result.hits}


@pytest.mark.parametrize("language", sorted(PARAGRAPHS))
def test_an_inflected_form_finds_the_article_in_its_language(index, language):
    _, inflected, other = PARAGRAPHS[language]
    assert language in _found(index, inflected)
    assert language in _found(index, other)


def test_haeuser_finds_haus_and_moskvy_finds_moskva(index):
    assert "de" in _found(index, "Häuser Stadtrand")
    assert "ru" in _found(index, "Москвы закроет")


def test_cjk_articles_match_by_bigrams(index):
    assert _found(index, "大学") == {"zh"}
    assert _found(index, "日本の首都") == {"ja"}
    assert _found(index, "대통령") == {"ko"}
    assert "zh" not in _found(index, "京都大学")  # the bigrams must follow each other


def test_names_match_across_languages(index):
    assert {"en", "fr"} <= _found(index, "Macron")


def test_the_unknown_language_is_not_stemmed(index):
    assert "xx" in _found(index, "negotiations")
    assert _found(index, "negotiation") == {"en"}


def test_a_stop_word_of_one_language_still_finds_the_others(index):
    assert "en" in _found(index, "war east")  # "war" is a German stop word
    assert _found(index, "war") == {"en"}  # alone it does not let every German article in


def test_lang_filters_and_reads_the_query_in_that_language(index):
    assert _found(index, "Macron", languages=("fr",)) == {"fr"}
    assert _found(index, "regering", languages=("sv",)) == {"sv"}


def test_passages_mark_words_in_every_language(index):
    service = SearchService(index)
    for q, marked in (("Москва", r"<mark>Москв[аы]</mark>"), ("הממשלה", "<mark>הממשלה</mark>"),
                      ("大学", "<mark>大学</mark>"), ("Häuser", r"<mark>H(ä|au)s(er)?</mark>")):
        hits = service.search(SearchRequest(q=q)).hits
        assert hits and any(re.search(marked, passage) for hit in hits for passage in hit.highlights), q


def test_did_you_mean_offers_a_word_of_another_language(index):
    result = SearchService(index).search(SearchRequest(q="Масква"))  # Москва misspelt
    assert result.total == 0 and result.suggestion and "москв" in result.suggestion.lower()


def test_the_api_has_a_language_facet_and_filter(index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    body = client.get("/api/search?q=Macron").get_json()
    facet = {f["value"]: f["count"] for f in body["facets"]["language"]}
    assert facet["en"] >= 1 and facet["fr"] >= 1
    only = client.get("/api/search?q=Macron&lang=fr").get_json()
    assert {hit["url"].split("/")[3] for hit in only["hits"]} == {"fr"}
    assert {f["value"] for f in only["facets"]["language"]} == {"fr"}
    page = client.get("/search?q=Macron").get_data(as_text=True)
    assert "lang=fr" in page


def test_a_word_read_differently_in_two_languages_is_scored_as_one_word(index):
    # "negotiations" is negoti in English, negotiation in French and itself in the neutral
    # reading (106): each form counts the articles of all, so no form is a rare find.
    with IndexStore(index).open().searcher() as searcher:
        built = build_query(searcher, "negotiations 大学")
        forms = next(forms for name, forms in built.blends if name == "body")
        assert {"negoti", "negotiations"} <= set(forms)
        assert not any("大学" in forms for _, forms in built.blends)  # read alike: one term
        scoring = blended(searcher, built.blends)
        for name in ("doc_frequency", "frequency"):
            both = sum(getattr(searcher, name)("body", form) for form in forms)
            assert [getattr(scoring, name)("body", form) for form in forms] == [both] * len(forms)
            assert getattr(scoring, name)("body", "大学") == getattr(searcher, name)("body", "大学") > 0
        assert scoring.doc_count_all() == searcher.doc_count_all()
        # One language: nothing to blend, the searcher as it was.
        assert blended(searcher, []) is searcher
