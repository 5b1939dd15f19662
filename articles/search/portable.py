"""The search page on a haystack backend other than ours (a search server via SEARCH_URL).

Our Whoosh backend is handed the query rendered in Whoosh's syntax, checked
by its own parser, with rare words widened to their close spellings from its
lexicon (``query.prepare``). Elasticsearch and Solr speak other syntaxes and
have no Whoosh reader, so there the parsed query goes to haystack as ``SQ``
objects, which each backend writes and escapes in its own syntax, and the
page asks only for what every haystack backend offers: field and date
facets, ``count()``, ``spelling_suggestion()``.

What a search server does differently (see the README's deployment notes):
phrases are exact (no ``~N`` slop), a fuzzy word takes the server's own
distance, rare words are not widened to close spellings, and months in the
timeline are counted in UTC rather than the site's time zone.
"""

import datetime
import functools
import operator

from django.db.models import Max, Min
from haystack.constants import DJANGO_CT
from haystack.inputs import Exact
from haystack.query import SQ

from articles.months import following_month
from articles.search import syntax
from articles.search.stems import index_form

# The query language's default fields ("headline and text") are haystack's
# document field, which holds the headline too.
DEFAULT_FIELD = "content"
# haystack names a faceted field's unanalysed twin "<field>_exact" and reports
# its counts under that name; the page knows the field by its own name.
FACET_SUFFIX = "_exact"
# The document type is counted from haystack's own model field, which every
# backend keeps unanalysed; a faceted text field is stemmed by some
# ("articl" in haystack's Whoosh backend).
TYPE_FACET = "type"


def as_sq(tree):
    """``tree`` (from ``syntax.read``) as one haystack ``SQ``, or None for no tree."""
    if tree is None:
        return None
    if isinstance(tree, syntax.And):
        return functools.reduce(operator.and_, map(as_sq, tree.parts))
    if isinstance(tree, syntax.Or):
        return functools.reduce(operator.or_, map(as_sq, tree.parts))
    if isinstance(tree, syntax.Not):
        return ~as_sq(tree.part)
    if isinstance(tree, syntax.Keyword):
        return SQ(**{tree.field: tree.value})
    field = tree.field or DEFAULT_FIELD
    if isinstance(tree, syntax.Phrase):
        return SQ(**{field: Exact(" ".join(tree.words))})
    if tree.prefix:
        return SQ(**{f"{field}__startswith": tree.text})
    if tree.fuzzy:
        return SQ(**{f"{field}__fuzzy": tree.text})
    return SQ(**{field: tree.text})


def highlight_terms(tree):
    """The index forms of the words a snippet should mark (whole words; no lexicon here)."""
    positive = syntax.without_negations(tree)
    terms = set()
    for node in syntax.walk(positive):
        if isinstance(node, syntax.Term) and not node.prefix:
            words = [node.text]
        elif isinstance(node, syntax.Phrase):
            words = node.words
        else:
            continue
        terms.update(form for form in map(index_form, words) if form)
    return terms


def with_facets(sqs, fields, first_day, last_day):
    """``sqs`` counting ``fields`` and its dates by month from ``first_day`` to ``last_day``.

    A backend's date facet has a bucket per month between the bounds given,
    so the bounds are the archive's own span, not the widest a filter allows.
    """
    for name in fields:
        sqs = sqs.facet(DJANGO_CT if name == TYPE_FACET else name)
    if first_day is None or last_day is None:
        return sqs
    # Buckets are counted from the start: it must be the first of a month.
    start = datetime.datetime(first_day.year, first_day.month, 1)
    end = datetime.datetime(*following_month(last_day.year, last_day.month), 1)
    return sqs.date_facet("published", start_date=start, end_date=end, gap_by="month")


def archive_span(search_indexes):
    """(first day, last day) of the documents ``search_indexes`` hold, or (None, None) if none."""
    firsts, lasts = [], []
    for index in search_indexes:
        span = index.index_queryset().aggregate(
            first=Min(index.date_attr), last=Max(index.date_attr)
        )
        if span["first"] is not None:
            firsts.append(_day(span["first"]))
            lasts.append(_day(span["last"]))
    if not firsts:
        return None, None
    return min(firsts), max(lasts)


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def facet_counts(counts):
    """haystack's facet counts in the shape our backend gives them.

    Field facets by field name; the date facet's buckets (a moment, or a
    (start, end) pair in haystack's Whoosh backend) under ``"published"``.
    """
    counts = counts or {}
    fields = {}
    for name, values in counts.get("fields", {}).items():
        if name == DJANGO_CT:
            # "articles.article" → "article", as the index's own type field holds it.
            name = TYPE_FACET
            values = [(label.rpartition(".")[2], n) for label, n in values if label]
        fields[name.removesuffix(FACET_SUFFIX)] = values
    months = []
    for bucket, count in counts.get("dates", {}).get("published", []):
        start = bucket[0] if isinstance(bucket, tuple) else bucket
        if isinstance(start, datetime.datetime):
            # The first moment of a month in UTC; as a date it stays in that month.
            if start.tzinfo is not None:
                start = start.astimezone(datetime.UTC)
            start = start.date()
        if count:
            months.append((start, count))
    fields["published"] = months
    return {"fields": fields}
