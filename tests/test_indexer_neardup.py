"""Near-duplicate signatures: their estimates track the true shingle overlap, copies are
found and distinct articles are not; signatures of older indexes stay readable."""

import itertools
import json
import random
import re
import struct

from real_data import allsides_lines

from corpus import samples_path
from indexer.neardup import BINS, SHINGLE, are_copies, band_keys, signature, unpack


def bodies() -> list[str]:
    found = [json.loads(line)["body"] for line in allsides_lines(30000, 100)]
    if found:
        return [b for b in found if len(b.split()) > 200]
    # Without the corpus: texts made of the samples' words, shuffled per article.
    words = " ".join(p.read_text("utf-8") for p in samples_path().glob("*.txt")).split()
    rng = random.Random(5)
    return [" ".join(rng.choices(words, k=400)) for _ in range(150)]


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return set(zip(*(words[i:] for i in range(SHINGLE))))


def exact_jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def estimate(a: bytes, b: bytes) -> float:
    x, y = unpack(a), unpack(b)
    return sum(p == q for p, q in zip(x[2:], y[2:])) / BINS


def edited(text: str, rng: random.Random, share: float) -> str:
    """The text with about `share` of its words replaced by words found nowhere else."""
    words = text.split()
    return " ".join(f"zq{rng.randrange(10**9)}" if rng.random() < share else w for w in words)


def test_estimates_follow_the_true_overlap():
    rng = random.Random(2)
    errors, found, missed = [], 0, 0
    for body in bodies():
        for share in (0.02, 0.05, 0.1, 0.2):
            copy = edited(body, rng, share)
            truth = exact_jaccard(body, copy)
            a, b = signature(body), signature(copy)
            errors.append(estimate(a, b) - truth)
            if truth >= 0.7:
                # Found the way search finds it: a shared band key, then the comparison.
                if set(band_keys(a)) & set(band_keys(b)) and are_copies(unpack(a), unpack(b)):
                    found += 1
                else:
                    missed += 1
    assert len(errors) >= 400
    assert abs(sum(errors) / len(errors)) < 0.02  # no bias
    assert sum(abs(e) for e in errors) / len(errors) < 0.06  # about 1/sqrt(64) at worst
    assert found > 50 and missed <= found * 0.02


def test_distinct_articles_are_not_copies():
    sigs = [unpack(signature(b)) for b in bodies()]
    pairs = list(itertools.combinations(range(len(sigs)), 2))
    flagged = [(i, j) for i, j in pairs if are_copies(sigs[i], sigs[j])]
    # The corpus has real syndicated copies; anything flagged must really share most text.
    texts = bodies()
    assert all(exact_jaccard(texts[i], texts[j]) > 0.3 for i, j in flagged)


def test_short_bodies_get_no_signature_and_old_signatures_stay_readable():
    assert signature("too short to compare") == b"" and band_keys(b"") == [] and unpack(b"") is None
    old = struct.pack(f"<I{BINS}I", 300, *range(BINS))  # an index built before version 2
    assert unpack(old) == (1, 300, *range(BINS))
    assert len(band_keys(old)) == 16
    new = signature(bodies()[0])
    assert unpack(new)[0] == 2
    assert not are_copies(unpack(old), unpack(new))  # different hashes are never compared
    assert are_copies(unpack(old), unpack(old)) and are_copies(unpack(new), unpack(new))
