"""Property-based tests: the ingester never crashes and never invents text, whatever it is fed."""

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus import InputFile, read_input
from corpus.article import heading_text
from corpus.text.cleaning import clean_text
from corpus.text.patterns import INVISIBLE

# Lines that look like pages: words, punctuation, bylines, URLs, odd Unicode and control chars.
page_line = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(
        ["The", "council", "said", "on", "Tuesday", "By", "Jane", "Doe", "|", "Read", "more:",
         "Also", "read", "Photo:", "Reuters", "Share", "©", "2025", "Kyïv", "—", ".", ",", "\u200b"]),
        max_size=40).map(" ".join),
)
page = st.lists(page_line, max_size=60).map("\n".join)

def is_subsequence(part: str, whole: str) -> bool:
    remaining = iter(whole)
    return all(char in remaining for char in part)


EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(text=page, url=st.one_of(st.none(), st.text(max_size=80)), title=st.one_of(st.none(), page_line))
@example(text="0\nB\nB\na\n", url=None, title=None)  # a repeated line collapses: still no new word
@example(text="0\u200b", url=None, title=None)  # a zero-width space is stripped from the line
def test_cleaning_never_raises_and_never_invents_text(text, url, title):
    cleaned = clean_text(text, url=url, title=title)
    # Removed lines are the page's lines as cleaning reads them: stripped of spaces and of
    # characters that print nothing (patterns.INVISIBLE).
    lines = {line.strip().strip(INVISIBLE).strip() for line in text.splitlines()}
    # Lines may be joined (a sentence split by markup) and repeats collapsed, but the body and
    # the title are made of the page's characters, in the page's order.
    page_chars = "".join(text.split())
    for paragraph in cleaned.body.split("\n\n") if cleaned.body else []:
        # A subheading carries a mark (corpus.article.HEADING_MARK) that is not the page's text.
        heading = heading_text(paragraph)
        paragraph = paragraph if heading is None else heading
        assert is_subsequence("".join(paragraph.split()), page_chars)
    assert cleaned.title == title or is_subsequence("".join(cleaned.title.split()), page_chars)
    assert all(line in lines for line in cleaned.removed)


@EXAMPLES
@given(data=st.binary(max_size=4000) | page.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_give_articles_or_a_reason(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("any")
    for name in ("page.txt", "export.jsonl", "page.txt.gz"):
        path = folder / name
        path.write_bytes(data)
        outcome = read_input(InputFile(path=path, root=folder, relative=name))
        assert (outcome.error is None) == bool(outcome.articles)
        assert outcome.error is None or (outcome.error.strip() and "\n" not in outcome.error)


record = st.dictionaries(
    st.sampled_from(["title", "body", "text", "url", "source", "date", "published", "author", "x"]),
    st.one_of(st.text(max_size=60), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
)


@EXAMPLES
@given(lines=st.lists(st.one_of(record.map(json.dumps), st.text(max_size=40)), max_size=20))
def test_every_jsonl_line_is_an_article_or_a_reported_skip(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("jsonl")
    path = folder / "export.jsonl"
    text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    path.write_text(text, "utf-8", errors="surrogatepass")
    outcome = read_input(InputFile(path=path, root=folder, relative=path.name))
    if outcome.error == "empty file":
        return
    # Records are separated by "\n" only (JSON escapes every other line break inside strings).
    counted = sum(1 for raw in path.read_bytes().split(b"\n") if raw.strip())
    assert len(outcome.articles) + len(outcome.skipped) == counted
    for article in outcome.articles:
        assert article.body.strip() and "\n\n\n" not in article.body
