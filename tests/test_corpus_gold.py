"""The bundled samples against the hand labels in tests/data/gold.json: the quality gate."""

import json
from datetime import date
from pathlib import Path

import pytest

from corpus import Article, discover, read_input, samples_path
from corpus.article import heading_text

GOLD = json.loads((Path(__file__).parent / "data" / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    found = discover([samples_path()])
    assert found.rejected == []
    result = {}
    for item in found.inputs:
        outcome = read_input(item)
        assert outcome.error is None, (item.relative, outcome.error)
        (result[item.relative],) = outcome.articles
    return result


def test_every_labelled_sample_is_bundled(articles):
    assert sorted(articles) == sorted(GOLD)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_body_keeps_content_and_drops_boilerplate(articles, name):
    gold, body = GOLD[name], articles[name].body
    paragraphs = [heading_text(p) or p for p in body.split("\n\n")]
    optional = set(gold["optional"])
    # exactly the content lines, in order, once optional lines are set aside
    assert [p for p in paragraphs if p not in optional] == gold["content"]
    for line in gold["boilerplate"]:
        if line in optional:
            assert paragraphs.count(line) <= 1, line  # a caption printed twice is kept at most once
        else:
            assert line not in paragraphs, line
    for line in gold["author_line"] + [gold["title"]]:
        assert line not in paragraphs


@pytest.mark.parametrize("name", sorted(GOLD))
def test_subheadings_are_marked_and_nothing_else(articles, name):
    marked = [heading_text(p) for p in articles[name].body.split("\n\n")]
    assert [text for text in marked if text is not None] == GOLD[name]["headings"]


def test_the_laos_russia_heading_stands_alone(articles):
    paragraphs = articles["000_114527e8b27bd392.txt"].body.split("\n\n")
    at = paragraphs.index("## Laos-Russia Trade Deals")
    assert paragraphs[at + 1] == "When the USSR collapsed, the relationship didn’t end."


@pytest.mark.parametrize("name", sorted(GOLD))
def test_paragraphs_are_separated_by_one_blank_line(articles, name):
    body = articles[name].body
    assert body == body.strip()
    assert "\n\n\n" not in body
    assert all(p == p.strip() and p for p in body.split("\n\n"))


@pytest.mark.parametrize("name", sorted(GOLD))
def test_metadata_matches_gold(articles, name):
    gold, article = GOLD[name], articles[name]
    assert article.title == gold["title"]
    assert article.url == gold["url"]
    assert article.source == gold["source"]
    expected_date = date.fromisoformat(gold["date"]) if gold["date"] else None
    assert article.published == expected_date
    assert article.author == gold["author"]


def test_titles_keep_non_breaking_spaces(articles):
    title = articles["004_d2ffcf20a3f56a60.txt"].title
    assert title == "Russia to\xa0Involve Laos Troops in\xa0Its War Against Ukraine. Here’s What We\xa0Know"


def test_samples_are_read_as_english_with_stable_ids(articles):
    assert {a.language for a in articles.values()} == {"en"}
    assert articles["003_a07e13bfc74ba6b6.txt"].id == "db5a490eed81f0bb"
    assert len({a.fingerprint for a in articles.values()}) == 5
