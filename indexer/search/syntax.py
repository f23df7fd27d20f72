"""Reading the query language into a small tree: tolerant of anything a person types.

The grammar (loosest first): alternatives joined by upper-case OR; each alternative is a
run of items that must all match (upper-case AND is allowed and changes nothing); an item
is negated by a leading - or upper-case NOT; an item is a (parenthesised group), a "quoted
phrase", a field term such as title:word or source:"Kyiv Independent", or a word, which may
end in * (prefix) or ~ (fuzzy); a ? closing a word is a question mark. Lower-case and/or/not are ordinary words, and so are
upper-case ones in a query typed all in capitals.

Nothing here raises: unbalanced quotes and brackets, lone operators and stray punctuation
are repaired or dropped, and each repair is reported as a notice the person can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_DEPTH = 8  # nested brackets beyond this are read as if flat

FIELDS = ("title", "body", "source", "author", "since", "until", "date")

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<phrase>["“”„](?P<phrase_text>[^"“”„]*)(?P<phrase_end>["“”]?))
  | (?P<field>(?P<field_name>[A-Za-z]+):(?=\S))
  | (?P<word>[^\s()"“”„]+)
    """,
    re.VERBOSE,
)


@dataclass
class Word:
    text: str
    field: str | None = None


@dataclass
class Phrase:
    text: str
    field: str | None = None


@dataclass
class Group:
    items: list["Node"]
    any: bool = False  # True: at least one item must match (OR); False: all must


@dataclass
class Negated:
    item: "Node"


Node = Word | Phrase | Group | Negated


@dataclass
class Parsed:
    """The tree of a query and what had to be repaired to read it."""

    tree: Group
    notices: list[str] = field(default_factory=list)
    plain: bool = True  # only words (and brackets): no operators, quotes, fields, wildcards


@dataclass
class _Token:
    kind: str  # open, close, phrase, word, or, and, not, minus
    text: str = ""
    field: str | None = None
    closed: bool = True


def parse(text: str) -> Parsed:
    """Read `text` into a tree; never raises."""
    notices: list[str] = []
    tokens = _tokenize(text, notices)
    # Brackets with no operator in them are prose ("the Baath (Renaissance) party"), and so
    # is punctuation standing alone.
    plain = all((t.kind == "word" and t.field is None and not re.search(r"[*?~]", t.text))
                or t.kind in ("open", "close") or (t.kind == "word" and not re.search(r"\w", t.text))
                for t in tokens)
    reader = _Reader(tokens, notices)
    tree = reader.alternatives(depth=0)
    while reader.peek() is not None:  # only an unmatched ")" stops the top level early
        reader.next()
        _notice(notices, "An unmatched “)” was ignored.")
        more = reader.alternatives(depth=0)
        tree = Group([tree, more]) if more.items else tree
    tree = _simplify(tree)
    if len(tree.items) == 1 and isinstance(tree.items[0], Group):
        tree = tree.items[0]
    return Parsed(tree, notices, plain)


def _notice(notices: list[str], message: str) -> None:
    if message not in notices:
        notices.append(message)


