"""HTML pages: encodings, metadata sources, boilerplate kinds, broken markup, .html.gz inputs."""

import gzip
from datetime import date, datetime, timedelta, timezone

import pytest

from corpus import InputFile, read_input
from corpus.decoding import Unreadable
from corpus.html.metadata import strip_site_name
from corpus.readers.html import extract_page

PARAGRAPHS = [
    "The city council voted on Tuesday to rebuild the old stone bridge before the winter floods arrive.",
    "Engineers said the work would take four months, and that the crossing would stay open to walkers.",
    "Residents of both banks, who have waited a decade for the repairs, welcomed the decision warmly.",
]


def page(body="", head="", lang="en", before="", after=""):
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head>{head}</head><body>{before}"
        f"<article><h1>Bridge to be rebuilt</h1>{article}{body}</article>{after}</body></html>"
    )


def body_of(html, **kwargs):
    data = html if isinstance(html, bytes) else html.encode("utf-8")
    return extract_page(data, **kwargs).body


def test_article_paragraphs_are_the_body():
    assert body_of(page()) == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("furniture", [
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>",
    "<div class='share-bar'><a href='#'>Share on Facebook</a><a href='#'>Tweet</a></div>",
    "<div class='related-articles'><h3>Read more</h3><ul><li><a href='/x'>Another story about "
    "the council and its many bridges over the river</a></li></ul></div>",
    "<div class='newsletter-signup'>Get our free daily newsletter in your inbox every morning, "
    "with the day's best stories.</div>",
    "<div id='cookie-consent'>We use cookies to improve your experience on this website, "
    "by continuing you accept them.</div>",
    "<div class='ad-slot'>Advertisement</div><p>Advertisement</p>",
    "<div class='g-recaptcha'>Captcha</div><div class='captcha'>Please prove you are not a robot "
    "before you comment on this story.</div>",
    "<section id='comments'><h3>34 Comments</h3><p>I think this bridge is a waste of our money, "
    "and the council should have fixed the roads first, frankly.</p></section>",
    "<figure><img src='a.jpg' alt=''><figcaption>The bridge in 1920. Photo: City Archive"
    "</figcaption></figure>",
    "<form><label>Email</label><input name='e'><button>Subscribe</button></form>",
    "<div style='display:none'>Hidden text that the reader never sees on the page at all.</div>",
])
def test_boilerplate_is_dropped(furniture):
    assert body_of(page(body=furniture)) == "\n\n".join(PARAGRAPHS)


def test_page_chrome_and_a_comment_section_outside_the_article_are_dropped():
    comments = "".join(
        f"<div class='comment'><p>Reader {i} wrote a long comment, with opinions, about bridges, "
        f"roads, taxes and the council, which goes on and on for a while.</p></div>"
        for i in range(12)
    )
    html = page(before="<header><a href='/'>Daily Example</a></header>",
                after=f"<div id='comments'>{comments}</div><footer>© 2024 Daily Example</footer>")
    assert body_of(html) == "\n\n".join(PARAGRAPHS)


def test_an_article_split_by_an_ad_keeps_both_parts():
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    html = (
        "<html><body><div class='story-text'>" + first + "</div>"
        "<div class='ad'>Advertisement</div>"
        f"<div class='story-text'><p>{PARAGRAPHS[2]}</p></div></body></html>"
    )
    assert body_of(html) == "\n\n".join(PARAGRAPHS)


def test_lines_broken_by_br_in_a_div_are_paragraphs():
    html = "<html><body><div class='post-body'>" + "<br><br>".join(PARAGRAPHS) + "</div></body></html>"
    assert body_of(html) == "\n\n".join(PARAGRAPHS)


def test_inline_markup_does_not_add_spaces():
    html = page(body="<p>The <a href='/m'>mayor</a>, who <em>opposed</em> it, said: “fine”.</p>")
    assert body_of(html).endswith("The mayor, who opposed it, said: “fine”.")


@pytest.mark.parametrize("encoding", ["windows-1252", "iso-8859-1", "utf-8"])
def test_declared_encodings(encoding):
    sentence = "Café owners in Zürich said no to the plan, a déjà vu for the señora."
    html = page(head=f"<meta charset='{encoding}'>", body=f"<p>{sentence}</p>")
    assert body_of(html.encode(encoding)).endswith(sentence)


