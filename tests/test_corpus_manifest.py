"""Manifests: manifest.csv and manifest.jsonl rows keyed by relative path."""

from corpus.manifest import normalise_key, read_manifest, read_manifests


def test_csv_rows_keyed_by_path_without_empty_cells(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "path,url,source,published,title,author\n"
        "a.txt,https://example.com/a,Example,2025-07-17,,\n"
        "./sub/b.txt,,,,\"Title, with comma\",Jane Doe\n",
        encoding="utf-8",
    )
    manifest = read_manifest(tmp_path / "manifest.csv")
    assert manifest.problems == []
    assert manifest.rows == {
        "a.txt": {"path": "a.txt", "url": "https://example.com/a", "source": "Example",
                  "published": "2025-07-17"},
        "sub/b.txt": {"path": "./sub/b.txt", "title": "Title, with comma", "author": "Jane Doe"},
    }


def test_csv_header_case_and_bom_do_not_matter(tmp_path):
    (tmp_path / "manifest.csv").write_bytes("\ufeffPath,URL\r\na.txt,https://example.com/a\r\n".encode())
    assert read_manifest(tmp_path / "manifest.csv").rows == {
        "a.txt": {"path": "a.txt", "url": "https://example.com/a"}
    }


def test_csv_without_path_column_is_a_problem(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,url\na.txt,https://example.com/a\n", encoding="utf-8")
    manifest = read_manifest(tmp_path / "manifest.csv")
    assert manifest.rows == {}
    assert [p.reason for p in manifest.problems] == ["manifest line 1: no 'path' column"]


def test_jsonl_rows_and_bad_lines(tmp_path):
    (tmp_path / "manifest.jsonl").write_text(
        '{"path": "a.txt", "url": "https://example.com/a", "author": null, "title": ""}\n'
        "\n"
        "not json\n"
        '["a list"]\n'
        '{"url": "https://example.com/nopath"}\n'
        '{"path": "b.txt", "published": "2025-07-18", "extra": 3}\n',
        encoding="utf-8",
    )
    manifest = read_manifest(tmp_path / "manifest.jsonl")
    assert manifest.rows == {
        "a.txt": {"path": "a.txt", "url": "https://example.com/a"},
        "b.txt": {"path": "b.txt", "published": "2025-07-18", "extra": "3"},
    }
    assert [p.reason for p in manifest.problems] == [
        "manifest line 3: not valid JSON",
        "manifest line 4: not a JSON object",
        "manifest line 5: no path",
    ]
    assert {p.path for p in manifest.problems} == {str(tmp_path / "manifest.jsonl")}


def test_jsonl_rows_win_over_csv_rows_in_the_same_folder(tmp_path):
    (tmp_path / "manifest.csv").write_text("path,source\na.txt,From CSV\nb.txt,Only CSV\n", encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text('{"path": "a.txt", "source": "From JSONL"}\n', encoding="utf-8")
    rows = read_manifests(tmp_path).rows
    assert rows["a.txt"]["source"] == "From JSONL"
    assert rows["b.txt"]["source"] == "Only CSV"


def test_a_manifest_in_a_legacy_encoding_is_read(tmp_path):
    (tmp_path / "manifest.csv").write_bytes("path,source\na.txt,Caf\u00e9 de la Gare\n".encode("windows-1252"))
    manifest = read_manifest(tmp_path / "manifest.csv")
    assert (manifest.rows["a.txt"]["source"], manifest.problems) == ("Caf\u00e9 de la Gare", [])


def test_binary_manifest_is_a_problem(tmp_path):
    (tmp_path / "manifest.csv").write_bytes(b"path,source\n\x00\x01\x02")
    manifest = read_manifest(tmp_path / "manifest.csv")
    assert manifest.rows == {}
    assert [p.reason for p in manifest.problems] == ["manifest: binary file, not text"]


def test_empty_manifest_is_no_problem(tmp_path):
    (tmp_path / "manifest.csv").write_text("", encoding="utf-8")
    assert read_manifests(tmp_path).problems == []


def test_normalise_key():
    assert normalise_key("./sub\\b.txt") == "sub/b.txt"
    assert normalise_key(" a.txt ") == "a.txt"
    assert normalise_key("sub//c.txt") == "sub/c.txt"
    assert normalise_key("  ") == ""
