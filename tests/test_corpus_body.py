"""Finding the article body among a page's lines: the best run of paragraphs, teaser lists, boxes."""

import pytest

from corpus.text.body import find_article, find_body, find_headline_runs, find_inline_widgets, find_teasers


def _paragraph(n: int) -> str:
    return f"Paragraph number {n} of the article says something long enough to count here."


def test_comment_section_after_the_article_is_not_the_article():
    article = [_paragraph(n) for n in range(6)]
    comments = ["12 Comments"]
    for n in range(10):
        comments += [f"reader{n} says:", f"Comment {n} is quite a long reply that rambles on for a while."]
    page = article + comments
    assert find_article(page) == (0, 5)


@pytest.mark.parametrize("heading", [
    "6 thoughts on “How to Adopt an Online Leader Success Mindset”",
    "Comments are now closed for this story",
    "Have your say",
    "Tell us what YOU think...",
    "Reader views",
])
def test_comment_sections_under_their_other_headings_are_not_the_article(heading):
    article = [_paragraph(n) for n in range(6)]
    # replies read like paragraphs: only the heading tells them from the article
    comments = [heading] + [f"Comment {n} is quite a long reply that rambles on for a while." for n in range(10)]
    assert find_article(article + comments) == (0, 5)


def test_a_long_run_of_short_lines_splits_spans_and_the_bigger_wins():
    widget = [f"Teaser {n}" for n in range(12)]
    page = [_paragraph(0)] + widget + [_paragraph(n) for n in range(1, 4)]
    assert find_article(page) == (13, 15)


def test_a_short_widget_inside_the_article_does_not_split_it():
    # Three short lines cost less than the paragraphs on either side bring: one article.
    page = [_paragraph(n) for n in range(3)] + ["Share", "Tweet", "Email"] + [_paragraph(n) for n in range(3, 6)]
    assert find_article(page) == (0, 8)


def test_a_teaser_list_is_not_the_article_however_long():
    teasers = []
    for n in range(8):
        teasers += [f"Deal Alert {n}: Save on headphones", f"Summary {n} of another story runs on for long enough to look like a paragraph here."]
    article = [_paragraph(n) for n in range(3)]
    page = ["Menu", *article, "Deals", *teasers, "Contact us"]
    assert find_teasers(page) == set(range(5, 21))
    assert find_article(page) == (1, 3)


def test_an_articles_sub_headed_sections_are_no_teaser_list():
    # A press release's sections: a heading over one long paragraph each, three times over.
    long = " ".join(["The product section explains one feature at the length of a real paragraph."] * 5)
    sections = [line for n in range(4) for line in (f"Section Heading Number {n}", long)]
    assert find_teasers(["Menu", *sections, "Contact us"]) == set()
    # Games of a roundup, each a heading and its one paragraph, right after the story's text.
    games = [line for n in range(4) for line in (f"Team {n} Beat Team {n + 1}", _paragraph(n))]
    page = ["Menu", *[_paragraph(n) for n in range(3)], *games, "Contact us"]
    assert find_teasers(page) == set()
    assert find_article(page) == (1, 11)


def test_labels_and_citations_do_not_make_teasers():
    # "Name:" introduces its own paragraph; "[ Wired]" cites the paragraph before.
    labelled = []
    for n in range(4):
        labelled += [f"Person Number {n}:", _paragraph(n)]
    assert find_teasers(labelled) == set()
    cited = []
    for n in range(4):
        cited += [_paragraph(n), "[ Wired]"]
    assert find_teasers(cited) == set()


def test_related_box_inside_the_body_is_dropped_but_the_next_sub_heading_kept():
    page = [_paragraph(0), "Most read in world news", "Teaser headline one", "Teaser headline two",
            "How is it spread?", _paragraph(1)]
    assert find_inline_widgets(page, 0, 5) == {1, 2, 3}


