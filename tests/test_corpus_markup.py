"""HTML markup left in flattened text by a page's damaged markup."""

from corpus.text.cleaning import clean_text
from corpus.text.markup import flatten_markup, holds_markup

PARAGRAPHS = [
    "President Bush is urging OPEC nations to put more oil into the world market this week.",
    "In Saudi Arabia today, he told the largest supplier of oil that prices strain the economy.",
    "Saudi Arabia's oil minister says the kingdom will raise production when the market justifies it.",
]


def test_an_article_left_as_markup_in_the_text_is_read_like_any_other():
    # an unclosed <title> kept the rest of the page as text: the story is in <p> lines
    text = "\n".join([
        "Bush urges OPEC to pump more oil", "Home", "<!-- E SF -->", '<div class="story">',
        *[f"<p>{p}</p>".replace("OPEC", '<a href="http://example.com/opec">OPEC</a>') for p in PARAGRAPHS],
        "<script>var ad = 1;</script>", "</div>",
    ])
    body = clean_text(text).body.split("\n\n")
    assert body == PARAGRAPHS


def test_prose_that_mentions_a_tag_is_left_alone():
    text = "Write <b> for bold, or a < b in maths; the <p> tag opens a paragraph."
    assert not holds_markup(text)
    assert flatten_markup(text) == text
