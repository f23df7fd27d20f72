"""Did-you-mean from the words file gives what Whoosh's per-article spelling postings gave."""

import json

import pytest
from real_data import TRICKY, allsides_lines
from schema_versions import body_alone, indexing_version_1
from whoosh import index as whoosh_index
from whoosh.fields import TEXT

from corpus import discover, read_input, samples_path
from indexer import reindex
from indexer.build.store import IndexStore
from indexer.present.suggest import suggest
from indexer.schema.analysis import news_analyzer
from indexer.schema.fields import build_schema
from indexer.schema.spelling import WORDS_FILE, SpellingWords


def sample_articles():
    found = discover([samples_path()])
    return [a for i in found.inputs for a in read_input(i).articles]


def build_old_style(index_dir, articles):
    """An index as newsdesk built it before the words file: body with spelling=True."""
    store = IndexStore(index_dir)
    folder, _ = store.create_generation(version=1)  # before the words file, before version 2
    schema = build_schema()
    schema.remove("body")
    schema.add("body", TEXT(analyzer=news_analyzer(), stored=True, chars=True, spelling=True,
                            multitoken_query="phrase"))
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer()
    for article in articles:
        writer.add_document(**body_alone(article))
    writer.commit()
    store.publish(folder)
    return store


def misspellings(articles, count=200):
    """Real body words, each with one or two letters dropped, swapped or changed."""
    analyzer = news_analyzer(stem=False)
    words = sorted({t.text for a in articles for t in analyzer(a.body)
                    if len(t.text) >= 5 and t.text.isalpha()})
    picked = words[:: max(1, len(words) // count)]
    typos = []
    for n, w in enumerate(picked):
        kind = n % 4
        if kind == 0:
            typos.append(w[:2] + w[3:])
        elif kind == 1:
            typos.append(w[0] + w[2] + w[1] + w[3:])
        elif kind == 2:
            typos.append(w[:-1] + "q")
        else:
            typos.append(w[:1] + w[3:])
    return picked[:20], typos


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    articles = sample_articles()
    old = build_old_style(tmp_path_factory.mktemp("old"), articles)
    new_dir = tmp_path_factory.mktemp("new")
    # The same body postings as the old index's: only where the words come from differs.
    with pytest.MonkeyPatch.context() as patcher, indexing_version_1(patcher):
        reindex(new_dir, [samples_path()])
    return articles, old, IndexStore(new_dir)


def test_new_index_has_words_file_and_no_spelling_postings(old_and_new):
    _, old, new = old_and_new
    assert (new.live_generation() / WORDS_FILE).is_file()
    assert not (old.live_generation() / WORDS_FILE).exists()
    with new.open().reader() as reader:
        assert "spell_body" not in set(reader.indexed_field_names())


def test_same_suggestions_as_whoosh_spelling_postings(old_and_new):
    articles, old, new = old_and_new
    known, typos = misspellings(articles)
    with old.open().searcher() as before, new.open().searcher() as after:
        for word in known:
            assert suggest(after, word) is None
        answers = [(suggest(before, typo), suggest(after, typo)) for typo in typos]
    assert [a for _, a in answers] == [b for b, _ in answers]
    assert sum(1 for b, _ in answers if b) > len(typos) // 2  # most typos get a suggestion
    assert suggest(new.open().searcher(), "Thonglon") == "Thongloun"


def test_gathered_words_are_every_bodys_unstemmed_words():
    """Gathering chunks and analysing each distinct word once gives exactly the words the
    analysis gives body by body."""
    bodies = [json.loads(line)["body"] for line in allsides_lines(40000, 40)]
    bodies += [a.body for a in sample_articles()] + [
        TRICKY,
        "İSTANBUL İstanbul ISTANBUL istanbul Straße STRASSE ǅemal ΣΟΦΙΑ σοφια KYÏV Kyïv",
        "re-Elected RE-ELECTED O’Brien’s O'BRIEN'S THE The the--and (Trump) Trump, TRUMP.",
    ]
    gathered = SpellingWords()
    for body in bodies:
        gathered.add(body)
    analyzer = news_analyzer(stem=False)
    expected = {t.text for body in bodies for t in analyzer(body)}
    assert gathered.words() == expected
    assert {"istanbul", "obrien", "elected", "re", "reelected"} <= expected


def write_feed(path, bodies):
    records = [{"url": f"https://x.example/{n}", "title": f"Story {n}", "body": body}
               for n, body in enumerate(bodies)]
    path.write_text("\n".join(json.dumps(r) for r in records), "utf-8")


FILLER = "The council met on Tuesday to discuss the budget for the coming year in detail."


def test_incremental_update_adds_the_new_words(tmp_path):
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, [FILLER + " Marrowfield"])
    reindex(tmp_path / "index", [feed])
    store = IndexStore(tmp_path / "index")
    with store.open().searcher() as searcher:
        assert suggest(searcher, "Quaxelbrnd") is None
    write_feed(feed, [FILLER + " Marrowfield", FILLER + " Quaxelbrand"])
    report = reindex(tmp_path / "index", [feed])
    assert not report.full and report.added == 1
    with store.open().searcher() as searcher:
        assert suggest(searcher, "Quaxelbrnd") == "Quaxelbrand"
        assert suggest(searcher, "Marowfield") == "Marrowfield"  # the first build's words stay


def test_an_incremental_words_file_is_what_a_full_build_writes(tmp_path):
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, [FILLER + " Marrowfield"])
    reindex(tmp_path / "index", [feed])
    write_feed(feed, [FILLER + " Marrowfield", FILLER + " Quaxelbrand zebra"])
    reindex(tmp_path / "index", [feed])
    reindex(tmp_path / "full", [feed])
    updated = (IndexStore(tmp_path / "index").live_generation() / WORDS_FILE).read_bytes()
    assert updated == (IndexStore(tmp_path / "full").live_generation() / WORDS_FILE).read_bytes()
    words = updated.decode("utf-8").split("\n")
    assert words == sorted(set(words)) and {"quaxelbrand", "zebra", "marrowfield"} <= set(words)
    # An update bringing no new word leaves the file as it was.
    write_feed(feed, [FILLER + " Marrowfield", FILLER + " zebra Quaxelbrand"])
    written = IndexStore(tmp_path / "index").live_generation() / WORDS_FILE
    before = written.stat().st_mtime_ns
    assert reindex(tmp_path / "index", [feed]).updated == 1
    assert written.stat().st_mtime_ns == before and written.read_bytes() == updated


def test_old_index_keeps_answering_until_the_next_reindex_rebuilds_it(tmp_path):
    store = build_old_style(tmp_path / "index", sample_articles())
    with store.open().searcher() as searcher:
        assert suggest(searcher, "Thonglon") == "Thongloun"
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, [FILLER + " Quaxelbrand"])
    # An index that old is of schema version 1: rebuilt in full, the samples read again.
    assert reindex(tmp_path / "index", [feed]).full
    assert (store.live_generation() / WORDS_FILE).is_file()
    with store.open().searcher() as searcher:
        assert suggest(searcher, "Thonglon") == "Thongloun"
        assert suggest(searcher, "Quaxelbrnd") == "Quaxelbrand"
