"""The news analyzer: apostrophes, hyphenated names, accents, stemming."""

from indexer.schema.analysis import news_analyzer
from indexer.schema.fields import name_analyzer


def terms(text: str, mode: str = "index") -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in news_analyzer()(text, positions=True, mode=mode)]


def test_curly_and_straight_possessives_reduce_to_the_name():
    assert terms("Russia’s") == terms("Russia's") == terms("Russia") == [("russia", 0)]


def test_inner_apostrophes_are_dropped_not_split():
    assert terms("didn’t O'Brien") == [("didnt", 0), ("obrien", 1)]


def test_accents_fold_so_kyiv_matches_kyiv_with_diaeresis():
    assert terms("Kyïv") == terms("Kyiv") == [("kyiv", 0)]


def test_hyphenated_name_indexes_parts_and_joined_form():
    assert terms("T-72B1 tanks") == [("t", 0), ("72b1", 0), ("t72b1", 0), ("tank", 1)]


def test_hyphenated_name_in_a_query_yields_the_joined_form():
    assert terms("Mi-17V-5 helicopters", mode="query") == [("mi17v5", 0), ("helicopt", 1)]


def test_a_compound_takes_one_position_so_phrases_around_it_line_up():
    positions = dict(terms("provided Laos-Russia trade deals"))
    assert positions["provid"] + 1 == positions["laosrussia"] == positions["russia"]
    assert positions["russia"] + 1 == positions["trade"]


def test_stemming_and_stop_words_keep_single_letters_and_positions_close_up():
    tokens = terms("the troops were deploying a T")
    assert [text for text, _ in tokens] == ["troop", "were", "deploi", "t"]
    assert [pos for _, pos in tokens] == list(range(tokens[0][1], tokens[0][1] + 4))


def test_stop_words_that_are_news_names_are_kept():
    assert [text for text, _ in terms("US May Will")] == ["us", "mai", "will"]


def test_character_offsets_point_at_the_original_text():
    text = "Since then, Mi-17V-5 helicopters"
    tokens = {t.text: (t.startchar, t.endchar) for t in news_analyzer()(text, chars=True)}
    start, end = tokens["17v"]
    assert text[start:end] == "17V"
    start, end = tokens["mi17v5"]
    assert text[start:end] == "Mi-17V-5"


def test_name_analyzer_keeps_whole_names_unstemmed():
    assert [t.text for t in name_analyzer()("Olha Chepil")] == ["olha", "chepil"]
