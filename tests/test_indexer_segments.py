"""newsdesk's segment writing (NewsPositions and NewsCharacters postings, TermWriter's
in-memory pool) gives the same postings, lengths and stored fields as Whoosh's own writer
and Whoosh's way of reading a text's words."""

import pytest
from real_data import TRICKY, allsides_lines
from whoosh import index as whoosh_index
from whoosh.formats import Characters, Positions

from corpus import samples_path
from corpus.ingestion import ingest
from indexer.schema.documents import to_document
from indexer.schema.fields import build_schema
from indexer.schema.postings import NewsCharacters, NewsPositions
from indexer.whooshext.segments import TermWriter, news_codec
from indexer.whooshext.termpool import TermPool


def articles(tmp_path):
    paths = [samples_path()]
    export = tmp_path / "export.jsonl"
    lines = [f'{{"title": "Tricky {n}", "body": "{TRICKY} {n}", "url": "https://t.example/{n}"}}\n'
             for n in range(3)]
    lines += allsides_lines(12000, 40)
    export.write_text("".join(lines), encoding="utf-8")
    paths.append(export)
    found = [a for outcome in ingest(paths) for a in outcome.articles]
    assert len(found) >= 8
    return found


class PositionsThroughTokens(NewsPositions):
    """NewsPositions' bytes from Whoosh's own reading of the text: a Token per word."""

    word_values = Positions.word_values


def news_schema(format_class):
    schema = build_schema()
    schema.remove("body_pairs")  # derived by our writer alone (tests/test_indexer_pairs.py)
    schema.remove("body_held")  # likewise (tests/test_indexer_held.py)
    for name in ("title", "body"):
        assert isinstance(schema[name].format, NewsPositions)
        schema[name].format = format_class(field_boost=schema[name].format.field_boost)
    return schema


def build(folder, schema, writer_of, docs):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    writer = writer_of(ix)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return whoosh_index.open_dir(str(folder))


def segment_files(folder):
    """The segment's files (with compound=False) by name less the random segment id:
    "pst", "trm", "_body_len.col", "dupsig.col"..."""
    found = {p.name.split(".", 1)[1]: p.read_bytes() for p in folder.glob("MAIN_*.*")}
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(found), sorted(found)
    return found


def contents(ix):
    with ix.reader() as reader:
        postings = {}
        for field, text in reader.all_terms():
            matcher = reader.postings(field, text)
            found = []
            while matcher.is_active():
                found.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings[(field, text)] = found
        lengths = {
            (n, field): reader.doc_field_length(n, field)
            for n in reader.all_doc_ids() for field in ("title", "body", "author")
        }
        stored = list(reader.iter_docs())
        return postings, lengths, stored


# NewsPositions is what indexes are built with; NewsCharacters is in the schema of indexes
# built before it. The body is one text here, as Whoosh's own formats read it (the body with
# its headline is compared in tests/test_indexer_version.py).
@pytest.mark.parametrize("ours_format, whoosh_format",
                         [(NewsPositions, PositionsThroughTokens), (NewsCharacters, Characters)])
def test_same_postings_lengths_and_stored_fields_as_whoosh(tmp_path, ours_format, whoosh_format, version_1):
    with version_1() as body_alone:
        docs = [body_alone(a) for a in articles(tmp_path)]
    ours = build(tmp_path / "ours", news_schema(ours_format), lambda ix: TermWriter(ix, compound=False), docs)
    # Whoosh's writer with a pool small enough to spill runs to disk and merge them, and
    # the codec (compression level) ours writes with.
    theirs = build(tmp_path / "theirs", news_schema(whoosh_format),
                   lambda ix: ix.writer(limitmb=1, compound=False, codec=news_codec()), docs)
    mine, whoosh = contents(ours), contents(theirs)
    assert len(mine[0]) > 100 and any(field == "body" for field, _ in mine[0])
    assert mine == whoosh
    # Block statistics and term infos too: the postings and terms files are byte for byte equal.
    assert segment_files(tmp_path / "ours") == segment_files(tmp_path / "theirs")


def test_term_pool_orders_terms_then_documents():
    pool = TermPool()
    for item in [("body", b"b", 0, 1.0, b"x"), ("body", b"a", 0, 2.0, b"y"), ("author", b"z", 1, 1.0, None),
                 ("body", b"a", 3, 1.0, b"z"), ("body", b"a", 1, 1.0, b"w")]:
        pool.add(item)
    assert list(pool.iter_postings()) == [
        ("author", b"z", 1, 1.0, None), ("body", b"a", 0, 2.0, b"y"), ("body", b"a", 1, 1.0, b"w"),
        ("body", b"a", 3, 1.0, b"z"), ("body", b"b", 0, 1.0, b"x"),
    ]
    assert pool.fieldnames == {"author", "body"}


def test_shares_keep_order_and_cap_and_split_the_text_evenly(tmp_path):
    from corpus import discover
    from indexer.build import parallel, rawkeys

    articles(tmp_path)  # writes the export
    export = tmp_path / "export.jsonl"
    lines = export.read_bytes().split(b"\n")[:-1]
    for cap, workers, per_part in [(10_000, 1, 1000), (10_000, 2, 7), (10_000, 3, 5), (20, 2, 6), (7, 3, 4)]:
        todo = rawkeys.plan(discover([export]).inputs, {}, per_part, full=True)
        shares = list(parallel.shares(todo.tasks, workers, cap))
        # Every line once, in order, numbered as in the file; the bytes on disk all counted.
        assert [(n, line) for share in shares for part in share
                for n, line in enumerate(part.lines, start=part.first)] == list(enumerate(lines, start=1))
        assert sum(part.size for share in shares for part in share) == export.stat().st_size
        records = [sum(len(part.lines) for part in share) for share in shares]
        assert max(records) <= cap and len(shares) >= workers
        full, tail = divmod(len(lines), cap)
        assert records[:full] == [cap] * full
        # The last shares' bytes are within one record of an even split.
        sizes = [sum(len(line) + 1000 for part in share for line in part.lines) for share in shares[full:]]
        assert len(sizes) == min(workers, tail) or not tail
        assert max(sizes) - min(sizes) <= 2 * max(map(len, lines)) + 2000, (cap, workers, sizes)
    assert list(parallel.shares([], 2)) == [[]]


def test_an_article_added_a_field_at_a_time_writes_what_whooshs_add_document_writes(tmp_path):
    # Documents as this newsdesk writes them (the body indexed with its headline, the body
    # alone stored): TermWriter's own add_document against Whoosh's, which a document boost
    # of 1.0 sends it through, with the same pool and codec.
    docs = [to_document(a) for a in articles(tmp_path)]
    assert all(len(doc["body"].texts) == 2 and "_stored_body" in doc for doc in docs)
    ours = build(tmp_path / "ours", build_schema(), lambda ix: TermWriter(ix, compound=False), docs)
    theirs = build(tmp_path / "theirs", build_schema(), lambda ix: TermWriter(ix, compound=False),
                   [{**doc, "_boost": 1.0} for doc in docs])
    mine, whoosh = contents(ours), contents(theirs)
    assert any(field == "body_pairs" for field, _ in mine[0])
    assert mine == whoosh
    assert segment_files(tmp_path / "ours") == segment_files(tmp_path / "theirs")
