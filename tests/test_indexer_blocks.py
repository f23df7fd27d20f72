"""Posting blocks laid out as arrays (indexer/whooshext/blocks.py) read back exactly what
was written, through Whoosh's matcher interface and as numpy arrays, and an index written
with them answers as one written with Whoosh's pickled blocks."""

import json
import random
import re
from array import array
from io import BytesIO

import numpy as np
import pytest
from real_data import allsides_lines
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.formats import Existence, Positions
from whoosh.reading import CorruptIndexError, TermNotFound

from corpus import samples_path
from corpus.ingestion import ingest
from indexer import blocklayout as layout
from indexer.schema.documents import to_document
from indexer.schema.fields import build_schema
from indexer.whooshext import arrays, blocks, mapped
from indexer.whooshext.blocks import ArrayBlockMatcher, ArrayPostingsWriter, NewsCodec
from indexer.whooshext.readers import open_reader
from indexer.whooshext.segments import BLOCK_POSTINGS, TermWriter, news_codec


def written(postings, format_, blocklimit=4, compression=1, in_map=False):
    """A posting list written by ArrayPostingsWriter into a file in memory, and a reader of it
    (`in_map`: reading from a buffer, as from a segment's memory map)."""
    out = BytesIO()
    postfile = StructFile(out)
    writer = ArrayPostingsWriter(postfile, blocklimit=blocklimit, compression=compression)
    writer.start_postings(format_, W3TermInfo())
    for docnum, weight, value in postings:
        writer.add_posting(docnum, weight, value)
    offset, length = writer.finish_postings().extent()
    postfile = BufferFile(memoryview(out.getvalue())) if in_map else StructFile(BytesIO(out.getvalue()))
    return ArrayBlockMatcher(postfile, offset, length, format_)


def read_back(matcher):
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


LAYOUTS = {
    "ones, small gaps": [(n * 3, 1.0, b"\x01\x00") for n in range(11)],
    "one weight for all": [(n, 2.5, b"\x02\x00\x01\x00") for n in range(9)],
    "counts": [(n, float(n % 5 + 1), bytes(2 * (n % 5 + 1))) for n in range(10)],
    "fractional weights": [(n, 0.25 * (n + 1), b"\x07\x00") for n in range(7)],
    "gaps past 65,535": [(n * 70_000, 1.0, b"\x01\x00") for n in range(6)],
    "a value past 65,535 bytes": [(0, 1.0, b"\x01\x00"), (5, 1.0, bytes(70_002)), (9, 1.0, b"\x03\x00")],
    "one posting": [(42, 3.0, b"\x09\x00")],
}


@pytest.mark.parametrize("name", LAYOUTS)
@pytest.mark.parametrize("compression", [0, 1])
def test_every_layout_reads_back_through_whooshs_interface_and_as_arrays(name, compression):
    postings = LAYOUTS[name]
    # Weights are kept as Whoosh's writer keeps them: 32-bit floats.
    expected = [(d, float(np.float32(w)), v) for d, w, v in postings]
    assert read_back(written(postings, Positions(), compression=compression)) == expected

    matcher = written(postings, Positions(), compression=compression)
    ids, weights, values = [], [], []
    while not matcher._atend:
        block_ids, block_weights = matcher.arrays(weights=True)
        lengths, joined = matcher.packed_values()
        ids += block_ids.tolist()
        weights += block_weights.tolist()
        ends = np.cumsum(lengths).tolist()
        values += [joined[a:b] for a, b in zip([0, *ends], ends)]
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    assert list(zip(ids, weights, values)) == expected


def test_a_format_without_values_stores_none():
    postings = [(n * 2, 1.0, b"") for n in range(10)]
    matcher = written(postings, Existence())
    assert read_back(matcher) == [(d, 1.0, None) for d, _, _ in postings]
    assert written(postings, Existence()).packed_values()[0].tolist() == []


def test_skipping_lands_on_the_first_posting_at_or_past_the_target():
    docnums = sorted(random.Random(3).sample(range(200_000), 600))
    postings = [(d, 1.0, b"\x01\x00") for d in docnums]
    rng = random.Random(4)
    for _ in range(200):
        matcher = written(postings, Positions(), blocklimit=64)
        at = rng.randrange(len(docnums))
        matcher.skip_to(docnums[at])
        target = docnums[at] + rng.randrange(1, 3000)
        wanted = [d for d in docnums if d >= target]
        if not wanted:
            matcher.skip_to(target)
            assert not matcher.is_active()
            continue
        matcher.skip_to(target)
        assert matcher.id() == wanted[0]
        assert [m for m in matcher.all_ids()] == wanted


def build(folder, writer_of, docs):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_of(ix)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return whoosh_index.open_dir(str(folder))


