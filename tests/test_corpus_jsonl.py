"""JSON Lines exports and gzip inputs: every good record read, each bad one skipped with a reason."""

import gzip
import json
from datetime import date

import pytest

from corpus import InputFile, discover, ingest, read_input
from corpus.decoding import Unreadable, gunzip
from indexer import SearchRequest, SearchService, reindex

BODY = "The council met on Tuesday.\n\nIt   voted to  rebuild the bridge\nbefore winter."


def record(**fields):
    return json.dumps({"title": "Bridge vote", "body": BODY, **fields})


def input_for(path, manifest=None):
    return InputFile(path=path, root=path.parent, relative=path.name, manifest=manifest)


def test_each_line_is_an_article_with_its_metadata(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(
        record(url="https://news.example.org/a", source="Example News", date="2024-03-05",
               author="Ann Lee", id="x1", bias="left") + "\n\n"
        + json.dumps({"title": "  Second\nstory ", "text": "Another body.", "published": "2024-03"}) + "\n",
        "utf-8",
    )
    outcome = read_input(input_for(path))
    assert outcome.error is None and outcome.skipped == []
    first, second = outcome.articles
    assert (first.title, first.url, first.source, first.published, first.author) == (
        "Bridge vote", "https://news.example.org/a", "Example News", date(2024, 3, 5), "Ann Lee")
    assert first.body == "The council met on Tuesday.\n\nIt voted to rebuild the bridge before winter."
    assert first.path == f"{path}#1"
    # A record without a URL gets an id from its line; "2024-03" is not a full date.
    assert (second.title, second.body, second.published, second.path) == (
        "Second story", "Another body.", None, f"{path}#3")
    assert first.id != second.id


# A crawler's text as newspaper3k and its like export it: the page's furniture kept as
# paragraphs between the story's.
CRAWLED_BODY = "\n\n".join([
    "The senator said the advertisement ran twice in Iowa before the caucuses.",
    "ADVERTISEMENT",
    "Story Continued Below",
    "JUST WATCHED Iowa voters speak Replay More Videos ... MUST WATCH Iowa voters speak 02:02",
    "The campaign declined to say what it cost.",
    "The firm said 40,000 readers subscribe to its newsletter, twice as many as before the caucuses.",
    "Sign up for Daily Newsletters Manage Newsletters",
    "Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.",
    "POLITICO Playbook newsletter Sign up today to receive the #1-rated newsletter in politics Email"
    " Sign Up By signing up you agree to receive email newsletters or alerts from POLITICO. You can"
    " unsubscribe at any time. This site is protected by reCAPTCHA and the Google Privacy Policy and"
    " Terms of Service apply.",
    "Photos: Who's running for president? Sen. Ted Cruz of Texas announced he was seeking the"
    " nomination in a speech on March 23. Hide Caption 3 of 6 Photos: Who's running for president?",
    "3.2",
    "Voters were polled again in March.",
])


def test_furniture_paragraphs_are_dropped_and_the_story_and_its_figures_kept(tmp_path):
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps({"title": "Iowa ad", "body": CRAWLED_BODY}) + "\n", "utf-8")
    (article,) = read_input(input_for(path)).articles
    assert article.body.split("\n\n") == [
        "The senator said the advertisement ran twice in Iowa before the caucuses.",
        "The campaign declined to say what it cost.",
        "The firm said 40,000 readers subscribe to its newsletter, twice as many as before the caucuses.",
        "3.2",
        "Voters were polled again in March.",
    ]


def test_the_title_printed_again_as_the_first_paragraph_is_dropped_but_never_the_whole_body(tmp_path):
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join([
        json.dumps({"title": "Bridge  vote", "body": "BRIDGE VOTE\n\n" + BODY}),
        json.dumps({"title": "Bridge vote", "body": "Bridge vote"}),
        json.dumps({"title": "Bridge vote", "body": BODY + "\n\nBridge vote"}),
    ]) + "\n", "utf-8")
    first, alone, last = read_input(input_for(path)).articles
    assert first.body == "The council met on Tuesday.\n\nIt voted to rebuild the bridge before winter."
    assert alone.body == "Bridge vote"
    assert last.body.endswith("before winter.\n\nBridge vote")  # only a first paragraph is the title again


def test_a_body_of_nothing_but_furniture_is_kept_whole(tmp_path):
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps({"title": "Ad", "body": "Advertisement\n\nSign up for our newsletter"}) + "\n")
    (article,) = read_input(input_for(path)).articles
    assert article.body == "Advertisement\n\nSign up for our newsletter"


