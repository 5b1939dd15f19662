"""Suggestions for the search box: matching topics, countries and headlines."""

from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from articles.models import Country, Topic
from articles.search import syntax

MAX_INPUT = 100
MAX_TAGS = 3
MAX_HEADLINES = 5
# A one- or two-letter prefix expands to a large part of the vocabulary.
MIN_PREFIX = 3


def _starts_first(queryset, text):
    # Only tags with published articles: a suggestion that finds nothing is noise.
    # Names that start with the text come before those that only contain it.
    return (
        queryset.with_counts()
        .filter(article_count__gt=0)
        .annotate(
            starts=Case(
                When(name__istartswith=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("starts", "name")
    )


def _search_url(**params):
    return f"{reverse('articles:search')}?{urlencode(params)}"


def _headline_query(text):
    words = [w.lower() for w in syntax.WORD_RE.findall(text)]
    if not words:
        return ""
    *complete, last = words
    terms = [syntax.Term(w, field="headline") for w in complete]
    terms.append(syntax.Term(last, field="headline", prefix=len(last) >= MIN_PREFIX))
    tree = terms[0] if len(terms) == 1 else syntax.And(terms)
    return syntax.render(tree, boost_phrase=False)


def headlines(text):
    from articles.search.query import load_objects  # query imports this module's siblings

    rendered = _headline_query(text)
    if not rendered:
        return []
    results = list(SearchQuerySet().filter(content=Raw(rendered))[:MAX_HEADLINES])
    return [
        {"kind": "headline", "label": str(obj), "url": obj.get_absolute_url()}
        for _, obj in load_objects(results)
    ]


def suggestions(query):
    text = " ".join((query or "").replace("\x00", "").split())[:MAX_INPUT]
    if len(text) < 2:
        return []
    found = [
        {"kind": "topic", "label": topic.name, "url": _search_url(topic=topic.slug)}
        for topic in _starts_first(Topic.objects.filter(name__icontains=text), text)[:MAX_TAGS]
    ]
    found += [
        {
            "kind": "country",
            "label": country.name,
            "url": _search_url(country=country.code.lower()),
        }
        for country in _starts_first(Country.objects.filter(name__icontains=text), text)[:MAX_TAGS]
    ]
    return found + headlines(text)
