"""The scale corpus beside the real one: vocabulary growth and its Heaps' law fit, terms by
document frequency, article lengths, outlets, dates, near-duplicates and the query mix."""

from __future__ import annotations

from pathlib import Path

from bench.perf.pages import MIX
from bench.scale import heaps
from bench.scale.measure import (
    DF_BANDS,
    NEARDUP_WINDOW,
    ZIPF_TOP,
    CorpusStats,
    Terms,
    count,
    measure,
    records,
)
from bench.scale.source import CURVE_SEED
from bench.tables import render

# Corpus sizes at which the vocabulary table reads both curves (those up to each corpus's size).
SIZES = (10_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000)


def compare(real_path: Path, synthetic_path: Path) -> str:
    """The tables, measuring both files (the real one in the fixed shuffled order the
    generator's target was read in, the synthetic one in its own order)."""
    real_articles = count(real_path)
    real = measure(records(real_path, CURVE_SEED), _marks(real_articles, real_articles))
    synthetic_articles = count(synthetic_path)
    synthetic = measure(records(synthetic_path), _marks(synthetic_articles, real_articles), (real_articles,))
    return tables(real, synthetic)


def tables(real: CorpusStats, synthetic: CorpusStats) -> str:
    return "\n\n".join((_growth(real, synthetic), _fits(real, synthetic), _terms(real, synthetic),
                        _articles(real, synthetic), _mix(real, synthetic)))


def _marks(articles: int, real_articles: int) -> set[int]:
    return set(heaps.checkpoints(articles)) | {n for n in (*SIZES, real_articles) if n <= articles}


def _growth(real: CorpusStats, synthetic: CorpusStats) -> str:
    fit = real.fit
    real_at = {p.articles: p.vocabulary for p in real.curve}
    rows = []
    for point in synthetic.curve:
        if point.articles in SIZES or point.articles in (real.articles, synthetic.articles):
            expected = fit.vocabulary(point.tokens)
            rows.append([f"{point.articles:,}", f"{point.tokens / 1e6:,.1f} M",
                         _count(real_at.get(point.articles)), f"{point.vocabulary:,}", f"{expected:,.0f}",
                         f"{point.vocabulary / expected:.3f}"])
    return ("## Vocabulary growth (distinct lowercase words of title and body)\n\n"
            + render(["articles", "words (synthetic)", "real vocabulary", "synthetic vocabulary",
                      "real fit, extrapolated", "synthetic / fit"], rows)
            + f"\n\nreal fit: V = {fit.k:.1f} * n^{fit.beta:.3f} over n words (from 1/32 of the corpus on), "
            "read at the synthetic corpus's own word count")


def _fits(real: CorpusStats, synthetic: CorpusStats) -> str:
    rows = []
    for name, stats in (("real", real), ("synthetic", synthetic)):
        fit, last = stats.fit, stats.curve[-1]
        rows.append([name, f"{last.articles:,}", f"{last.tokens / 1e6:,.1f} M", f"{last.vocabulary:,}",
                     f"{fit.k:.1f}", f"{fit.beta:.3f}", f"{fit.r2:.4f}"])
    return "## Heaps' law fit, V = K * n^beta\n\n" + render(
        ["corpus", "articles", "words", "vocabulary", "K", "beta", "R²"], rows)


def _terms(real: CorpusStats, synthetic: CorpusStats) -> str:
    bands = [f"df {low}-{high}" if low != high else f"df {low}"
             for low, high in zip((1, *(b + 1 for b in DF_BANDS[:-1])), DF_BANDS)]
    bands.append(f"df > {DF_BANDS[-1]}")
    rows = [_term_row("real", real.terms[-1])]
    rows += [_term_row("synthetic", terms) for terms in synthetic.terms]
    return ("## Terms by document frequency (share of the vocabulary)\n\n"
            + render(["corpus", "articles", "vocabulary", "hapax", *bands,
                      f"Zipf slope (top {ZIPF_TOP:,})"], rows)
            + "\n\nhapax: terms that occur once in the corpus; Zipf slope: of log frequency on log rank")


def _term_row(name: str, terms: Terms) -> list[object]:
    return [name, f"{terms.articles:,}", f"{terms.vocabulary:,}", _pct(terms.hapax),
            *map(_pct, terms.df_bands), f"{terms.zipf_slope:.3f}"]


def _articles(real: CorpusStats, synthetic: CorpusStats) -> str:
    rows = []
    for name, stats in (("real", real), ("synthetic", synthetic)):
        p10, p50, p90, top = stats.lengths
        rows.append([name, f"{stats.articles:,}", f"{p10:,.0f}", f"{p50:,.0f}", f"{p90:,.0f}",
                     f"{top:,.0f}", stats.outlets, _pct(stats.top10_share), _pct(stats.undated),
                     _pct(stats.near_duplicates)])
    return ("## Articles\n\n" + render(
        ["corpus", "articles", "words p10", "p50", "p90", "max", "outlets", "top 10 outlets", "undated",
         "near-duplicates"], rows)
        + f"\n\nwords: of the body, split on white space; near-duplicates: articles newsdesk folds as a "
        f"copy of an earlier one (indexer/schema/neardup.py), among the first {NEARDUP_WINDOW:,}")


def _mix(real: CorpusStats, synthetic: CorpusStats) -> str:
    rows = []
    for query in MIX:
        shown = query.q + (f" (source {query.source})" if query.source else "")
        ours, theirs = synthetic.mix[query], real.mix[query]
        ratio = f"{ours / theirs:.2f}x" if theirs else "–"
        rows.append([query.kind, shown, _pct(theirs), _pct(ours), ratio])
    return ("## The perf query mix: share of articles matched\n\n"
            + render(["kind", "query", "real", "synthetic", "synthetic / real"], rows)
            + "\n\nmatched: every word in the article, the phrase's words in a row, the source equal")


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%" if share >= 0.001 else f"{100 * share:.2f}%"


def _count(value: int | None) -> str:
    return f"{value:,}" if value is not None else "–"
