"""A cheap guess at an article's language from the share of common function words."""

from __future__ import annotations

import re
from collections import Counter

# The most frequent function words of a few languages common in news. Short, distinctive
# lists are enough: a body of a few hundred words has plenty of them.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that for it was on with as by at from his her are be "
                    "this have has not but they which an were their said".split()),
    "de": frozenset("der die und in den von zu das mit sich des auf für ist im dem nicht ein "
                    "eine als auch es an werden aus er hat dass sie nach".split()),
    "fr": frozenset("le la les de des et en un une du est que pour dans qui au sur pas par "
                    "plus il elle ne se ce avec sont aux".split()),
    "es": frozenset("el la los las de del y en que un una por con para es se no al lo como "
                    "más pero sus le ha su".split()),
    "it": frozenset("il lo la gli le di del della e che un una per con non è sono si da al "
                    "nel anche come ma più".split()),
    "pt": frozenset("o a os as de do da dos das e que um uma para com não é em no na por se "
                    "mais como ao foi".split()),
    "nl": frozenset("de het een en van in is dat op te zijn met voor niet die aan er ook als "
                    "bij om maar door".split()),
}
# At least this share of the words must be one language's function words to name it.
MIN_SHARE = 0.15
# Fewer words than this say nothing reliable.
MIN_WORDS = 20
_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset().union(*STOPWORDS.values())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_NON_LETTERS = {c: " " for c in range(128) if not chr(c).isalpha()}


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code such as "en" when the text clearly reads as that language, else None."""
    words = _lowered_words(text)
    total = len(words)
    if total < MIN_WORDS:
        return None
    # Count the function words of any language once, then look up each language's few:
    # far cheaper than testing every word against every language.
    counts = Counter(filter(_FUNCTION_WORDS.__contains__, words))
    shares = {
        code: sum(counts[w] for w in stopwords if w in counts) / total
        for code, stopwords in STOPWORDS.items()
    }
    best = max(shares, key=shares.__getitem__)
    return best if shares[best] >= MIN_SHARE else None


def _lowered_words(text: str) -> list[str]:
    """The runs of letters of `text` (`_WORD`), each lowered.

    Most news bodies are ASCII but for punctuation (curly quotes, dashes). Those few
    distinct characters become spaces, and the then ASCII text is lowered and split by
    str methods, about twice as fast as the regular expression. A text with a letter
    beyond ASCII takes the general way: its words are lowered one by one, as lowering the
    whole text can change where words split ("İ" -> "i̇").
    """
    if not text.isascii():
        for char in set(_NON_ASCII.findall(text)):
            if char.isalnum() and not char.isdecimal():  # what `_WORD` counts as a letter
                return list(map(str.lower, _WORD.findall(text)))
            text = text.replace(char, " ")
    return text.lower().translate(_ASCII_NON_LETTERS).split()
