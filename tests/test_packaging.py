"""A normal (not editable) install into a fresh virtual environment works from any folder.

An editable install reads the source tree, so it hides package data that a real install
would leave out (bundled samples, templates, static files). This test installs a clean copy
of the project the way a user does and runs the console script elsewhere.
"""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
# Never copied: a stale top-level build/ folder would put files into the wheel that the
# project no longer declares, and hide exactly what this test is for (indexer/build/ is a
# package, so only the top level's build/ and dist/ are left out).
ANYWHERE = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", "newsdesk-data")


def NOT_SOURCES(folder: str, names: list[str]) -> set[str]:
    ignored = set(ANYWHERE(folder, names))
    return ignored | ({"build", "dist"} & set(names) if Path(folder) == REPO else set())


def run(*command, cwd, timeout=600):
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(folder to run from, bin folder of a fresh venv holding `pip install .` of the project)."""
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    venv = base / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=base)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        source, cwd=base)
    shutil.rmtree(source)  # nothing can be read from the source tree any more
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return elsewhere, venv / "bin"


def test_console_script_indexes_and_searches_the_bundled_samples(installed):
    cwd, bin_dir = installed
    index = cwd / "index"
    result = run(bin_dir / "newsdesk", "--index", index, "reindex", cwd=cwd)
    assert result.stdout.startswith("added 5, updated 0, deleted 0, unchanged 0, rejected 0;")
    found = json.loads(run(bin_dir / "newsdesk", "--index", index, "search", "Kursk", "--json", cwd=cwd).stdout)
    assert found["total"] == 5 and len(found["hits"]) == 5


def test_templates_and_static_files_are_installed(installed):
    cwd, bin_dir = installed
    index = cwd / "index-for-pages"
    run(bin_dir / "newsdesk", "--index", index, "reindex", cwd=cwd)
    script = textwrap.dedent(
        f"""
        import webapp
        from webapp import create_app
        assert "site-packages" in webapp.__file__, webapp.__file__
        client = create_app({{"INDEX_DIR": {str(index)!r}}}).test_client()
        for url in ("/", "/search?q=Kursk", "/static/newsdesk.css"):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            response.close()
        assert b"Search the news" in client.get("/").data
        print("ok")
        """
    )
    assert run(bin_dir / "python", "-W", "error", "-c", script, cwd=cwd).stdout == "ok\n"


def test_only_the_pinned_whoosh_is_installed(installed):
    _, bin_dir = installed
    listed = run(bin_dir / "python", "-m", "pip", "list", "--format=json", cwd=bin_dir).stdout
    names = {package["name"].lower(): package["version"] for package in json.loads(listed)}
    assert names["whoosh3"] == "3.54.0"
    assert "whoosh" not in names and "whoosh-reloaded" not in names
