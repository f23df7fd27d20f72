"""Hand-made pages of the layouts where extraction used to pick the wrong text (issue 18's
failure classes): each is parsed and extracted for real, and the story must be the body."""

from corpus.readers.html import extract_page

STORY = [
    "Munich - German league leaders Bayern Munich expect their coach to leave at the end of the "
    "season, with reports linking him with the Swiss national team.",
    "German media reported on Wednesday that the coach had been talking over the festive period "
    "with a Swiss team official, who would neither confirm nor deny it.",
    "The coach, 58, is being seen as a successor to the current Swiss coach, whose contract ends "
    "after the European championship in the summer.",
]
FOOTER = (
    "The views expressed in the articles are not necessarily those of this site, and we accept no "
    "responsibility for the views or opinions expressed in the articles, either direct or indirect."
)


def body_of(html: str) -> str:
    return extract_page(html.encode("utf-8")).body


def test_story_in_font_runs_between_empty_paragraphs_beats_a_footer_paragraph():
    # An old table layout: the story is loose text in <font>, paragraphs marked by empty <p></p>.
    runs = "<p></p>".join(STORY)
    html = (
        "<html><head><title>Bayern coach to leave</title></head><body><table>"
        f"<tr><td><div align='justify'><font size='2'>{runs}</font></div></td></tr>"
        f"<tr><td><p>{FOOTER}</p></td></tr></table></body></html>"
    )
    body = body_of(html)
    assert STORY[0] in body and STORY[2] in body
    assert FOOTER not in body


def test_story_in_br_lines_of_a_span_beats_a_poll_question():
    lines = "<br><br>".join(STORY)
    html = (
        "<html><head><title>Bayern coach to leave</title></head><body><table><tr><td>"
        "<table><tr><td><img src='a.jpg'><div>A caption</div></td></tr></table>"
        f"<span id='lblBody' style='font-size:10pt'>{lines}</span></td></tr>"
        f"<tr><td><p>{FOOTER}</p></td></tr></table></body></html>"
    )
    body = body_of(html)
    assert body.split("\n\n")[-3:] == STORY  # each <br> line a paragraph (a caption may come first)
    assert FOOTER not in body


def test_a_page_swallowed_by_an_unclosed_title_is_repaired():
    # The crawl lost "</title>": a standards-following parser puts the whole page in the title.
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    filler = "<div class='nav'>" + "<a href='/x'>Section</a> " * 60 + "</div>"
    html = (f"<html><head><title>Bayern coach to leave</titlevalue='true' -->\n</head><body>{filler}"
            f"<div class='story'>{paragraphs}</div></body></html>")
    assert body_of(html) == "\n\n".join(STORY)


def test_a_page_swallowed_by_a_title_without_its_head_and_body_tags_is_repaired():
    # The crawl lost bytes from "</title>" on, "</head><body>" included.
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = (f"<html><head><title>Bayern coach to leave<meta name='x' content='y'>"
            f"<div class='story'>{paragraphs}</div></html>")
    found = extract_page(html.encode())
    assert (found.title, found.body) == ("Bayern coach to leave", "\n\n".join(STORY))


def test_a_page_without_body_tag_opening_with_an_unknown_element_is_read():
    # lxml keeps such a page in <head>, where nothing is article text.
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = (f"<html><head><title>Bayern coach to leave</title><meta name='x' content='y'>"
            f"<mbox><table><tr><td><div class='story'>{paragraphs}</div></td></tr></table></mbox></html>")
    assert body_of(html) == "\n\n".join(STORY)


def _comments(n: int) -> str:
    said = ("I have followed this club for twenty years, and I have never seen a coach leave on "
            "better terms, whatever the papers say about the money involved.")
    return "".join(f"<div class='item'><p>{said} ({i})</p><p class='credit'>Posted by: reader{i}</p></div>"
                   for i in range(n))


def test_a_long_comment_section_under_a_short_story_is_dropped():
    # The comments hold more text than the story; their section must not protect itself by size.
    html = (
        "<html><body><div id='contentbody'>" + "".join(f"<p>{p}</p>" for p in STORY)
        + f"<div class='comment_container'><div id='readerComments'><h4>Comments</h4>{_comments(12)}"
        "</div></div></div></body></html>"
    )
    assert body_of(html) == "\n\n".join(STORY)


