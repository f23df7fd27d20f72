"""The scale corpus generator: the same bytes for the same input, news-like articles (fields,
ids, dates, outlets, wire copies that newsdesk folds), a vocabulary that keeps growing, queries
never tuned on, and the statistics. On a hand-made corpus always, on real articles when present."""

import gzip
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from real_data import allsides_lines

from bench.perf.pages import KINDS, MIX
from bench.scale import corpus, heaps, source, stats, unseen
from bench.scale.corpus import mix_words
from bench.scale.measure import matcher
from bench.scale.vocabulary import Target
from indexer.schema import neardup

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["id", "title", "body", "source", "date", "url"]

_PARAGRAPHS = [
    "Senator Okonkwo said on Tuesday that the committee would vote on the border bill next week, after "
    "months of talks between the parties about money for the wall and for new judges at the crossings.",
    "The White House welcomed the news. A spokesman, Mr. Varga, said the president wanted a bill that both "
    "parties could support, and that he would sign it if it reached his desk before the holiday recess.",
    "Critics in Tucson and Yuma said the plan would do little for the towns along the line, where officials "
    "have asked for years for more staff, better roads and money for the clinics that treat migrants.",
    "The vote comes as the election nears. Polls show voters split on the wall, with most saying the health "
    "care costs of their families matter more to them than the border, the economy or the Supreme Court.",
    "Lawmakers from Ohio and Georgia said they expected the filibuster to hold, and that the Senate would "
    "need sixty votes to end the debate, which could take the rest of the month if nobody gives way first.",
    "In Kyiv, officials of Ukraine thanked the senators for the aid in the same bill, 4,800 million dollars "
    "over two years, and said the money would buy fuel, food and medicine for the coming winter months.",
]


def tiny_records() -> list[dict]:
    """Eight articles of three outlets, two undated, every body long enough for a signature."""
    outlets = ["Alpha News", "Beta Daily", "Gamma Wire"]
    records = []
    for n in range(8):
        body = "\n\n".join(_PARAGRAPHS[(n + k) % len(_PARAGRAPHS)].replace("Okonkwo", f"Okonkwo{n}x")
                             for k in range(3 + n % 3))
        records.append({"id": f"tiny{n}", "title": f"Border bill story number {n} from Zubrowka{n}",
                        "body": body, "source": outlets[n % 3],
                        "date": None if n in (2, 5) else f"2019-0{n + 1}-15",
                        "url": f"https://{outlets[n % 3].split()[0].lower()}.example/2019/story-{n}"})
    return records


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return write_jsonl(tiny_records(), tmp_path_factory.mktemp("tiny") / "tiny.jsonl")


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    lines = allsides_lines(37_554, 100)
    if not lines:
        pytest.skip("the allsides corpus is not beside this checkout")
    path = tmp_path_factory.mktemp("real") / "slice.jsonl"
    path.write_text("".join(lines), "utf-8")
    return path


def generated(path: Path, articles: int, seed: int = 0) -> list[tuple[corpus.Article, dict]]:
    """Each article as generated (with what it copies) and as written."""
    loaded = source.load(path, mix_words())
    return [(a, json.loads(a.line())) for a in corpus.generate(loaded, articles, seed)]


def test_the_same_input_count_and_seed_give_the_same_bytes(tiny, tmp_path):
    loaded = source.load(tiny, mix_words())
    first, second, other = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.jsonl.gz"
    corpus.write(loaded, first, 300, seed=7)
    corpus.write(source.load(tiny, mix_words()), second, 300, seed=7)
    corpus.write(loaded, other, 300, seed=8)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    plain = tmp_path / "a.jsonl"
    written = corpus.make(tiny, plain, 300, seed=7)  # what a benchmark calls
    assert written.articles == 300 and 0 < written.copies < 40 and written.coined > 0
    assert gzip.decompress(first.read_bytes()) == plain.read_bytes()


def test_real_articles_give_the_same_bytes_too(real, tmp_path):
    outs = [tmp_path / f"{n}.jsonl" for n in range(2)]
    for out in outs:
        corpus.write(source.load(real, mix_words()), out, 500, seed=1)
    assert outs[0].read_bytes() == outs[1].read_bytes()


@pytest.mark.parametrize("data", ["tiny", "real"])
def test_articles_have_the_real_fields_unique_ids_urls_and_dates_in_range(data, request):
    path = request.getfixturevalue(data)
    inputs = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    written = [record for _, record in generated(path, 1_000)]
    assert all(list(record) == FIELDS for record in written)
    assert len({r["id"] for r in written}) == len({r["url"] for r in written}) == 1_000
    assert {r["source"] for r in written} <= {r["source"] for r in inputs}
    dates = [date.fromisoformat(r["date"]) for r in written if r["date"]]
    assert min(dates) >= corpus.FIRST_DAY and max(dates) <= corpus.LAST_DAY
    assert max(dates) - min(dates) > (corpus.LAST_DAY - corpus.FIRST_DAY) * 0.9  # spread over the years
    undated = sum(not r["date"] for r in written) / len(written)
    real_undated = sum(not r["date"] for r in inputs) / len(inputs)
    assert abs(undated - real_undated) < 0.05
    assert all(r["url"].startswith("https://") and r["title"] and r["body"] for r in written)