def test_a_run_of_headlines_inside_the_body_is_a_box_of_other_articles():
    box = ["Safety officials urge Boeing to redesign part", "White teen accused of plotting attack on church",
           "Man arrested after victims found in car", "Jail guards charged with falsifying the records"]
    page = [_paragraph(0), "A short sub-heading here", _paragraph(1), *box, _paragraph(2)]
    assert find_headline_runs(page, 0, len(page) - 1) == {3, 4, 5, 6}
    assert find_headline_runs(page[:3] + box[:3] + page[-1:], 0, 6) == set()  # three are not a box


def test_a_related_box_between_paragraphs_does_not_cut_the_story():
    box = ["Related articles", "Plague outbreak: China hit by pneumonic plague", "Plague of mosquitos to hit Britain"]
    page = [*[_paragraph(n) for n in range(4)], "(Image: GETTY)", *box, *[_paragraph(n) for n in range(4, 8)]]
    assert find_article(page) == (0, 11)


def test_a_long_related_box_inside_the_story_costs_as_one_line():
    # Three links with their tags and a caption: eight lines, more than the three paragraphs after.
    box = ["Don't miss", "Plague warning: CDC names EIGHT deadly diseases", "[WARNING]",
           "Holidaymakers die after eating marmot", "[INSIGHT]",
           "Passengers quarantined after outbreak", "[NEWS]",
           "A 14th century plague doctor", "(Image: GETTY)"]
    page = [*[_paragraph(n) for n in range(8)], *box, *[_paragraph(n) for n in range(8, 11)]]
    assert find_article(page) == (0, len(page) - 1)
    # Before a substantial run, the box's lines count: a poll question is no story.
    assert find_article([_paragraph(0), *box, *[_paragraph(n) for n in range(1, 4)]]) == (10, 12)


def test_a_related_box_after_the_story_still_ends_it():
    box = ["Related articles", "Plague outbreak: China hit by pneumonic plague", "Plague of mosquitos to hit Britain"]
    teasers = [f"Summary {n} of another story runs on for long enough to look like a paragraph." for n in range(2)]
    page = [*[_paragraph(n) for n in range(4)], *box, *teasers, "Most read", *teasers]
    assert find_article(page) == (0, 3)


def test_the_first_report_button_under_a_comment_ends_the_article():
    article = [_paragraph(n) for n in range(6)]
    comments = []
    for n in range(6):
        comments += [f"Comment {n} is quite a long reply that rambles on for a while, at length.",
                     "And it has a second paragraph that goes on about the same thing once more.",
                     f"Posted by Reader{n} on January 10, 2008 5:58 PM", "Report this comment"]
    # the first reply comes before any button and still reads as the article's; the rest do not
    assert find_article(article + ["Comments"] + comments) == (0, 8)


def test_a_closing_paragraph_signed_by_its_agency_ends_the_story():
    story = [_paragraph(n) for n in range(4)]
    signed = ("On October 18, more than 300 people were sent back by the authorities for entering "
              "the country without papers. PTI")
    after = ["Download Premium WordPress Themes Free", "Related Articles"]
    assert find_body([*story, signed, *after], (0, 3), None) == (0, 4, 1)
    # Not a line announcing a list, nor a script printed as text, nor a title-case line.
    for other in (signed.replace(". PTI", ", as these figures show:"),
                  "<SCRIPT LANGUAGE='JavaScript1.1'>if (document.layers) {document.write('<SCR' + 'IPT "
                  "language=JavaScript1.1 SRC=/Global/ad.asp?type=single&cls1=News&src1=loc&spc=3')}",
                  " ".join(["Premium WordPress Themes Download"] * 6)):
        assert find_body([*story, other, *after], (0, 3), None) == (0, 3, 1)


def test_a_closing_paragraph_cut_off_by_a_paywall_ends_the_story_but_a_teaser_does_not():
    story = [_paragraph(n) for n in range(4)]
    cut = ("The quarterback did not suffer a concussion. Still, the end, who was the first pick of "
           "the draft three years ago, has been suspended without pay by the league for the rest of "
           "the season and may receive further discipline....")
    teaser = "The coach said on Sunday that the team would look at the tape before deciding..."
    after = ["To Read the Full Story", "Subscribe"]
    assert find_body([*story, cut, *after], (0, 3), None) == (0, 4, 1)
    assert find_body([*story, teaser, *after], (0, 3), None) == (0, 3, 1)


