"""Cleaning flattened page text: the headline, byline and body among every line of a page.

- lines.py: what one line looks like (paragraph, headline, boilerplate, caption), driven
  by the data in patterns.py;
- markup.py: HTML left in the text by a page's damaged markup, flattened too;
- reflow.py: sentences that flattening broke at links or italics, joined again;
- headline.py, byline.py: the headline and the author among the lines;
- body.py: where the article runs, and the teasers and boxes around it;
- headings.py: the subheadings among the body's lines, marked;
- tables.py: a table of results or scores that closes the story or is it, one cell or row a line;
- cleaning.py: the stages in order, a role per line, and the clean article (`clean_text`);
  and a crawler's text without its furniture paragraphs and its title printed again
  (`without_furniture`, `without_title`).
"""
