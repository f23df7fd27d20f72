"""Who reported first (indexer/present/first.py) on real on-disk indexes: times kept from
JSON Lines and from HTML pages' JSON-LD and meta tags, time zones, lags in hours or days,
dates never given a time, undated matches counted, near-duplicate stories, and the columnar
answer against reading every matched article's stored fields."""

import json
from datetime import datetime, time

import pytest

from indexer import SearchRequest, SearchService, reindex
from indexer.present.first import lag_label
from indexer.schema.documents import as_naive_utc, parse_published
from indexer.search.selection import matched_set

WIRE = ("The ministry said on Tuesday that the convoy of forty trucks carrying grain and medicine crossed "
        "the border at dawn after a week of talks between the two governments, and that inspectors from "
        "the agency checked every vehicle before it was allowed to continue north towards the port.")


def _record(n, source, published, words="storm"):
    record = {"url": f"https://{source.lower() or 'none'}.example/{n}", "source": source, "title": f"Story {n}",
              "body": f"{words} and more words that make article number {n} long enough to index."}
    if published:
        record["published"] = published
    return record


def _page(title, head):
    return (f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
            "<p>The storm reached the coast at night and the harbour was closed to every ship for the day, "
            "the port authority said in a statement that gave no date for reopening it.</p>"
            "<p>Fishermen said the storm was the worst they had seen in years, and that boats had been "
            "moved inland before the wind rose above gale force along the whole of the shore.</p>"
            "</article></body></html>")


