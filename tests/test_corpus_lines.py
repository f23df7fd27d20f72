"""Line classification: boilerplate labels, captions, credits, navigation, paragraphs, headlines."""

import pytest

from corpus.text import lines


@pytest.mark.parametrize(
    "line",
    [
        "Also read",
        "Read more",
        "READ MORE:",
        "Advertisement",
        "Ads by MGDK",
        "Captcha *",
        "Reading Time:4 minutes",
        "2 min read",
        "Share",
        "Share this article",
        "Subscribe to our newsletter",
        "Sign up for the Morning Brief newsletter",
        "We use cookies",
        "Do you like this article?",
        "Exit mobile version",
        "See all",
        "Others are reading now",
        "Select Voice",
        "Choose your listening speed",
        "Get through articles 2x faster",
        "1.25x",
        "250 WPM",
        "Why you can trust SCMP",
        "Kremlin.ru / Wikimedia Commons",
        "Photo: AFP",
        "Getty Images",
        "1",
        "17/07/2025",
        "3 hours ago",
        "6 years ago",
        "© 2025 Kontur. All rights reserved.",
        "* * *",
        "Story Continued Below",
        "Article continues below",
        "JUST WATCHED Why the Iowa caucuses still matter to both parties Replay More Videos ..."
        " MUST WATCH Why the Iowa caucuses still matter to both parties 02:02",
        "Breaking News Alerts Get breaking news when it happens in your inbox. By signing up you agree"
        " to receive email newsletters or alerts from POLITICO. You can unsubscribe at any time. This"
        " site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
        "Sen. Ted Cruz of Texas announced he was seeking the nomination in a speech on March 23."
        " Hide Caption 3 of 6 Photos: Who's running for president?",
    ],
)
def test_boilerplate_labels(line):
    assert lines.is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The Message Behind the Manpower",
        "Cold War Ties, Revived",
        "Why Laos?",
        "A humanitarian screen",
        "This was reported by United24 Media.",
        "Readers shared the post thousands of times before it was removed.",
        "Subscribers to the service were told on Monday that prices would rise by a third.",
        "Share prices in Vientiane fell sharply after the announcement on Monday morning.",
        "The story continued below the fold on Tuesday.",
        "He left the party 6 years ago.",
        "Viewers were told they could replay more videos of the debate online.",
        "The caption was hidden, and the site said the form was protected by reCAPTCHA.",
    ],
)
def test_headings_and_sentences_are_not_boilerplate(line):
    assert not lines.is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The pool was closed.",
        "Reuters reported the deal on Monday.",
        "Getty and others declined to comment",
        "Swimming Pool Reopens",
    ],
)
def test_sentences_naming_an_agency_are_not_credits(line):
    assert not lines.is_credit(line)


def test_long_lines_are_never_boilerplate_labels():
    line = "Read more about how the deployment was organised, who paid for it and why it matters to Kyiv"
    assert not lines.is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "A share taxi in Champasak province, Laos. [Guiziou Franck/Hemis/AFP]",
        "A Laotian soldier looks on during the meeting in Vientiane last year. Photo:   AFP",
        "Soldiers at a parade in Vientiane. (Photo: Xinhua/Ju Zhenhua).",
        "Nadal celebrates a point in Madrid. (AP Photo/Bernat Armangue)",
        "A reference habitation module for a crewed Mars mission compared to its equivalent. Credit: ESA",
    ],
)
def test_captions_end_with_a_credit(line):
    assert lines.is_caption(line)
    assert not lines.is_paragraph(line)


def test_bracketed_words_in_a_quote_are_not_a_credit():
    line = '"Laos [has] ... a total population of only about 6 million people," he told Kontur.'
    assert not lines.is_caption(line)
    assert lines.is_paragraph(line)


def test_navigation_trails():
    assert lines.is_navigation("Home > World > Asia")
    assert lines.is_navigation("News » Politics » Laos")
    assert not lines.is_navigation("Kremlin.ru / Wikimedia Commons")
    long_sentence = "The code checks that x > 5 and that y > 3 before it sends the request to the " * 2
    assert not lines.is_navigation(long_sentence)


