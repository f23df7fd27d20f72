"""The project's shape: imports point webapp -> indexer -> corpus, indexer's parts are layered,
nothing circles, only indexer/whooshext relies on Whoosh's internals, and the code lints clean."""

import ast
import importlib
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import whoosh_fence

ROOT = Path(__file__).resolve().parent.parent

# What each package may not import (top-level module names).
FORBIDDEN = {
    "corpus": {"indexer", "webapp", "whoosh", "flask", "click", "werkzeug", "jinja2", "gunicorn", "pydantic"},
    "indexer": {"webapp", "flask", "click", "werkzeug", "jinja2", "gunicorn", "pydantic"},
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
    assert sorted(users) == ["webapp/cli/commands.py", "webapp/cli/serving.py", "webapp/cli/stories.py",
                            "webapp/cli/terminal.py", "webapp/cli/watches.py"]


def test_only_the_api_description_imports_pydantic():
    # The result classes stay plain dataclasses; pydantic only reads them to describe the API.
    users = [
        str(path.relative_to(ROOT))
        for package in FORBIDDEN
        for path in (ROOT / package).rglob("*.py")
        if {"pydantic", "pydantic_core"} & imported_modules(path)
    ]
    assert users == ["webapp/openapi/document.py"]


def test_code_lints_clean():
    # The rules are chosen in pyproject.toml ([tool.ruff.lint]).
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "corpus", "indexer", "webapp", "tests"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


# ---- The packages' inner layers, and no import circle anywhere ----

PACKAGES = ("corpus", "indexer", "webapp", "bench")

# indexer's parts, lowest first, and the parts each may import besides its own.
INDEXER_LAYERS = {
    "kept": set(),
    "preload": set(),
    "blocklayout": set(),
    "whooshext": {"kept", "blocklayout"},
    "schema": {"kept", "whooshext"},
    "build": {"kept", "whooshext", "schema"},
    "search": {"kept", "whooshext", "schema"},
    "present": {"kept", "whooshext", "schema", "search"},
    "watches": {"kept", "whooshext", "schema", "build", "search", "present"},
    "searchers": {"kept", "whooshext", "schema", "build"},
    "service": {"kept", "whooshext", "schema", "build", "search", "present", "watches", "searchers"},
    "warming": {"kept", "preload", "whooshext", "schema", "build", "search", "present", "watches", "searchers",
                "service"},
    "shardwork": {"kept", "whooshext", "schema", "build", "search", "present", "watches", "searchers", "service"},
    "scatter": {"kept", "whooshext", "schema", "build", "search", "present", "watches", "searchers", "service",
                "shardwork"},
}


def module_paths() -> dict[str, Path]:
    """Dotted name -> file of every module of the tree."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of the tree it imports (at the top or inside a function)."""
    paths = module_paths()
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{parent}.{base}".rstrip(".")
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.add(submodule if submodule in paths else base)
        graph[name] = {target for target in targets if target in paths and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles_anywhere():
    graph = import_graph()
    assert len(graph) > 80  # the whole tree was read
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _indexer_part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "indexer" and len(parts) > 1 else None


def test_indexer_parts_import_only_lower_layers():
    graph = import_graph()
    parts = {part for part in map(_indexer_part, graph) if part}
    assert parts == set(INDEXER_LAYERS)  # a new part must be placed in the layers
    offenders = {
        module: sorted(target for target in targets
                       if target.startswith("indexer") and _indexer_part(target) != part
                       and _indexer_part(target) not in INDEXER_LAYERS[part])
        for module, targets in graph.items()
        if (part := _indexer_part(module))
    }
    assert {module: bad for module, bad in offenders.items() if bad} == {}


# ---- Whoosh's internals are used only inside indexer/whooshext ----

FENCE = ROOT / "indexer" / "whooshext"


def test_only_whooshext_relies_on_whoosh_internals():
    offenders = {
        name: [f"{use.line}: {use.name} ({use.how})" for use in uses]
        for name, path in sorted(module_paths().items())
        # A __main__ module runs when imported; none of them touches whoosh.
        if FENCE not in path.parents and not name.endswith("__main__")
        and (uses := whoosh_fence.private_uses(path, name))
    }
    assert offenders == {}


def test_the_fence_sees_private_uses(tmp_path, monkeypatch):
    module = tmp_path / "fence_probe.py"
    module.write_text(
        "from whoosh.codec.whoosh3 import W3Codec\n"
        "from whoosh.highlight import Formatter\n"
        "from whoosh.writing import SegmentWriter\n\n"
        "class Plain(Formatter):\n"
        "    def _text(self, text):\n"
        "        return text\n\n"
        "def peek(searcher, ix):\n"
        "    SegmentWriter(ix, _lk=False)\n"
        "    return getattr(searcher, '_ix'), searcher._ix\n",
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    uses = {(use.name, use.how) for use in whoosh_fence.private_uses(module, "fence_probe")}
    assert uses == {("whoosh.codec.whoosh3", "undocumented module"), ("_text", "overrides"),
                    ("_lk", "keyword"), ("_ix", "getattr"), ("_ix", "attribute")}


FENCED = sorted(path for path in FENCE.glob("*.py") if path.name != "__init__.py")


@pytest.mark.parametrize("path", FENCED, ids=lambda path: path.stem)
def test_each_fenced_module_lists_the_internals_it_relies_on(path):
    name = f"indexer.whooshext.{path.stem}"
    listed = whoosh_fence.listing(importlib.import_module(name).__doc__ or "")
    used = {use.name for use in whoosh_fence.private_uses(path, name)}
    assert used, "a module without Whoosh internals belongs outside indexer/whooshext"
    assert listed.version == version("whoosh3")
    assert set(listed.names) == used


@pytest.mark.parametrize("path", FENCED, ids=lambda path: path.stem)
def test_the_listed_internals_exist_in_the_installed_whoosh(path):
    listed = whoosh_fence.listing(importlib.import_module(f"indexer.whooshext.{path.stem}").__doc__ or "")
    for module in listed.modules:
        importlib.import_module(module)
    missing = sorted(f"{owner}.{name}" for owner, name in listed.owned if not whoosh_fence.resolves(owner, name))
    assert missing == []


def test_whoosh_is_pinned_to_the_version_the_fence_names():
    pinned = re.search(r'"whoosh3==([^"]+)"', (ROOT / "pyproject.toml").read_text("utf-8")).group(1)
    assert pinned == version("whoosh3")


# ---- Small modules in small packages ----

MAX_MODULE_LINES = 350
MAX_PACKAGE_MODULES = 12


def test_no_module_is_long():
    long = {name: lines for name, path in module_paths().items()
            if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_package_holds_many_modules():
    folders = {path.parent for path in module_paths().values()}
    crowded = {str(folder.relative_to(ROOT)): count for folder in folders
               if (count := len([p for p in folder.glob("*.py")
                                 if p.name not in ("__init__.py", "__main__.py")])) > MAX_PACKAGE_MODULES}
    assert crowded == {}
