"""Attention over time (indexer/present/coverage.py) on real on-disk indexes: periods,
totals, shares, outlets, undated matches, the interval chosen or coarsened, and the
columnar counts against counting every matched article's stored fields one by one."""

import json
from collections import Counter
from datetime import date

import pytest
from whoosh.query import Every

from indexer import BadRequest, SearchRequest, SearchService, reindex
from indexer.present.coverage import MAX_BUCKETS, CoverageOptions
from indexer.search.matches import matching_docs


def _index(folder, records):
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    reindex(folder / "index", [feed])
    return SearchService(folder / "index")


def _article(n, source, published, words):
    record = {"url": f"https://{source.lower()}.example/{n}", "source": source, "title": f"Story {n}",
              "body": f"{words} and more words that make article number {n} long enough to index."}
    if published:
        record["published"] = published
    return record


@pytest.fixture(scope="module")
def storm(tmp_path_factory):
    """Storm coverage over two weeks of June 2025 and one day of July; one undated match."""
    records = [
        _article(1, "Alpha", "2025-06-02", "storm"),  # a Monday
        _article(2, "Alpha", "2025-06-03", "storm"),
        _article(3, "Beta", "2025-06-09", "storm"),  # the next Monday
        _article(4, "Beta", "2025-06-10", "calm"),
        _article(5, "Alpha", "2025-06-15", "calm"),  # a Sunday: still the second week
        _article(6, "Gamma", None, "storm"),
        _article(7, "Beta", "2025-07-01", "storm"),
        _article(8, "", "2025-07-01", "calm"),  # no outlet
    ]
    return _index(tmp_path_factory.mktemp("storm"), records)


def test_weeks_run_monday_to_sunday_with_totals_and_shares(storm):
    found = storm.coverage(SearchRequest(q="storm"), CoverageOptions(interval="week"))
    assert (found.matching, found.undated) == (5, 1)
    first = found.buckets[0]
    assert (first.start, first.end, first.matching, first.total, first.ratio) == ("2025-06-02", "2025-06-08", 2, 2, 1.0)
    second = found.buckets[1]
    assert (second.start, second.end, second.matching, second.total) == ("2025-06-09", "2025-06-15", 1, 3)
    assert second.ratio == pytest.approx(1 / 3, abs=1e-6)
    # Empty weeks between stay: a timeline, not a list of the weeks that had matches.
    assert [b.start for b in found.buckets] == ["2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23", "2025-06-30"]
    assert [b.matching for b in found.buckets] == [2, 1, 0, 0, 1]
    assert [b.total for b in found.buckets] == [2, 3, 0, 0, 2]


def test_months_split_by_outlet_with_the_rest_as_others(storm):
    found = storm.coverage(SearchRequest(q="storm"), CoverageOptions(interval="month", top=1))
    assert [(b.start, b.end, b.matching, b.total) for b in found.buckets] == [
        ("2025-06-01", "2025-06-30", 3, 5), ("2025-07-01", "2025-07-31", 1, 2)]
    alpha, others = found.series
    assert (alpha.name, alpha.source, alpha.matching, alpha.counts) == ("Alpha", "Alpha", 2, [2, 0])
    # Beta (dated) and Gamma (undated): the undated one is in the series' total, in no period.
    assert (others.name, others.source, others.outlets, others.matching, others.counts) == ("others", None, 2, 3, [1, 1])


def test_top_outlets_come_largest_first_then_by_name(storm):
    found = storm.coverage(SearchRequest(q="storm"), CoverageOptions(interval="month"))
    assert [(s.name, s.matching) for s in found.series] == [("Alpha", 2), ("Beta", 2), ("Gamma", 1)]
    assert sum(sum(s.counts) for s in found.series) == found.matching - found.undated


def test_an_outlet_filter_counts_against_that_outlets_articles(storm):
    found = storm.coverage(SearchRequest(q="storm", sources=("Beta",)), CoverageOptions(interval="month", by="none"))
    assert found.series == []
    assert [(b.matching, b.total) for b in found.buckets] == [(1, 2), (1, 1)]


def test_without_an_interval_a_story_of_weeks_is_counted_by_day(storm):
    found = storm.coverage(SearchRequest(q="storm"))
    assert found.interval == "day"
    assert len(found.buckets) == (date(2025, 7, 1) - date(2025, 6, 2)).days + 1
    assert found.buckets[0].start == found.buckets[0].end == "2025-06-02"


def test_nothing_matching_has_no_period(storm):
    found = storm.coverage(SearchRequest(q="nowhere"))
    assert (found.matching, found.undated, found.buckets, found.series) == (0, 0, [], [])


def test_only_undated_matches_are_counted_and_have_no_period(storm):
    found = storm.coverage(SearchRequest(q="storm", sources=("Gamma",)))
    assert (found.matching, found.undated, found.buckets) == (1, 1, [])