def _tokenize(text: str, notices: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    # In a query typed all in capitals (pasted headlines, old wire copy) AND/OR/NOT are words.
    operators = any(c.islower() for c in text)
    pending_field: str | None = None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "field_name":  # lastgroup names the innermost group
            kind = "field"
        if kind in ("phrase_text", "phrase_end"):
            kind = "phrase"
        if kind == "space":
            if pending_field:
                tokens.append(_Token("word", pending_field))
                pending_field = None
            continue
        if kind == "field":
            name = match.group("field_name").lower()
            if name in FIELDS:
                pending_field = name
            else:  # an unknown field: its name is an ordinary word
                tokens.append(_Token("word", match.group("field_name")))
            continue
        if kind == "phrase":
            closed = bool(match.group("phrase_end"))
            if not closed:
                _notice(notices, "A closing quote was missing; the quoted words were searched as a phrase.")
            tokens.append(_Token("phrase", match.group("phrase_text"), pending_field, closed))
        elif kind == "word":
            # A ? opening or closing a word is a question mark ("What is it?"): only a * at
            # the end of a word is a wildcard.
            word = match.group("word")
            if word.strip("?") and "?" not in word.strip("?"):
                word = word.strip("?")
            if pending_field is None and operators and word in ("OR", "AND", "NOT"):
                tokens.append(_Token(word.lower()))
            elif word.startswith("-") and pending_field is None:
                rest = word.lstrip("-")
                # "-word" and "-(" / "-\"" exclude; a dash standing alone is punctuation.
                if rest or text[match.end():match.end() + 1] in ('(', '"', "“", "„"):
                    tokens.append(_Token("minus"))
                if rest:
                    tokens.append(_Token("word", rest))
            else:
                tokens.append(_Token("word", word, pending_field))
        else:
            if pending_field:  # "title:(" : field groups are not supported; the name is a word
                tokens.append(_Token("word", pending_field))
            tokens.append(_Token(kind or "word"))
        pending_field = None
    if pending_field:
        tokens.append(_Token("word", pending_field))
    return tokens


class _Reader:
    def __init__(self, tokens: list[_Token], notices: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.notices = notices

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def next(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def alternatives(self, depth: int) -> Group:
        options: list[Node] = []
        dangling = False
        while True:
            run = self.all_of(depth)
            if run.items:
                options.append(run)
            token = self.peek()
            if token is not None and token.kind == "or":
                self.next()
                dangling = not run.items
                if dangling:
                    _notice(self.notices, "An OR with nothing before it was ignored.")
                continue
            if options and not run.items and self.at > 0 and self.tokens[self.at - 1].kind == "or":
                _notice(self.notices, "An OR with nothing after it was ignored.")
            break
        if len(options) == 1:
            only = options[0]
            return only if isinstance(only, Group) else Group([only])
        return Group(options, any=True)

    def all_of(self, depth: int) -> Group:
        items: list[Node] = []
        while True:
            token = self.peek()
            if token is None or token.kind in ("or", "close"):
                break
            if token.kind == "and":
                self.next()
                continue
            item = self.unary(depth)
            if item is not None:
                items.append(item)
        return Group(items)

    def unary(self, depth: int) -> Node | None:
        token = self.next()
        if token.kind in ("minus", "not"):
            following = self.peek()
            if following is None or following.kind in ("or", "and", "close", "minus", "not"):
                if token.kind == "not":
                    _notice(self.notices, "A NOT with nothing after it was ignored.")
                return None
            inner = self.unary(depth)
            return Negated(inner) if inner is not None else None
        if token.kind == "open":
            if depth >= MAX_DEPTH:
                _notice(self.notices, f"Brackets nested deeper than {MAX_DEPTH} were ignored.")
                return None
            group = self.alternatives(depth + 1)
            closing = self.peek()
            if closing is not None and closing.kind == "close":
                self.next()
            else:
                _notice(self.notices, "A closing bracket was missing; it was assumed at the end.")
            return group if group.items else None
        if token.kind == "phrase":
            return Phrase(token.text, token.field)
        if token.kind == "word":
            return Word(token.text, token.field)
        return None  # "and"/"or" in odd places are handled by the callers


def _simplify(group: Group) -> Group:
    """Unwrap one-item groups so the tree mirrors what was meant."""
    items: list[Node] = []
    for item in group.items:
        if isinstance(item, Group):
            item = _simplify(item)
            if len(item.items) == 1:
                item = item.items[0]
            elif item.any == group.any and not group.any:
                items.extend(item.items)
                continue
        elif isinstance(item, Negated) and isinstance(item.item, Group):
            inner = _simplify(item.item)
            item = Negated(inner.items[0] if len(inner.items) == 1 else inner)
        items.append(item)
    return Group(items, group.any)
