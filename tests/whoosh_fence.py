"""Finding where code relies on Whoosh's internals: private names and undocumented modules.

Whoosh's public API is its documented modules (the API reference of its manual) and their
names without a leading underscore. A module relies on an internal when it imports an
undocumented module or a private name, reads or writes a private attribute that Whoosh
defines, overrides or calls a private method inherited from a Whoosh class, passes a
private keyword argument, or names a private attribute in getattr/hasattr/setattr.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import whoosh

# The modules of Whoosh's API reference (docs/source/api in its repository).
PUBLIC_MODULES = frozenset({
    "whoosh", "whoosh.analysis", "whoosh.codec.base", "whoosh.collectors", "whoosh.columns",
    "whoosh.fields", "whoosh.filedb.filestore", "whoosh.filedb.filetables",
    "whoosh.filedb.structfile", "whoosh.formats", "whoosh.highlight", "whoosh.idsets",
    "whoosh.index", "whoosh.lang.morph_en", "whoosh.lang.porter", "whoosh.lang.wordnet",
    "whoosh.matching", "whoosh.qparser", "whoosh.query", "whoosh.reading", "whoosh.scoring",
    "whoosh.searching", "whoosh.sorting", "whoosh.spelling", "whoosh.support.charset",
    "whoosh.support.levenshtein", "whoosh.util", "whoosh.writing",
})
SELF_NAMES = ("self", "cls")


@dataclass(frozen=True, order=True)
class Use:
    line: int
    name: str  # a private name, or an undocumented module's dotted name
    how: str


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_names(tree: ast.AST) -> set[str]:
    """Every private name a piece of source defines or mentions (parameters included)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
            names.update(arg.arg for arg in node.args.args + node.args.kwonlyargs)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
    return {name for name in names if is_private(name)}


@cache
def whoosh_private_names() -> frozenset[str]:
    """Every private name anywhere in the installed Whoosh."""
    root = Path(whoosh.__file__).parent
    return frozenset().union(*(_private_names(ast.parse(p.read_text("utf-8"))) for p in root.rglob("*.py")))


@cache
def class_private_names(cls: type) -> frozenset[str]:
    """The private names a Whoosh class's own source defines or mentions."""
    return frozenset(_private_names(ast.parse(textwrap.dedent(inspect.getsource(cls)))))


def inherited_private_names(cls: type) -> frozenset[str]:
    """The private names of every Whoosh class `cls` inherits from."""
    whoosh_classes = [k for k in cls.__mro__ if k.__module__.split(".")[0] == "whoosh"]
    return frozenset().union(*map(class_private_names, whoosh_classes))


def private_uses(path: Path, module_name: str) -> list[Use]:
    """Each place the module at `path` relies on a Whoosh internal."""
    tree = ast.parse(path.read_text("utf-8"))
    module = importlib.import_module(module_name)
    whoosh_names = whoosh_private_names()
    uses: set[Use] = set()
    own: set[str] = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    for cnode in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        cls = getattr(module, cnode.name, None)
        inherited = inherited_private_names(cls) if isinstance(cls, type) else frozenset()
        for node in ast.walk(cnode):
            if isinstance(node, ast.FunctionDef) and node in cnode.body:
                if node.name in inherited:
                    uses.add(Use(node.lineno, node.name, "overrides"))
                else:
                    own.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in SELF_NAMES:
                if node.attr in inherited:
                    uses.add(Use(node.lineno, node.attr, "inherited"))
                elif isinstance(node.ctx, ast.Store):
                    own.add(node.attr)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "whoosh":
            if node.module not in PUBLIC_MODULES:
                uses.add(Use(node.lineno, node.module, "undocumented module"))
            uses.update(Use(node.lineno, a.name, "imported") for a in node.names if is_private(a.name))
        elif isinstance(node, ast.Import):
            uses.update(Use(node.lineno, a.name, "undocumented module") for a in node.names
                        if a.name.split(".")[0] == "whoosh" and a.name not in PUBLIC_MODULES)
        elif isinstance(node, ast.Attribute) and node.attr in whoosh_names and node.attr not in own:
            if not (isinstance(node.value, ast.Name) and node.value.id in SELF_NAMES):
                uses.add(Use(node.lineno, node.attr, "attribute"))
        elif isinstance(node, ast.keyword) and node.arg in whoosh_names:
            uses.add(Use(node.lineno, node.arg, "keyword"))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "hasattr", "setattr") and len(node.args) > 1
              and isinstance(node.args[1], ast.Constant) and node.args[1].value in whoosh_names):
            uses.add(Use(node.lineno, node.args[1].value, "getattr"))
    return sorted(uses)


# In a module docstring: "Relies on whoosh3 X.Y.Z internals:", then `Owner._name` and
# `whoosh.module` items.
RELIES = re.compile(r"Relies on whoosh3 (\S+) internals:")
LISTED = re.compile(r"`((?:whoosh(?:\.\w+)+)|(?:\w+\.(_\w+)))(?:\([^`]*\))?`")


@dataclass(frozen=True)
class Listing:
    version: str | None
    modules: frozenset[str]
    owned: frozenset[tuple[str, str]]  # (Owner, _name)

    @property
    def names(self) -> frozenset[str]:
        return self.modules | {name for _, name in self.owned}


def listing(docstring: str) -> Listing:
    found = RELIES.search(docstring)
    items = LISTED.findall(docstring[found.end():]) if found else []
    return Listing(
        version=found.group(1) if found else None,
        modules=frozenset(item for item, name in items if not name),
        owned=frozenset(tuple(item.split(".", 1)) for item, name in items if name),
    )


@cache
def whoosh_classes() -> dict[str, list[type]]:
    """Every class Whoosh defines, by name."""
    import pkgutil

    classes: dict[str, list[type]] = {}
    for info in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # optional parts needing packages we do not install
            continue
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == info.name:
                classes.setdefault(name, []).append(value)
    return classes


def resolves(owner: str, name: str) -> bool:
    """Whether some Whoosh class called `owner` (or one it inherits from) still has `name`."""
    return any(name in inherited_private_names(cls) for cls in whoosh_classes().get(owner, []))
