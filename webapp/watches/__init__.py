"""Saved searches on the web: the JSON API, the Atom feeds and the pages.

- answers.py: the JSON answers (a saved search with its feed's address, the list, a removal);
- guard.py: who may save and remove: the operator's write token, and CSRF tokens on forms;
- feed.py: a saved search's new matches as an Atom feed (feedgen);
- api.py: /api/watches[/<name>] and /feeds/<name>.atom;
- pages.py: the saved searches' page, and saving or removing one from a form.
"""

from webapp.watches.api import bp as api_bp
from webapp.watches.guard import install
from webapp.watches.pages import bp as pages_bp

__all__ = ["api_bp", "install", "pages_bp"]
