"""Articles sharing a near-duplicate band, found by numpy in per-segment arrays: exactly what
looking the band keys up as terms finds, across segments and deletions, on a real index."""

import json
import random
import struct

import pytest
from synthetic import vocabulary

from indexer import IndexStore, SearchRequest, SearchService, reindex
from indexer.build.merging import TieredMerge
from indexer.present.bands import shared_bands, sharing_a_band
from indexer.schema.neardup import BINS, Signatures, band_keys, signature, unpack
from indexer.whooshext.readers import open_reader

STORIES = 30
COPIED = range(10)  # stories with copies: one in the first build, one added later
DELETED = range(5, 10)  # their later copy is deleted again
PARTIAL = range(10, 15)  # stories half reused by another article: bands shared, no copy


def story(rng, words, n):
    return f"story{n} " + " ".join(rng.choices(words, k=90))


def edited(rng, words, text, share=0.03):
    """The same text with a few words replaced, as an outlet edits wire copy."""
    out = text.split()
    for i in rng.sample(range(1, len(out)), int(share * len(out))):
        out[i] = rng.choice(words)
    return " ".join(out)


def record(label, body):
    return {"url": f"https://{label}.example.org/1", "title": f"{label} headline", "body": body,
            "source": f"Outlet {label}", "date": "2024-05-01"}


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Segments of 12 articles with copies spread over them, a later segment of copies,
    half of it deleted again."""
    folder = tmp_path_factory.mktemp("bands")
    feeds, index = folder / "feeds", folder / "index"
    feeds.mkdir()
    rng, words = random.Random(5), vocabulary()
    bodies = [story(rng, words, n) for n in range(STORIES)]
    base = [record(f"s{n}", body) for n, body in enumerate(bodies)]
    base += [record(f"c{n}", edited(rng, words, bodies[n])) for n in COPIED]
    base += [record(f"p{n}", bodies[n][: len(bodies[n]) // 2] + " " + " ".join(rng.choices(words, k=45)))
             for n in PARTIAL]
    rng.shuffle(base)
    write(feeds / "base.jsonl", base)
    reindex(index, [feeds], segment_articles=12)
    kept = [n for n in COPIED if n not in DELETED]
    write(feeds / "later.jsonl", [record(f"l{n}", edited(rng, words, bodies[n])) for n in kept])
    write(feeds / "gone.jsonl", [record(f"l{n}", edited(rng, words, bodies[n])) for n in DELETED])
    reindex(index, [feeds], merge=TieredMerge(per_tier=1000))
    (feeds / "gone.jsonl").unlink()
    reindex(index, [feeds], merge=TieredMerge(per_tier=1000))
    return index


@pytest.fixture
def reader(index):
    reader = open_reader(IndexStore(index).open())
    yield reader
    reader.close()


def by_terms(reader, signatures, docnum):
    """The articles indexed under any of the article's band keys, as term lookups find them."""
    found = set()
    for key in band_keys(signatures[docnum]):
        if reader.doc_frequency("dupbands", key):
            found.update(reader.postings("dupbands", key).all_ids())
    return tuple(sorted(found - {docnum}))


def test_the_arrays_find_exactly_what_the_band_terms_find(reader):
    signatures = Signatures(reader)
    live = list(reader.all_doc_ids())
    found = sharing_a_band(reader, signatures, live)
    assert found == {docnum: by_terms(reader, signatures, docnum) for docnum in live}
    # Every segment was searched as arrays, and what they found crosses segments.
    leaves = reader.leaf_readers()
    assert len(leaves) >= 5 and shared_bands(reader).by_terms == []
    segment = {base + d: n for n, (leaf, base) in enumerate(leaves) for d in range(leaf.doc_count_all())}
    assert any(segment[a] != segment[b] for a, shared in found.items() for b in shared)


def test_deleted_articles_are_never_found(reader):
    signatures = Signatures(reader)
    deleted = [base + d for leaf, base in reader.leaf_readers() for d in range(leaf.doc_count_all())
               if leaf.is_deleted(d)]
    assert len(deleted) == len(DELETED)
    # Their bands are still in the arrays: each deleted copy shares them with its story.
    assert all(sharing_a_band(reader, signatures, deleted).values())
    found = sharing_a_band(reader, signatures, list(reader.all_doc_ids()))
    assert not set(deleted) & {d for shared in found.values() for d in shared}


@pytest.mark.parametrize("n", [0, 3, 7, 12, 20])
def test_a_page_lists_every_copy_and_nothing_else(index, n):
    service = SearchService(index)
    result = service.search(SearchRequest(q=f"story{n}"))
    copies = {f"c{n}", *([f"l{n}"] if n in COPIED and n not in DELETED else [])} if n in COPIED else set()
    labels = {hit.title.split()[0]: {c.title.split()[0] for c in hit.duplicates} for hit in result.hits}
    if n in PARTIAL:  # half reused: two stories, no copies
        assert labels == {f"s{n}": set(), f"p{n}": set()}
    else:
        assert [{home, *listed} for home, listed in labels.items()] == [{f"s{n}", *copies}]
        assert len(next(iter(labels.values()))) == len(copies)
    for hit in result.hits:  # the article's own page lists the same copies
        assert {c.id for c in service.article_view(hit.id).duplicates} == {c.id for c in hit.duplicates}


def as_version_1(packed):
    """The signature as versions before CRC-32 stored it: no version byte."""
    _, count, *values = unpack(packed)
    return struct.pack(f"<I{BINS}I", count, *values)


def test_a_segment_of_older_signatures_is_looked_up_by_terms(tmp_path):
    feeds, index = tmp_path / "feeds", tmp_path / "index"
    feeds.mkdir()
    rng, words = random.Random(9), vocabulary()
    bodies = [story(rng, words, n) for n in range(6)]
    write(feeds / "new.jsonl", [record(f"s{n}", body) for n, body in enumerate(bodies)]
          + [record(f"c{n}", edited(rng, words, bodies[n])) for n in range(3)])
    reindex(index, [feeds])
    # A segment as an older version wrote it: each story and a copy, signed as version 1.
    writer = IndexStore(index).open().writer()
    for n in range(3):
        for label, body in ((f"o{n}", bodies[n]), (f"oc{n}", edited(rng, words, bodies[n]))):
            old = as_version_1(signature(body))
            writer.add_document(id=label, title=f"{label} headline", body=body, dupsig=old,
                                dupbands=" ".join(band_keys(old)))
    writer.commit(merge=False)
    reader = open_reader(IndexStore(index).open())
    try:
        signatures = Signatures(reader)
        live = list(reader.all_doc_ids())
        found = sharing_a_band(reader, signatures, live)
        assert shared_bands(reader).by_terms == [len(reader.leaf_readers()) - 1]
        assert found == {docnum: by_terms(reader, signatures, docnum) for docnum in live}
        labels = {reader.stored_fields(d)["title"].split()[0]: d for d in live}
        assert labels["oc1"] in found[labels["o1"]] and labels["c1"] in found[labels["s1"]]
    finally:
        reader.close()
