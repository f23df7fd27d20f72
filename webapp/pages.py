"""The HTML pages: server-rendered, usable without JavaScript, over the same results as the API."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, Flask, render_template, request, url_for
from markupsafe import Markup, escape

from corpus.article import heading_text
from corpus.skips import LABELS
from webapp.chart import BOTTOM, HEIGHT, LEFT, WIDTH, chart_of, compare_chart_of
from webapp.context import (
    compare_requests,
    coverage_options,
    first_request,
    query_of,
    run_search,
    search_service,
    words_shown,
)
from webapp.errors import NotFound
from webapp.links import SearchLinks, month_label

bp = Blueprint("pages", __name__)



@bp.get("/")
def home() -> str:
    service = search_service()
    ok, reason = service.health()
    return render_template(
        "home.html", stats=service.stats() if ok else None, missing=None if ok else reason, skip_labels=LABELS
    )


@bp.get("/help")
def help() -> str:
    return render_template("help.html")


@bp.get("/search")
def search() -> str:
    search_request, result = run_search(request.args)
    # The same service method as /api/coverage, over the same request.
    coverage = search_service().coverage(search_request, coverage_options(request.args)) if result.total else None
    # Distinctive words read the matches' text again: only when asked for (?words=show|outlets).
    words = words_shown(request.args)
    terms = search_service().terms(search_request, words) if result.total and words else None
    return render_template(
        "search.html",
        result=result.to_dict(),  # the very document /api/search answers
        links=SearchLinks(search_request, result),
        form=request.args,
        coverage=coverage,
        chart=chart_of(coverage) if coverage else None,
        terms=terms,
    )


@bp.get("/compare")
def compare() -> str:
    """Up to five queries on one timeline; an empty form first."""
    queries = [q for q in request.args.getlist("q") if q.strip()]
    if not queries:
        return render_template("compare.html", comparison=None, chart=None, queries=[])
    args = request.args.copy()
    args.setlist("q", queries)
    requests, interval = compare_requests(args)
    comparison = search_service().compare(requests, interval)
    return render_template("compare.html", comparison=comparison, chart=compare_chart_of(comparison),
                           queries=queries, exports={kind: url_for("api.compare", **{**args.to_dict(flat=False),
                                                                                     "format": kind})
                                                     for kind in ("csv", "json")})


@bp.get("/first")
def first() -> str:
    """Who reported first, for a search or (story=ID) for one article's copies."""
    search_request, story = first_request(request.args)
    found = search_service().first(search_request, story)
    if found is None:
        raise NotFound(f"There is no article with id “{story}”.")
    args = request.args.to_dict(flat=False)
    pages = {name: url_for("pages.first", **{**args, "page": str(n)})
             for name, n in (("prev", found.page - 1), ("next", found.page + 1))
             if 1 <= n and (n - 1) * found.per_page < found.outlets}
    return render_template("first.html", first=found, pages=pages,
                           search=url_for("pages.search", **{k: v for k, v in args.items() if k != "story"}),
                           api=url_for("api.first", **args))


@bp.get("/stories/<article_id>")
def story(article_id: str) -> str:
    """One article's copies under other outlets, and what each changed against the earliest."""
    found = search_service().story(article_id)
    if found is None:
        raise NotFound(f"There is no article with id “{article_id}”.")
    asked = next(copy for copy in found.copies if copy.id == found.id)
    return render_template("story.html", story=found, asked=asked)


@bp.get("/articles/<article_id>")
def article(article_id: str) -> str:
    # q: the search the reader came from; its words are marked in the text.
    q = query_of(request.args)
    found = search_service().article_view(article_id, q=q)
    if found is None:
        raise NotFound(f"There is no article with id “{article_id}”.")
    if found.body_highlight:
        # Already HTML-escaped by the indexer, <mark> its only markup.
        text = [Markup(p) for p in found.body_highlight.split("\n\n")]
    else:
        text = [Markup.escape(p) for p in paragraphs(found.article.body)]
    return render_template("article.html", article=found.to_dict(), blocks=blocks(text), q=q)


def blocks(paragraphs: list[Markup]) -> list[tuple[str, Markup]]:
    """Each paragraph of a body with the element that shows it: "h2" for a subheading
    (its mark left out), "p" for the others."""
    shown = []
    for paragraph in paragraphs:
        heading = heading_text(paragraph)
        shown.append(("p", paragraph) if heading is None else ("h2", Markup(heading)))
    return shown



def paragraphs(body: str) -> list[str]:
    """The body's paragraphs: separated by blank lines, inner line breaks kept as spaces."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]


def date_label(value: str | None) -> str:
    """An ISO date or datetime as a person reads it: 17 July 2025 (14:05)."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{parsed.day} {parsed.strftime('%B %Y')}"
    has_time = "T" in value or " " in value.strip()
    return f"{day}, {parsed.strftime('%H:%M')}" if has_time and (parsed.hour or parsed.minute) else day


def is_web_url(value: object) -> bool:
    """Only http(s) addresses become links: never javascript:, data: or file: ones."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def with_code(message: str) -> Markup:
    """Escape a message and show its `commands` as <code>."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(message))))


def narrowed(q: str, word: str) -> str:
    """The query `q` with `word` required too; an OR query is bracketed first, or the word
    would join its last alternative only."""
    if not q.strip():
        return word
    return f"({q}) {word}" if " OR " in q else f"{q} {word}"


def register_filters(app: Flask) -> None:
    """Template helpers the pages use."""
    app.add_template_filter(date_label)
    app.add_template_filter(month_label)
    app.add_template_filter(with_code)
    app.add_template_filter(narrowed)
    app.add_template_test(is_web_url, "web_url")
    app.jinja_env.globals.update(WIDTH=WIDTH, HEIGHT=HEIGHT, LEFT=LEFT, BOTTOM=BOTTOM)
