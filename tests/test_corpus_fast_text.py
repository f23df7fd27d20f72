"""The fast body normalisation gives exactly what the plain version gave.

The reference version below is the original, obviously-correct code; the product's
version was rewritten for speed and must not change a single output.
"""

import gzip
import json
import re
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.readers.jsonl import normalise_body

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "allsides-news" / "articles.jsonl.gz"

_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\r\f\v]+")


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


# Words, odd letters, punctuation and digits beyond ASCII and every kind of whitespace the
# two versions must treat alike.
WORDS = ["the", "of", "and", "der", "die", "le", "la", "el", "de", "het", "een", "il", "che", "que"] + [
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
def test_body_normalisation_unchanged_on_generated_text(text: str) -> None:
    assert normalise_body(text) == reference_normalise_body(text)


def test_unchanged_on_the_samples() -> None:
    texts = sample_texts()
    assert texts
    for text in texts:
        assert normalise_body(text) == reference_normalise_body(text)


def test_unchanged_on_real_articles() -> None:
    for body in corpus_bodies(3000):
        assert normalise_body(body) == reference_normalise_body(body)
