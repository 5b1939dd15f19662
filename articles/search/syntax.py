"""The archive's query language, read by us and rendered for Whoosh's parser.

Users type things like::

    shoigu AND (helicopters OR "arms supply"~5) -cricket headline:floods paki*
    date:2014-01..2014-06 editorial:embankments

We parse that ourselves rather than hand it to Whoosh's parser, because
Whoosh never rejects anything: an unclosed quote or a dangling ``AND`` turns
silently into a different query. Our parser either understands the whole
query or raises ``QuerySyntaxError`` with a reason the page can show; the
caller then searches for the plain words instead. What we render contains only
lower-cased word characters, quotes, parentheses and operators we chose, so
nothing the user types can reach Whoosh as syntax.

``date:`` clauses are not rendered at all: they become the same date filter
as the page's From/To fields (local days, see ``query._day_bounds``), which
keeps a date typed in the query and a date picked in the form identical.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from whoosh.analysis import StemmingAnalyzer

# The index's own tokenizer: what counts as one word in a document.
WORD_RE = re.compile(r"\w+(?:\.?\w+)*")
_analyzer = StemmingAnalyzer()

# Query field name → index field. None means "headline and text" (the default).
TEXT_FIELDS = {
    "headline": "headline",
    "title": "headline",
    "byline": "byline",
    "dateline": "dateline",
    "caption": "caption",
    "body": "text",
    "text": "text",
    "editorial": None,
}
# Keyword fields take one slug-like value each.
KEYWORD_FIELDS = {"topic": "topics", "country": "countries", "type": "type"}
KEYWORD_VALUE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OPERATORS = {"AND", "OR", "NOT", "&&", "||"}
MAX_SLOP = 50
# The phrase clause added to multi-word queries (see ``render``).
PHRASE_BOOST = 2.0


class QuerySyntaxError(ValueError):
    """The query is not valid search syntax; ``str()`` says why, for the user."""


# -- the tree ---------------------------------------------------------------


@dataclass
class Term:
    text: str  # lower-cased, word characters only
    field: str | None = None  # index field; None = the default fields
    prefix: bool = False
    fuzzy: int = 0  # maximum edit distance, 0 = exact
    span: tuple = (0, 0)  # where the word is in the user's query
    # Close spellings searched as well, found in the index beforehand (see
    # ``spelling.expand_rare_terms``): plain words, so no lexicon scan later.
    alternatives: tuple = ()

    def render(self):
        if self.alternatives:
            words = " OR ".join((self.text, *self.alternatives))
            return f"{self.field}:({words})" if self.field else f"({words})"
        out = f"{self.field}:" if self.field else ""
        out += self.text + ("*" if self.prefix else "")
        if self.fuzzy:
            # Prefix length 1: the first letter is always right, which keeps
            # the expansion small (and names rarely go wrong at the start).
            out += f"~{self.fuzzy}/1"
        return out


@dataclass
class Phrase:
    words: list
    slop: int = 1
    field: str | None = None

    def render(self):
        out = f"{self.field}:" if self.field else ""
        out += '"' + " ".join(self.words) + '"'
        if self.slop > 1:
            out += f"~{self.slop}"
        return out


@dataclass
class Keyword:
    field: str
    value: str

    def render(self):
        return f"{self.field}:{self.value}"


@dataclass
class And:
    parts: list

    def render(self):
        return "(" + " AND ".join(p.render() for p in self.parts) + ")"


@dataclass
class Or:
    parts: list

    def render(self):
        return "(" + " OR ".join(p.render() for p in self.parts) + ")"


@dataclass
class Not:
    part: object

    def render(self):
        return f"(NOT {self.part.render()})"


@dataclass
class DateRange:
    start: datetime.date | None
    end: datetime.date | None
    text: str = ""

    def render(self):  # pragma: no cover - date clauses are filters, never rendered
        raise AssertionError("date clauses are applied as filters")


@dataclass
class ParsedQuery:
    """The outcome of reading a user's query."""

    tree: object | None  # None: nothing to match on (empty, or only a date)
    dates: list = field(default_factory=list)  # DateRange clauses (all must hold)
    fallback_reason: str = ""  # set when the syntax was invalid and words were used
    date_spans: list = field(default_factory=list)

    @property
    def start(self):
        starts = [d.start for d in self.dates if d.start]
        return max(starts) if starts else None

    @property
    def end(self):
        ends = [d.end for d in self.dates if d.end]
        return min(ends) if ends else None


