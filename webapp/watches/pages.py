"""The saved searches' page, and saving or removing one from a form (CSRF and write token)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from indexer import SearchRequest
from webapp.context import search_service
from webapp.watches import guard
from webapp.watches.api import answer_errors

bp = Blueprint("watches_pages", __name__)


@bp.app_context_processor
def saving() -> dict[str, Any]:
    """What the search page's "Save this search" form needs."""
    return {"watch_writable": guard.writable, "csrf_token": guard.csrf_token}


@bp.get("/watches")
def watches() -> str:
    statuses = search_service().watches().statuses()
    return render_template("watches/list.html", statuses=statuses, saved=request.args.get("saved"))


@bp.post("/watches")
def save() -> Response:
    """Save the search the form carries under the name typed; back to the saved searches."""
    guard.check_form()
    form = request.form
    params = {"q": form.get("q", ""), "source": form.getlist("source"),
              **{key: form[key] for key in ("since", "until") if form.get(key)}}
    name = form.get("name", "").strip()
    search_service().watches().add(name, SearchRequest.from_params(params))
    return redirect(url_for("watches_pages.watches", saved=name, _anchor=f"watch-{name}"), code=303)


@bp.post("/watches/<name>/remove")
def remove(name: str) -> Response:
    guard.check_form()
    search_service().watches().remove(name)
    return redirect(url_for("watches_pages.watches"), code=303)


answer_errors(bp)
