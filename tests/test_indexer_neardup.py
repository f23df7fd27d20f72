"""Near-duplicate signatures: their estimates track the true shingle overlap, copies are
found and distinct articles are not; signatures of older indexes stay readable."""

import itertools
import json
import random
import re
import struct
from zlib import crc32

from real_data import TRICKY, allsides_lines
from whoosh.support.charset import accent_map

from corpus import samples_path
from indexer.schema.neardup import BINS, MIN_WORDS, SHINGLE, are_copies, band_keys, signature, unpack


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


def defined_signature(text: str) -> tuple[int, list[int]]:
    """What a version 2 signature is defined as, computed the plain way: the shingle count
    and each bin's least value over the CRC-32 of the distinct 5-word shingles of the
    lowered, accent-folded text."""
    words = re.findall(r"\w+", text.lower().translate(accent_map))
    shingles = set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)))))
    mins: dict[int, int] = {}
    for h in (crc32(s.encode("utf-8")) for s in shingles):
        mins[h % BINS] = min(mins.get(h % BINS, h >> 6), h >> 6)
    return len(shingles), [mins.get(b, -1) for b in range(BINS)]


def test_signatures_are_the_defined_values_for_any_text():
    """The fast path (str.replace per distinct non-ASCII character, splitting ASCII as
    bytes) gives exactly the defined signature: stored version 2 signatures stay comparable."""
    texts = [json.loads(line)["body"] for line in allsides_lines(40000, 40)] or bodies()
    odd = [chr(c) for c in accent_map] + list("’“”—–…©•£·\u200d\xad½İıſﬁ_") + ["ǅ", "\u0307"]
    texts += [
        " ".join(f"{c}w{i} {c.upper()}x{c}y {i}{c}" for i in range(30)) for c in odd
    ]
    texts += [
        TRICKY * 4,
        "Ελληνικά κείμενα για δοκιμή " * 20 + TRICKY,  # letters accent_map does not fold
        "日本語のテキスト 東京 2024年 " * 30,
        "İstanbul ISTANBUL ıstanbul " * 30,
    ]
    checked = 0
    for text in texts:
        count, mins = defined_signature(text)
        found = unpack(signature(text))
        if found is None:
            assert len(re.findall(r"\w+", text.lower().translate(accent_map))) < MIN_WORDS
            continue
        assert found[1] == count
        # Filled bins carry their least value; empty ones were densified from a neighbour.
        assert [v for v, m in zip(found[2:], mins) if m >= 0] == [m for m in mins if m >= 0]
        checked += 1
    assert checked > len(odd)