def test_breadcrumb_ends_with_a_later_line():
    title = "Laos Enters the War, Sends Troops to Russia"
    assert lines.is_breadcrumb("Homepage News " + title, [title])
    assert not lines.is_breadcrumb(title, [title])
    assert not lines.is_breadcrumb("Cold War Ties, Revived", ["Revived"])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Russia’s relationship with Laos is not new.", False),  # too short to place the article
        ("The number of troops—reportedly around 50—is small and growing.", True),
        ('"It was like trading beads for gold," Bratchuk said.', True),
        ("Axis of Alignment? After North Korea, Laos Send Troops to Support Russia", False),
        ("Laos Joins Russia’s War Logistics in Ukraine, Sparking U.S. and NATO Concern", False),
    ],
)
def test_paragraphs_are_sentences_of_several_words(line, expected):
    assert lines.is_paragraph(line) is expected


def test_standfirst_may_lack_a_full_stop_but_is_long_and_in_sentence_case():
    assert lines.is_standfirst(
        "Vientiane might have held back because of worries about international reprisals, observers say"
    )
    assert not lines.is_standfirst("Laos Joins Russia’s War Logistics in Ukraine, Sparking U.S. and NATO Concern")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Did Laos intend to send troops to Ukraine to back Russia?", True),
        ("Russia to\xa0Involve Laos Troops in\xa0Its War Against Ukraine. Here’s What We\xa0Know", True),
        ("Security", False),  # one word: a section label
        ("2 min read", False),
        ("A small Southeast Asian nation has sent troops to Russia.", False),
        ("%2Ftennis%2Fargentina-comfortably-wins-davis-cup-opener-chile%2F", False),
    ],
)
def test_headline_like_lines(line, expected):
    assert lines.is_headline(line) is expected


def test_normalise_lowers_and_trims_punctuation():
    assert lines.normalise("  » Read\u00a0 More:  ") == "read more"


@pytest.mark.parametrize("line, expected", [
    ("Read these next", True),
    ("More from Wired", True),
    ("You may also like:", True),
    ("Related stories", True),
    ("More news about the bridge was expected on Tuesday, officials said.", False),
    ("Related", True),
    ("The related stories were all about bridges.", False),
    ("Links We Like", True),
    ("Sponsored links", True),
    ("Links we like to share with readers are listed in the box below this story.", False),
])
def test_related_headings(line, expected):
    assert lines.is_related_heading(line) is expected


@pytest.mark.parametrize(
    "line",
    ["Nov. 19, 2019, 8:41 AM UTC", "Published Wed, Nov 20 2019", "4:29 AM EST", "Updated an hour ago",
     "2019-11-18T20:51:19Z", "00:01, Tue, Nov 19, 2019"],
)
def test_datelines_are_furniture(line):
    assert lines.is_dateline(line)
    assert lines.is_furniture(line)


@pytest.mark.parametrize("line", ["Published", "5-1A:", "May the best team win", "5 things to know"])
def test_labels_and_text_are_no_datelines(line):
    assert not lines.is_dateline(line)


def test_a_summary_cut_off_with_an_ellipsis_is_no_paragraph():
    assert lines.is_paragraph("Microsoft is now rolling out the November update to more devices today.")
    assert not lines.is_paragraph("Microsoft is now rolling out the November update to more dev...")
    assert not lines.is_paragraph("Microsoft is now rolling out the November update to more devices…")


@pytest.mark.parametrize(
    "line",
    ["Get breaking news alerts and special reports, delivered to your inbox weekday mornings.",
     "Please check the opt-in box to acknowledge that you would like to subscribe.",
     "Sign up for The Water Coolest today to get the free daily newsletter."],
)
def test_calls_to_action_are_furniture(line):
    assert lines.is_prompt(line)
    assert lines.is_furniture(line)


def test_news_about_sign_ups_is_no_prompt():
    assert not lines.is_prompt("The company continued to sign up additional subscribers throughout the day.")
    long_line = "The newsletter, which " + "grew quickly and " * 10 + "now reaches millions, was sold."
    assert not lines.is_prompt(long_line)


def test_unspaced_japanese_sentences_are_paragraphs():
    assert lines.is_paragraph("政府は月曜日、新しい橋の建設計画を発表し、来年の春に工事を始めると述べた。")
    assert not lines.is_paragraph("ニュース")


@pytest.mark.parametrize("line", ["Report this comment", "Report abuse", "Reply to this comment"])
def test_the_buttons_under_a_readers_comment_are_boilerplate(line):
    assert lines.is_boilerplate(line)


@pytest.mark.parametrize("line", ["Image copyright", "Media caption", "Advert", "This slideshow requires JavaScript.",
                                  "Media playback is unsupported on your device"])
def test_the_labels_of_pictures_players_and_adverts_are_boilerplate(line):
    assert lines.is_boilerplate(line)
