"""Cleaning flattened pages given as inline text."""

import pytest

from corpus.text import lines as kinds
from corpus.text.cleaning import clean_text, collapse_lines

PAGE = """\
World News
Home > World > Asia

Engineers from Laos arrive in Kursk to clear mines

Share

By Jane Doe |

Laos has sent a team of military engineers to the Kursk region of Russia, officials said.
Advertisement
The team of about fifty sappers will work near the border for several months, they added.

A quiet alliance

The two countries have kept close ties since the Soviet era, including arms deals and loans.
A sapper at work in a field near Kursk. [Photographer/Agency]
A sapper at work in a field near Kursk. [Photographer/Agency]
Officials in Vientiane did not reply to a request for comment on the deployment on Monday.

Also read
Related stories
Subscribe to our newsletter
"""


def test_body_keeps_paragraphs_and_subheadings_only():
    cleaned = clean_text(PAGE, url="https://example.com/2025/07/18/engineers-from-laos-arrive-in-kursk")
    assert cleaned.title == "Engineers from Laos arrive in Kursk to clear mines"
    assert cleaned.author == "Jane Doe"
    assert cleaned.body.split("\n\n") == [
        "Laos has sent a team of military engineers to the Kursk region of Russia, officials said.",
        "The team of about fifty sappers will work near the border for several months, they added.",
        "## A quiet alliance",
        "The two countries have kept close ties since the Soviet era, including arms deals and loans.",
        "Officials in Vientiane did not reply to a request for comment on the deployment on Monday.",
    ]


def test_removed_lists_every_dropped_line_in_order():
    cleaned = clean_text(PAGE)
    caption = "A sapper at work in a field near Kursk. [Photographer/Agency]"
    assert cleaned.removed == [
        "World News",
        "Home > World > Asia",
        "Share",
        "Advertisement",
        caption,
        caption,
        "Also read",
        "Related stories",
        "Subscribe to our newsletter",
    ]


def test_manifest_title_is_used_as_given_and_its_line_leaves_the_body():
    cleaned = clean_text(PAGE, title="Engineers from Laos arrive in Kursk to clear mines")
    assert cleaned.title == "Engineers from Laos arrive in Kursk to clear mines"
    assert "Engineers from Laos" not in cleaned.body


def test_unpunctuated_standfirst_after_the_headline_is_kept():
    page = "\n".join([
        "Did Laos intend to send troops to Ukraine to back Russia?",
        "Vientiane might have held back because of worries about international reprisals, observers say",
        "Reading Time:4 minutes",
        "Maria Siow",
        "Worries about potential international reprisals may have prevented Laos from sending troops.",
        "Laotian state media reported this week that the country had refuted the recent claims.",
    ])
    cleaned = clean_text(page)
    assert cleaned.title == "Did Laos intend to send troops to Ukraine to back Russia?"
    assert cleaned.author == "Maria Siow"
    assert cleaned.body.split("\n\n") == [
        "Vientiane might have held back because of worries about international reprisals, observers say",
        "Worries about potential international reprisals may have prevented Laos from sending troops.",
        "Laotian state media reported this week that the country had refuted the recent claims.",
    ]


def test_lone_name_is_a_byline_only_right_before_a_paragraph_in_the_lead():
    page = "\n".join([
        "Laos Enters the War, Sends Troops to Russia",
        "A small Southeast Asian nation has sent troops to Russia, but an alliance lies behind it.",
        "Current Relationship",
        "In recent years, Russia has pushed harder to reassert its influence in Laos and the region.",
        "Victory Day",
        "In 2023, Laos even sent a Soviet-era tank to roll through Red Square during the parade.",
    ])
    cleaned = clean_text(page)
    assert cleaned.author is None
    assert "## Current Relationship" in cleaned.body.split("\n\n")
    assert "## Victory Day" in cleaned.body.split("\n\n")


def test_page_without_paragraphs_has_no_body():
    cleaned = clean_text("Home\nNews\nSport\nLogin\n")
    assert cleaned.body == ""
    assert cleaned.title == ""
    assert cleaned.removed == ["Home", "News", "Sport", "Login"]


