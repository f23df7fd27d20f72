"""Raw HTML pages: bytes to a parsed page, its main content, and its own metadata.

- document.py: the encoding, markup that is never text, parsing with lxml through bs4;
- extraction.py: the article's paragraphs among navigation, ads, widgets and comments;
- metadata.py: title, canonical URL, outlet, date, author and language from the markup.
"""