# -- reading ----------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<phrase>"[^"]*"(?:~[^\s()"]*)?)
  | (?P<quote>")
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


@dataclass
class Token:
    kind: str
    text: str
    start: int
    end: int


def tokenize(query):
    tokens = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "quote":
            raise QuerySyntaxError("a quotation mark is not closed")
        text = match.group()
        if kind == "word" and text in OPERATORS:
            kind = {"&&": "AND", "||": "OR"}.get(text, text)
        tokens.append(Token(kind, text, match.start(), match.end()))
    return tokens


def _words(text):
    return [w.lower() for w in WORD_RE.findall(text)]


def _parse_day(text, *, end):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` → first (or last) day of that period."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not match:
        raise QuerySyntaxError(f"“{text}” is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, last if end else 1)
        return datetime.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise QuerySyntaxError(f"“{text}” is not a date") from exc


def parse_date_range(text):
    if ".." in text:
        low, _, high = text.partition("..")
        if not low and not high:
            raise QuerySyntaxError("a date range needs at least one end")
        start = _parse_day(low, end=False) if low else None
        end = _parse_day(high, end=True) if high else None
    else:
        start, end = _parse_day(text, end=False), _parse_day(text, end=True)
    if start and end and start > end:
        raise QuerySyntaxError(f"the date range “{text}” ends before it starts")
    return DateRange(start, end, text)


class _Reader:
    def __init__(self, query):
        self.query = query
        self.tokens = tokenize(query)
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self):
        if not self.tokens:
            return None
        node = self.or_expr()
        if self.peek() is not None:
            token = self.peek()
            if token.kind == "rparen":
                raise QuerySyntaxError("a closing parenthesis has no opening one")
            raise QuerySyntaxError(f"unexpected “{token.text}”")  # pragma: no cover
        return node

    def or_expr(self):
        parts = [self.and_expr()]
        while self.peek() is not None and self.peek().kind == "OR":
            self.take()
            parts.append(self.and_expr())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(parts)

    def and_expr(self):
        parts = []
        expect_operand = True
        while True:
            token = self.peek()
            if token is None or token.kind in ("OR", "rparen"):
                if expect_operand:
                    if token is None and not parts and self.pos == 0:
                        return None
                    raise QuerySyntaxError(self._dangling(token))
                break
            if token.kind == "AND":
                if expect_operand:
                    raise QuerySyntaxError("“AND” needs a word on each side")
                self.take()
                expect_operand = True
                continue
            parts.append(self.unary())
            expect_operand = False
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def _dangling(self, token):
        previous = self.tokens[self.pos - 1] if self.pos else None
        if previous is not None and previous.kind in ("AND", "OR", "NOT"):
            return f"“{previous.kind}” needs a word after it"
        if token is not None and token.kind == "OR":
            return "“OR” needs a word on each side"
        return "a pair of parentheses is empty"

    def unary(self):
        token = self.peek()
        if token.kind == "NOT":
            self.take()
            if self.peek() is None or self.peek().kind in ("AND", "OR", "rparen"):
                raise QuerySyntaxError("“NOT” needs a word after it")
            inner = self.unary()
            return Not(inner) if inner is not None else None
        following = self.tokens[self.pos + 1] if self.pos + 1 < len(self.tokens) else None
        if (
            token.kind == "word"
            and token.text == "-"
            and following is not None
            and following.start == token.end
            and following.kind in ("phrase", "lparen")
        ):
            # -"a phrase" and -(a group)
            self.take()
            inner = self.primary()
            return Not(inner) if inner is not None else None
        if token.kind == "word" and token.text.startswith("-") and len(token.text) > 1:
            # "-word": leave the word out. Rewrite the token in place so the
            # rest ("-headline:x", "-paki*") reads as usual.
            self.tokens[self.pos] = Token("word", token.text[1:], token.start + 1, token.end)
            inner = self.primary()
            return Not(inner) if inner is not None else None
        return self.primary()

    def primary(self, field=None):
        token = self.take()
        if token.kind == "lparen":
            if self.peek() is None:
                raise QuerySyntaxError("a parenthesis is not closed")
            node = self.or_expr()
            closing = self.take()
            if closing is None or closing.kind != "rparen":
                raise QuerySyntaxError("a parenthesis is not closed")
            return _with_field(node, field)
        if token.kind == "rparen":
            raise QuerySyntaxError("a closing parenthesis has no opening one")
        if token.kind in ("AND", "OR", "NOT"):
            raise QuerySyntaxError(f"“{token.kind}” needs a word on each side")
        if token.kind == "phrase":
            return self.phrase(token, field)
        return self.word(token, field)

    def phrase(self, token, field):
        body, _, slop_text = token.text[1:].partition('"')
        slop = 1
        if slop_text:
            match = re.fullmatch(r"~(\d{1,3})", slop_text)
            if not match:
                raise QuerySyntaxError(
                    f"“{slop_text}” after a phrase must be ~ and a number of words, like ~5"
                )
            slop = min(max(int(match.group(1)), 1), MAX_SLOP)
        words = _words(body)
        if not words:
            return None
        if len(words) == 1 and slop == 1:
            return Term(words[0], field=field, span=(token.start, token.end))
        return Phrase(words, slop=slop, field=field)

    def word(self, token, field):
        text = token.text
        name, colon, value = text.partition(":")
        if colon and field is None:
            lowered = name.lower()
            if lowered == "date":
                if not value:
                    raise QuerySyntaxError("“date:” needs a date or a range, like 2014-01..2014-06")
                return parse_date_range(value)
            if lowered in KEYWORD_FIELDS:
                value = value.lower()
                if not KEYWORD_VALUE.fullmatch(value):
                    raise QuerySyntaxError(f"“{text}” needs a value such as {lowered}:defence")
                return Keyword(KEYWORD_FIELDS[lowered], value)
            if lowered in TEXT_FIELDS:
                target = TEXT_FIELDS[lowered]
                if value:
                    inner_token = Token("word", value, token.start + len(name) + 1, token.end)
                    node = self.word(inner_token, target or "")
                else:
                    following = self.peek()
                    if (
                        following is None
                        or following.start != token.end
                        or following.kind not in ("phrase", "lparen")
                    ):
                        raise QuerySyntaxError(f"“{name}:” needs a word, a phrase or a group")
                    node = self.primary(field=target or "")
                if lowered == "editorial" and node is not None:
                    return And([Keyword("type", "editorial"), node])
                return node
            # Not one of ours ("10:30", "http://…"): just words.
        field = field or None
        fuzzy = 0
        base = text
        if "~" in base:
            base, _, distance = base.partition("~")
            if distance not in ("", "1", "2"):
                raise QuerySyntaxError(
                    f"“{text}”: use word~ or word~1 / word~2 for close spellings"
                )
            fuzzy = int(distance or 2)
        prefix = base.endswith("*")
        if prefix:
            base = base[:-1]
        if "*" in base:
            raise QuerySyntaxError("a * can only end a word (paki* finds Pakistan, Pakistani…)")
        words = _words(base)
        if not words:
            if prefix or fuzzy:
                raise QuerySyntaxError(f"“{text}” has no letters before the * or ~")
            return None
        if len(words) > 1:
            if prefix or fuzzy:
                raise QuerySyntaxError(f"“{text}”: * and ~ work on a single word")
            # "counter-terrorism", "al-Qaeda": the parts next to each other.
            return Phrase(words, field=field)
        if prefix and len(words[0]) < 2:
            raise QuerySyntaxError("a * needs at least two letters before it")
        return Term(
            words[0], field=field, prefix=prefix, fuzzy=fuzzy, span=(token.start, token.end)
        )


def _with_field(node, field):
    """Apply ``headline:( … )`` to every word inside the group."""
    if node is None or field is None:
        return node
    field = field or None
    for leaf in walk(node):
        if isinstance(leaf, Term | Phrase) and leaf.field is None:
            leaf.field = field
        if isinstance(leaf, DateRange):
            raise QuerySyntaxError("“date:” cannot be inside a field")
    return node


def walk(node):
    """Every node of the tree (pre-order)."""
    if node is None:
        return
    yield node
    if isinstance(node, And | Or):
        for part in node.parts:
            yield from walk(part)
    elif isinstance(node, Not):
        yield from walk(node.part)


def positive_terms(node, negated=False):
    """Terms that must or may match, not those under NOT."""
    if isinstance(node, Term) and not negated:
        yield node
    elif isinstance(node, And | Or):
        for part in node.parts:
            yield from positive_terms(part, negated)
    elif isinstance(node, Not):
        yield from positive_terms(node.part, not negated)


def _split_dates(tree):
    """Take top-level ``date:`` clauses out of the tree; refuse them anywhere else."""
    if isinstance(tree, DateRange):
        return None, [tree]
    dates, rest = [], []
    if isinstance(tree, And):
        for part in tree.parts:
            (dates if isinstance(part, DateRange) else rest).append(part)
        tree = None if not rest else rest[0] if len(rest) == 1 else And(rest)
    if any(isinstance(node, DateRange) for node in walk(tree)):
        raise QuerySyntaxError(
            "“date:” narrows the whole query; it cannot go inside OR, NOT or ( )"
        )
    return tree, dates


def parse(query):
    """Read ``query``; raise ``QuerySyntaxError`` if it is not valid syntax."""
    tree, dates = _split_dates(_Reader(query).parse())
    return ParsedQuery(tree=tree, dates=dates)


def keywords(query):
    """The fallback: every word of the query, all required (like a plain search)."""
    terms = []
    for match in WORD_RE.finditer(query):
        terms.append(Term(match.group().lower(), span=(match.start(), match.end())))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(terms)


def read(query):
    """Parse ``query``, falling back to its plain words when the syntax is invalid."""
    try:
        return parse(query)
    except QuerySyntaxError as exc:
        return ParsedQuery(tree=keywords(query), fallback_reason=str(exc))
    except RecursionError:
        # Thousands of nested parentheses: not a query anyone means.
        return ParsedQuery(tree=keywords(query), fallback_reason="too many nested parentheses")


def stem(word):
    tokens = [t.text for t in _analyzer(word)]
    return tokens[0] if tokens else None


def phrase_clause(tree):
    """A phrase of the query's plain top-level words, to rank exact phrases first.

    For ``arms supply`` the rendered query becomes
    ``(arms AND supply) ANDMAYBE "arms supply"^2``: the same documents match,
    but those with the words side by side score higher.
    """
    parts = tree.parts if isinstance(tree, And) else [tree]
    words = [
        p.text
        for p in parts
        if isinstance(p, Term) and p.field is None and not p.prefix and not p.fuzzy
    ]
    if len(words) < 2:
        return None
    return f'"{" ".join(words)}"^{PHRASE_BOOST:g}'


def render(tree, *, boost_phrase=True):
    """The Whoosh query string for ``tree``, parenthesised so it can be ANDed with filters."""
    if tree is None:
        return ""
    rendered = tree.render()
    clause = phrase_clause(tree) if boost_phrase else None
    if clause:
        rendered = f"{rendered} ANDMAYBE {clause}"
    return f"({rendered})"


def without_negations(tree):
    """The tree minus its NOT branches: the words a snippet should mark."""
    if isinstance(tree, Not):
        return None
    if isinstance(tree, And | Or):
        parts = [p for p in (without_negations(part) for part in tree.parts) if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(tree)(parts)
    if isinstance(tree, Keyword):
        return None
    return tree


def replace_spans(query, replacements):
    """``query`` with each (start, end) span replaced, for "Did you mean"."""
    out, last = [], 0
    for (start, end), text in sorted(replacements.items()):
        out.append(query[last:start])
        out.append(text)
        last = end
    out.append(query[last:])
    return "".join(out)