def test_collapse_counts_immediate_repeats_and_drops_blank_lines():
    assert collapse_lines(" a \n\na\nb\n\u00a0\na\n") == (["a", "b", "a"], [2, 1, 1])


def test_lines_of_invisible_characters_are_blank_and_a_byte_order_mark_is_no_text():
    assert collapse_lines("a\n\u200b\n\ufeffb\u200b\n\u2060\nc\u200dd\n") == (["a", "b", "c\u200dd"], [1, 1, 1])


def test_a_blog_spacing_its_paragraphs_with_zero_width_spaces_is_read_whole():
    # A blog editor's empty paragraph holds a zero-width space: it must cost nothing.
    article = [_paragraph(n) for n in range(6)]
    spaced = [line for paragraph in article for line in (paragraph, "\u200b", "\u200b")]
    body = clean_text("\n".join(["Festival opens in the park", "Menu", *spaced, "Leave a Reply"])).body
    assert body.split("\n\n") == article


def _paragraph(n: int) -> str:
    return f"Paragraph number {n} of the article says something long enough to count here."


def test_teasers_under_a_related_heading_do_not_extend_the_article():
    article = [f"Paragraph {n} of the article says something long enough to be a real sentence here." for n in range(6)]
    teasers = ["Read these next", "Another headline about something else entirely",
               "This teaser paragraph summarises a different story in one long sentence for readers."]
    body = clean_text("\n".join(["Bridge to be rebuilt", *article, *teasers])).body
    assert body.split("\n\n") == article


def test_lines_repeated_across_a_source_are_furniture():
    article = [f"Paragraph {n} of the article says something long enough to be a real sentence here." for n in range(3)]
    promo = "Support our journalism today by becoming a member of the club for a small monthly fee."
    text = "\n".join(["Bridge to be rebuilt", *article, promo])
    assert promo in clean_text(text).body
    assert promo not in clean_text(text, repeated=frozenset({promo})).body


def test_the_title_line_of_a_whole_page_does_not_pull_menus_into_the_body():
    page = "\n".join([
        "Bridge to be rebuilt after the flood | Example News",
        "Thanks for contacting us. We have received your submission.",
        *[f"Section {n}" for n in range(20)],
        "Bridge to be rebuilt after the flood",
        *[_paragraph(n) for n in range(4)],
    ])
    cleaned = clean_text(page, url="https://example.com/2019/11/bridge-to-be-rebuilt-after-the-flood")
    assert cleaned.title == "Bridge to be rebuilt after the flood"
    assert cleaned.body.split("\n\n") == [_paragraph(n) for n in range(4)]


def test_headline_split_by_inline_markup_is_one_paragraph_in_the_body():
    page = "\n".join(["Bridge to be rebuilt", _paragraph(0), "The council, said", "Mayor Jane Doe",
                      ", will pay for most of the new bridge by itself.", _paragraph(1)])
    body = clean_text(page).body.split("\n\n")
    assert body == [_paragraph(0), "The council, said Mayor Jane Doe, will pay for most of the new bridge by itself.",
                    _paragraph(1)]


def test_picture_labels_and_the_caption_under_one_leave_the_body():
    page = "\n".join([
        "Bridge to be rebuilt", *[_paragraph(n) for n in range(4)],
        "Image copyright", "Getty Images", "Image caption",
        "Eva-Marie Persson said the decision had been taken after interviews with seven witnesses.",
        *[_paragraph(n) for n in range(4, 8)],
        "Media playback is unsupported on your device", "Media caption",
        "Julian Assange being dragged from the Ecuadorean embassy in London",
        *[_paragraph(n) for n in range(8, 12)],
    ])
    assert clean_text(page).body.split("\n\n") == [_paragraph(n) for n in range(12)]


def test_another_storys_headline_in_capitals_leaves_the_body_and_a_short_subheading_stays():
    page = "\n".join([
        "Bridge to be rebuilt", *[_paragraph(n) for n in range(3)],
        "SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'",
        "WHAT HAPPENS NEXT",
        *[_paragraph(n) for n in range(3, 6)],
    ])
    body = clean_text(page).body
    assert "SEAN SPICER" not in body
    assert "WHAT HAPPENS NEXT" in body


