"""The `newsdesk` command line through click's CliRunner, on real on-disk indexes."""

import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import samples_path
from webapp.cli import cli

REPO = Path(__file__).resolve().parents[1]
ARTICLE_FIELDS = ["id", "title", "body", "url", "source", "published", "author", "language", "fingerprint", "crawled"]


@pytest.fixture
def newsdesk(runner, sample_index):
    """Run one command, by default on the session's index of the samples, and check its exit code."""

    def run(*args, index=sample_index, code=0):
        result = runner.invoke(cli, ["--index", str(index), *map(str, args)], prog_name="newsdesk")
        # A crash is an exception other than the SystemExit click ends every run with.
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return run


@pytest.fixture
def corpus_copy(tmp_path):
    """A writable copy of the bundled samples (five articles and their manifest)."""
    return Path(shutil.copytree(samples_path(), tmp_path / "corpus"))


def one_line_error(result, *fragments):
    """The whole of stderr is one `Error: ...` line containing every fragment."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def search_json(newsdesk, *args, **options):
    return json.loads(newsdesk("search", *args, "--json", **options).stdout)


# --- search -------------------------------------------------------------------------


def test_search_lists_the_five_kursk_articles(newsdesk):
    result = newsdesk("search", "Kursk")
    out = result.stdout
    for number in range(1, 6):
        assert f"\n{number}. " in "\n" + out
    assert "\n6. " not in out
    assert "5 articles match; showing 1-5 (page 1 of 1)." in out
    assert "Kursk" in out and "<mark>" not in out
    assert result.stderr == ""
    doc = search_json(newsdesk, "Kursk")
    assert doc["total"] == 5 and len(doc["hits"]) == 5
    for hit in doc["hits"]:
        assert hit["id"] in out and hit["title"] in out and hit["source"] in out


@pytest.mark.parametrize("query", ['"Ads by MGDK"', "captcha"])
def test_scraping_boilerplate_is_not_searchable(newsdesk, query):
    assert search_json(newsdesk, query)["total"] == 0
    assert "No articles match." in newsdesk("search", query).stdout


def test_search_with_a_source_filter_marks_the_word(newsdesk):
    doc = search_json(newsdesk, "Thongloun", "--source", "Dagens")
    assert doc["total"] == 1
    (hit,) = doc["hits"]
    assert hit["source"] == "Dagens"
    assert any("<mark>Thongloun</mark>" in passage for passage in hit["highlights"])


def test_search_json_is_the_api_document(newsdesk, client):
    from_cli = search_json(newsdesk, "Laos")
    from_api = client.get("/api/search?q=Laos").get_json()
    assert from_cli.pop("took_ms") >= 0 and from_api.pop("took_ms") >= 0
    assert from_api.pop("links")["self"] == "/api/search?q=Laos"  # URLs are the web's addition
    assert from_cli == from_api
    assert from_cli["total"] == 5


def test_search_options_mean_the_api_parameters(newsdesk, client):
    args = ["", "--source", "Dagens", "--source", "Kontur", "--sort", "oldest", "--limit", "1", "--page", "2"]
    from_cli = search_json(newsdesk, *args)
    from_api = client.get("/api/search?source=Dagens&source=Kontur&sort=oldest&per_page=1&page=2").get_json()
    del from_cli["took_ms"], from_api["took_ms"], from_api["links"]
    assert from_cli == from_api
    assert (from_cli["total"], from_cli["page"], from_cli["per_page"]) == (2, 2, 1)


def test_search_json_keeps_characters_unescaped(newsdesk):
    out = newsdesk("search", "Russia’s", "--json").stdout
    assert "’" in out and "\\u2019" not in out
    assert out.count("\n") == 1


# --- show, stats --------------------------------------------------------------------


def test_show_prints_the_whole_article(newsdesk, client):
    hit = search_json(newsdesk, "Thongloun", "--source", "Dagens")["hits"][0]
    article = client.get(f"/api/articles/{hit['id']}").get_json()
    out = newsdesk("show", hit["id"]).stdout
    assert out.startswith(article["title"] + "\n")
    assert "source:    Dagens\n" in out and f"id:        {hit['id']}\n" in out
    assert article["body"] in out
    assert json.loads(newsdesk("show", hit["id"], "--json").stdout) == article


def test_stats(newsdesk, client, sample_index):
    out = newsdesk("stats").stdout
    assert "articles:   5\n" in out and "sources:    5\n" in out
    assert f"index:      {sample_index}\n" in out
    last = r"\nreindexed:  \d{4}-\d\d-\d\d \d\d:\d\d UTC, added 5, updated 0, deleted 0, unchanged 0\n"
    assert re.search(last, out)
    size_line = next(line for line in out.splitlines() if line.startswith("index size:"))
    assert size_line.endswith(" KB") or size_line.endswith(" MB")
    assert json.loads(newsdesk("stats", "--json").stdout) == client.get("/api/stats").get_json()


# --- reindex ------------------------------------------------------------------------


def test_reindex_defaults_to_the_bundled_samples(newsdesk, tmp_path):
    index = tmp_path / "index"
    result = newsdesk("reindex", index=index)
    assert result.stdout == f"added 5, updated 0, deleted 0, unchanged 0, rejected 0; 5 articles in {index}\n"
    assert result.stderr == ""
    assert search_json(newsdesk, "Kursk", index=index)["total"] == 5


def test_reindex_is_incremental(newsdesk, tmp_path, corpus_copy):
    index = tmp_path / "index"

    def summary(*args):
        return newsdesk("reindex", corpus_copy, *args, index=index).stdout.split(";")[0]

    assert summary() == "added 5, updated 0, deleted 0, unchanged 0, rejected 0"
    assert summary() == "added 0, updated 0, deleted 0, unchanged 5, rejected 0"

    edited = sorted(corpus_copy.glob("*.txt"))[2]
    with edited.open("a", encoding="utf-8") as text:
        text.write("\n\nThe zanzibarian delegation arrived on Tuesday to discuss the matter further.\n")
    assert summary() == "added 0, updated 1, deleted 0, unchanged 4, rejected 0"
    assert search_json(newsdesk, "zanzibarian", index=index)["total"] == 1

    sorted(corpus_copy.glob("*.txt"))[4].unlink()
    assert summary() == "added 0, updated 0, deleted 1, unchanged 4, rejected 0"
    assert search_json(newsdesk, "Kursk", index=index)["total"] == 4

    assert summary("--full") == "added 0, updated 0, deleted 0, unchanged 4, rejected 0"


def test_optimize_says_what_it_merged_and_refuses_while_a_reindex_runs(newsdesk, tmp_path, corpus_copy):
    from indexer import IndexStore

    index = tmp_path / "index"
    newsdesk("reindex", corpus_copy, "--workers", 1, index=index)  # one segment
    edited = sorted(corpus_copy.glob("*.txt"))[2]
    with edited.open("a", encoding="utf-8") as text:
        text.write("\n\nThe zanzibarian delegation arrived on Tuesday to discuss the matter further.\n")
    newsdesk("reindex", corpus_copy, index=index)  # one segment more, the old copy deleted
    result = newsdesk("optimize", index=index)
    assert result.stdout == f"merged 2 segments into 1, dropped 1 deleted article; 5 articles in {index}\n"
    again = newsdesk("optimize", index=index).stdout
    assert again == f"nothing to merge (1 segment); 5 articles in {index}\n"
    assert search_json(newsdesk, "zanzibarian", index=index)["total"] == 1
    with IndexStore(index).writing():
        busy = newsdesk("optimize", index=index, code=1)
    assert busy.stderr == f"Error: another reindex is writing {index}; wait for it to finish (or pass --wait)\n"


def test_reindex_reports_a_rejected_input_with_its_reason(newsdesk, tmp_path, corpus_copy):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    result = newsdesk("reindex", corpus_copy, binary, "--workers", "2", index=tmp_path / "index")
    assert result.stdout.startswith("added 5, updated 0, deleted 0, unchanged 0, rejected 1 (not text 1);")
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"rejected {binary}: ") and len(line) > len(f"rejected {binary}: ") + 3


# --- clean --------------------------------------------------------------------------


def test_clean_json_lines_for_files(newsdesk, corpus_copy):
    files = sorted(corpus_copy.glob("*.txt"))[:2]
    result = newsdesk("clean", *files, "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in records] == [str(f) for f in files]
    for record in records:
        assert list(record) == ["path", *ARTICLE_FIELDS]
        assert record["title"] and record["body"]
    assert "Ads by MGDK" not in result.stdout


def test_clean_json_lines_for_a_folder(newsdesk, corpus_copy):
    records = [json.loads(line) for line in newsdesk("clean", corpus_copy, "--json").stdout.splitlines()]
    assert [Path(r["path"]).name for r in records] == sorted(p.name for p in corpus_copy.glob("*.txt"))
    assert [r["source"] for r in records][0] == "Dagens"
    assert all(list(r) == ["path", *ARTICLE_FIELDS] for r in records)


def test_clean_shows_text_and_removed_lines(newsdesk, corpus_copy):
    first = sorted(corpus_copy.glob("*.txt"))[0]
    out = newsdesk("clean", first, "--diff").stdout
    assert out.startswith("Laos Enters the War, Sends Troops to Russia\n")
    assert f"path:      {first}\n" in out
    assert "In year three of Russia’s full-scale invasion" in out
    removed = [line for line in out.splitlines() if line.startswith("- ")]
    assert removed and "- Others are reading now" in removed
    records = [json.loads(line) for line in newsdesk("clean", first, "--json", "--diff").stdout.splitlines()]
    assert "Others are reading now" in records[0]["removed"]


def test_clean_shows_what_each_json_lines_record_lost(newsdesk, tmp_path):
    story = "The council voted on Tuesday to rebuild the bridge over the river by next spring."
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(record) + "\n" for record in [
        {"url": "https://x.example/a", "title": "Bridge to be rebuilt",
         "body": f"Bridge to be rebuilt\n\n{story}\n\nADVERTISEMENT\n\nIt will take a year."},
        {"url": "https://x.example/b", "title": "Nothing lost", "body": story},
    ]), encoding="utf-8")
    records = [json.loads(line) for line in newsdesk("clean", feed, "--json", "--diff").stdout.splitlines()]
    assert [r["removed"] for r in records] == [["Bridge to be rebuilt", "ADVERTISEMENT"], []]
    assert records[0]["body"] == f"{story}\n\nIt will take a year."
    out = newsdesk("clean", feed, "--diff").stdout
    first, second = out.split("Nothing lost")
    removed = [[line for line in part.splitlines() if line.startswith("- ")] for part in (first, second)]
    assert removed == [["- Bridge to be rebuilt", "- ADVERTISEMENT"], []]


def test_clean_exits_1_when_an_input_is_rejected(newsdesk, corpus_copy, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    good = sorted(corpus_copy.glob("*.txt"))[0]
    result = newsdesk("clean", good, binary, "--json", code=1)
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(good)]
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"rejected {binary}: ")


# --- errors -------------------------------------------------------------------------


def test_bad_date_is_one_line(newsdesk):
    result = newsdesk("search", "Laos", "--since", "July", code=1)
    one_line_error(result, "--since must be a date like 2025-07-17")
    assert result.stdout == ""


def test_bad_limit_names_the_option(newsdesk):
    one_line_error(newsdesk("search", "Laos", "--limit", "1000", code=1), "--limit must be between 1 and 100")


@pytest.mark.parametrize("command", [["search", "Laos"], ["show", "abc"], ["stats"]])
def test_missing_index_is_one_line(newsdesk, tmp_path, command):
    result = newsdesk(*command, index=tmp_path / "nothing", code=1)
    one_line_error(result, f"no index at {tmp_path / 'nothing'}", "run `newsdesk reindex`")


def test_unknown_id_is_one_line(newsdesk):
    one_line_error(newsdesk("show", "no-such-id", code=1), "no article with id 'no-such-id'")


def test_missing_path_is_one_line(newsdesk, tmp_path):
    result = newsdesk("reindex", tmp_path / "nowhere", index=tmp_path / "index", code=1)
    one_line_error(result, f"no such file or folder: {tmp_path / 'nowhere'}")
    assert not (tmp_path / "index").exists()


def test_serve_on_a_busy_port_is_one_line(newsdesk, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = newsdesk("serve", "--port", port, index=tmp_path / "index", code=1)
    one_line_error(result, f"cannot listen on 127.0.0.1:{port}", "choose another --port")
    assert not (tmp_path / "index").exists()


def test_usage_errors_exit_2(newsdesk):
    result = newsdesk("search", "--no-such-option", code=2)
    assert result.stderr.startswith("Usage: newsdesk search [OPTIONS] QUERY\n")
    assert result.stderr.endswith("Error: No such option '--no-such-option'.\n")


def test_a_real_process_prints_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "webapp.cli", "--index", str(tmp_path / "none"), "search", "Laos"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == f"Error: no index at {tmp_path / 'none'}; run `newsdesk reindex`\n"
    assert result.stdout == ""


# --- help ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_ending_with_an_example(runner, name):
    command = cli.commands[name]
    assert command.help and command.help.strip().splitlines()[-1].strip().startswith("Example: newsdesk ")
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example: newsdesk " in result.stdout


def test_the_commands_are_the_designed_ones():
    assert set(cli.commands) == {"reindex", "optimize", "search", "show", "coverage", "compare", "terms", "first", "clean",
                                 "stats", "serve", "story", "watch"}


def test_search_new_options_mean_the_api_parameters(newsdesk, client):
    from_cli = search_json(newsdesk, "Kursk", "--recency", "--all-copies")
    from_api = client.get("/api/search?q=Kursk&recency=1&duplicates=show").get_json()
    del from_cli["took_ms"], from_api["took_ms"], from_api["links"]
    assert from_cli == from_api


def test_search_prints_notices_on_stderr(newsdesk):
    result = newsdesk("search", '"Marxist ideology')
    assert "closing quote" in result.stderr
    assert "1 article matches" in result.stdout


def test_search_and_show_list_copies_and_similar_articles(newsdesk, varied_index, runner):
    out = newsdesk("search", "convoy grain", index=varied_index).stdout
    assert "Also published as:" in out
    hit = search_json(newsdesk, "source:Alpha", index=varied_index)["hits"][0]
    shown = newsdesk("show", hit["id"], index=varied_index).stdout
    assert "Copies under other outlets" in shown and "Beta" in shown and "Similar articles" in shown
    as_json = json.loads(newsdesk("show", hit["id"], "--json", index=varied_index).stdout)
    assert {c["source"] for c in as_json["duplicates"]} == {"Beta", "Gamma"}
