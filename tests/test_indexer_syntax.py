"""Reading the query language into a tree: structure, repairs and their notices."""

import pytest

from indexer.search.syntax import Negated, Phrase, Word, parse


def shape(node):
    """A compact, comparable form of a tree."""
    if isinstance(node, Word):
        return f"{node.field}:{node.text}" if node.field else node.text
    if isinstance(node, Phrase):
        return f'{node.field + ":" if node.field else ""}"{node.text}"'
    if isinstance(node, Negated):
        return ["-", shape(node.item)]
    return ["OR" if node.any else "AND", *(shape(i) for i in node.items)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Laos troops", ["AND", "Laos", "troops"]),
        ('"Marxist ideology" Laos', ["AND", '"Marxist ideology"', "Laos"]),
        ("Laos OR Vietnam", ["OR", "Laos", "Vietnam"]),
        ("Laos AND Vietnam", ["AND", "Laos", "Vietnam"]),
        ("Kursk -Laos", ["AND", "Kursk", ["-", "Laos"]]),
        ("Kursk NOT Laos", ["AND", "Kursk", ["-", "Laos"]]),
        ("(Laos OR Vietnam) troops", ["AND", ["OR", "Laos", "Vietnam"], "troops"]),
        ("Kursk -(Laos OR Vietnam)", ["AND", "Kursk", ["-", ["OR", "Laos", "Vietnam"]]]),
        ('Kursk -"Marxist ideology"', ["AND", "Kursk", ["-", '"Marxist ideology"']]),
        ('title:Laos source:"Kyiv Independent"', ["AND", "title:Laos", 'source:"Kyiv Independent"']),
        ("since:2025-07 Kursk", ["AND", "since:2025-07", "Kursk"]),
        ("demin* Thonglun~2", ["AND", "demin*", "Thonglun~2"]),
        ("laos and russia or not", ["AND", "laos", "and", "russia", "or", "not"]),
        ("LAOS OR RUSSIA", ["AND", "LAOS", "OR", "RUSSIA"]),  # typed all in capitals: words
        ("foo:bar", ["AND", "foo", "bar"]),
        ("e-mail", ["AND", "e-mail"]),
        ("“Kursk region”", ["AND", '"Kursk region"']),
    ],
)
def test_structure(text, expected):
    parsed = parse(text)
    assert shape(parsed.tree) == expected
    assert parsed.notices == []


@pytest.mark.parametrize(
    "text, expected, notice",
    [
        ('"Laos troops', ["AND", '"Laos troops"'], "closing quote"),
        ("(Laos OR Vietnam", ["OR", "Laos", "Vietnam"], "closing bracket"),
        ("Laos ) troops", ["AND", "Laos", "troops"], "unmatched"),
        ("OR Laos", ["AND", "Laos"], "OR with nothing before"),
        ("Laos OR", ["AND", "Laos"], "OR with nothing after"),
        ("Laos NOT", ["AND", "Laos"], "NOT with nothing after"),
        ("(" * 12 + "Laos" + ")" * 12, ["AND", "Laos"], "nested deeper"),  # read as if flat
    ],
)
def test_repairs_are_noticed(text, expected, notice):
    parsed = parse(text)
    assert shape(parsed.tree) == expected
    assert any(notice in n for n in parsed.notices), parsed.notices


def test_a_dash_standing_alone_is_punctuation():
    assert shape(parse("Laos - Russia").tree) == ["AND", "Laos", "Russia"]


def test_plain_queries_are_told_apart():
    assert parse("efforts of the ambassador to change his policies").plain
    # Prose: brackets without operators, question marks, a dash standing alone.
    for text in ("the Baath (Renaissance) party", "What is information science?", "retrieval ? or not", "a - b"):
        assert parse(text).plain, text
    for text in ('"a b" c', "a OR b", "a -b", "title:a", "a*", "a~", "(a OR b) c", "a?b"):
        assert not parse(text).plain, text


def test_a_question_mark_closing_a_word_is_punctuation():
    assert parse("What is information science?").tree.items[-1] == Word("science")
    assert parse("(the ?slip? effect)").tree.items == [Word("the"), Word("slip"), Word("effect")]


@pytest.mark.parametrize("text", ["", "   ", '"', "((((", "))))", "- - -", "NOT NOT", "OR AND", ":", "title:",
                                  '"""', "a" * 1000, "(a " * 300, "\u0000", "-(", "*~?"])
def test_never_raises(text):
    parse(text)
