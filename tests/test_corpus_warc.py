"""WARC crawls as input, written by warcio itself: pages, skipped records, damage, reindexing."""

import io
from datetime import datetime, timezone

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus import InputFile, article_id, discover, read_input
from indexer import SearchRequest, SearchService, reindex
from indexer.build.indexed import every
from indexer.build.rawkeys import plan
from indexer.build.store import IndexStore
from indexer.build.update import LINES_PER_PART
from webapp import create_app
from webapp.cli import cli

CRAWLED = "2024-03-05T10:20:30Z"
PARAGRAPHS = [
    "The city council voted on Tuesday to rebuild the old stone bridge before the winter floods arrive.",
    "Engineers said the work would take four months, and that the crossing would stay open to walkers.",
    "Residents of both banks, who have waited a decade for the repairs, welcomed the decision warmly.",
]


def page(title, word="", head=""):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + (f"<p>The {word} was mentioned too.</p>" if word else "")
    return f"<html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


# (url, HTTP status, content type, payload): two articles, a picture, a missing page, a listing.
RECORDS = [
    ("https://news.example/2024/bridge", "200 OK", "text/html; charset=utf-8",
     page("Bridge to be rebuilt", "harbourmaster").encode()),
    ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ("https://news.example/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
    ("https://news.example/ferry", "200 OK", "text/html; charset=windows-1251",
     page("Паром снова ходит", "паромщик").encode("windows-1251")),
    ("https://news.example/", "200 OK", "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
]


def write_warc(path, records=RECORDS, gzip=True):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, status, kind, payload in records:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            # The length given, or warcio buffers the payload in a temporary file it never closes.
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), length=len(payload),
                                               http_headers=headers, warc_headers_dict={"WARC-Date": CRAWLED})
            writer.write_record(record)
            request = b"GET / HTTP/1.1\r\nHost: news.example\r\n\r\n"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(request),
                                                          length=len(request)))
    return path


def read(path):
    return read_input(InputFile(path, path.parent, path.name))


@pytest.mark.parametrize("name, gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_pages_with_status_200_are_articles(tmp_path, name, gzip):
    outcome = read(write_warc(tmp_path / name, gzip=gzip))
    assert outcome.error is None
    assert [(a.title, a.url) for a in outcome.articles] == [
        ("Bridge to be rebuilt", "https://news.example/2024/bridge"),
        ("Паром снова ходит", "https://news.example/ferry"),  # the HTTP charset was used
    ]
    article = outcome.articles[0]
    assert article.id == article_id("https://news.example/2024/bridge", "")
    assert article.crawled == datetime(2024, 3, 5, 10, 20, 30, tzinfo=timezone.utc)
    assert article.published is None  # the crawl time is never the publication date
    assert article.body.startswith(PARAGRAPHS[0])
    offset = int(article.path.rsplit("#", 1)[1])
    assert article.path == f"{tmp_path / name}#{offset}"
    with open(tmp_path / name, "rb") as raw:  # the offset is where the record starts on disk
        raw.seek(offset)
        assert raw.read(4) == (b"\x1f\x8b\x08\x00" if gzip else b"WARC")
    assert [(s.path.rsplit("/", 1)[-1], s.reason) for s in outcome.skipped] == [
        (name, "1 record skipped: not HTML (image/png 1)"),
        (name, "1 record skipped: HTTP status not 200 (404 1)"),
        (f"{name}#{outcome.skipped[2].path.rsplit('#', 1)[1]}", "no article text found"),
    ]


@pytest.mark.parametrize("gzip", [True, False])
def test_a_truncated_warc_keeps_the_records_before_the_damage(tmp_path, gzip):
    whole = write_warc(tmp_path / "whole.warc", gzip=gzip).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    cut.write_bytes(whole[:-300])  # inside the listing page's record, the last one
    outcome = read(cut)
    assert [a.title for a in outcome.articles] == ["Bridge to be rebuilt", "Паром снова ходит"]
    assert outcome.skipped[-1].path == str(cut)
    assert outcome.skipped[-1].reason.startswith("damaged or truncated WARC data after byte ")
    assert outcome.skipped[-1].reason.endswith(" records before were read")


def test_a_file_that_is_not_warc_is_rejected(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("just some notes\n", encoding="utf-8")
    assert read(path).error == "not WARC data, though the name ends in .warc"
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert read(empty).error == "empty file"


def test_a_warc_with_no_article_says_so(tmp_path):
    outcome = read(write_warc(tmp_path / "pictures.warc.gz", RECORDS[1:3]))
    assert outcome.articles == []
    assert outcome.error == "no HTML pages with article text"
    assert len(outcome.skipped) == 2


def left_to_read(index, folder):
    indexed = every(IndexStore(index).open())
    known = {path: (aid, key) for aid, (_, path, key) in indexed.items() if key}
    return plan(discover([folder]).inputs, known, LINES_PER_PART)


def test_reindex_reads_a_folder_of_crawls_and_skips_them_when_unchanged(tmp_path):
    crawls = tmp_path / "crawls"
    crawls.mkdir()
    write_warc(crawls / "a.warc.gz")
    write_warc(crawls / "b.warc", [(u.replace("news.example", "other.example"), *rest) for u, *rest in RECORDS],
               gzip=False)
    index = tmp_path / "index"
    first = reindex(index, [crawls])
    assert (first.added, first.articles) == (4, 4)
    assert sorted(r.reason for r in first.rejected if r.path == str(crawls / "a.warc.gz")) == [
        "1 record skipped: HTTP status not 200 (404 1)", "1 record skipped: not HTML (image/png 1)"]
    service = SearchService(index)
    assert {hit.url for hit in service.search(SearchRequest(q="паромщик", collapse=False)).hits} == {
        "https://news.example/ferry", "https://other.example/ferry"}
    ferry = article_id("https://news.example/ferry", "")
    assert service.article_view(ferry).to_dict()["crawled"] == "2024-03-05T10:20:30+00:00"
    page = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client().get(f"/articles/{ferry}")
    assert '<dt>Crawled</dt><dd><time datetime="2024-03-05T10:20:30+00:00">' in page.get_data(as_text=True)
    # Unchanged crawls are not read again, and their articles stay.
    todo = left_to_read(index, crawls)
    assert (todo.records, len(todo.kept)) == (0, 4)
    again = reindex(index, [crawls])
    assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 4)
    # A crawl that is gone takes its articles with it.
    (crawls / "b.warc").unlink()
    last = reindex(index, [crawls])
    assert (last.deleted, last.articles) == (2, 2)


def test_newsdesk_reindex_names_a_crawl_and_prints_its_skipped_records(runner, tmp_path):
    crawl = write_warc(tmp_path / "crawl.warc.gz")
    result = runner.invoke(cli, ["--index", str(tmp_path / "index"), "reindex", str(crawl)])
    assert result.exit_code == 0, result.output
    assert "added 2," in result.stdout
    assert f"rejected {crawl}: 1 record skipped: not HTML (image/png 1)" in result.stderr
    assert f"rejected {crawl}: 1 record skipped: HTTP status not 200 (404 1)" in result.stderr
