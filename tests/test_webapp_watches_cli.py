"""`newsdesk watch add|list|remove|run` on a real index, reindexed between runs."""

import json
import subprocess
import sys

import pytest

from indexer import reindex
from webapp.cli import cli


def article(n, title, body, source="Alpha"):
    return {"url": f"https://a.example/{n}", "source": source, "title": title, "body": body * 4,
            "published": f"2025-06-{n % 28 + 1:02d}"}


CONVOY = "The convoy crossed the border at dawn after a week of talks. "
WEATHER = "Rain and wind swept across the northern plains all day. "


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    rows = [article(n, f"Weather {n}", WEATHER) for n in range(10)] + [article(10, "Convoy", CONVOY)]
    (folder / "first.jsonl").write_text("\n".join(map(json.dumps, rows)), "utf-8")
    return folder


@pytest.fixture
def watch(tmp_path, inputs, runner):
    index = tmp_path / "index"
    reindex(index, [inputs])

    def run(*args):
        return runner.invoke(cli, ["--index", str(index), "watch", *args])

    run.index = index
    return run


def add_article(inputs, index, name, row):
    (inputs / name).write_text(json.dumps(row), "utf-8")
    reindex(index, [inputs])


def test_run_prints_new_matches_once_and_exits_for_cron(watch, inputs):
    assert watch("add", "convoy", "convoy").stdout == "Saved 'convoy': convoy\n"
    nothing = watch("run")
    assert (nothing.exit_code, nothing.stdout) == (1, "")
    add_article(inputs, watch.index, "second.jsonl", article(20, "Second convoy", CONVOY, source="Beta"))
    found = watch("run")
    assert found.exit_code == 0
    assert found.stdout.splitlines() == ["convoy: 1 new (convoy)", "  Second convoy — Beta, 2025-06-21",
                                         "    https://a.example/20"]
    assert watch("run").exit_code == 1


def test_run_json_is_one_object_per_match(watch, inputs):
    watch("add", "convoy", "convoy")
    watch("add", "beta", "", "--source", "Beta")
    add_article(inputs, watch.index, "second.jsonl", article(20, "Second convoy", CONVOY, source="Beta"))
    found = watch("run", "--json")
    assert found.exit_code == 0
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert [(r["watch"], r["title"], r["source"]) for r in rows] == [("beta", "Second convoy", "Beta"),
                                                                     ("convoy", "Second convoy", "Beta")]
    assert set(rows[0]) == {"watch", "id", "title", "url", "source", "published", "found"}


def test_run_of_named_searches_leaves_the_others_new(watch, inputs):
    watch("add", "convoy", "convoy")
    watch("add", "beta", "", "--source", "Beta")
    add_article(inputs, watch.index, "second.jsonl", article(20, "Second convoy", CONVOY, source="Beta"))
    assert watch("run", "beta").exit_code == 0
    listed = json.loads(watch("list", "--json").stdout)["watches"]
    assert [(w["name"], w["new"]) for w in listed] == [("beta", 0), ("convoy", 1)]


def test_list_and_remove(watch):
    assert "No saved searches" in watch("list").stdout
    added = json.loads(watch("add", "kursk", '"Kursk region"', "--source", "Kontur", "--since", "2025-07",
                             "--json").stdout)
    assert (added["name"], added["q"], added["sources"], added["since"]) == \
        ("kursk", '"Kursk region"', ["Kontur"], "2025-07-01")
    assert watch("list").stdout.split() == ["kursk", "0", "new", '"Kursk', 'region"', "[source", "Kontur;",
                                            "since", "2025-07-01]"]
    assert json.loads(watch("remove", "kursk", "--json").stdout) == {"removed": "kursk"}
    assert json.loads(watch("list", "--json").stdout) == {"watches": []}


@pytest.mark.parametrize("args, message", [
    (["add", "Kursk Region", "x"], "must be 1 to 64 lowercase letters"),
    (["add", "kursk", "x", "--since", "July"], "--since"),
    (["remove", "nope"], "no saved search named 'nope'"),
])
def test_mistakes_are_one_line_and_exit_1(watch, args, message):
    result = watch(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr


def test_a_duplicate_is_refused(watch):
    watch("add", "kursk", "Kursk")
    result = watch("add", "kursk", "Laos")
    assert result.exit_code == 1 and "'kursk' exists already" in result.stderr


def test_run_errors_exit_2(watch, tmp_path):
    assert watch("run", "nope").exit_code == 2
    (watch.index / "watches.sqlite3").write_bytes(b"garbage" * 1000)
    damaged = watch("run")
    assert damaged.exit_code == 2 and "cannot be read" in damaged.stderr


def test_run_exit_statuses_from_a_real_process(watch, inputs):
    watch("add", "convoy", "convoy")

    def run():
        return subprocess.run([sys.executable, "-m", "webapp.cli", "--index", str(watch.index), "watch", "run"],
                              capture_output=True, text=True).returncode

    assert run() == 1
    add_article(inputs, watch.index, "second.jsonl", article(20, "Second convoy", CONVOY))
    assert run() == 0
    assert run() == 1
