"""Corpus-level evidence: lines that many pages of one source print are dropped from all of them."""

from corpus import discover, ingest, read_input
from corpus.repeats import find_repeated_lines

PROMO = "Support our journalism today by becoming a member of the club for a small monthly fee."


def article(topic):
    lines = [f"{topic} to be rebuilt"]
    lines += [f"Paragraph {n} about the {topic.lower()} says something long enough to be a real sentence."
              for n in range(3)]
    return "\n".join([*lines, PROMO]) + "\n"


def test_only_lines_on_enough_pages_count():
    pages = ["a\nb\nc", "a\nb", "a\nb\n  a  ", "a\nd"]
    assert find_repeated_lines(pages) == frozenset({"a", "b"})
    assert find_repeated_lines(pages, min_pages=4) == frozenset({"a"})


def test_a_run_over_one_source_drops_its_repeated_lines(tmp_path):
    for topic in ("Bridge", "Tunnel", "Harbour"):
        (tmp_path / f"{topic.lower()}.txt").write_text(article(topic), "utf-8")
    found = discover([tmp_path])
    bodies = [read_input(item).articles[0].body for item in found.inputs]
    assert len(bodies) == 3 and all(PROMO not in body and "Paragraph 2" in body for body in bodies)
    # `newsdesk clean` goes through ingest(): the same evidence, the same bodies
    assert [o.articles[0].body for o in ingest([tmp_path])] == bodies


def test_sources_are_kept_apart_and_two_pages_are_not_enough(tmp_path):
    rows = ["path,source"]
    for index, topic in enumerate(("Bridge", "Tunnel", "Harbour")):
        (tmp_path / f"{topic.lower()}.txt").write_text(article(topic), "utf-8")
        rows.append(f"{topic.lower()}.txt,{'Daily' if index < 2 else 'Weekly'}")
    (tmp_path / "manifest.csv").write_text("\n".join(rows) + "\n", "utf-8")
    bodies = [o.articles[0].body for o in ingest([tmp_path])]
    assert all(PROMO in body for body in bodies)
