"""A new index reader opened and warmed in the background, before a request needs it.

Much of what a search page uses is worked out once per reader and kept while it lives
(indexer/kept.py): every article's outlet and month codes, the date order, the field
lengths, the near-duplicate bands. At a million articles that is seconds, paid by the first
request after each reindex. A `Warmer` watches the live index from a thread of its own;
when it changes, it opens a searcher, asks it the searches that work those out, and hands
it to the service, whose next request takes it instead of opening its own. Before that it
reads the new generation's files into memory (indexer/preload.py), unless told not to.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from indexer.preload import Preloaded, preload
from indexer.search.request import SearchRequest
from indexer.service import SearchService

# How often the live index is looked at, in seconds: a reindex goes live at most this long
# before its reader starts warming.
EVERY_SECONDS = 2.0
_WORD = re.compile(r"\w{4,}")

log = logging.getLogger(__name__)


class Warmer:
    """Warms a reader for `service` whenever the live index changes (`start`), or once
    (`warm`). `preload`: read each new generation into memory when it fits (None), always
    (True) or never (False); `preloaded`: a generation read already (by `newsdesk serve`
    before its workers started)."""

    def __init__(self, service: SearchService, every: float = EVERY_SECONDS, *, preload: bool | None = None,
                 preloaded: Path | None = None) -> None:
        self.service = service
        self.every = every
        self.preload = preload
        self.last_warmed: tuple[Path, object] | None = None  # the live version warmed last (or tried)
        self.last_preloaded: Preloaded | None = None
        self._preloaded = preloaded
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Look at the live index every `every` seconds, in a daemon thread, until `stop`."""
        self._thread = threading.Thread(target=self._watch, name="newsdesk-warmer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()

    def _watch(self) -> None:
        while not self._stopped.is_set():
            try:
                self.warm()
            except Exception:  # a damaged or missing index: requests say so; try again later
                log.exception("could not warm a reader of the live index")
            self._stopped.wait(self.every)

    def warm(self) -> bool:
        """Warm a searcher of the live index unless the one last warmed is still current;
        whether it did."""
        version = self.service.searchers.live_version()
        if version is None or version == self.last_warmed:
            return False
        self.last_warmed = version  # a version that fails to warm is tried once, and said once
        folder = version[0]
        if self.preload is not False and folder != self._preloaded:  # an update's new segments: just written, in memory
            self.last_preloaded = preload(folder, force=bool(self.preload))
            self._preloaded = folder
            log.info("%s", self.last_preloaded.describe())
        # An index read into memory is mapped whole by the searcher warmed for it.
        read = self.last_preloaded is None or not self.last_preloaded.skipped
        self.service.searchers.populate = self.preload is not False and folder == self._preloaded and read
        self.service.searchers.warm(lambda: _ask(self.service))
        return True


def _ask(service: SearchService) -> None:
    """The searches whose per-reader work every page shares: every article newest first (the
    outlet and month codes, the date order, near-duplicate folding) and its coverage chart,
    then a word of the newest headline ranked by relevance (the field lengths)."""
    newest = service.search(SearchRequest())
    service.coverage(SearchRequest())
    words = _WORD.findall(newest.hits[0].title) if newest.hits else []
    if words:
        service.search(SearchRequest(q=max(words, key=len)))
