"""The project's shape: imports point webapp -> indexer -> corpus, and the code lints clean."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each package may not import (top-level module names).
FORBIDDEN = {
    "corpus": {"indexer", "webapp", "whoosh", "flask", "click", "werkzeug", "jinja2", "gunicorn"},
    "indexer": {"webapp", "flask", "click", "werkzeug", "jinja2", "gunicorn"},
    "webapp": {"whoosh"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_only_the_cli_imports_click():
    users = [
        str(path.relative_to(ROOT))
        for package in FORBIDDEN
        for path in (ROOT / package).rglob("*.py")
        if "click" in imported_modules(path)
    ]
    assert users == ["webapp/cli.py"]


def test_code_lints_clean():
    # The rules are chosen in pyproject.toml ([tool.ruff.lint]).
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "corpus", "indexer", "webapp", "tests"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
