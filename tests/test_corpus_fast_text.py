"""The fast language guess and body normalisation give exactly what the plain versions gave.

The reference versions below are the original, obviously-correct code; the product's
versions were rewritten for speed and must not change a single output.
"""

import gzip
import json
import re
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.language import MIN_SHARE, MIN_WORDS, STOPWORDS, guess_language
from corpus.readers.jsonl import normalise_body

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "allsides-news" / "articles.jsonl.gz"

_WORD = re.compile(r"[^\W\d_]+")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def reference_guess_language(text: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    shares = {
        code: sum(1 for w in words if w in stopwords) / len(words)
        for code, stopwords in STOPWORDS.items()
    }
    best = max(shares, key=shares.__getitem__)
    return best if shares[best] >= MIN_SHARE else None


def reference_normalise_body(text: str) -> str:
    paragraphs = (" ".join(_SPACES.sub(" ", part).split()) for part in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]


def corpus_bodies(limit: int) -> list[str]:
    if not CORPUS.exists():
        pytest.skip("the shared corpus is not here")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line).get("body") or "" for line in islice(lines, limit)]


# Words of several languages (ties between languages included), odd letters, punctuation
# and digits beyond ASCII (the guess turns them into spaces) and every kind of whitespace
# the two versions must treat alike.
WORDS = sorted(set().union(*STOPWORDS.values())) + [
    "İstanbul", "Straße", "ǅemal", "Kyïv", "news", "Council", "2025", "x_y", "ÉTÉ", "ΣΟΦΙΑ",
    "’", "“", "”", "—", "…", "©", "½", "٣", "²", "\u0307", "ʼ", "the’s", "of—and", "in٣to",
]
SPACES = [" ", "  ", "\t", "\n", "\n\n", "\n \n", "\r\n", "\r\n\r\n", "\n\u00a0\n", "\u2028",
          "\u3000", "\x0b", "\x0c", "\x1c", "\x85", "\n\t \n\n", " \n", "\u200b"]
mixed_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SPACES), st.text(max_size=8)), max_size=150
).map("".join)
EXAMPLES = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(text=mixed_text)
def test_language_guess_unchanged_on_generated_text(text: str) -> None:
    assert guess_language(text) == reference_guess_language(text)


@pytest.mark.parametrize("glue", ["½", "²", "٣", "\u0307", "’", "—", "\u3000", "İ", "é", "ǅ"])
def test_language_guess_splits_words_at_the_same_characters(glue: str) -> None:
    # English function words glued by one character beyond ASCII: whether it is a letter
    # (one word, no function word) or not (two function words) decides the guess.
    text = f"the{glue}of and{glue}to " * 20
    assert guess_language(text) == reference_guess_language(text)


@EXAMPLES
@given(text=mixed_text)
def test_body_normalisation_unchanged_on_generated_text(text: str) -> None:
    assert normalise_body(text) == reference_normalise_body(text)


def test_both_unchanged_on_the_samples() -> None:
    texts = sample_texts()
    assert texts
    guesses = set()
    for text in texts:
        guesses.add(guess_language(text))
        assert guess_language(text) == reference_guess_language(text)
        assert normalise_body(text) == reference_normalise_body(text)
    assert "en" in guesses  # the comparison saw real guesses, not only None


def test_both_unchanged_on_real_articles() -> None:
    for body in corpus_bodies(3000):
        assert guess_language(body) == reference_guess_language(body)
        assert normalise_body(body) == reference_normalise_body(body)
