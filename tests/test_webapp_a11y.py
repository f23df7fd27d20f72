"""Accessibility basics of every kind of page, read from the rendered DOM.

Labels on every control, landmarks, alt text, headings in order, names on links and buttons,
ids that are unique and references (for, aria-labelledby, aria-describedby) that resolve.
"""

import pytest
from bs4 import BeautifulSoup

PAGES = {
    "home": "/",
    "search tips": "/help",
    "results": "/search?q=Kursk",
    "results filtered": "/search?q=Kursk&source=Dagens&since=2025-07&sort=newest&per_page=2&page=2",
    "all articles": "/search",
    "no results": "/search?q=zzzzqqq",
    "bad parameter": "/search?q=Kursk&page=0",
    "article": None,  # filled in from a search
    "who reported first": "/first?q=Kursk",
    "story": None,  # a wire story's copies and their changes, on its own index
    "saved searches": "/watches",
    "unknown article": "/articles/0000000000000000",
    "not found": "/no-such-page",
}
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
CONTROLS = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"


def render(client, path):
    return BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")


@pytest.fixture(params=list(PAGES))
def page(request, client):
    path = PAGES[request.param]
    if request.param == "story":
        client = request.getfixturevalue("wire_client")
        beta = client.get("/api/search?q=source:Beta").get_json()["hits"][0]["id"]
        path = f"/stories/{beta}"
    elif path is None:
        first = client.get("/api/search?q=Kursk").get_json()["hits"][0]["id"]
        path = f"/articles/{first}?q=Kursk"
    return render(client, path)


def accessible_name(tag, soup):
    if tag.get("aria-label", "").strip():
        return tag["aria-label"].strip()
    if tag.get("aria-labelledby"):
        return " ".join(soup.find(id=i).get_text(" ", strip=True) for i in tag["aria-labelledby"].split())
    text = tag.get_text(" ", strip=True)
    alts = " ".join(img.get("alt", "") for img in tag.find_all("img"))
    return (text + " " + alts).strip()


def test_document_language_and_title(page):
    assert page.html.get("lang") == "en"
    assert page.title and page.title.get_text(strip=True)


def test_landmarks(page):
    assert len(page.find_all("main")) == 1
    assert page.find("header") is not None and page.find("footer") is not None
    navs = page.find_all("nav")
    if len(navs) > 1:  # several navigation regions must each say what they are
        assert all(nav.get("aria-label") or nav.get("aria-labelledby") for nav in navs)
    skip = page.find("a", class_="skip")
    assert skip is not None and page.find(id=skip["href"].lstrip("#")) is not None


def test_one_h1_and_no_skipped_heading_levels(page):
    levels = [HEADINGS.index(h.name) + 1 for h in page.find_all(HEADINGS)]
    assert levels and levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"
    assert all(h.get_text(strip=True) for h in page.find_all(HEADINGS))


def test_every_control_has_a_label(page):
    for control in page.select(CONTROLS):
        labelled = (
            control.get("aria-label") or control.get("aria-labelledby")
            or (control.get("id") and page.find("label", attrs={"for": control["id"]}))
            or control.find_parent("label")
        )
        assert labelled, f"unlabelled {control}"


def test_links_and_buttons_have_names_and_images_have_alt(page):
    for tag in page.find_all(["a", "button"]):
        assert accessible_name(tag, page), f"nameless {tag}"
    for image in page.find_all("img"):
        assert image.has_attr("alt"), f"no alt on {image}"


def test_ids_are_unique_and_references_resolve(page):
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for tag in page.find_all(attrs={"aria-labelledby": True}) + page.find_all(attrs={"aria-describedby": True}):
        for attribute in ("aria-labelledby", "aria-describedby"):
            for ident in tag.get(attribute, "").split():
                assert ident in ids, f"{attribute}={ident} points nowhere"
    for label in page.find_all("label", attrs={"for": True}):
        assert label["for"] in ids


def test_no_index_page_is_accessible_too(empty_client):
    soup = render(empty_client, "/search?q=x")
    assert len(soup.find_all("main")) == 1 and len(soup.find_all("h1")) == 1
    assert "newsdesk reindex" in soup.get_text()
