"""read_input and ingest: bad inputs give reasons, good ones give articles with merged metadata."""

from datetime import date

from corpus import InputFile, article_id, fingerprint_of, ingest, read_input, samples_path

PAGE = (
    "News\n"
    "Engineers from Laos arrive in Kursk to clear mines\n"
    "By Jane Doe |\n"
    "Laos has sent a team of military engineers to the Kursk region of Russia, officials said.\n"
    "The team of about fifty sappers will work near the border for several months, they added.\n"
)
URL = "https://www.example.com/2025/07/18/engineers-from-laos-arrive-in-kursk"


def input_for(path, manifest=None):
    return InputFile(path=path, root=path.parent, relative=path.name, manifest=manifest)


def test_binary_file_is_rejected(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    outcome = read_input(input_for(path))
    assert (outcome.error, outcome.articles) == ("binary file, not text", [])


def test_latin1_text_is_read(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes((PAGE + "Caf\u00e9 owners in Z\u00fcrich said no to the plan.\n").encode("latin-1"))
    (article,) = read_input(input_for(path)).articles
    assert article.body.endswith("Caf\u00e9 owners in Z\u00fcrich said no to the plan.")


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(PAGE.encode("utf-16"))
    (article,) = read_input(input_for(path)).articles
    assert article.title == "Engineers from Laos arrive in Kursk to clear mines"


def test_bytes_that_are_no_text_in_any_encoding_are_binary(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 256)) * 8)  # no NUL, yet no encoding makes words of it
    assert read_input(input_for(path)).error == "binary file, not text"


def test_empty_and_blank_files_are_rejected(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    assert read_input(input_for(tmp_path / "empty.txt")).error == "empty file"
    assert read_input(input_for(tmp_path / "blank.txt")).error == "empty file"


def test_missing_file_and_folder_are_rejected(tmp_path):
    assert read_input(input_for(tmp_path / "gone.txt")).error == "no such file or directory"
    (tmp_path / "dir.txt").mkdir()
    assert read_input(input_for(tmp_path / "dir.txt")).error == "is a directory"


def test_unsupported_type_is_rejected(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert read_input(input_for(path)).error == "unsupported file type '.pdf'"


def test_page_without_article_text_is_rejected_but_shows_what_was_removed(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text("Home\nNews\nLogin\n", encoding="utf-8")
    outcome = read_input(input_for(path))
    assert outcome.error == "no article text found"
    assert outcome.articles == []
    assert outcome.removed == ["Home", "News", "Login"]


def test_article_from_text_and_url(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\ufeff" + PAGE, encoding="utf-8")
    outcome = read_input(input_for(path, {"path": "story.txt", "url": URL}))
    assert outcome.error is None
    assert outcome.removed == ["News"]
    (article,) = outcome.articles
    body = (
        "Laos has sent a team of military engineers to the Kursk region of Russia, officials said.\n\n"
        "The team of about fifty sappers will work near the border for several months, they added."
    )
    assert article.title == "Engineers from Laos arrive in Kursk to clear mines"
    assert article.body == body
    assert article.id == article_id(URL, "story.txt")
    assert article.url == URL
    assert article.source == "example.com"
    assert article.published == date(2025, 7, 18)
    assert article.author == "Jane Doe"
    assert article.language == "en"
    assert article.path == str(path)
    assert article.fingerprint == fingerprint_of(
        article.title, body, url=URL, source="example.com", published=date(2025, 7, 18), author="Jane Doe"
    )


def test_manifest_values_win_over_url_and_text(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(PAGE, encoding="utf-8")
    row = {"url": URL, "source": "Example Daily", "published": "2025-07-20T08:00:00",
           "title": "A Title From The Manifest", "author": "Ann Lee"}
    (article,) = read_input(input_for(path, row)).articles
    assert (article.source, article.title, article.author) == ("Example Daily", "A Title From The Manifest", "Ann Lee")
    assert article.published.isoformat() == "2025-07-20T08:00:00"
    assert "By Jane Doe" not in article.body  # the byline still leaves the body


def test_without_url_the_id_comes_from_the_relative_path(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_input(input_for(path)).articles
    assert article.id == article_id(None, "story.txt")
    assert (article.url, article.source, article.published) == (None, None, None)


def test_ingest_yields_rejections_in_input_order(tmp_path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    outcomes = list(ingest([tmp_path / "missing.txt", tmp_path, tmp_path / "x.pdf"]))
    assert [(o.path.name, o.error) for o in outcomes] == [
        ("missing.txt", "no such file or directory"),
        ("bad.txt", "binary file, not text"),
        ("good.txt", None),
        ("x.pdf", "no such file or directory"),
    ]
    assert len(outcomes[2].articles) == 1


def test_bundled_samples_folder():
    folder = samples_path()
    assert folder.is_dir()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("__")) == [
        "000_114527e8b27bd392.txt", "001_f43ca808f8013eec.txt", "002_41cef7d775d23696.txt",
        "003_a07e13bfc74ba6b6.txt", "004_d2ffcf20a3f56a60.txt", "manifest.csv",
    ]
