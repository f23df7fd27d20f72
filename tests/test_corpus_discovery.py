"""Discovery over folders made in tmp_path."""

import os

from corpus import Rejected, discover
from corpus.discovery import iter_inputs

TEXT = "Headline of the story here\n\nA paragraph that is long enough to be taken for the article text.\n"


def make(root, *names, content=TEXT):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def test_folders_are_walked_recursively_in_sorted_order(tmp_path):
    make(tmp_path, "b.txt", "a.txt", "sub/z.txt", "sub/deeper/y.txt", "c/x.txt")
    found = discover([tmp_path])
    assert [i.relative for i in found.inputs] == [
        "a.txt", "b.txt", "c/x.txt", "sub/deeper/y.txt", "sub/z.txt",
    ]
    assert found.roots == [tmp_path]
    assert found.rejected == []
    first = found.inputs[0]
    assert first.path == tmp_path / "a.txt" and first.path.is_absolute()
    assert first.root == tmp_path and first.manifest is None


def test_hidden_files_and_folders_and_unreadable_types_are_skipped(tmp_path):
    make(tmp_path, "a.txt", ".hidden.txt", ".git/x.txt", "notes.pdf", "page.docx", "README")
    assert [i.relative for i in discover([tmp_path]).inputs] == ["a.txt"]
    assert discover([tmp_path]).rejected == []


def test_uppercase_extension_is_readable(tmp_path):
    make(tmp_path, "A.TXT")
    assert [i.relative for i in discover([tmp_path]).inputs] == ["A.TXT"]


def test_missing_path_is_rejected(tmp_path):
    found = discover([tmp_path / "nope"])
    assert found.inputs == [] and found.roots == []
    assert found.rejected == [Rejected(str(tmp_path / "nope"), "no such file or directory")]


def test_explicit_unsupported_file_is_rejected(tmp_path):
    make(tmp_path, "report.pdf", "README")
    found = discover([tmp_path / "report.pdf", tmp_path / "README"])
    assert found.inputs == []
    assert found.rejected == [
        Rejected(str(tmp_path / "report.pdf"), "unsupported file type '.pdf'"),
        Rejected(str(tmp_path / "README"), "unsupported file type (no extension)"),
    ]


def test_explicit_file_is_its_own_root_and_gets_its_folders_manifest(tmp_path):
    make(tmp_path, "a.txt")
    (tmp_path / "manifest.csv").write_text("path,source\na.txt,Example\n", encoding="utf-8")
    found = discover([str(tmp_path / "a.txt")])
    (item,) = found.inputs
    assert (item.path, item.root, item.relative) == (tmp_path / "a.txt", tmp_path / "a.txt", "a.txt")
    assert item.manifest == {"path": "a.txt", "source": "Example"}
    assert found.roots == [tmp_path / "a.txt"]


def test_relative_paths_become_absolute_without_resolving(tmp_path, monkeypatch):
    make(tmp_path, "real/a.txt")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    (item,) = discover(["link"]).inputs
    assert item.path == tmp_path / "link" / "a.txt"
    assert item.root == tmp_path / "link"


def test_manifests_apply_under_their_folder_and_are_not_inputs(tmp_path):
    make(tmp_path, "a.txt", "sub/b.txt", "sub/deep/c.txt", "other/d.txt")
    (tmp_path / "manifest.csv").write_text(
        "path,source\na.txt,Top\nsub/deep/c.txt,Top for c\nother/d.txt,Top for d\n", encoding="utf-8"
    )
    (tmp_path / "sub" / "manifest.jsonl").write_text(
        '{"path": "b.txt", "source": "Sub"}\n{"path": "deep/c.txt", "source": "Sub for c"}\n',
        encoding="utf-8",
    )
    found = discover([tmp_path])
    sources = {i.relative: (i.manifest or {}).get("source") for i in found.inputs}
    # the nearest manifest that lists a file wins
    assert sources == {"a.txt": "Top", "other/d.txt": "Top for d", "sub/b.txt": "Sub", "sub/deep/c.txt": "Sub for c"}


def test_manifest_problems_are_rejections(tmp_path):
    make(tmp_path, "a.txt")
    (tmp_path / "manifest.jsonl").write_text("{broken\n", encoding="utf-8")
    found = discover([tmp_path])
    assert [i.relative for i in found.inputs] == ["a.txt"]
    assert found.rejected == [Rejected(str(tmp_path / "manifest.jsonl"), "manifest line 1: not valid JSON")]


def test_symlink_loops_end(tmp_path):
    make(tmp_path, "a/x.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    assert [i.relative for i in discover([tmp_path]).inputs] == ["a/x.txt"]


def test_files_reached_twice_are_listed_once(tmp_path):
    make(tmp_path, "a.txt", "sub/b.txt")
    found = discover([tmp_path, tmp_path / "sub", tmp_path / "a.txt"])
    assert [i.relative for i in found.inputs] == ["a.txt", "sub/b.txt"]
    assert found.roots == [tmp_path, tmp_path / "sub", tmp_path / "a.txt"]


def test_broken_symlink_with_readable_type_is_rejected(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert discover([tmp_path]).rejected == [Rejected(str(tmp_path / "gone.txt"), "broken symbolic link")]


def test_unreadable_folder_is_rejected(tmp_path, monkeypatch):
    make(tmp_path, "a.txt", "locked/b.txt")
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    # chmod would not stop root, who runs these tests in CI containers
    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([tmp_path])
    assert [i.relative for i in found.inputs] == ["a.txt"]
    assert found.rejected == [Rejected(str(tmp_path / "locked"), "permission denied")]


def test_iteration_keeps_the_order_of_the_paths_given(tmp_path):
    make(tmp_path, "one/a.txt", "two/b.txt")
    items = list(iter_inputs([tmp_path / "two", tmp_path / "missing", tmp_path / "one"]))
    assert [getattr(i, "relative", None) or i.reason for i in items] == [
        "b.txt", "no such file or directory", "a.txt",
    ]
