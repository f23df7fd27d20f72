"""Every skipped input accounted for: a real `newsdesk reindex` of good and bad inputs, its
summary by kind, its --report file, and the summary kept for the page and /api/stats."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_corpus_warc import write_warc

from corpus.skips import KINDS, kind_of
from webapp import create_app

REPO = Path(__file__).resolve().parents[1]
PARAGRAPH = "The council met on Tuesday and voted to rebuild the old bridge before the winter. "


def html(title, body):
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1><p>{body}</p></article></body></html>")


def newsdesk(index, *args):
    """A real `newsdesk` process, its output piped (not a terminal)."""
    done = subprocess.run([sys.executable, "-m", "webapp.cli", "--index", str(index), *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A folder of good articles beside one bad input of each kind; the kind each should get."""
    root = tmp_path_factory.mktemp("mixed")
    (root / "good.txt").write_text("Harbour news\n\nGood harbourword story. " + PARAGRAPH * 3, "utf-8")
    (root / "good.html").write_text(html("Good page", "Goodpageword here. " + PARAGRAPH * 3), "utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (root / "empty.html").write_bytes(b"")
    full = gzip.compress(html("Cut short", "Cutword. " + PARAGRAPH * 20).encode())
    (root / "truncated.html.gz").write_bytes(full[: len(full) // 2])
    (root / "listing.html").write_text("<html><body><nav><a href='/a'>Home</a> <a href='/b'>World</a>"
                                       "</nav></body></html>", "utf-8")
    with open(root / "huge.txt", "wb") as huge:  # sparse: refused by its size, never read
        huge.truncate(40 * 1024**2)
    write_warc(root / "crawl.warc.gz")  # two articles, a picture, a 404 page, a listing
    expected = {
        "binary.txt": "not-text",
        "empty.html": "empty",
        "truncated.html.gz": "unreadable",
        "listing.html": "no-article",
        "huge.txt": "too-large",
    }
    return root, expected


@pytest.fixture(scope="module")
def reindexed(inputs, tmp_path_factory):
    root, _ = inputs
    folder = tmp_path_factory.mktemp("reindexed")
    report_file = folder / "skipped.jsonl"
    done = newsdesk(folder / "index", "reindex", root, "--report", report_file, "--workers", 1)
    return folder / "index", done, [json.loads(line) for line in report_file.read_text("utf-8").splitlines()]


def test_every_bad_input_is_in_the_report_file_with_its_kind(inputs, reindexed):
    root, expected = inputs
    _, _, lines = reindexed
    by_name = {Path(line["path"]).name: line for line in lines if "crawl.warc.gz" not in line["path"]}
    assert {name: line["kind"] for name, line in by_name.items()} == expected
    assert by_name["truncated.html.gz"]["reason"] == "truncated gzip data"
    assert by_name["huge.txt"]["reason"] == "too large (40 MB; the limit is 32 MB)"
    crawl = sorted((line["kind"], line["count"]) for line in lines if "crawl.warc.gz" in line["path"])
    assert crawl == [("no-article", 1), ("warc-not-200", 1), ("warc-not-html", 1)]
    assert all(set(line) == {"path", "kind", "reason", "count"} and line["reason"] for line in lines)


def test_the_summary_counts_the_good_articles_and_the_skipped_by_kind(reindexed):
    index, done, _ = reindexed
    # good.txt, good.html and the crawl's two pages; the five bad files and three records left out.
    assert done.stdout == (
        "added 4, updated 0, deleted 0, unchanged 0, rejected 8 (no article text 2, not text 1, empty 1, "
        "too large 1, unreadable or truncated 1, WARC records not HTML 1, WARC records not HTTP 200 1); "
        f"4 articles in {index}\n"
    )
    assert len(done.stderr.splitlines()) == 8  # one line per skipped input, and no progress bar
    kept = json.loads((index / "last-reindex.json").read_text("utf-8"))
    assert (kept["full"], kept["added"], kept["articles"]) == (True, 4, 4)
    assert kept["skipped"] == {"no-article": 2, "not-text": 1, "empty": 1, "too-large": 1, "unreadable": 1,
                               "warc-not-html": 1, "warc-not-200": 1}


def test_the_good_articles_are_searchable(reindexed):
    index, _, _ = reindexed
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    for word in ("harbourword", "goodpageword", "harbourmaster", "паромщик"):
        assert client.get("/api/search", query_string={"q": word}).get_json()["total"] == 1, word


def test_the_home_page_and_api_show_the_last_reindex(inputs, reindexed, tmp_path):
    root, _ = inputs
    index, _, _ = reindexed
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    stats = client.get("/api/stats").get_json()
    assert stats["last_reindex"]["added"] == 4 and stats["last_reindex"]["skipped"]["too-large"] == 1
    text = " ".join(client.get("/").get_data(as_text=True).split())
    assert "4 added, 0 updated, 0 unchanged, 0 removed; skipped: no article text 2, not text 1" in text
    # An update: nothing new, the same inputs skipped again, and the page says so.
    newsdesk(index, "reindex", root)
    text = " ".join(client.get("/").get_data(as_text=True).split())
    assert "Last reindex (update," in text and "0 added, 0 updated, 4 unchanged, 0 removed;" in text


def test_an_index_built_before_summaries_reads_fine(reindexed, tmp_path):
    index, _, _ = reindexed
    older = tmp_path / "older"
    subprocess.run(["cp", "-r", str(index), str(older)], check=True)
    (older / "last-reindex.json").unlink()
    client = create_app({"TESTING": True, "INDEX_DIR": str(older)}).test_client()
    assert client.get("/api/stats").get_json()["last_reindex"] is None
    page = client.get("/")
    assert page.status_code == 200 and "Last reindex" not in page.get_data(as_text=True)


@pytest.mark.parametrize("reason, kind", [
    ("line 3: binary line, not text", "not-text"),
    ("line 2: not valid JSON (Expecting value)", "unreadable"),
    ("line 4: no article text (body, text or content)", "no-article"),
    ("decompresses to more than 32 MB", "too-large"),
    ("truncated gzip data; the lines before were read", "unreadable"),
    ("damaged or truncated WARC data after byte 1200; the 3 records before were read", "unreadable"),
    ("12 records skipped: not HTML (image/png 12)", "warc-not-html"),
    ("same URL as /news/a.txt", "duplicate"),
    ("manifest line 4: no path", "manifest"),
    ("broken symbolic link", "not-text"),
])
def test_each_reason_has_its_kind(reason, kind):
    assert kind_of(reason) == kind and kind in KINDS