@pytest.fixture(scope="module")
def storm(tmp_path_factory):
    """Storm reports in JSON Lines (times in several zones, a date alone, no date) and two
    HTML pages that state their time in JSON-LD and in a meta tag."""
    folder = tmp_path_factory.mktemp("first")
    records = [
        _record(1, "Kontur", "2025-07-17T09:30:00+03:00"),  # 06:30 UTC: the first
        _record(2, "Kontur", "2025-07-18T09:30:00+03:00"),  # Kontur's later one
        _record(3, "TFI Global", "Fri, 18 Jul 2025 08:15:00 GMT"),  # a crawler's RSS form
        _record(4, "Daily", "2025-07-17"),  # a date alone
        _record(5, "Nodate", None),  # no date at all
        _record(6, "Kontur", None),
        _record(7, "Calm", "2025-07-16T00:00:00Z", "calm"),  # earlier, but no match
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    (folder / "ld.html").write_text(_page("Harbour shut by storm", (
        "<meta property='og:site_name' content='Meduza'>"
        "<link rel='canonical' href='https://meduza.example/storm'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Harbour shut by storm\", "
        "\"datePublished\": \"2025-07-17T10:45:00+02:00\"}</script>")), "utf-8")
    (folder / "meta.html").write_text(_page("Storm closes port", (
        "<meta property='og:site_name' content='Portside'>"
        "<link rel='canonical' href='https://portside.example/storm'>"
        "<meta name='pubdate' content='2025-07-17T07:00:00Z'>")), "utf-8")
    reindex(folder / "index", [folder])
    return SearchService(folder / "index")


def test_outlets_come_in_time_order_with_lags_in_hours_between_times(storm):
    found = storm.first(SearchRequest(q="storm"))
    rows = [(r.source, r.precision, r.at, r.lag) for r in found.reports]
    assert rows == [
        ("Kontur", "time", "2025-07-17T06:30:00Z", "+0 h"),
        ("Portside", "time", "2025-07-17T07:00:00Z", "+30 min"),  # the meta tag's time
        ("Meduza", "time", "2025-07-17T08:45:00Z", "+2 h"),  # JSON-LD's, in UTC
        ("Daily", "date only", "2025-07-17", "same day"),
        ("TFI Global", "time", "2025-07-18T08:15:00Z", "+1 day 1 h"),
    ]
    assert [r.lag_seconds for r in found.reports] == [0, 1800, 8100, None, 92700]
    assert [r.lag_days for r in found.reports] == [0, 0, 0, 0, 1]
    # Each row shows the date as the input wrote it.
    assert found.reports[0].published == "2025-07-17T09:30:00+03:00"
    assert found.reports[2].published == "2025-07-17T10:45:00+02:00"


def test_an_outlet_shows_its_earliest_article_and_counts_all_of_them(storm):
    kontur = storm.first(SearchRequest(q="storm")).reports[0]
    assert (kontur.title, kontur.articles) == ("Story 1", 3)  # two dated, one undated


def test_a_date_alone_is_never_given_a_time_and_the_order_within_its_day_is_said_unknown(storm):
    found = storm.first(SearchRequest(q="storm"))
    daily = next(r for r in found.reports if r.source == "Daily")
    assert (daily.published, daily.at, daily.lag_seconds) == ("2025-07-17", "2025-07-17", None)
    assert any("date only" in n and "not known" in n for n in found.notices)


def test_undated_matches_are_counted_and_said(storm):
    found = storm.first(SearchRequest(q="storm"))
    assert (found.matching, found.undated, found.outlets, found.undated_outlets) == (8, 2, 5, 1)
    assert "Nodate" not in [r.source for r in found.reports]
    assert any(n.startswith("2 of 8 matching articles have no date") and "1 outlet had only those" in n
               for n in found.notices)


def test_a_first_with_a_date_only_gives_every_lag_in_days(storm):
    found = storm.first(SearchRequest(q="storm", sources=("Daily", "TFI Global")))
    assert [(r.source, r.lag, r.lag_seconds, r.lag_days) for r in found.reports] == [
        ("Daily", "+0 days", None, 0), ("TFI Global", "+1 day", None, 1)]


def test_outlets_are_paged_like_hits(storm):
    second = storm.first(SearchRequest(q="storm", per_page=2, page=2))
    assert [r.source for r in second.reports] == ["Meduza", "Daily"]
    assert second.reports[0].lag == "+2 h"  # still after the first of all, on page 1
    assert storm.first(SearchRequest(q="storm", per_page=2, page=9)).reports == []


def test_no_match_gives_no_rows(storm):
    found = storm.first(SearchRequest(q="volcano"))
    assert (found.matching, found.outlets, found.reports, found.notices) == (0, 0, [], [])


@pytest.mark.parametrize("seconds, days, label", [
    (0, 0, "+0 h"), (59, 0, "+0 min"), (3599, 0, "+59 min"), (3600, 0, "+1 h"), (86399, 0, "+23 h"),
    (86400, 1, "+1 day"), (90000, 1, "+1 day 1 h"), (8 * 86400 + 3600, 8, "+8 days"),
    (None, 0, "same day"), (None, 1, "+1 day"), (None, 12, "+12 days"),
])
def test_lags_read_as_hours_and_days(seconds, days, label):
    assert lag_label(seconds, days) == label


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    """One wire story under three outlets at three times, and an unrelated convoy article."""
    folder = tmp_path_factory.mktemp("wire")
    records = [
        {"url": "https://b.example/1", "source": "Beta", "title": "Grain convoy crosses",
         "body": "By Beta staff. " + WIRE, "published": "2025-06-01T12:00:00Z"},
        {"url": "https://a.example/1", "source": "Alpha", "title": "Convoy crosses border", "body": WIRE,
         "published": "2025-06-01T09:00:00Z"},
        {"url": "https://c.example/1", "source": "Gamma", "title": "Trucks cross at dawn",
         "body": WIRE + " Officials declined to comment.", "published": "2025-06-02"},
        {"url": "https://d.example/1", "source": "Delta", "title": "Convoy analysis",
         "body": "An analysis of why the convoy matters for grain prices, with traders and economists on "
                 "supply, shipping insurance, harvest forecasts and the unusually dry weather this year.",
         "published": "2025-05-01"},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    reindex(folder / "index", [folder / "feed.jsonl"])
    return SearchService(folder / "index")


def test_a_story_is_its_copies_whichever_member_is_asked(wire):
    beta = wire.search(SearchRequest(q="grain convoy crosses", collapse=False)).hits[0]
    found = wire.first(SearchRequest(), story=beta.id)
    assert found.story == beta.id
    assert [(r.source, r.lag) for r in found.reports] == [("Alpha", "+0 h"), ("Beta", "+3 h"), ("Gamma", "+1 day")]
    # The search alone also finds the analysis, published a month before.
    assert wire.first(SearchRequest(q="convoy")).reports[0].source == "Delta"
    # Filters narrow the story too.
    narrowed = wire.first(SearchRequest(sources=("Gamma", "Beta")), story=beta.id)
    assert [r.source for r in narrowed.reports] == ["Beta", "Gamma"]


def test_an_unknown_story_gives_none(wire):
    assert wire.first(SearchRequest(), story="no-such-id") is None


def _read_one_by_one(service, request):
    """Each outlet's earliest match by reading every matched article's stored fields."""
    searcher = service._open().searcher
    matched, _ = matched_set(searcher, request, service.ranking)
    earliest = {}
    for docnum in matched:
        stored = searcher.stored_fields(docnum)
        given = parse_published(stored.get("published_text"))
        if given is None:
            continue
        moment = as_naive_utc(given) if isinstance(given, datetime) else datetime.combine(given, time.max)
        key = (moment, docnum)
        source = stored.get("source") or None
        if source not in earliest or key < earliest[source][0]:
            earliest[source] = (key, stored["id"])
    ranked = sorted(earliest.items(), key=lambda item: (item[1][0][0], item[0] or ""))
    return [(source, found_id) for source, (_, found_id) in ranked]


@pytest.mark.parametrize("q", ["trump", "climate change", '"supreme court"', ""])
def test_the_columns_agree_with_reading_every_stored_article(allsides_index, q):
    service = SearchService(allsides_index)
    request = SearchRequest(q=q, per_page=100)
    found = service.first(request)
    expected = _read_one_by_one(service, request)
    assert found.outlets == len(expected)
    assert [(r.source, r.id) for r in found.reports] == expected[:100]
    assert all(isinstance(parse_published(r.published), datetime) == (r.precision == "time") for r in found.reports)
