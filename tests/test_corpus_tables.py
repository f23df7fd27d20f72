"""Tables that close a flattened story: kept, while lists and counters that look like them go."""

import pytest

from corpus.text.cleaning import clean_text
from corpus.text.tables import table_after

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
