"""Articles in legacy encodings, as text and as HTML, through a real reindex and a search.

Text files declare nothing: charset-normalizer tells their encoding. HTML pages declare it
(<meta charset>, http-equiv or an XML declaration), and the declaration is used.
"""

import pytest

from corpus import InputFile, article_id, read_input
from corpus.decoding import Unreadable, decode_text
from indexer import SearchRequest, SearchService, reindex

# One article per encoding, in a language written in it; `word` has letters beyond ASCII
# and is searched for. Chinese and Japanese are not split into words by the analyser, so
# their `word` is a whole clause between punctuation marks.
ARTICLES = {
    "latin-1": ("Les élèves reviennent à l'école", "élèves", [
        "Les élèves de l'école Saint-Exupéry sont revenus lundi matin après deux semaines de travaux.",
        "Le maire a déclaré que la cantine rouvrirait à la rentrée, une décision saluée par les parents.",
        "Les enseignants ont préparé des activités en plein air pour fêter la fin du chantier.",
    ]),
    "windows-1252": ("Zürich’s café owners say “no”", "Zürich’s", [
        "Café owners in Zürich’s old town said “no” to the council’s plan on Monday — a déjà vu for many.",
        "The plan would have closed the Limmatquai to traffic for six months, the owners’ group said.",
        "A second vote is expected in the autumn, after the council has heard the residents’ objections.",
    ]),
    "windows-1251": ("Ремонт старого моста начнётся весной", "моста", [
        "Жители обоих берегов реки давно ждали ремонта старого каменного моста через реку.",
        "Строители обещают закончить работы к осени, сообщил в понедельник мэр города журналистам.",
        "На время ремонта пешеходы смогут переходить реку по временному деревянному настилу.",
    ]),
    "shift_jis": ("新しい橋の建設計画", "東京都は月曜日", [
        "東京都は月曜日、隅田川に架かる新しい橋の建設計画を発表した。",
        "工事は来年の春に始まる予定で、完成は三年後になるという。",
        "地元の住民は、渋滞が減ることを期待していると話した。",
    ]),
    "gb18030": ("北京新桥梁计划", "北京市政府周一宣布", [
        "北京市政府周一宣布，将在永定河上修建一座新的桥梁。",
        "工程预计将于明年春天开始，三年后完工，总投资约二十亿元。",
        "附近居民表示，希望新桥能够缓解早晚高峰的交通拥堵。",
    ]),
}
CJK = ("shift_jis", "gb18030")
# How each page declares its encoding: the three ways a page can.
DECLARATIONS = {
    "latin-1": "<meta charset='iso-8859-1'>",
    "windows-1252": "<meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>",
    "windows-1251": "<meta charset='windows-1251'>",
    "shift_jis": "<meta http-equiv='content-type' content='text/html;charset=Shift_JIS'>",
    "gb18030": "<meta charset='gb18030'>",
}


def text_file(title, paragraphs):
    return f"News\n{title}\n\n" + "\n\n".join(paragraphs) + "\n"


def html_page(title, paragraphs, declaration):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{declaration}<title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("encodings")
    for encoding, (title, _, paragraphs) in ARTICLES.items():
        (folder / f"{encoding}.txt").write_bytes(text_file(title, paragraphs).encode(encoding))
        page = html_page(title, paragraphs, DECLARATIONS[encoding])
        (folder / f"{encoding}.html").write_bytes(page.encode(encoding))
    index = tmp_path_factory.mktemp("index")
    report = reindex(index, [folder])
    assert report.rejected == []
    return folder, SearchService(index)


@pytest.mark.parametrize("encoding", ARTICLES)
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_an_article_in_a_legacy_encoding_round_trips(index, encoding, suffix):
    folder, _ = index
    title, _, paragraphs = ARTICLES[encoding]
    path = folder / f"{encoding}{suffix}"
    (article,) = read_input(InputFile(path, folder, path.name)).articles
    assert article.body == "\n\n".join(paragraphs)
    # Flattened text's headline is chosen by its words, which Chinese and Japanese do not
    # space apart: there the title is left empty rather than guessed.
    assert article.title == ("" if suffix == ".txt" and encoding in CJK else title)


@pytest.mark.parametrize("encoding", ARTICLES)
def test_a_word_beyond_ascii_finds_both_copies(index, encoding):
    _, service = index
    _, word, _ = ARTICLES[encoding]
    result = service.search(SearchRequest(q=word, collapse=False))  # the copies are near-duplicates
    assert {hit.id for hit in result.hits} == {article_id(None, f"{encoding}{suffix}") for suffix in (".txt", ".html")}


def test_an_xml_declaration_names_the_encoding():
    title, _, paragraphs = ARTICLES["windows-1251"]
    page = "<?xml version='1.0' encoding='windows-1251'?>" + html_page(title, paragraphs, "")
    assert title in decode_text(page.encode("windows-1251"), markup=True)


def test_a_declared_legacy_charset_reads_as_its_web_superset():
    # Pages that say ISO-8859-1 use windows-1252's curly quotes, as browsers read them.
    page = "<meta charset='iso-8859-1'><p>The council’s “plan” — again.</p>"
    assert "council’s “plan” —" in decode_text(page.encode("windows-1252"), markup=True)


def test_a_wrong_declaration_falls_back_to_detection():
    title, _, paragraphs = ARTICLES["windows-1251"]
    page = html_page(title, paragraphs, "<meta charset='shift_jis'>").encode("windows-1251")
    assert paragraphs[0] in decode_text(page, markup=True)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", bytes(range(1, 256)) * 16])
def test_binary_data_is_still_rejected(data):
    with pytest.raises(Unreadable, match="^binary file, not text$"):
        decode_text(data)