@pytest.mark.parametrize("compression", [0, 1])  # our blocks are written raw; older indexes' compressed
def test_an_index_answers_as_one_with_whooshs_pickled_blocks(tmp_path, allsides_docs, compression):
    ours = build(tmp_path / "ours", lambda ix: TermWriter(ix, codec=news_codec(compression)), allsides_docs)
    theirs = build(tmp_path / "theirs", lambda ix: ix.writer(codec=W3Codec(blocklimit=128)), allsides_docs)
    with open_reader(ours) as mine, open_reader(theirs) as whooshs:
        assert all(isinstance(leaf.codec(), NewsCodec) for leaf, _ in mine.leaf_readers())
        terms = list(whooshs.all_terms())
        # Whoosh's writer derives no word pairs (indexer/schema/pairs.py); all else is the same.
        assert terms == [term for term in mine.all_terms() if term[0] != "body_pairs"]
        checked = 0
        for field, text in terms:
            a, b = mine.postings(field, text), whooshs.postings(field, text)
            assert list(a.items_as("positions") if field == "body" else a.all_ids()) == \
                list(b.items_as("positions") if field == "body" else b.all_ids())
            if field == "body" and isinstance(a, ArrayBlockMatcher):
                checked += 1
                ids, weights = arrays.postings(mine, field, text)
                other_ids, other_weights = arrays.postings(whooshs, field, text)
                assert ids.tolist() == other_ids.tolist() and weights.tolist() == other_weights.tolist()
                docs = ids[::3]
                decode = mine.schema["body"].format.decode_joined
                found = arrays.positions(mine, field, text, docs, decode)
                assert [x.tolist() for x in found] == \
                    [x.tolist() for x in arrays.positions(whooshs, field, text, docs, decode)]
        assert checked > 50
        assert max(mine.doc_frequency(f, t) for f, t in terms) > 3 * BLOCK_POSTINGS  # many blocks
        assert not any(isinstance(whooshs.postings(f, t), ArrayBlockMatcher) for f, t in terms)
        # Term infos kept per segment (more words than it keeps: it starts again) answer as Whoosh's.
        assert all(isinstance(leaf._terms, blocks.CachedTerms) for leaf, _ in mine.leaf_readers())
        assert len(terms) > 2 * blocks.TERM_INFOS_KEPT
        for _ in range(2):
            for field, text in terms:
                assert mine.doc_frequency(field, text) == whooshs.doc_frequency(field, text)
                assert mine.frequency(field, text) == whooshs.frequency(field, text)
        for missing in [("body", b"zzqxnotaword"), ("title", b"zzqxnotaword")]:
            assert missing not in mine and mine.doc_frequency(*missing) == mine.frequency(*missing) == 0
            with pytest.raises(TermNotFound):
                mine.term_info(*missing)


@pytest.fixture
def allsides_docs(tmp_path):
    """1,500 articles of words drawn from the bundled samples, the commonest in most
    articles (posting lists of several blocks), plus every 40th allsides article when
    the corpus is there."""
    words = re.findall(r"[a-z]+", " ".join(p.read_text(encoding="utf-8").lower()
                                            for p in samples_path().glob("*.txt")))
    vocabulary = sorted(set(words))
    rng = random.Random(5)
    lines = []
    for n in range(1500):
        body = " ".join(vocabulary[min(int(rng.paretovariate(0.7)) - 1, len(vocabulary) - 1)]
                        for _ in range(rng.randrange(60, 240)))
        lines.append(json.dumps({"title": f"Article {n}", "body": body, "url": f"https://b.example/{n}"}) + "\n")
    export = tmp_path / "export.jsonl"
    export.write_text("".join(lines + allsides_lines(12000, 40)), encoding="utf-8")
    return [to_document(a) for outcome in ingest([export]) for a in outcome.articles]


def test_small_blocks_are_packed_without_numpy_into_the_same_bytes():
    rng = random.Random(6)
    for _ in range(300):
        count = rng.randrange(1, 17)
        ids = array("I", sorted(rng.sample(range(rng.choice([100, 200_000])), count)))
        weights = array("f", rng.choice([[1.0] * count, [2.5] * count,
                                         [float(rng.randrange(1, 9)) for _ in range(count)],
                                         [rng.random() * 3 for _ in range(count)]]))
        values = rng.choice([[], [bytes(rng.randrange(1, 9)) for _ in range(count)],
                             [bytes(rng.choice([2, 70_000]))] * count])
        assert layout._encode_small(ids, weights, values) == layout._encode_arrays(ids, weights, values)


@pytest.mark.parametrize("compression", [0, 1])
def test_a_list_walked_in_its_map_reads_and_skips_as_whoosh_steps_through_it(compression):
    postings = [(n * 7 + n % 3, float(n % 4 + 1), b"\x01\x00") for n in range(41)]  # 11 blocks
    stepped = written(postings, Positions(), compression=compression)
    assert mapped.frames(stepped) is None  # no map: read block by block through Whoosh
    ids, weights = mapped.whole_list(written(postings, Positions(), compression=compression, in_map=True))
    assert list(zip(ids.tolist(), weights.tolist())) == [(d, w) for d, w, _ in read_back(stepped)]
    for targets in [[0], [5, 29], [30, 150, 151], [200, 270], [276], [280], [1, 400]]:
        walked = written(postings, Positions(), compression=compression, in_map=True)
        stepped = written(postings, Positions(), compression=compression)
        for target in targets:
            walked.skip_to(target)
            stepped.skip_to(target)
            assert walked.is_active() == stepped.is_active()
            if stepped.is_active():
                assert (walked.id(), walked.weight(), walked.value()) == \
                    (stepped.id(), stepped.weight(), stepped.value())


def test_a_block_of_an_unknown_layout_is_refused_with_a_clear_error(monkeypatch):
    monkeypatch.setattr(layout, "VERSION", layout.VERSION + 1)
    matcher = written([(1, 1.0, b"\x01\x00"), (4, 1.0, b"\x02\x00")], Positions(), compression=0)
    monkeypatch.setattr(layout, "VERSION", layout.VERSION - 1)
    with pytest.raises(CorruptIndexError, match="reindex --full"):
        matcher.id()