def test_class_names_in_camel_case_are_read_as_words():
    html = ("<html><body><div class='storyBody'>" + "".join(f"<p>{p}</p>" for p in STORY)
            + "<p class='commentOdd'>Great story, thanks for sharing it with all of us here.</p>"
            + "<div class='shareBar'><p>Share this article with your friends and family</p></div>"
            "</div></body></html>")
    assert body_of(html) == "\n\n".join(STORY)


def test_a_table_layout_with_one_body_text_cell_per_paragraph_is_read_whole():
    # One long paragraph outscores the others' rows put together: the row alone used to win.
    long = " ".join([STORY[1]] * 8)
    story = [STORY[0], long, STORY[2]]
    rows = "".join(f"<tr><td class='bodyText'>{p}</td></tr>" for p in story[:2])
    ad_row = "<tr><td><center><a href='/ad'><img src='ad.gif' alt='Click here'></a></center></td></tr>"
    last = f"<tr><td class='bodyText'>{STORY[2]}</td></tr>"
    html = (
        "<html><body><table><tr><td><a href='/'>Home</a> <a href='/news'>News</a></td></tr></table>"
        f"<table width='500'>{rows}{ad_row}{last}</table>"
        "<table><tr><td class='footer'><a href='/about'>About us</a></td></tr></table></body></html>"
    )
    assert body_of(html) == "\n\n".join(story)


def test_a_story_split_around_images_is_kept_past_the_first_image():
    # Text blocks between image blocks; the first carries a modifier class of its own.
    long = " ".join([STORY[1]] * 3)
    image = ("<div class='article__block article__block_image'><figure><img src='a.jpg'>"
             "<figcaption>A caption</figcaption></figure></div>")
    html = (
        "<html><body><div class='layout'><div class='article__content'>"
        f"<div class='article__block'><div class='block-text block-text_initial-letter'><p>{STORY[0]}</p></div></div>"
        f"{image}<div class='article__block'><div class='block-text'><p>{long}</p></div></div>"
        f"{image}<div class='article__block'><div class='block-text'><p>{STORY[2]}</p></div></div>"
        "</div><div class='teasers'><p><a href='/other'>Another story entirely, about something else</a></p></div>"
        "</div></body></html>"
    )
    assert body_of(html) == "\n\n".join([STORY[0], long, STORY[2]])


def test_a_short_block_named_content_does_not_outweigh_the_story():
    header = ("<div class='content-row'><h1>Bayern coach to leave</h1>"
              "<p>Article from: AAP, Munich bureau, sports desk</p></div>")
    html = (
        f"<html><body><div class='page'>{header}<div class='split-page'><div id='big' class='lead'>"
        + "".join(f"<p>{p}</p>" for p in STORY) + "</div></div></div></body></html>"
    )
    assert body_of(html) == "\n\n".join(STORY)


def test_a_comment_form_is_dropped_but_a_page_wide_form_is_read():
    form = ("<form action='/comment'><table><tr><td>Your Name (Will appear below your comment.)</td>"
            "<td><input name='n'></td></tr><tr><td>Comment (Please note: comment moderation is enabled "
            "and may delay your comment, so there is no need to resubmit it.)</td>"
            "<td><textarea name='c'></textarea></td></tr></table></form>")
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"<html><body><div class='content'>{paragraphs}{form}</div></body></html>"
    assert body_of(html) == "\n\n".join(STORY)
    # Some sites wrap the whole page, story included, in one form with a search box.
    whole = f"<html><body><form action='/page.aspx'><div>{paragraphs}{paragraphs}</div><textarea></textarea></form></body></html>"
    assert body_of(whole) == "\n\n".join(STORY + STORY)


def test_a_block_named_content_around_the_comments_does_not_outweigh_the_story():
    # The comments' length must not lend their wrapper a content-named class's full weight.
    header = "<div class='content-row'><p class='link'>Email this article to a friend, or print it</p></div>"
    comments = (f"<div class='content-row'><div class='story-comments'>{_comments(6)}</div>"
                "<p>Search for more stories on this topic in <a href='/archive'>our news archive</a></p>"
                "</div>")
    html = (
        f"<html><body><div class='page'>{header}<div class='split-page'><div id='big' class='lead'>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "<div class='share'><a href='/a'>Bookmark</a> <a href='/b'>"
        "Digg this story and tell your friends about it</a> <a href='/c'>Subscribe to the feed</a></div>"
        f"</div></div>{comments}</div></body></html>"
    )
    assert body_of(html) == "\n\n".join(STORY)


