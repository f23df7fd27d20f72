"""Postings that keep positions alone (NewsPositions) answer as the character-offset postings
of indexes built before them: the same hits, totals and highlighted passages."""

import random

import pytest
from synthetic import WORDS, write_export
from whoosh import index as whoosh_index

from corpus import samples_path
from corpus.ingestion import ingest
from indexer import IndexStore, SearchRequest, SearchService, reindex
from indexer.schema.documents import to_document
from indexer.schema.fields import build_schema
from indexer.schema.postings import NewsCharacters, NewsPositions


@pytest.mark.parametrize("seed", range(5))
def test_positions_round_trip_one_by_one_and_many_at_once(seed):
    rng = random.Random(seed)
    values = []
    for _ in range(300):
        gaps = [rng.choice([0, 1, 2, 300, 65_535, 65_536, 1_000_000]) if rng.random() < 0.05
                else rng.randint(1, 40) for _ in range(rng.randint(1, 12))]
        gaps[0] = rng.randint(0, 5000)
        positions = [sum(gaps[: n + 1]) for n in range(len(gaps))]
        values.append(positions)
    format_ = NewsPositions(field_boost=2.0)
    encoded = [format_.encode(v) for v in values]
    assert [format_.decode_positions(e) for e in encoded] == values
    assert [format_.decode_frequency(e) for e in encoded] == [len(v) for v in values]
    assert format_.decode_weight(encoded[0]) == 2.0 * len(values[0])
    narrow = [e for e, v in zip(encoded, values) if len(e) % 2 == 0]
    assert 0 < len(narrow) < len(encoded)  # both layouts are exercised
    for batch in (encoded, narrow, narrow[:1]):
        counts, positions = format_.decode_many(batch)
        decoded = [format_.decode_positions(e) for e in batch]
        assert counts.tolist() == [len(d) for d in decoded]
        assert positions.tolist() == [p for d in decoded for p in d]


def build_with_offsets(folder, paths, to_document=to_document):
    """An index as newsdesk built them before NewsPositions: Characters postings for title
    and body (their schema names NewsCharacters); documents made by `to_document`."""
    store = IndexStore(folder)
    generation, _ = store.create_generation()
    schema = build_schema()
    for name in ("title", "body"):
        schema[name].format = NewsCharacters(field_boost=schema[name].format.field_boost)
    ix = whoosh_index.create_in(str(generation), schema)
    with ix.writer() as writer:
        for outcome in ingest(paths):
            for article in outcome.articles:
                writer.add_document(**to_document(article))
    store.publish(generation)
    return folder


def page(service, request):
    result = service.search(request)
    return result.total, [(hit.id, hit.title_highlight, hit.highlights) for hit in result.hits]


def test_an_index_with_character_offsets_answers_as_one_with_positions_alone(tmp_path, version_1):
    export = tmp_path / "export.jsonl"
    write_export(export, 400, seed=11)
    paths = [samples_path(), export]
    positions_dir = tmp_path / "positions"
    # Both as schema version 1 wrote them: character offsets never met a body with its headline.
    with version_1() as body_alone:
        reindex(positions_dir, paths)
        offsets_dir = build_with_offsets(tmp_path / "offsets", paths, body_alone)
    for folder, format_ in [(offsets_dir, NewsCharacters), (positions_dir, NewsPositions)]:
        ix = whoosh_index.open_dir(str(IndexStore(folder).require_live_generation()))
        assert type(ix.schema["body"].format) is format_

    new, old = SearchService(positions_dir), SearchService(offsets_dir)
    texts = [f'"{a} {b}"' for a, b in zip(WORDS, WORDS[1:])] + [
        "senate", "vote budget", '"storm flood market"', '"Kursk region"', "Russia", "Laos trade",
        '"vote vote"', 'court -"border court"', "election OR tariff",
    ]
    compared = marked = 0
    for text in texts:
        for request in (SearchRequest(q=text), SearchRequest(q=text, sources=("Beta Post",)),
                        SearchRequest(q=text, sort="newest"), SearchRequest(q=text, page=2)):
            found = page(new, request)
            assert found == page(old, request), request
            compared += len(found[1])
            marked += sum("<mark>" in p for _, title, passages in found[1] for p in [title, *passages])
    assert compared > 300 and marked > 300


def test_a_word_repeated_at_one_position_is_no_phrase_on_its_own(tmp_path):
    """"kilo-kilo" holds the term kilo twice at one position; "zebra kilo" is not in it."""
    import json

    records = [{"title": f"Note {n}", "body": f"Kilo reports number {n} came in today.",
                "url": f"https://k.example/{n}"} for n in range(5)]
    records.append({"title": "Zebra", "body": "The zebra walks far away from kilo-kilo today.",
                    "url": "https://z.example/1"})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    reindex(tmp_path / "index", [feed])
    service = SearchService(tmp_path / "index")
    assert service.search(SearchRequest(q='"zebra kilo"')).total == 0
    assert service.search(SearchRequest(q='"kilo today"')).total == 1
    assert service.search(SearchRequest(q='"zebra walks"')).total == 1
