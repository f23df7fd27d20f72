"""Raw HTML pages: bytes to a parsed page, its main content, and its own metadata.

- document.py: the encoding, markup that is never text, parsing with lxml through bs4 (and
  the repair of a page an unclosed <title> swallowed);
- extraction.py: the article's paragraphs among navigation, ads, widgets and comments;
- container.py: which elements hold the article (extraction's scoring of containers);
- metadata.py: title, canonical URL, outlet, date, author and language from the markup.
"""
