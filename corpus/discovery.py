"""Finding the inputs under the files and folders a user names, with their manifest rows."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from corpus import readers
from corpus.decoding import describe_os_error
from corpus.inputs import Discovery, InputFile, Rejected
from corpus.manifest import MANIFEST_NAMES, read_manifests
from corpus.repeats import with_repeated_lines

# A folder's manifest rows, keyed by path relative to that folder.
Rows = dict[str, dict[str, str]]


def discover(paths: Iterable[str | os.PathLike[str]]) -> Discovery:
    """The inputs and rejections under `paths` (files and folders), in the order given.

    Folders are walked recursively in sorted order, skipping hidden entries and files of
    types no reader handles; symbolic links are followed, but no folder or file is visited
    twice, so link loops end. A path that does not exist, or a file named explicitly whose
    type cannot be read, is rejected with the reason. Flattened-text inputs carry the lines
    their source repeats across pages (`repeats.with_repeated_lines`).
    """
    paths = list(paths)
    found = Discovery()
    for given in paths:
        path = _absolute(given)
        if path.exists() and path not in found.roots:
            found.roots.append(path)
    for item in iter_inputs(paths):
        if isinstance(item, Rejected):
            found.rejected.append(item)
        else:
            found.inputs.append(item)
    found.inputs = with_repeated_lines(found.inputs)
    return found


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[InputFile | Rejected]:
    """Each input or rejection under `paths` as it is found (see `discover`)."""
    walk = _Walk()
    for given in paths:
        yield from walk.inputs_under(_absolute(given))


def _absolute(given: str | os.PathLike[str]) -> Path:
    # absolute(), not resolve(): paths stay as the user knows them, symlinks included.
    return Path(os.fspath(given)).absolute()


class _Walk:
    """One walk over the user's paths: remembers what was visited and which manifests were read."""

    def __init__(self) -> None:
        self.visited: set[tuple[int, int]] = set()  # (device, inode) of folders and files
        self.manifests: dict[Path, Rows] = {}

    def inputs_under(self, path: Path) -> Iterator[InputFile | Rejected]:
        """The inputs under one path the user gave."""
        try:
            info = path.stat()
        except FileNotFoundError:
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield Rejected(str(path), reason)
            return
        except OSError as error:
            yield Rejected(str(path), describe_os_error(error))
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.walk(path, path, [])
        elif not stat.S_ISREG(info.st_mode):
            yield Rejected(str(path), "not a regular file")
        elif not readers.is_readable(path):
            yield Rejected(str(path), readers.explain_unsupported(path))
        elif self.first_visit(info):
            # The manifest beside a file named directly applies to it too.
            yield from self.read_manifest(path.parent)
            row = self.manifests[path.parent].get(path.name)
            yield InputFile(path=path, root=path, relative=path.name, manifest=row)

    def walk(
        self, folder: Path, root: Path, manifests: list[tuple[Path, Rows]]
    ) -> Iterator[InputFile | Rejected]:
        """The inputs in `folder` and below; `manifests` are those of the folders above it."""
        try:
            if not self.first_visit(folder.stat()):
                return  # a symlink loop, or a folder already walked
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError as error:
            yield Rejected(str(folder), describe_os_error(error))
            return
        yield from self.read_manifest(folder)
        manifests = [*manifests, (folder, self.manifests[folder])]
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden: editor backups, .git, .DS_Store
            path = folder / entry.name
            if entry.is_dir():
                yield from self.walk(path, root, manifests)
            elif entry.name in MANIFEST_NAMES or not readers.is_readable(path):
                continue  # types we cannot read are skipped silently in a folder walk
            elif entry.is_symlink() and not path.exists():
                yield Rejected(str(path), "broken symbolic link")
            elif entry.is_file() and self.first_visit(entry.stat()):
                relative = path.relative_to(root).as_posix()
                yield InputFile(path, root, relative, _row_for(path, manifests))

    def first_visit(self, info: os.stat_result) -> bool:
        """Whether the file or folder with this stat is seen for the first time in this walk."""
        key = (info.st_dev, info.st_ino)
        if key in self.visited:
            return False
        self.visited.add(key)
        return True

    def read_manifest(self, folder: Path) -> Iterator[Rejected]:
        """Read `folder`'s manifests once; yield their problems the first time."""
        if folder in self.manifests:
            return
        manifest = read_manifests(folder)
        self.manifests[folder] = manifest.rows
        yield from manifest.problems


def _row_for(path: Path, manifests: list[tuple[Path, Rows]]) -> dict[str, str] | None:
    """The row for `path` in the nearest manifest that lists it, keyed relative to its folder."""
    for folder, rows in reversed(manifests):
        row = rows.get(path.relative_to(folder).as_posix())
        if row is not None:
            return row
    return None
