"""One folder of every kind of broken and hostile input, reindexed: each bad one is reported with
its reason, every good one is indexed, nothing stops the run."""

import gzip
import json
import os
import time

import pytest

from indexer import SearchRequest, SearchService, reindex

PARAGRAPH = "The council met on Tuesday and voted to rebuild the old bridge before the winter. "


def html(title, body, charset="utf-8"):
    return (f"<html><head><meta charset='{charset}'><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1><p>{body}</p></article></body></html>")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    good = {}

    def write(name, data, *, findable=None):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if findable:
            good[name] = findable
        return path

    write("good.txt", "Harbour news\n" + "Good harbourword story. " + PARAGRAPH * 3, findable="harbourword")
    write("good.html", html("Good page", "Goodpageword here. " + PARAGRAPH * 3), findable="goodpageword")
    write("binary.txt", os.urandom(4096).replace(b"\0", b"") + b"\0" + os.urandom(100))
    write("empty.txt", b"")
    write("blank.html", b"  \n\t\n")
    # Legacy encodings and UTF-16 hold article text too: read, not rejected.
    write("latin1.txt", ("Zürichword café story. " + PARAGRAPH * 3).encode("latin-1"), findable="zürichword")
    write("utf16.txt", ("Widestoryword story. " + PARAGRAPH * 3).encode("utf-16"), findable="widestoryword")
    # Declares UTF-8 but is windows-1252: still read, accents intact.
    write("mislabelled.html", html("Café mislabelled", "Mislabelword café crème. " + PARAGRAPH * 3)
          .encode("windows-1252"), findable="mislabelword")
    # Declares nothing, in windows-1252.
    write("undeclared.html", html("Undeclared", "Undeclaredword déjà vu. " + PARAGRAPH * 3, charset="")
          .replace("<meta charset=''>", "").encode("windows-1252"), findable="undeclaredword")
    write("deep.html", "<html><body>" + "<div>" * 20000 + "<p>Deepword. " + PARAGRAPH * 3 + "</p>"
          + "</div>" * 20000 + "</body></html>", findable="deepword")
    write("unclosed.html", "<html><body>" + "<nav>x" * 50000 + "<p>Unclosedword. " + PARAGRAPH * 3)
    write("truncated.html", html("Cut", "Truncword. " + PARAGRAPH * 3)[:-40], findable="truncword")
    write("gzipped.html.gz", gzip.compress(html("Zipped", "Zippedword. " + PARAGRAPH * 3).encode()),
          findable="zippedword")
    write("bomb.html.gz", gzip.compress(b"<p>" + b" " * (40 * 1024**2)))
    write("notgzip.txt.gz", "plain text pretending")
    lines = [json.dumps({"title": "Export one", "body": "Exportoneword. " + PARAGRAPH, "url": "https://e.org/1"}),
             "{broken json", "\x00\x01 binary line", json.dumps({"title": "no body"}),
             json.dumps({"title": "Export two", "text": "Exporttwoword. " + PARAGRAPH, "url": "https://e.org/2"})]
    write("export.jsonl", "\n".join(lines), findable="exportoneword")
    good["export.jsonl#5"] = "exporttwoword"
    # A 200 MB page (sparse: no disk used) is refused by its size before any byte is read.
    with open(root / "huge.txt", "wb") as huge:
        huge.truncate(200 * 1024**2)
    (root / "loop").mkdir()
    (root / "loop" / "again").symlink_to(root, target_is_directory=True)
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    unreadable = write("locked.txt", "Locked story. " + PARAGRAPH * 3)
    unreadable.chmod(0)
    return root, good


def test_every_bad_input_is_reported_and_every_good_one_indexed(corpus, tmp_path):
    root, good = corpus
    started = time.monotonic()
    report = reindex(tmp_path / "index", [root])
    elapsed = time.monotonic() - started
    reasons = {os.path.relpath(r.path, root): r.reason for r in report.rejected}
    expected = {
        "binary.txt": "binary file, not text",
        "empty.txt": "empty file",
        "blank.html": "empty file",
        "bomb.html.gz": "decompresses to more than 32 MB",
        "notgzip.txt.gz": "not gzip data, though the name ends in .gz",
        "export.jsonl#2": "line 2: not valid JSON (Expecting property name enclosed in double quotes)",
        "export.jsonl#3": "line 3: binary line, not text",
        "export.jsonl#4": "line 4: no article text (body, text or content)",
        "huge.txt": "too large (200 MB; the limit is 32 MB)",
        "gone.txt": "broken symbolic link",
        "unclosed.html": "no article text found",
    }
    if os.geteuid() != 0:  # root reads any file whatever its mode
        expected["locked.txt"] = "permission denied"
    assert {k: v for k, v in reasons.items() if k in expected} == expected
    unexplained = set(reasons) - set(expected) - {"locked.txt"}
    assert unexplained == set(), {k: reasons[k] for k in unexplained}
    service = SearchService(tmp_path / "index")
    for name, word in good.items():
        assert service.search(SearchRequest(q=word)).total == 1, name
    assert elapsed < 120, "hostile inputs cost seconds, not minutes"


def test_clean_reports_the_same_and_exits_1(corpus, runner):
    from webapp.cli import cli

    root, good = corpus
    result = runner.invoke(cli, ["clean", "--json", str(root / "deep.html"), str(root / "huge.txt"),
                                 str(root / "export.jsonl")])
    assert result.exit_code == 1
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == [
        "", "Export one", "Export two"]
    assert f"rejected {root / 'huge.txt'}: too large (200 MB; the limit is 32 MB)" in result.stderr
