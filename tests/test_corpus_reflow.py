"""Rejoining sentences that flattening split at inline markup."""

from corpus.text.reflow import column_width, rejoin_fragments


def test_lower_case_and_punctuation_continue_an_open_line():
    page = ["HP, as Gizmodo very", "recently", "explained", ", is a complex and rare condition."]
    assert rejoin_fragments(page, [1] * 4) == (
        ["HP, as Gizmodo very recently explained, is a complex and rare condition."], [1], [page])


def test_a_short_inline_title_between_two_pieces_joins_both():
    page = ["My friend handed me", "The Dragon Waiting", ", and it was written by John M. Ford."]
    lines, _, _ = rejoin_fragments(page, [1, 1, 1])
    assert lines == ["My friend handed me The Dragon Waiting, and it was written by John M. Ford."]


def test_finished_sentences_and_capitalised_lines_stay_apart():
    page = ["Home", "News", "The first paragraph ends here.", "then a lower-case menu entry", "Sport"]
    assert rejoin_fragments(page, [1, 2, 1, 1, 1]) == (page, [1, 2, 1, 1, 1], [[line] for line in page])


def test_a_byline_whose_name_was_a_link_is_one_line():
    lines, _, _ = rejoin_fragments(["By", "Sean Martin", "PUBLISHED:"], [1, 1, 1])
    assert lines == ["By Sean Martin", "PUBLISHED:"]


def test_a_paragraph_wrapped_by_hand_in_the_source_is_one_line():
    page = [
        "James Jones and Travis Outlaw added 12 points each for",
        "Portland (18-12). The Trail Blazers, who have not lost since December 2, were led by",
        "22 points from Brandon Roy,",
        "Outlaw's jumper started the fourth quarter.",
    ]
    lines, printed, pieces = rejoin_fragments(page, [1] * 4)
    assert lines == [" ".join(page)]
    assert printed == [1] and pieces == [page]


def test_a_headline_is_not_run_into_the_line_under_it():
    # The headline stops on "more", the byline is a name, the date is furniture: no wrap.
    page = [
        "Amazon discounts MacBooks from $700, AirPods with wireless case $150, more",
        "Trevor Daugherty",
        "New York man pleads guilty to threatening to kill the congresswoman of",
        "Nov. 18, 2019",
        "Stocks Worth Waiting For",
        "Prices fell on Monday.",
    ]
    assert rejoin_fragments(page, [1] * 6)[0] == page


# A press release wrapped at 78 columns: the wrapped lines fix the column's width.
_WIRE = [
    "LAS VEGAS, Jan. 8 /PRNewswire/ -- LG Electronics has introduced three new",
    "series of uniquely styled LCD monitors, three Blu-ray Disc Rewriters and a new",
    "super slim optical drive as part of its expanded 2008 information technology",
    "product portfolio. The products are on display at the 2008 International CES",
    "in the Central Hall, Booth #8214, of the Las Vegas Convention Center and the",
    "show runs through Friday at the Las Vegas Convention Center and the Sands Expo",
    "Convention Center, where LG shows its monitors to buyers from North and South",
    "America.",
]


def test_a_line_that_fills_the_pages_column_runs_on_after_a_name():
    lines, _, pieces = rejoin_fragments(_WIRE, [1] * len(_WIRE))
    assert lines == [" ".join(_WIRE)] and pieces == [_WIRE]


def test_a_short_line_ending_on_a_name_stays_apart_in_a_column():
    # "Read more from Las Vegas" would leave room for "Sands": it ends a line of its own.
    page = _WIRE[:7] + ["America.", "Read more from the show in Las Vegas", "Sands Expo opens on Friday."]
    lines, _, _ = rejoin_fragments(page, [1] * len(page))
    assert lines[1:] == ["Read more from the show in Las Vegas", "Sands Expo opens on Friday."]


def test_a_line_ending_on_a_name_stays_apart_without_a_column():
    page = ["Chelsea were beaten at home by the league leaders on Saturday, said John",
            "Terry Waters is the new manager of the club."]
    assert rejoin_fragments(page, [1, 1])[0] == page


# Reuters copy wrapped near 62 columns; its dateline names the agency, as a credit would.
_REUTERS = [
    "MELBOURNE, Dec 30 (Reuters) - Fifth-seeded Israeli Shahar",
    "Peer overcame a sluggish start before advancing to the second",
    "round of the Australian Hardcourt championships on the Gold",
    "Coast on Sunday.",
    "The world number 17 dropped the first set before finally",
    "overcoming Julie Ditty of the United States to set up a second",
    "round meeting with the Uzbek player who beat her last year and",
    "then went on to win the title at the same tournament in 2007.",
]


def test_a_wire_dateline_that_fills_the_column_runs_on_into_the_name():
    lines, _, _ = rejoin_fragments(_REUTERS, [1] * len(_REUTERS))
    assert lines[0].startswith("MELBOURNE, Dec 30 (Reuters) - Fifth-seeded Israeli Shahar Peer overcame")
    assert lines[0].endswith("Coast on Sunday.") and len(lines) == 2


def test_short_list_items_among_long_paragraphs_make_no_column():
    # Items end near the same length and run on into lower case, but the page's text is wider.
    long = "Increasing your visibility gradually lets you grow into your online role with much less stress."
    items = ["Speaking to someone on a video call", "INTIMIDATING", "Participating in a podcast interview and",
             "then", "Speaking as a member of a panel on", "stage", "Presenting a live webinar to the",
             "members", "Publishing the blog post to the list of", "subscribers"]
    page = items + [long] * 12
    assert column_width(page) is None
    assert rejoin_fragments(page, [1] * len(page))[0][0] == "Speaking to someone on a video call"