@pytest.fixture(scope="module")
def decades(tmp_path_factory):
    """Matches from 1995 to 2025: too many days, weeks and even months to draw one by one."""
    records = [_article(n, "Alpha", f"{year}-03-0{1 + n % 5}", "archive")
               for n, year in enumerate(range(1995, 2026))]
    records.append(_article(99, "Beta", "1890-01-01", "relic"))
    return _index(tmp_path_factory.mktemp("decades"), records)


def test_too_many_periods_are_counted_one_interval_coarser_with_a_notice(decades):
    found = decades.coverage(SearchRequest(q="archive"), CoverageOptions(interval="day"))
    assert found.interval == "month" and len(found.buckets) <= MAX_BUCKETS  # 30 years of weeks > 1,000
    assert found.notices == [f"By day the matches span over {MAX_BUCKETS:,} periods; counted by month instead."]
    assert sum(b.matching for b in found.buckets) == 31


def test_without_an_interval_decades_are_counted_by_year(decades):
    found = decades.coverage(SearchRequest(q="archive OR relic"))
    assert found.interval == "year"
    assert (found.buckets[0].start, found.buckets[-1].end) == ("1890-01-01", "2025-12-31")
    assert found.buckets[0].matching == 1 and found.buckets[1].matching == 0


def test_options_are_validated():
    with pytest.raises(BadRequest, match="interval must be one of day, week, month, year"):
        CoverageOptions.from_params({"interval": "hour"})
    with pytest.raises(BadRequest, match="by must be one of source, none"):
        CoverageOptions.from_params({"by": "author"})
    with pytest.raises(BadRequest, match="top must be a whole number from 1 to 20"):
        CoverageOptions.from_params({"top": "0"})
    with pytest.raises(BadRequest, match="top must be a whole number from 1 to 20"):
        CoverageOptions.from_params({"top": "²"})  # a digit to str.isdigit, not to int
    with pytest.raises(BadRequest, match="interval may be given only once"):
        CoverageOptions.from_params({"interval": ["day", "week"]})
    assert CoverageOptions.from_params({"interval": "", "by": "", "top": ""}) == CoverageOptions()


@pytest.mark.parametrize("interval", ["day", "week", "month", "year", None])
def test_columnar_counts_equal_counting_every_match_by_its_stored_fields(allsides_index, interval):
    service = SearchService(allsides_index)
    request = SearchRequest(q="president OR election")
    found = service.coverage(request, CoverageOptions(interval=interval, top=5))
    interval = found.interval  # eight years of days are counted by week
    searcher = service._open().searcher
    per_period, per_source, undated = Counter(), Counter(), 0
    totals = Counter()
    everything = matching_docs(searcher, Every())
    matched = set(matching_docs(searcher, _query(searcher, request)))
    for docnum in everything:
        stored = searcher.stored_fields(docnum)
        published = (stored.get("published_text") or "")[:10]
        key = _period(interval, published) if published else None
        if key:
            totals[key] += 1
        if docnum in matched:
            per_source[stored.get("source")] += 1
            if key:
                per_period[key] += 1
            else:
                undated += 1
    assert found.matching == len(matched) and found.undated == undated
    assert {b.start: b.matching for b in found.buckets if b.matching} == dict(per_period)
    assert all(b.total == totals[b.start] for b in found.buckets)
    top = [s for s in found.series if s.source is not None]
    assert [s.matching for s in top] == sorted(per_source.values(), reverse=True)[:5]
    assert all(per_source[s.source] == s.matching for s in top)


@pytest.mark.parametrize("q", ["president OR election", "trade", "senate vote"])
def test_counted_by_month_from_the_kept_codes_as_from_each_matchs_day(allsides_index, q):
    from indexer.present.coverage import _by_day, _by_month
    service = SearchService(allsides_index)
    searcher = service._open().searcher
    matched = matching_docs(searcher, _query(searcher, SearchRequest(q=q)))
    by_month = _by_month(searcher, matched, None)
    assert by_month is not None and by_month.interval == "month"  # years of news: surely months
    by_day = _by_day(searcher, matched, CoverageOptions(interval="month"), [])
    assert (by_month.first, by_month.undated) == (by_day.first, by_day.undated)
    assert by_month.grid.tolist() == by_day.grid.tolist() and by_month.per_source.tolist() == by_day.per_source.tolist()
    assert _by_month(searcher, matched, "week") is None  # another interval: counted by day


def _query(searcher, request):
    from indexer.search.query import build_query
    from indexer.whooshext.phrases import fast_phrases
    return fast_phrases(build_query(searcher, request.q).query)


def _period(interval, published):
    day = date.fromisoformat(published)
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        return date.fromordinal(day.toordinal() - day.weekday()).isoformat()
    if interval == "month":
        return day.replace(day=1).isoformat()
    return date(day.year, 1, 1).isoformat()