def test_undeclared_legacy_encoding_is_detected():
    html = page(body="<p>Les élèves sont arrivés à l’école très tôt ce matin, déçus.</p>")
    assert body_of(html.encode("windows-1252")).endswith("Les élèves sont arrivés à l’école très tôt ce matin, déçus.")


def test_wrong_declaration_loses_to_valid_utf8():
    html = page(head="<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>",
                body="<p>Zürich’s mayor met Kyïv’s delegation in a café on Monday morning.</p>")
    assert body_of(html.encode("utf-8")).endswith("Zürich’s mayor met Kyïv’s delegation in a café on Monday morning.")


def test_metadata_from_json_ld_wins_over_meta_tags():
    head = (
        "<title>Bridge to be rebuilt | Daily Example</title>"
        "<link rel='canonical' href='https://news.example.org/2024/03/05/bridge'>"
        "<meta property='og:site_name' content='Daily Example'>"
        "<meta property='article:published_time' content='2024-03-06T08:00:00Z'>"
        "<meta name='author' content='Someone Else'>"
        "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@graph\": ["
        "{\"@type\": \"WebSite\", \"name\": \"x\"}, {\"@type\": \"NewsArticle\", "
        "\"headline\": \"Bridge to be rebuilt\", \"datePublished\": \"2024-03-05T09:30:00+01:00\", "
        "\"author\": [{\"@type\": \"Person\", \"name\": \"Ann Lee\"}]}]}</script>"
    )
    found = extract_page(page(head=head, lang="en-GB").encode(), url="https://mirror.example.com/p")
    assert found.title == "Bridge to be rebuilt"
    assert found.url == "https://news.example.org/2024/03/05/bridge"
    assert found.source == "Daily Example"
    assert found.published == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert found.author == "Ann Lee"
    assert found.language == "en"


def test_metadata_falls_back_to_time_element_title_and_domain():
    html = page(head="<title>Bridge to be rebuilt - Example Gazette</title>", lang="de",
                body="<time datetime='2023-11-02'>2 November</time>")
    found = extract_page(html.encode(), url="https://www.gazette.example.com/local/bridge")
    assert found.title == "Bridge to be rebuilt"  # og:title absent: the <h1>
    assert found.source == "gazette.example.com"
    assert found.published == date(2023, 11, 2)
    assert found.language == "de"
    assert found.author is None


def test_date_from_url_path_when_the_page_has_none():
    found = extract_page(page().encode(), url="https://example.net/2022/01/31/bridge-story")
    assert found.published == date(2022, 1, 31)