def test_search_finds_furniture_words_only_where_the_story_says_them(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "export.jsonl").write_text("\n".join([
        json.dumps({"title": "Iowa ad", "body": CRAWLED_BODY, "url": "https://e.org/iowa"}),
        json.dumps({"title": "Bridge vote", "body": BODY + "\n\nADVERTISEMENT\n\nStory Continued Below",
                    "url": "https://e.org/bridge"}),
    ]) + "\n", "utf-8")
    reindex(tmp_path / "index", [folder])
    service = SearchService(tmp_path / "index")
    assert [h.url for h in service.search(SearchRequest(q="advertisement")).hits] == ["https://e.org/iowa"]
    assert service.search(SearchRequest(q='"story continued below"')).hits == []
    assert [h.url for h in service.search(SearchRequest(q="bridge")).hits] == ["https://e.org/bridge"]


def test_bad_lines_are_skipped_with_reasons_and_good_ones_kept(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        record(url="https://e.org/1"), "{not json", "[1, 2]", json.dumps({"title": "No body"}),
        json.dumps({"body": 42}), record(url="https://e.org/2"),
    ]), "utf-8")
    outcome = read_input(input_for(path))
    assert [a.url for a in outcome.articles] == ["https://e.org/1", "https://e.org/2"]
    assert [(s.path.rsplit("#")[1], s.reason.split(":")[0]) for s in outcome.skipped] == [
        ("2", "line 2"), ("3", "line 3"), ("4", "line 4"), ("5", "line 5")]
    assert "not valid JSON" in outcome.skipped[0].reason
    assert "not a JSON object" in outcome.skipped[1].reason
    assert "no article text" in outcome.skipped[2].reason