def test_boxes_in_the_article_style_that_no_paragraph_votes_for_are_left_out():
    # The site prints its publisher's note in cells of the article's class under every story.
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    note = "".join(f"<tr><td class='ArticleText'><font size='2'>{line}<br></font></td></tr>" for line in (
        "A publication by the Path Publishing Group.", "Our online news publishes a local news story daily."))
    html = (f"<html><body><table><tr><td class='ArticleText'>{paragraphs}</td></tr></table>"
            f"<table>{note}</table></body></html>")
    assert body_of(html) == "\n\n".join(STORY)


def test_a_sibling_scored_only_through_boxes_nested_in_it_is_left_out():
    # Teasers of other stories, each in a box of its own, below the story in its column.
    teaser = ("<div class='item'><span>At the fair in Las Vegas I had the chance to speak with a lot of "
              "different makers and sellers <a href='/more'>Read more</a></span></div>")
    html = ("<html><body><div class='column'><div class='content'>" + "".join(f"<p>{p}</p>" for p in STORY)
            + f"</div><div class='bottom'><div class='teasers'>{teaser * 8}</div></div></div></body></html>")
    assert body_of(html) == "\n\n".join(STORY)


# A story's worth of text (MIN_STORY_CHARS), before which a comment section cannot start.
LONGER_STORY = [*STORY, "The club's board is expected to meet on Friday to discuss the succession, and a "
                "decision could come before the winter break, officials said."]
COMMENTS = [
    "What a marvellous opportunity for him. He can learn more styles of play abroad and come back "
    "in six or seven years ready to manage a national side.",
    "Posted by Idealist on January 10, 2008 5:58 PM",
    "They can have ours for free, and we would pay for the bus.",
    "Posted by rupert on January 10, 2008 5:15 PM",
]


def test_comments_after_their_empty_anchor_in_the_story_container_are_left_out():
    # Nothing names the comments but the anchor the page's "comments" links jump to.
    story = "".join(f"<p class='story'>{p}</p>" for p in LONGER_STORY)
    comments = "".join(f"<p class='story'>{p}</p>" for p in COMMENTS)
    html = (f"<html><head><title>Bayern coach to leave</title></head><body><div>{story}"
            f"<a name='comments'></a><div class='yvhd'>Talk about it</div>{comments}</div></body></html>")
    assert body_of(html) == "\n\n".join(LONGER_STORY)


def test_comments_after_a_comments_heading_in_the_story_container_are_left_out():
    paragraphs = "".join(f"<p>{p}</p>" for p in [*LONGER_STORY, "Comments are now closed for this story", *COMMENTS])
    html = f"<html><head><title>Bayern coach to leave</title></head><body><div>{paragraphs}</div></body></html>"
    assert body_of(html) == "\n\n".join(LONGER_STORY)


def test_a_comments_anchor_or_heading_before_the_story_cuts_nothing():
    # Before a story's worth of text, the anchor is a link target in the page's header and the
    # heading a line of the story ("Have your say" opening a call for readers' stories).
    paragraphs = "".join(f"<p>{p}</p>" for p in ["Have your say", *STORY])
    html = (f"<html><head><title>Bayern coach to leave</title></head><body><div><a name='comments'></a>"
            f"{paragraphs}</div></body></html>")
    assert body_of(html) == "\n\n".join(["Have your say", *STORY])


def test_a_story_in_the_second_of_two_pages_saved_in_one_file_is_found():
    # A frame's page saved after its parent's: two <html> documents, the story in the second.
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = ("<html><head><title>Sports</title></head><body><div>Tuesday 15th of January 2008</div>"
            "</body></html>\n<!DOCTYPE HTML PUBLIC '-//W3C//DTD HTML 4.01 Transitional//EN'>"
            f"<html><head><title>Bayern coach to leave</title></head><body><div>{paragraphs}</div>"
            "</body></html>")
    assert body_of(html) == "\n\n".join(STORY)


