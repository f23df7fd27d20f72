"""Choosing the headline: manifest title, URL slug, then the longest headline-like line."""

from corpus.text.headline import (
    guess_headline,
    match_headline,
    match_page_title,
    read_slug,
    score_slug,
    tokenise,
)


def test_read_slug_come_from_the_wordiest_segment():
    url = "https://tfiglobalnews.com/2025/07/18/axis-of-alignment-after-north-korea/amp"
    assert read_slug(url) == ["axis", "of", "alignment", "after", "north", "korea"]


def test_read_slug_drop_ids_and_extensions():
    url = "https://example.com/news/russia-to-involve-laos-troops-9643.html"
    assert read_slug(url) == ["russia", "to", "involve", "laos", "troops"]


def test_short_or_missing_slugs_say_nothing():
    assert read_slug("https://www.dagens.com/?p=46408") == []
    assert read_slug("https://example.com/world/laos-news") == []
    assert read_slug(None) == []


def test_tokens_ignore_case_apostrophes_and_accents():
    assert tokenise("Here’s What We\xa0Know in Kyïv") == ["heres", "what", "we", "know", "in", "kyiv"]


def test_slug_agreement_forgives_dropped_small_words():
    slug = ["did", "laos", "intend", "send", "troops", "ukraine", "back", "russia"]
    title = "Did Laos intend to send troops to Ukraine to back Russia?"
    assert score_slug(title, slug) > score_slug("Ukraine war", slug)
    assert score_slug("Nothing shared here", slug) == 0.0


PAGE = [
    "Security",
    "Russia eyes Laos in covert bid to bolster invasion of Ukraine",
    "Russian Foreign Minister Sergey Lavrov meets his Laotian counterpart",
    "Russia is enlisting Laotian soldiers to help wage its war with Ukraine and calling it aid.",
]


def test_slug_match_picks_the_headline():
    url = "https://example.com/2025/07/17/Russia-eyes-Laos-in-covert-bid-to-bolster-invasion-of-Ukraine"
    assert match_headline(PAGE, url=url) == 1


def test_manifest_title_wins_over_the_slug():
    url = "https://example.com/russia-eyes-laos-in-covert-bid"
    title = "Russian Foreign Minister Sergey Lavrov meets his Laotian counterpart"
    assert match_headline(PAGE, url=url, title=title) == 2


def test_no_match_without_title_or_slug():
    assert match_headline(PAGE) is None
    assert match_headline(PAGE, url="https://example.com/?p=1") is None


def test_guess_takes_the_longest_headline_like_line_before_the_article():
    page = [
        "Homepage News Laos Enters the War, Sends Troops to Russia",  # breadcrumb: ends with the title
        "Laos Enters the War, Sends Troops to Russia",
        "Vladimir Putin Thongloun Sisoulith",
        "Kremlin.ru / Wikimedia Commons",
        "A small Southeast Asian nation has sent troops to Russia, behind which lies an alliance.",
    ]
    assert guess_headline(page, article_start=4) == 1


def test_guess_skips_lines_that_start_in_lower_case():
    page = ["Laos sends sappers", "these are external links and will open in a new window", "Body text here."]
    assert guess_headline(page, article_start=2) == 0


def test_slug_match_prefers_the_headline_nearest_the_article_over_the_page_title():
    page = ["Laos sends troops to Russia | World | Example News", "Home", "World",
            "Laos sends troops to Russia", "Laos has sent troops to Russia, officials said on Monday."]
    assert match_headline(page, url="https://example.com/world/laos-sends-troops-to-russia") == 3


def test_guess_skips_a_standfirst_under_the_headline():
    page = ["Did Laos intend to send troops?",
            "Vientiane might have held back because of worries about reprisals, observers say",
            "Worries about potential reprisals may have prevented Laos from sending troops."]
    assert guess_headline(page, article_start=2) == 0


def test_the_page_title_names_the_headline_when_the_url_has_no_slug():
    page = [
        "Deaths at 22 in bald eagle mishap - NewsFlash - PennLive.com",
        "Top Stories From Around the State",
        "Deaths at 22 in bald eagle mishap",
        "1/14/2008, 8:34 a.m. EST",
        "The Associated Press",
        "ANCHORAGE, Alaska (AP) - Most of the 30 bald eagles who survived are close to recovery.",
    ]
    assert match_page_title(page, 5) == 2
    assert match_page_title(["Example News", *page[1:]], 5) is None
