"""Readers' comment threads in flattened text, found by the signature each comment repeats."""

from corpus.text import lines as kinds
from corpus.text.body import find_article
from corpus.text.threads import find_thread

STORY = [f"Paragraph number {n} of the article says something long enough to count here." for n in range(6)]
REPLY = "I have read this story twice and I still think the council got the numbers wrong, again."


def _signed_after(n: int) -> list[str]:
    # A blog: each comment, then "Posted by:" and the name (sometimes on one line), "|" and a time.
    name = ["Posted by:", f"Reader{n}"] if n % 2 else [f"Posted by: Reader {n}"]
    return [f"{REPLY} Reader {n}.", *name, "|", f"Jan 10, 2008 {n + 1}:49:12 PM"]


def _signed_before(n: int) -> list[str]:
    # A newspaper: the name and time over the comment, buttons under it.
    return [f"Posted by: Reader {n}, Glasgow on", f"11:{10 + n}am Wed 9 Jan 08", f"{REPLY} Reader {n}.",
            "Quote", "|", "Report this post"]


def test_comments_signed_under_each_end_the_article_without_a_heading():
    page = STORY + [line for n in range(6) for line in _signed_after(n)]
    # the first reply comes before any signature and still reads as the article's
    assert find_article(page) == (0, len(STORY))
    assert find_thread(page) == len(STORY) + 1


def test_comments_signed_over_each_end_the_article_without_a_heading():
    page = STORY + [line for n in range(6) for line in _signed_before(n)]
    assert find_thread(page) == len(STORY)
    assert find_article(page) == (0, len(STORY) - 1)


def test_two_signed_comments_are_not_yet_a_thread():
    page = STORY + [line for n in range(2) for line in _signed_before(n)]
    assert find_thread(page) is None


def test_an_interview_or_a_timeline_is_not_a_thread():
    # Repeated labels without dates (an interview), and dates without a repeated line (a timeline).
    interview = [line for n in range(5) for line in ("Q:", f"Question {n} about the budget?", "A:", STORY[n])]
    timeline = [line for n in range(5) for line in (f"Jan {n + 1}, 2008", STORY[n])]
    assert find_thread(interview) is None
    assert find_thread(timeline) is None


def test_a_clock_written_with_am_or_pm_attached_is_a_date_line():
    assert kinds.is_dateline("11:16am Wed 9 Jan 08")
    assert kinds.is_dateline("Last updated at 10:32pm")
    assert not kinds.is_dateline("I'm at home")
