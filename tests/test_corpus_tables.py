"""Tables that close a flattened story: kept, while lists and counters that look like them go."""

import pytest

from corpus.text.cleaning import clean_text
from corpus.text.tables import find_tables, table_after

STORY = """\
Superbike test: Bayliss fastest on day two
By Bryan Harley
The second day of winter tests saw the unveiling of the latest tyres and the lowering of lap times.
Alstare Suzuki's Yukio Kagayama continues to look impressive on his new mount this winter.
It was a scorcher of a day at the circuit, and a hotter track made the lap times harder to lower.
"""
RESULTS = """\
Winter Test - Phillip Island Day 2
1. Bayliss (Ducati) 1'32.2
2. Kagayama (Suzuki) 1'32.3
3. Haga (Yamaha) 1'32.4
4. Fabrizio (Ducati) 1'32.6
5. Xaus (Ducati) 1'32.7
6. Corser (Yamaha) 1'32.7
Print this story
Terms of Use
"""
# A scoreboard: one row per line, labels and lone figures between the rows.
SCOREBOARD = """\
SCOREBOARD
Bangladesh: Tamim Iqbal c Styris b Mason
13 Junaid Siddique b Mills
1 Mohammad Ashraful c Oram b Mason
25 Aftab Ahmed c Sinclair b Vettori
19 Tushar Imran c McCullum b Oram
1 Shakib Al Hasan b Vettori
Total
93
Bowling
Mills 8.5-1-27-2 (2w)
Vettori 6-2-7-5
World News:
Merkel amused by fuss over gender in US presidential race
Six killed in attack on Afghan hotel: interior ministry
"""


def test_a_results_table_closing_the_story_is_kept():
    body = clean_text(STORY + RESULTS).body.split("\n\n")
    assert body[-6:] == ["1. Bayliss (Ducati) 1'32.2", "2. Kagayama (Suzuki) 1'32.3", "3. Haga (Yamaha) 1'32.4",
                         "4. Fabrizio (Ducati) 1'32.6", "5. Xaus (Ducati) 1'32.7", "6. Corser (Yamaha) 1'32.7"]
    assert "Print this story" not in body


def test_a_scoreboard_keeps_its_lone_figures_and_ends_at_the_next_list():
    body = clean_text(STORY + SCOREBOARD).body
    assert "Total\n\n93\n\nBowling" in body and "Vettori 6-2-7-5" in body
    assert "Merkel" not in body


@pytest.mark.parametrize("after", [
    # a ranked list of other stories: running numbers only
    ["Most read", "1. Fire damages club in Albany", "2. Mayor opens new bridge", "3. Storm closes schools",
     "4. Council votes on budget", "5. Team wins title", "6. Zoo welcomes a new panda"],
    # the same list with its numbers on lines of their own
    ["Most read", "1", "Fire damages club in Albany", "2", "Mayor opens new bridge", "3", "Storm closes schools",
     "4", "Council votes on budget", "5", "Team wins title", "6", "Zoo welcomes a new panda"],
    # a rating widget, then the archive's dates
    ["RATE THIS ARTICLE: [1=Poor, 3=Average, 5=Outstanding]", "1", "2", "3", "4", "5", "6", "7"],
    ["Today's News", "Tuesday, 15 January 2008", "Monday, 14 January 2008", "Sunday, 13 January 2008",
     "Saturday, 12 January 2008", "Friday, 11 January 2008", "Thursday, 10 January 2008"],
])
def test_lists_of_numbers_or_dates_are_no_table(after):
    page = STORY.splitlines() + after
    assert table_after(page, 4) == range(5, 5)