def test_a_file_of_only_bad_lines_is_rejected(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("oops\n", "utf-8")
    outcome = read_input(input_for(path))
    assert outcome.articles == [] and outcome.error.startswith("no usable records (line 1: not valid JSON")


def test_manifest_row_gives_defaults_that_records_override(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(record() + "\n" + record(source="Own Source", url="https://e.org/x") + "\n", "utf-8")
    first, second = read_input(input_for(path, {"source": "Feed Source", "title": "Default title"})).articles
    assert (first.source, second.source) == ("Feed Source", "Own Source")
    assert first.title == "Bridge vote"


def test_gzip_inputs_are_found_and_read(tmp_path):
    (tmp_path / "export.jsonl.gz").write_bytes(gzip.compress((record(url="https://e.org/z") + "\n").encode()))
    (tmp_path / "notes.txt.gz").write_bytes(gzip.compress(b"x"))
    (tmp_path / "image.png.gz").write_bytes(gzip.compress(b"x"))
    found = discover([tmp_path])
    assert sorted(i.relative for i in found.inputs) == ["export.jsonl.gz", "notes.txt.gz"]
    [outcome] = [o for o in ingest([tmp_path / "export.jsonl.gz"])]
    assert [a.url for a in outcome.articles] == ["https://e.org/z"]
    [rejected] = list(ingest([tmp_path / "image.png.gz"]))
    assert rejected.error == "unsupported file type '.png.gz'"


@pytest.mark.parametrize("data, reason", [
    (b"plain text", "not gzip data, though the name ends in .gz"),
    (gzip.compress(b"x" * 1000)[:-12], "truncated gzip data"),
    (b"\x1f\x8b\x08\x00garbage-garbage", "corrupt gzip data"),
])
def test_broken_gzip_is_rejected_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(data)
    assert read_input(input_for(path)).error.startswith(reason)


def test_gunzip_stops_at_its_limit_and_reads_concatenated_members():
    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(Unreadable, match="decompresses to more than 1 MB"):
        gunzip(bomb, limit=1024**2)
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd")) == b"abcd"


def test_reindex_indexes_good_records_and_reports_bad_lines(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        record(url="https://e.org/1", title="Harbour reopens") + "\nnot json\n"
        + record(url="https://e.org/1", title="Copy") + "\n", "utf-8")
    report = reindex(tmp_path / "index", [folder])
    assert report.articles == 1
    assert sorted(r.reason.split(" ")[0] for r in report.rejected) == ["line", "same"]
    hits = SearchService(tmp_path / "index").search(SearchRequest(q="harbour")).hits
    assert [h.title for h in hits] == ["Harbour reopens"]


def test_clean_reports_skipped_lines_and_exits_1(tmp_path, runner):
    from webapp.cli import cli

    path = tmp_path / "a.jsonl"
    path.write_text(record(url="https://e.org/1") + "\n[]\n", "utf-8")
    result = runner.invoke(cli, ["clean", "--json", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["url"] == "https://e.org/1"
    assert f"rejected {path}#2: line 2: not a JSON object" in result.stderr


def test_a_line_of_binary_costs_only_that_record_and_a_latin1_line_is_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    latin1 = json.dumps({"title": "Les élèves", "url": "https://e.org/3",
                         "body": "Les élèves sont arrivés à l’école très tôt ce matin, déçus."}, ensure_ascii=False)
    path.write_bytes(b"\n".join([
        record(url="https://e.org/1").encode(), b"\x00\x01\x02\xff binary", latin1.encode("windows-1252"),
        record(url="https://e.org/2").encode(),
    ]))
    outcome = read_input(input_for(path))
    assert [a.url for a in outcome.articles] == ["https://e.org/1", "https://e.org/3", "https://e.org/2"]
    assert outcome.articles[1].body == "Les élèves sont arrivés à l’école très tôt ce matin, déçus."
    assert [s.reason for s in outcome.skipped] == ["line 2: binary line, not text"]


def test_a_record_removed_from_an_export_given_by_name_is_deleted(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(record(url="https://e.org/1", title="Harbour one") + "\n"
                    + record(url="https://e.org/2", title="Harbour two") + "\n", "utf-8")
    reindex(tmp_path / "index", [path])
    path.write_text(record(url="https://e.org/1", title="Harbour one") + "\n", "utf-8")
    report = reindex(tmp_path / "index", [path])  # the file itself, not its folder
    assert (report.deleted, report.articles) == (1, 1)
    hits = SearchService(tmp_path / "index").search(SearchRequest(q="harbour")).hits
    assert [h.title for h in hits] == ["Harbour one"]


@pytest.mark.parametrize("compressed", [False, True])
def test_streamed_parts_are_the_parts_of_the_whole_file(tmp_path, compressed):
    from corpus.readers import jsonl

    data = "\ufeff".encode() + b"".join(record(url=f"https://e.org/{n}").encode() + b"\n" for n in range(2500))
    data += b"\n" + record(url="https://e.org/last").encode()  # a blank line, and no final newline
    path = tmp_path / ("export.jsonl.gz" if compressed else "export.jsonl")
    path.write_bytes(gzip.compress(data) if compressed else data)
    streamed = list(jsonl.stream_parts(input_for(path), 1000, compressed))
    whole = jsonl.split(input_for(path), data, 1000)
    assert [(p.first, p.lines) for p in streamed] == [(p.first, p.lines) for p in whole]
    assert sum(p.size for p in streamed) == path.stat().st_size  # progress adds up to the file


def test_a_line_longer_than_a_page_is_skipped_unread_and_reported(tmp_path, monkeypatch):
    from corpus import decoding
    from corpus.readers import jsonl

    monkeypatch.setattr(decoding, "PAGE_MAX_BYTES", 1000)
    monkeypatch.setattr(decoding.stream_lines, "__defaults__", (1000,))
    path = tmp_path / "export.jsonl"
    path.write_text(record(url="https://e.org/1") + "\n" + record(body="x" * 5000) + "\n"
                    + record(url="https://e.org/3") + "\n", "utf-8")
    [part] = jsonl.stream_parts(input_for(path), 1000, False)
    assert part.lines[1] == jsonl.TOO_LONG
    articles, skipped = jsonl.read_part(part)
    assert [a.url for a in articles] == ["https://e.org/1", "https://e.org/3"]
    assert [r.reason for r in skipped] == ["line 2: longer than 32 MB"]


def test_a_truncated_export_keeps_the_records_before_the_cut(tmp_path):
    lines = [record(url=f"https://e.org/{n}", title=f"Bridge vote {n}") for n in range(3000)]
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) * 2 // 3])
    report = reindex(tmp_path / "index", [tmp_path / "cut.jsonl.gz"])
    assert 1000 <= report.articles < 3000
    [rejected] = report.rejected
    assert rejected.reason == "truncated gzip data; the lines before were read"
    # Broken from the first byte, an export is rejected whole, with the reason reading gives.
    (tmp_path / "cut.jsonl.gz").write_bytes(b"plain text")
    again = reindex(tmp_path / "other", [tmp_path / "cut.jsonl.gz"])
    assert [r.reason for r in again.rejected] == ["not gzip data, though the name ends in .gz"]