def test_wire_copies_are_another_outlets_and_newsdesk_folds_them(tiny):
    articles = generated(tiny, 600, seed=3)
    by_number = {a.number: (a, r) for a, r in articles}
    copies = [(a, r) for a, r in articles if a.copy_of is not None]
    assert copies
    for copy, record in copies:
        original, first = by_number[copy.copy_of]
        assert copy.number > original.number and record["source"] != first["source"]
        assert record["title"] != first["title"] and record["body"] != first["body"]
        assert neardup.are_copies(neardup.unpack(neardup.signature(record["body"])),
                                  neardup.unpack(neardup.signature(first["body"])))


def test_near_duplicates_are_about_the_target_share_and_no_more(real):
    from bench.scale.measure import Copies
    from bench.scale.wire import WIRE_SHARE

    articles = generated(real, 2_000, seed=2)
    wire = sum(a.copy_of is not None for a, _ in articles) / len(articles)
    assert abs(wire - WIRE_SHARE) < 0.015
    copies = Copies()
    folded = [copies.add(record["body"]) for _, record in articles]
    assert sum(folded) / len(folded) == pytest.approx(wire, abs=0.01)  # few copies besides the wire's
    folded_copies = sum(f for f, (a, _) in zip(folded, articles) if a.copy_of is not None)
    assert folded_copies >= 0.95 * wire * len(articles)


@pytest.mark.parametrize("data", ["tiny", "real"])
def test_the_vocabulary_keeps_growing_past_the_inputs(data, request):
    path = request.getfixturevalue(data)
    loaded = source.load(path, mix_words())
    written = [json.loads(a.line()) for a in corpus.generate(loaded, 3 * len(loaded.templates), seed=1)]
    vocabulary = set()
    for record in written:
        vocabulary.update(heaps.words(f"{record['title']}\n{record['body']}"))
    assert len(vocabulary) > 1.2 * len(loaded.vocabulary)
    for word in mix_words() & loaded.vocabulary:  # the query mix's words are never renamed away
        assert word in vocabulary


def test_the_heaps_fit_recovers_a_known_law_and_the_target_follows_the_curve():
    points = [heaps.Point(n, n * 100, round(50 * (n * 100) ** 0.5)) for n in (1_000, 2_000, 4_000, 8_000)]
    fit = heaps.fit(points)
    assert fit.k == pytest.approx(50, rel=0.01) and fit.beta == pytest.approx(0.5, abs=0.001)
    assert fit.r2 > 0.9999
    target = Target(points, fit)
    assert target(400_000) == pytest.approx(points[2].vocabulary)
    assert target(3_200_000) == pytest.approx(fit.vocabulary(3_200_000), rel=0.01)  # carried on


@pytest.mark.parametrize("data", ["tiny", "real"])
def test_the_generator_and_the_statistics_read_the_same_real_curve(data, request):
    from bench.scale.measure import measure, records

    path = request.getfixturevalue(data)
    loaded = source.load(path, mix_words())
    marks = {point.articles for point in loaded.curve}
    measured = measure(records(path, source.CURVE_SEED), marks)
    assert measured.curve == loaded.curve
    assert measured.fit == heaps.fit(heaps.tail(loaded.curve))


def test_unseen_queries_differ_from_the_mix_and_match_something(real):
    written = [record for _, record in generated(real, 1_500, seed=4)]
    queries = unseen.draw(written, per_kind=2, seed=5)
    assert {query.kind for query in queries} == set(KINDS)
    assert not {query.q for query in queries} & {query.q for query in MIX}
    words = [word for query in queries for word in heaps.words(query.q)]
    assert len(words) == len(set(words))  # no word asked twice
    assert not set(words) & mix_words()
    for query in queries:
        matches = matcher(query)
        found = []
        for r in written:
            words_of = heaps.words(f"{r['title']}\n{r['body']}")
            found.append(matches(set(words_of), f" {' '.join(words_of)} ", r["source"]))
        assert any(found), query


def test_unseen_queries_of_a_tiny_corpus_match_something(tiny):
    written = [record for _, record in generated(tiny, 200, seed=4)]
    queries = unseen.draw(written, per_kind=1, seed=5)
    assert queries and not {query.q for query in queries} & {query.q for query in MIX}


def test_stats_compare_the_two_corpora(tiny, tmp_path):
    out = tmp_path / "scale.jsonl"
    corpus.write(source.load(tiny, mix_words()), out, 400, seed=1)
    text = stats.compare(tiny, out)
    for heading in ("## Vocabulary growth", "## Heaps' law fit", "## Terms by document frequency",
                    "## Articles", "## The perf query mix"):
        assert heading in text
    assert "| synthetic |      400 |" in text


def test_the_bench_command_writes_and_shows_its_options(tiny, tmp_path):
    listed = subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert "scale-corpus" in listed.stdout
    helped = subprocess.run([sys.executable, "-m", "bench", "scale-corpus", "--help"], cwd=ROOT,
                            capture_output=True, text=True)
    assert helped.returncode == 0
    for option in ("--articles", "--seed", "--stats"):
        assert option in helped.stdout
    out = tmp_path / "scale.jsonl.gz"
    done = subprocess.run([sys.executable, "-m", "bench", "scale-corpus", str(tiny), str(out),
                           "--articles", "50"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "wrote 50 articles" in done.stdout
    assert len(gzip.decompress(out.read_bytes()).splitlines()) == 50