@pytest.mark.parametrize("intro", [
    "Here are the deals for fans of the eighties not to miss on Amazon:",
    # the intro a paragraph itself: prose of twenty words and more that ends with a colon
    "Black Friday has come early for the nostalgic this year, and the shops have more than a few "
    "boxes from the eighties on sale. Here are the deals:",
])
def test_a_numbered_list_announced_at_the_end_of_the_article_is_kept(intro):
    items = [f"{n}) Lego Star Wars set number {n} with its own box http://amzn.to/{n}" for n in range(1, 7)]
    page = "\n".join([
        "Black Friday deals for the nostalgic", *[_paragraph(n) for n in range(3)], intro, *items,
        "Leave a comment", "Search",
    ])
    body = clean_text(page).body.split("\n\n")
    assert body == [*[_paragraph(n) for n in range(3)], intro, *items]


def test_prose_that_announces_a_list_counts_as_a_paragraph():
    # A press release: each section's prose ends with a colon over a list of features. Counted
    # as lines that are not paragraphs, they cut the story at the first list.
    intro = ("LG is also showing two new drives that read and write both formats, the largest range "
             "on the market this year. These models include:")
    features = ["--  6x BD-R read compatible", "--  3x HD DVD read compatible", "--  Serial ATA interface",
                "--  Available for $299"]
    paragraphs = [" ".join(_paragraph(n + k) for k in (0, 10, 20)) for n in range(3)]
    story = [paragraphs[0], intro, *features, intro.replace("two", "three"), *features, *paragraphs[1:]]
    page = "\n".join(["LG expands its range", *story, "Sign up for our newsletter", "Home"])
    assert clean_text(page).body.split("\n\n") == story
    assert not kinds.is_paragraph("Other features include:")


def test_the_header_above_a_byline_is_not_the_story():
    # The summary and a newsletter box sit between the headline and the byline, a share bar
    # under it; the story starts under the byline.
    page = "\n".join([
        "World News",
        "Laos sends engineers to Kursk",
        "The small nation's sappers will clear mines near the border for several months.",
        "Breaking News Emails",
        "Get breaking news alerts and special reports, delivered to you on weekday mornings.",
        "By Jane Doe",
        "Share to Facebook",
        "Share to Twitter",
        "Share to Email",
        "Laos has sent a team of military engineers to the Kursk region of Russia, officials said.",
        "The team of about fifty sappers will work near the border for several months, they added.",
        "The two countries have kept close ties since the Soviet era, including arms deals and loans.",
    ])
    cleaned = clean_text(page)
    assert (cleaned.title, cleaned.author) == ("Laos sends engineers to Kursk", "Jane Doe")
    assert cleaned.body.split("\n\n")[0].startswith("Laos has sent a team")
    assert "sappers will clear mines" not in cleaned.body and "Get breaking news" not in cleaned.body


def test_the_authors_box_closing_the_story_leaves_the_body():
    page = "\n".join([
        "Bridge to be rebuilt", "Jane Doe", *[_paragraph(n) for n in range(4)],
        "About", "Jane Doe",
        "Jane Doe has covered the city council for ten years and lives by the river with two cats.",
        "Facebook",
    ])
    assert clean_text(page).body.split("\n\n") == [_paragraph(n) for n in range(4)]


def test_a_speaker_named_over_a_paragraph_of_the_story_stays():
    # The name was never printed above the story, and the story goes on after it: a quote.
    page = "\n".join([
        "Bridge to be rebuilt", *[_paragraph(n) for n in range(4)],
        "Jane Doe",
        "Jane Doe said the council would pay for most of the new bridge by itself next year.",
    ])
    body = clean_text(page).body
    assert "Jane Doe said the council" in body
    page = page.replace("Bridge to be rebuilt", "Bridge to be rebuilt\nBy Jane Doe") + "\n" + _paragraph(5)
    assert "Jane Doe said the council" in clean_text(page).body