def test_a_doctype_or_processing_instruction_printed_inside_the_story_is_not_text():
    # A page assembled from parts: an included part brings its own doctype into the body.
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = ("<html><head><title>Bayern coach to leave</title></head><body><div>"
            "<!DOCTYPE HTML PUBLIC '-//W3C//DTD HTML 4.01 Transitional//EN'>"
            f"{paragraphs}<?php include('footer.php'); ?></div></body></html>")
    assert body_of(html) == "\n\n".join(STORY)


def test_an_empty_paragraph_holding_a_zero_width_space_is_no_paragraph():
    paragraphs = "<p>\u200b</p>".join(f"<p>{p}</p>" for p in STORY)
    html = f"<html><head><title>Bayern coach to leave</title></head><body><div>{paragraphs}</div></body></html>"
    assert body_of(html) == "\n\n".join(STORY)


def test_small_boxes_of_the_containers_kind_elsewhere_on_the_page_are_left_out():
    # A portal prints every box as "module-content": the story's, and each section's teaser.
    story = "".join(f"<p>{p}</p>" for p in [*STORY, *STORY])
    teasers = "".join(
        f"<div class='module'><h3>{section}</h3><div class='module-content'><p>{teaser}</p></div></div>"
        for section, teaser in [("Business", "The company emerged from its trading halt with more bad news."),
                                ("The Nation", "The minister has chosen to scrap the panel of advisers, again."),
                                ("Opinion", "Health ministers need to ask how the free system can cope, now.")])
    html = (f"<html><head><title>Bayern coach to leave</title></head><body><div class='module'>"
            f"<div class='module-content'>{story}</div></div>{teasers}</body></html>")
    assert body_of(html) == "\n\n".join([*STORY, *STORY])


def test_the_story_right_under_its_headline_beats_a_longer_discussion_further_down():
    # An old table layout: the story is <br> paragraphs in the cell under the headline's; the
    # readers' posts further down are spans that no class or id names as comments, and
    # without the headline they would outscore the story.
    story = "<br><br>".join(LONGER_STORY)
    said = [COMMENTS[0], "They can have ours for free, and we would pay for the bus.",
            "They can have ours for free, and we would pay for the bus, the petrol and the lunch.",
            "Good riddance, I say, and good luck to the Swiss with him."]
    posts = "".join(f"<span class='q_name'>{p}</span><span class='q'>Reader{n}</span><br><br>"
                    for n, p in enumerate(said))
    html = ("<html><head><title>Sports - Bayern coach to leave</title></head><body><table>"
            "<tr><td class='title'>Bayern coach to leave</td></tr>"
            f"<tr><td class='top'>{story}</td></tr></table>"
            "<table><tr><td>What you think...</td></tr>"
            f"<tr><td><div class='scroller'>{posts}</div></td></tr></table></body></html>")
    assert body_of(html) == "\n\n".join(LONGER_STORY)


def test_a_story_in_one_paragraph_cut_by_blank_lines_beats_a_teaser_box():
    # Each <br><br> part of the one <p> votes as a paragraph: voting once, the story lost to
    # the box of other news below it, whose teasers each vote.
    paragraphs = STORY + [
        "The club's board, which meets on Friday, is expected to name his successor before the "
        "winter break, a spokesman said.",
        "Bayern lead the table by six points after a run of nine wins, their best start since the "
        "title season of the early 2000s.",
        "Their coach, asked about the reports after training, said only that he was happy, that "
        "the team was playing well and that he would talk about his future in the spring.",
    ]
    story = "<br><br>".join(paragraphs)
    teasers = "".join(
        f"<div class='entry'><h2><a href='/news/{i}'>Other story {i}</a></h2>"
        f"Scientists speaking in Washington said on Thursday that the mission would go ahead as "
        f"planned, and that the crew of three had been told to...</div>"
        for i in range(3))
    html = (
        "<html><head><title>Bayern coach to leave</title></head><body>"
        "<table class='box'><tr><td class='content'><div class='newsEntry'><span>"
        f"<p>{story}</p></span></div></td></tr></table>"
        f"<table class='box'><tr><td><h1>Other News</h1></td></tr><tr><td class='content'>{teasers}</td></tr></table>"
        "</body></html>"
    )
    assert body_of(html) == "\n\n".join(paragraphs)