MENU = ["Home", "Sport", "Formula 1", "Results", "Contact us", "About us", "Advertise with us"]
SIDEBAR = [
    "Most read",
    "The new season's calendar has been announced with two races more than last year.",
    "Read our columnist's view of the final race and what it means for next season.",
]
# A standings table printed one cell a line, as whole-page text prints a <table>.
STANDINGS = [
    ["1", "Kyle Hart", "5040", "5", "1", "17", "27"],
    ["2", "Martin Truman", "5035", "7", "0", "15", "24"],
    ["3", "Kevin Hale", "5033", "4", "6", "15", "26"],
    ["4", "Denny Holm", "5027", "6", "3", "19", "24"],
    ["5", "Joey Lane", "2380", "2", "3", "12", "21"],
    ["6", "Ryan Blake", "2339", "1", "2", "11", "18"],
]


def test_a_standings_page_is_its_table_under_a_line_of_text():
    cells = [cell for row in STANDINGS for cell in row]
    intro = ["This page always has the championship standings after the latest race.",
             "Bookmark it and come back after every race to see who leads the championship."]
    page = [*MENU, "Championship standings", *intro, "Final standings after 36 races:",
            "Pos.", "Driver", "Points", "Wins", *cells, *MENU[:3], *SIDEBAR]
    body = clean_text("\n".join(page)).body.split("\n\n")
    # The header row's cells too; "0", "1" in a row are two cells, no pager.
    assert body == [*intro, "Final standings after 36 races:", "Pos.", "Driver", "Points", "Wins", *cells]


def test_equal_cells_side_by_side_are_both_kept():
    # A line printed twice in a row is a copy (a caption's alt text, then the caption), but
    # in a table printed one cell a line it is two cells that hold the same figure.
    rows = [*STANDINGS, ["7", "Chris Bell", "2300", "2", "2", "12", "12"]]
    cells = [cell for row in rows for cell in row]
    intro = "These are the championship standings after the latest race of the season."
    found = clean_text("\n".join([*MENU, "Championship standings", intro, *cells, *MENU[:3]]))
    assert found.body.split("\n\n") == [intro, *cells]
    assert "2" not in found.removed and "12" not in found.removed


def test_a_calendar_page_is_its_table():
    rows = [f"Round {n}: {day} {month} - {track}" for n, (day, month, track) in enumerate([
        (10, "March", "Interlagos"), (8, "April", "Curitiba"), (22, "April", "Velopark"),
        (6, "May", "Londrina"), (20, "May", "Santa Cruz do Sul"), (5, "August", "Goiania"),
        (9, "September", "Cascavel"), (21, "October", "Taruma")], start=1)]
    page = [*MENU, "Stock car calendar 2018", *rows, "Share this", *MENU]
    body = clean_text("\n".join(page)).body.split("\n\n")
    assert body == rows


@pytest.mark.parametrize("lines", [
    # a menu's categories with their counts
    ["National leagues (416)", "Albania (3)", "Algeria (2)", "Andorra (4)", "Angola (1)", "Argentina (7)",
     "Armenia (3)", "Australia (4)", "Austria (4)"],
    # a list of dated items, each with its number
    ["(1) The Two Earthquakes, New York Times, 4 January 2008;", "(2) View the speech, 3 January 2008",
     "(3) The Closing of the Mind, Newsweek, 22 December 2007", "(4) The Second War, Penguin, 2007",
     "(5) Inside the Dream Machine, Newsweek, 5 January 2008", "(6) Goodbye to All That, December 2007"],
    # teasers: an age and a comment count, then the headline
    ["14h", "261", "Star Wars Jedi: Fallen Order Around the Office Reviews", "9h", "104",
     "The Producer on the Possibility of a Return", "13h", "267", "Cavill Says He Is Still the Hero",
     "17h", "1715", "Here Are the Nominees for the Awards"],
    # a script printed as text
    ["<SCRIPT>if (document.layers) {document.write(ad(1, 300));}</SCRIPT>"] * 8,
])
def test_menus_dated_lists_teasers_and_scripts_are_no_table_of_their_own(lines):
    assert find_tables(lines) == frozenset()


def test_a_pager_ends_a_table_printed_one_cell_a_line():
    cells = [cell for row in STANDINGS for cell in row]
    page = ["Standings after the final race", *cells, "Page", "1", "2", "3", "4"]
    assert find_tables(page) == frozenset(range(1, len(cells) + 1))