@pytest.mark.parametrize("title, printed", [
    ("icScotland - Bridge to be rebuilt", "<div class='hl'><font size='4'>Bridge to be rebuilt</font></div>"),
    ("Gazette: Local News -- Bridge to be rebuilt", "<h2>Bridge to be rebuilt</h2>"),
    ("News::Bridge to be rebuilt", "<b>Bridge to be rebuilt</b>"),
])
def test_the_headline_is_the_pages_text_that_its_title_holds(title, printed):
    # Without og:title, the headline is what the page prints of its <title>, not the <h1>
    # of the section ("Local News") nor the title with the site and section names around it.
    html = (f"<html><head><title>{title}</title></head><body><h1>Local News</h1><p>{title}</p>"
            f"<div class='story'>{printed}" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</div></body></html>")
    found = extract_page(html.encode())
    assert found.title == "Bridge to be rebuilt"
    assert found.body == "\n\n".join(PARAGRAPHS)


STORY_HTML = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


@pytest.mark.parametrize("before, story", [
    # The section's name in <h1>, the site's in <title>; the headline printed over the story.
    ("<h1>Latest News</h1><h3>Most read today</h3><ul><li>One</li></ul><h2>Bridge to be rebuilt</h2>",
     f"<div class='story'>{STORY_HTML}</div>"),
    # The headline opening the story's container, the byline after a line break in it.
    ("<h1>Latest News</h1>",
     f"<div class='story'><h2>Bridge to be rebuilt<br><span>by Ann Lee, 3 May 2024</span></h2>{STORY_HTML}</div>"),
])
def test_a_page_that_states_no_headline_gets_the_one_printed_with_its_story(before, story):
    html = f"<html><head><title>Daily Example: all the news</title></head><body>{before}{story}</body></html>"
    found = extract_page(html.encode())
    assert found.title == "Bridge to be rebuilt"
    assert found.body.endswith("\n\n".join(PARAGRAPHS))
    assert "Bridge to be rebuilt" not in found.body


def test_a_stated_headline_or_an_h1_over_its_deck_is_kept():
    deck = "<h2>Four months of work, and the crossing stays open to walkers</h2>"
    h1 = f"<html><head><title>Daily Example</title></head><body><h1>Bridge to be rebuilt</h1>{deck}"
    assert extract_page(f"{h1}<div>{STORY_HTML}</div></body></html>".encode()).title == "Bridge to be rebuilt"
    stated = ("<html><head><meta property='og:title' content='Bridge to be rebuilt'></head><body>"
              f"<h2>Other news from the region</h2><div>{STORY_HTML}</div></body></html>")
    assert extract_page(stated.encode()).title == "Bridge to be rebuilt"
    # A heading in a block named as furniture, or one over a list, is no headline.
    toolbar = ("<html><head><title>Bridge to be rebuilt</title></head><body><div id='toolbar'>"
               f"<h2>example.com Navigation</h2></div><h3>Most read stories</h3><div>{STORY_HTML}</div></body></html>")
    assert extract_page(toolbar.encode()).title == "Bridge to be rebuilt"


@pytest.mark.parametrize("title, site, expected", [
    ("Bridge to be rebuilt | Daily Example", "Daily Example", "Bridge to be rebuilt"),
    ("Daily Example - Bridge to be rebuilt", "Daily Example", "Bridge to be rebuilt"),
    ("Bridge to be rebuilt – Reuters", None, "Bridge to be rebuilt"),
    ("Bridge to be rebuilt", "Daily Example", "Bridge to be rebuilt"),
])
def test_site_name_is_stripped_from_titles(title, site, expected):
    assert strip_site_name(title, site) == expected


def test_broken_and_truncated_markup_still_gives_the_text():
    html = page().split("</article>")[0]  # truncated: no closing tags at all
    html = html.replace("</p>", "", 1) + "<div><p>Unclosed <b>bold"
    body = body_of(html)
    assert PARAGRAPHS[1] in body and PARAGRAPHS[2] in body and "Unclosed bold" in body


def write(path, data):
    path.write_bytes(data)
    return InputFile(path=path, root=path.parent, relative=path.name)


def test_html_gz_input_is_read_with_its_manifest_url(tmp_path):
    item = write(tmp_path / "page.html.gz", gzip.compress(page().encode()))
    item = InputFile(item.path, item.root, item.relative, {"url": "https://example.org/2021/05/04/x"})
    outcome = read_input(item)
    assert outcome.error is None
    (article,) = outcome.articles
    assert article.body == "\n\n".join(PARAGRAPHS)
    assert (article.title, article.source, article.published) == (
        "Bridge to be rebuilt", "example.org", date(2021, 5, 4))


@pytest.mark.parametrize("data, reason", [
    (b"   \n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\0\0\0", "binary file, not text"),
    (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text found"),
])
def test_unusable_pages_are_rejected_with_a_reason(tmp_path, data, reason):
    outcome = read_input(write(tmp_path / "p.htm", data))
    assert (outcome.articles, outcome.error) == ([], reason)


def test_extract_page_raises_unreadable_for_binary_data():
    with pytest.raises(Unreadable):
        extract_page(b"\0\1\2\3")


def test_declared_cyrillic_encoding_is_used():
    sentence = "Жители обоих берегов реки давно ждали ремонта старого каменного моста."
    html = page(head="<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>",
                body=f"<p>{sentence}</p>", lang="ru")
    assert body_of(html.encode("windows-1251")).endswith(sentence)


def test_a_site_name_that_is_a_url_gives_its_domain():
    found = extract_page(page(head="<meta property='og:site_name' content='https://www.example.in'>").encode())
    assert found.source == "example.in"


def test_an_xhtml_page_with_an_xml_declaration_is_read_as_html():
    # pytest turns warnings into errors: bs4's "XML parsed as HTML" warning would fail this.
    # With the <html> tag past lxml's first chunk of input, bs4 takes the page for XML.
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>' + " " * 600 + page()[len("<!DOCTYPE html>"):]
    assert body_of(xhtml) == "\n\n".join(PARAGRAPHS)