def test_the_headline_printed_again_in_other_words_is_no_standfirst():
    # The <title> is the headline; the page's <h1> says it at more length, then a byline and a
    # label sit above the first paragraph: none of that is the story.
    title = "Emirates inks order for 30 Boeing 787 jets, talks expansion plans"
    h1 = "Emirates inks $9 billion order for 30 Boeing 787 jets, will restart plans to expand by 2020s"
    page = [title, "Menu", h1, "Jane Doe", "Key Points", *[_paragraph(n) for n in range(4)]]
    assert find_body(page, (5, 8), 0) == (5, 8, 6)
    # A summary in sentence case under the headline is still its standfirst.
    summary = "A summary of the story that runs on for more than twelve words without a stop"
    assert find_body([title, summary, *[_paragraph(n) for n in range(4)]], (2, 5), 0) == (1, 5, 3)


_STORY = [
    "Nicolas Anelka made his debut for Chelsea yesterday and insisted that it would be his last club.",
    "After his move from Bolton, Anelka played for more than half an hour as a substitute, replacing the injured Claudio Pizarro.",
]
# Other stories' headlines, without a heading over them: a box the page set inside the story.
_BOX = [
    "Davies given chance to fill Anelka void",
    "I'll still keep you up: Anelka joins Chelsea but vows to beat Bolton's rivals",
    "Wenger happy to see Chelsea new boy Anelka back at big club",
    "Grant says he is not scared of the bad boy Anelka",
    "Chelsea get their man as Anelka seals his move from Bolton",
]
_REST = [
    "Juliano Belletti and Shaun Wright-Phillips scored the goals, and Anelka hit the bar late on.",
    "\"This is one of the biggest clubs in the world and I'm glad to get the chance,\" said the Frenchman.",
    "\"It will be my last club.",
    "With Didier Drogba away at the African Cup of Nations, Avram Grant had to bring on Anelka.",
]


def test_a_box_of_headlines_inside_the_story_does_not_cut_it_short():
    page = ["Chelsea's my last stop, says Anelka", *_STORY, "Read more...", *_BOX, *_REST, "Share this article:"]
    assert find_article(page) == (1, len(page) - 2)


def test_a_run_of_script_lines_is_no_box_the_story_runs_across():
    script = ["<SCRIPT LANGUAGE='JavaScript1.1'>if (document.layers) {document.write('<SCR' + 'IPT SRC=/ad.asp?n=%d')"
              % n for n in range(5)]
    promo = ["Have your tax questions answered by our specialist, and receive money-saving tips each week.",
             "Content copyright 2008 by the station and its partners, all rights reserved.",
             "This material may not be published, broadcast, rewritten, or redistributed.",
             "For more information on this site, please read our privacy policy and terms."]
    page = ["Police cruiser stolen at train station fire", *_STORY, *_STORY, *script, *promo]
    assert find_article(page) == (1, 4)


def test_the_notice_closing_a_story_ends_it_wherever_it_stands():
    notice = ("Copyright 2008 Associated Press. All rights reserved. This material may not be "
              "published, broadcast, rewritten or redistributed.")
    story = [_paragraph(n) for n in range(6)]
    # A blog's teaser after the agency's story does not extend it...
    teaser = ["View From Mountains: Townes, Part 1", _paragraph(10), _paragraph(11)]
    assert find_article([*story, notice, "AP News", *teaser]) == (0, 5)
    # ...and a market widget's notice above the story does not end the page before it.
    widget = ["Quotes displayed in real time or delayed by at least 15 minutes, with market data "
              "provided by a vendor of its own and mutual fund data by another one.", notice]
    assert find_article([*widget, *story]) == (2, 7)
