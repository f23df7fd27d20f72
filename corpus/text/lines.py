"""Classifying single lines of flattened text: paragraph, headline, boilerplate, caption."""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.text import patterns

# Characters trimmed from both ends before a line is compared with the boilerplate patterns, so
# "Captcha *", "Do you like this article?" and "» Read more" match their plain labels.
_TRIM = " \t\u00a0*:;|•·»›>–—-.,!?…\"'“”‘’()[]"
_SPACES = re.compile(r"\s+")
# Date tokens: words ("a.m" kept whole) and runs of digits with their suffixes ("19th", "20T20").
_DATE_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*|\d\w*")
_DATE_NUMBER = re.compile(r"\d+(st|nd|rd|th|am|pm|t\d+|z)?")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# A line that ends like a sentence: full stop, question or exclamation mark, possibly followed by
# a closing quote or bracket.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
# Chinese and Japanese write without spaces: their characters are counted instead of words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# About this many such characters make one word's worth of text.
UNSPACED_CHARS_PER_WORD = 2

# A body paragraph has at least this many words. Shorter lines inside the article are kept as
# sub-headings or short paragraphs, but never decide where the article starts or ends.
MIN_PARAGRAPH_WORDS = 8
# A standfirst (the summary under the headline) may lack a full stop, but it is long.
MIN_STANDFIRST_WORDS = 12
# A line ending with a colon is prose from this many words: a label or a teaser is shorter.
MIN_LIST_INTRO_WORDS = 20
# A line in capitals this long inside the body links to another story; subheadings are shorter.
MIN_SHOUTED_WORDS = 7
# Headlines are title case or sentence case, but short: longer lines are body text.
MAX_HEADLINE_WORDS = 30

# The boilerplate patterns as one alternation: one regex run per line instead of dozens.
_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for p in patterns.BOILERPLATE))
_RELATED_HEADING = re.compile("|".join(f"(?:{p.pattern})" for p in patterns.RELATED_HEADINGS))
_COMMENTS_HEADING = re.compile("|".join(f"(?:{p.pattern})" for p in patterns.COMMENTS_HEADINGS))


def normalise(line: str) -> str:
    """The line in lower case with single spaces and no surrounding punctuation."""
    return _SPACES.sub(" ", line).strip(_TRIM).lower()


def split_words(line: str) -> list[str]:
    """The words of a line (letters and digits, keeping inner apostrophes and hyphens)."""
    return _WORD.findall(line)


def share_capitalised(line: str) -> float:
    """The share of alphabetic words that start with a capital: high for Title Case."""
    alphabetic = [w for w in split_words(line) if w[0].isalpha()]
    if not alphabetic:
        return 0.0
    return sum(1 for w in alphabetic if w[0].isupper()) / len(alphabetic)


