"""Bylines: names after "By", author labels, and lone name lines."""

import pytest

from corpus.text.byline import looks_like_name, parse_byline, parse_lone_name


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Olha Chepil |", "Olha Chepil"),
        ("By Olha Chepil", "Olha Chepil"),
        ("BY Maria Siow", "Maria Siow"),
        ("By MARIA SIOW", "Maria Siow"),
        ("By Jane Doe and John Roe, Reuters", "Jane Doe, John Roe"),
        ("By Jean-Luc O'Neil | 17 July 2025", "Jean-Luc O'Neil"),
        ("By Ludwig van Beethoven", "Ludwig van Beethoven"),
        ("Written by Anna Kowalska", "Anna Kowalska"),
        ("Author: Olha Chepil", "Olha Chepil"),
    ],
)
def test_bylines_name_the_author(line, author):
    assert parse_byline(line) == author


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, troops had reached the border.",
        "By the time the engineers arrived, the fields were cleared.",
        "By North Korea standards the deployment is small",
        "By",
        "Olha Chepil",
        "By Reuters",
        "By NEWS DESK",
    ],
)
def test_sentences_and_outlets_are_not_bylines(line):
    assert parse_byline(line) is None


def test_lone_name_lines():
    assert parse_lone_name("Maria Siow") == "Maria Siow"
    assert parse_lone_name("  Anna Maria Kowalska ") == "Anna Maria Kowalska"
    assert parse_lone_name("Vladimir Putin Thongloun Sisoulith") is None  # four words: a caption
    assert parse_lone_name("Latest News") is None
    assert parse_lone_name("Laos army") is None
    assert parse_lone_name("Maria") is None
    assert parse_lone_name("FRANCE WINS") is None


def test_names_are_capitalised_words():
    assert looks_like_name("Olha Chepil")
    assert not looks_like_name("olha chepil")
    assert not looks_like_name("Olha Chepil2")
