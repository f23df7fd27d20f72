"""A story: one article and its near-duplicate copies under other outlets (the cluster the
search page folds into "N similar" under it), each copy with its outlet and time, and what
each changed against the earliest copy, in the headline and the first paragraph, word by word.

The copies are those `collapse.copy_docnums` finds, so the story is the set the search page
lists under the article when it is the hit shown. Only the story's own articles are read
from the stored documents, whatever the size of the index. Times are told as who reported
first tells them (first.py): a time of day where the input gave one, the date otherwise,
said in `precision`, a date alone placed after the times of its day; never invented.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from whoosh.searching import Searcher

from corpus.article import heading_text
from indexer.present.first import Precision, lag_label
from indexer.schema.documents import as_naive_utc, parse_published

Kind = Literal["same", "inserted", "deleted"]


@dataclass(frozen=True)
class Segment:
    """A run of words a copy kept, added or removed against the earliest copy."""

    kind: Kind = field(metadata={"description": "same: in both; inserted: only in this copy; "
                                                "deleted: only in the earliest copy."})
    text: str = field(metadata={"description": "The words, separated by single spaces."})


@dataclass(frozen=True)
class StoryCopy:
    """One article of the story: where and when it ran, and what it changed."""

    id: str
    source: str | None = field(metadata={"description": "The outlet; null for an article without one."})
    title: str
    url: str | None
    published: str | None = field(metadata={"description": "The date or datetime as the input gave it (ISO "
                                                           "8601); null when it gave none."})
    precision: Precision | None = field(metadata={
        "description": "time: the input gave a time of day; date only: a day alone, placed after the copies "
                       "with a time that day; null: no date, placed last."})
    at: str | None = field(metadata={"description": "The moment in UTC (YYYY-MM-DDTHH:MM:SSZ) for a time, the "
                                                    "day (YYYY-MM-DD) for a date only; null without a date."})
    lag: str | None = field(metadata={"description": "After the earliest copy, as a person reads it (\"+0 h\", "
                                                     "\"+3 h\", \"same day\", \"+1 day\"); null without a date."})
    first_paragraph: str = field(metadata={
        "description": "The body's first paragraph (subheadings skipped), its spaces made single."})
    title_changes: list[Segment] = field(metadata={
        "description": "The headline against the earliest copy's, word by word; joined by spaces, the "
                       "same and inserted runs give this headline, the same and deleted runs the earliest's."})
    first_paragraph_changes: list[Segment] = field(metadata={
        "description": "The first paragraph against the earliest copy's, in the same way."})
    changed: bool = field(metadata={"description": "Whether the headline or the first paragraph differs from "
                                                   "the earliest copy's (false for the earliest itself)."})


@dataclass(frozen=True)
class Story:
    """The `/api/stories/<id>` document."""

    id: str = field(metadata={"description": "The article asked about."})
    articles: int = field(metadata={"description": "The story's articles: the one asked about and its copies; "
                                                  "1 when it has none."})
    outlets: int = field(metadata={"description": "Distinct outlets among them (articles without one count as "
                                                 "one)."})
    undated: int = field(metadata={"description": "Articles without a date: listed last, with no lag."})
    earliest: str = field(metadata={
        "description": "The id of the copy the others are compared with: the earliest dated one (the one asked "
                       "about when none has a date)."})
    copies: list[StoryCopy] = field(metadata={"description": "Every article of the story, earliest first."})
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def story_of(searcher: Searcher, asked: int, copies: list[int]) -> Story:
    """The story of article `asked` and its `copies` (document numbers), in time order."""
    read = [_Member.read(searcher, docnum) for docnum in (asked, *copies)]
    ordered = sorted(read, key=_Member.order)
    if ordered[0].moment is None:  # no date at all: the article asked about leads, the others compare with it
        ordered = read
    earliest = ordered[0]
    notices = []
    if len(read) == 1:
        notices.append("This article has no copy under another outlet: the story is this article alone.")
    elif earliest.moment is None:
        notices.append("No copy has a date: each is compared with the article asked about.")
    elif any(m.moment is None for m in read):
        undated = sum(m.moment is None for m in read)
        notices.append(f"{undated} of {len(read)} articles {'has' if undated == 1 else 'have'} no date: "
                       "they are listed last, without a lag.")
    return Story(
        id=read[0].stored["id"],
        articles=len(read),
        outlets=len({m.stored.get("source") or None for m in read}),
        undated=sum(m.moment is None for m in read),
        earliest=earliest.stored["id"],
        copies=[member.copy(earliest) for member in ordered],
        notices=notices,
    )


@dataclass(frozen=True)
class _Member:
    """A story's article as read: its stored fields and publication moment."""

    docnum: int
    stored: dict[str, Any]
    moment: datetime | None  # naive UTC; a date alone at the start of its day
    precision: Precision | None

    @classmethod
    def read(cls, searcher: Searcher, docnum: int) -> _Member:
        stored = searcher.stored_fields(docnum)
        given = parse_published(stored.get("published_text"))
        if given is None:
            return cls(docnum, stored, None, None)
        return cls(docnum, stored, as_naive_utc(given), "time" if isinstance(given, datetime) else "date only")

    def order(self) -> tuple[bool, datetime, str, int]:
        """Undated last; a date alone at the end of its day (as who reported first orders
        it); then by outlet, then as indexed."""
        if self.moment is None:
            return True, datetime.min, "", self.docnum
        moment = self.moment if self.precision == "time" else datetime.combine(self.moment.date(), time.max)
        return False, moment, self.stored.get("source") or "", self.docnum

    @property
    def day(self) -> date | None:
        return self.moment.date() if self.moment else None

    def copy(self, earliest: _Member) -> StoryCopy:
        stored, base = self.stored, earliest.stored
        opening, base_opening = first_paragraph(stored.get("body", "")), first_paragraph(base.get("body", ""))
        title_changes = word_changes(base.get("title", ""), stored.get("title", ""))
        opening_changes = word_changes(base_opening, opening)
        return StoryCopy(
            id=stored["id"],
            source=stored.get("source") or None,
            title=stored.get("title", ""),
            url=stored.get("url") or None,
            published=stored.get("published_text") or None,
            precision=self.precision,
            at=self._at(),
            lag=self._lag(earliest),
            first_paragraph=opening,
            title_changes=title_changes,
            first_paragraph_changes=opening_changes,
            changed=any(s.kind != "same" for s in (*title_changes, *opening_changes)),
        )

    def _at(self) -> str | None:
        if self.moment is None:
            return None
        if self.precision == "time":
            return self.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        return self.moment.date().isoformat()

    def _lag(self, earliest: _Member) -> str | None:
        if self.moment is None or earliest.moment is None or self.day is None or earliest.day is None:
            return None
        timed = self.precision == "time" and earliest.precision == "time"
        seconds = int((self.moment - earliest.moment).total_seconds()) if timed else None
        return lag_label(seconds, (self.day - earliest.day).days, first=self.docnum == earliest.docnum)


def first_paragraph(body: str) -> str:
    """The body's first paragraph that is not a subheading, its spaces made single."""
    for paragraph in re.split(r"\n\s*\n", body):
        if paragraph.strip() and heading_text(paragraph.strip()) is None:
            return " ".join(paragraph.split())
    return ""


def word_changes(earliest: str, text: str) -> list[Segment]:
    """`text` against `earliest`, word by word: runs of words kept, deleted and inserted
    (a replaced run is its deleted words, then its inserted ones)."""
    old, new = earliest.split(), text.split()
    # No junk heuristic: it would treat words common in a long paragraph ("the") as noise.
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("deleted", " ".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("inserted", " ".join(new[j1:j2])))
    return segments