def count_words(line: str) -> int:
    """The number of words, counting unspaced Chinese or Japanese text by its characters."""
    return max(len(split_words(line)), len(_UNSPACED.findall(line)) // UNSPACED_CHARS_PER_WORD)


def ends_sentence(line: str) -> bool:
    """Whether the line ends with sentence punctuation (closing quotes allowed)."""
    return bool(_SENTENCE_END.search(line))


def is_boilerplate(line: str) -> bool:
    """Whether the whole line is page furniture: a widget label, an ad, a prompt, a counter."""
    if patterns.NOTICES.search(line) or patterns.WIDGETS.search(line):
        return True
    if is_prompt(line):
        return True
    if len(line.split()) > patterns.MAX_BOILERPLATE_WORDS:
        return False
    text = normalise(line)
    if not text:
        return True  # nothing but punctuation or symbols
    return bool(_BOILERPLATE.fullmatch(text)) or is_credit(line) or is_dateline(line)


def is_prompt(line: str) -> bool:
    """Whether the line asks the reader to subscribe, sign up or click: a call to action."""
    return len(line.split()) <= patterns.MAX_PROMPT_WORDS and bool(patterns.PROMPTS.search(line))


def is_dateline(line: str) -> bool:
    """Whether the line is only a date or time stamp ("Nov. 19, 2019, 8:41 AM UTC")."""
    tokens = _DATE_TOKEN.findall(line.lower())
    words = [w for w in tokens if not w[0].isdigit()]
    if not all(w in patterns.DATELINE_WORDS for w in words):
        return False
    if not all(_DATE_NUMBER.fullmatch(w) for w in tokens if w[0].isdigit()):
        return False
    # A date needs a month, a day, a clock or digits: "Published" alone is a label.
    return any(w in patterns.DATELINE_ANCHORS for w in words) or any(c.isdigit() for c in line)


def is_credit(line: str) -> bool:
    """Whether the line is only a picture credit ("Kremlin.ru / Wikimedia Commons")."""
    line = line.strip()
    if len(line.split()) > patterns.MAX_CREDIT_WORDS:
        return False
    if patterns.CREDIT_PREFIX.match(line):
        return True
    # Otherwise a credit names an agency or library, in capitals or as "Source / Library",
    # and is no sentence: "The pool was closed." mentions "pool" but is text.
    if ends_sentence(line) or ("/" not in line and share_capitalised(line) < 0.5):
        return False
    text = " " + " ".join(split_words(line.lower())) + " "
    return any(f" {name} " in text for name in patterns.CREDIT_NAMES)


def is_caption(line: str) -> bool:
    """Whether the line is a picture caption: text that ends with a picture credit."""
    return bool(patterns.CAPTION_CREDIT.search(line))


def is_caption_label(line: str) -> bool:
    """Whether the line is a caption's label ("Image caption"): the next line is the caption."""
    return bool(patterns.CAPTION_LABEL.fullmatch(normalise(line)))


def is_shouted_link(line: str) -> bool:
    """Whether the line is another story's headline in capitals inside the body ("SEAN SPICER
    ELIMINATED FROM 'DANCING WITH THE STARS'"): long for a subheading, and no sentence."""
    letters = [c for c in line if c.isalpha()]
    return (
        len(line.split()) >= MIN_SHOUTED_WORDS and not ends_sentence(line)
        and bool(letters) and all(c.isupper() for c in letters)
    )


def is_navigation(line: str) -> bool:
    """Whether the line is a navigation trail such as "Home > World > Asia"."""
    if len(line.split()) > patterns.MAX_NAVIGATION_WORDS:
        return False
    found = patterns.NAVIGATION_SEPARATORS.findall(line)
    return len(found) >= patterns.MIN_NAVIGATION_SEPARATORS


# Cleaning asks about the same line several times (article span, lead, body): remember.
@lru_cache(maxsize=4096)
def is_furniture(line: str) -> bool:
    """Boilerplate, picture caption or navigation trail: never article text."""
    return is_boilerplate(line) or is_caption(line) or is_navigation(line)


def is_comments_heading(line: str) -> bool:
    """Whether the line opens a comment section ("34 Comments", "Leave a reply")."""
    if len(line.split()) > patterns.MAX_BOILERPLATE_WORDS:
        return False
    text = normalise(line)
    return bool(_COMMENTS_HEADING.fullmatch(text))


def is_related_heading(line: str) -> bool:
    """Whether the line opens a list of other articles ("Read these next", "More from Wired")."""
    if len(line.split()) > patterns.MAX_BOILERPLATE_WORDS:
        return False
    return bool(_RELATED_HEADING.fullmatch(normalise(line)))


@lru_cache(maxsize=4096)
def is_paragraph(line: str) -> bool:
    """Whether the line reads like body text: several words ending like a sentence, or many
    ending with a colon (prose that introduces a list: "... These models include:").

    A line cut off with an ellipsis ("... Windows 10 Update Ass...") is a teaser's summary.
    """
    words = count_words(line)
    return (
        words >= MIN_PARAGRAPH_WORDS
        and (ends_sentence(line) or words >= MIN_LIST_INTRO_WORDS and line.endswith(":"))
        and not line.endswith(("...", "…"))
        and not is_furniture(line)
    )


def is_standfirst(line: str) -> bool:
    """Whether the line could be a standfirst: a long summary in sentence case, maybe unpunctuated.

    "Vientiane might have held back because of worries ..., observers say". Only trusted
    right after the headline: elsewhere a line like that is as likely a teaser headline.
    """
    return (
        count_words(line) >= MIN_STANDFIRST_WORDS
        and share_capitalised(line) < 0.5
        and not is_furniture(line)
    )


def is_headline(line: str) -> bool:
    """Whether the line could be a headline: a few words, no full stop, not furniture."""
    count = len(line.split())  # spaces, so that a URL is not taken for many words
    if not 2 <= count <= MAX_HEADLINE_WORDS or is_furniture(line):
        return False
    # Headlines may ask or exclaim, but a full stop at the end marks a sentence or caption.
    return not line.rstrip("\"'”’").endswith(".") or line.endswith("...")


def is_breadcrumb(line: str, later: list[str]) -> bool:
    """Whether the line is a trail ending with the text of a later line ("News <title>")."""
    if is_navigation(line):
        return True
    return any(
        other != line and len(split_words(other)) >= 2 and line.endswith(" " + other)
        for other in later
    )
