"""A missing, deleted or damaged index: the server stays up and says what to run; so does the CLI."""

import shutil
import subprocess
import urllib.error
import urllib.request

import pytest
from live_server import get_json, newsdesk, serving

from corpus import samples_path

pytestmark = pytest.mark.faults


def damage(index):
    """Overwrite the live generation's table of contents with garbage."""
    live = index / (index / "CURRENT").read_text().strip()
    for toc in live.glob("*.toc"):
        toc.write_bytes(b"garbage, not a table of contents")


def run_cli(*args, index):
    process = newsdesk(*args, index=index, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def page_text(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def test_damaged_index_the_server_starts_and_explains_and_reindex_repairs_it(tmp_path):
    index = tmp_path / "index"
    assert run_cli("reindex", samples_path(), index=index)[0] == 0
    damage(index)
    hint = "cannot be read"
    with serving(index, tmp_path / "server.log", ready_status=(503,)) as base:
        status, health = get_json(base + "/healthz")
        assert status == 503 and hint in health["reason"] and "newsdesk reindex --full" in health["reason"]
        status, error = get_json(base + "/api/search?q=Kursk")
        assert (status, error["error"]["code"]) == (503, "index_missing")
        assert hint in error["error"]["message"]
        status, html = page_text(base + "/search?q=Kursk")
        assert status == 503 and "newsdesk reindex --full" in html
        code, _, err = run_cli("search", "Kursk", index=index)
        assert code == 1 and hint in err and "Traceback" not in err
        # The server was not allowed to replace the damaged index with the samples...
        assert "cannot be read" in (tmp_path / "server.log").read_text()
        # ...and one reindex, without any cleanup, brings everything back.
        code, _, err = run_cli("reindex", samples_path(), index=index)
        assert code == 0, err
        status, found = get_json(base + "/api/search?q=Kursk")
        assert status == 200 and found["total"] == 5
        assert get_json(base + "/healthz")[0] == 200


def test_index_deleted_under_a_running_server(tmp_path):
    index = tmp_path / "index"
    assert run_cli("reindex", samples_path(), index=index)[0] == 0
    with serving(index, tmp_path / "server.log") as base:
        assert get_json(base + "/api/search?q=Kursk")[1]["total"] == 5
        shutil.rmtree(index)
        status, health = get_json(base + "/healthz")
        assert status == 503 and health["reason"] == f"no index at {index}; run `newsdesk reindex`"
        status, html = page_text(base + "/")
        assert "newsdesk reindex" in html
        code, _, err = run_cli("stats", index=index)
        assert (code, err.strip()) == (1, f"Error: no index at {index}; run `newsdesk reindex`")
        assert run_cli("reindex", samples_path(), index=index)[0] == 0
        assert get_json(base + "/api/search?q=Kursk")[1]["total"] == 5
