"""One search, shared by the search page and the JSON API.

The form reads the request (any junk in, a page out); ``run_search`` turns it
into a haystack query with filters and facets and returns only the page that
will be shown, with snippets built for that page alone.
"""

import datetime
import math
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from haystack.query import SearchQuerySet

from articles.models import Article, Country, Editorial, Topic
from articles.search.highlight import query_terms, snippet

MAX_QUERY_LENGTH = 500
SORTS = {"relevance": None, "newest": "-published", "oldest": "published"}
TYPES = {"article": Article, "editorial": Editorial}


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True, label="Search the archive")
    topic = forms.SlugField(required=False, allow_unicode=False)
    country = forms.CharField(required=False, max_length=2, min_length=2)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("relevance", "Relevance"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        ],
    )
    type = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Articles and editorials"),
            ("article", "Articles"),
            ("editorial", "Editorials"),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are the public parameter names; "from" is a Python keyword.
        self.fields["from"] = forms.DateField(required=False, label="From")
        self.fields["to"] = forms.DateField(required=False, label="To")

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "")

    def clean_country(self):
        return self.cleaned_data["country"].lower()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", "The end date is before the start date.")
        return cleaned

    def values(self):
        """Cleaned values, with any invalid parameter dropped rather than fatal."""
        self.is_valid()
        data = dict(self.cleaned_data)
        for name in self.errors:
            data.pop(name, None)
        return data


@dataclass
class Hit:
    type: str
    object: object
    snippet: str

    @property
    def headline(self):
        return getattr(self.object, "headline", None) or self.object.title

    @property
    def date(self):
        return getattr(self.object, "published", None) or self.object.date


@dataclass
class SearchOutcome:
    query: str
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    num_pages: int = 0
    facets: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)

    @property
    def searched(self):
        return bool(self.query or self.filters)

    per_page: int = 20

    @property
    def page_obj(self):
        """A Django Page for the shared pagination include (its rows are unused)."""
        if not self.total:
            return None
        return Paginator(range(self.total), self.per_page).page(self.page)


def _day_bounds(day, end=False):
    moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    return timezone.make_aware(moment)


def _base_queryset(query, notices):
    sqs = SearchQuerySet()
    if not query:
        return sqs.all()
    if len(query) > MAX_QUERY_LENGTH:
        notices.append(f"Your query was shortened to its first {MAX_QUERY_LENGTH} characters.")
        query = query[:MAX_QUERY_LENGTH]
    return sqs.auto_query(query)


def _apply_filters(sqs, values, notices):
    filters = {}
    if values.get("topic"):
        topic = Topic.objects.filter(slug=values["topic"]).first()
        if topic is None:
            notices.append(f"There is no topic “{values['topic']}”; that filter was ignored.")
        else:
            sqs = sqs.filter(topics=topic.slug)
            filters["topic"] = topic
    if values.get("country"):
        country = Country.objects.filter(code=values["country"].upper()).first()
        if country is None:
            notices.append(f"“{values['country']}” is not a country code; that filter was ignored.")
        else:
            sqs = sqs.filter(countries=country.code.lower())
            filters["country"] = country
    start, end = values.get("from"), values.get("to")
    if start or end:
        low = _day_bounds(start or datetime.date(1, 1, 2))
        high = _day_bounds(end or datetime.date(9999, 12, 30), end=True)
        sqs = sqs.filter(published__range=(low, high))
        filters.update({key: value for key, value in (("from", start), ("to", end)) if value})
    if values.get("type"):
        sqs = sqs.models(TYPES[values["type"]])
        filters["type"] = values["type"]
    return sqs, filters


def _facets(counts):
    fields = counts.get("fields", {}) if counts else {}
    # Documents without a value come back under None; they are not a facet.
    topic_counts = {slug: n for slug, n in fields.get("topics", []) if slug}
    country_counts = {code: n for code, n in fields.get("countries", []) if code}
    topics = Topic.objects.filter(slug__in=topic_counts)
    countries = Country.objects.filter(code__in=[code.upper() for code in country_counts])
    return {
        "topics": sorted(
            ((t, topic_counts[t.slug]) for t in topics), key=lambda pair: (-pair[1], pair[0].name)
        ),
        "countries": sorted(
            ((c, country_counts[c.code.lower()]) for c in countries),
            key=lambda pair: (-pair[1], pair[0].name),
        ),
        "years": sorted(((int(y), n) for y, n in fields.get("year", []) if y), reverse=True),
        "types": sorted(((t, n) for t, n in fields.get("type", []) if t in TYPES)),
    }


def run_search(data, *, per_page=20):
    """Search with the request's parameters; returns the one page to show."""
    form = SearchForm(data)
    values = form.values()
    notices = [
        f"{form.fields[name].label or name.title()}: {' '.join(errors)} That filter was ignored."
        for name, errors in form.errors.items()
        if name != "page"
    ]
    query = values.get("q", "")
    outcome = SearchOutcome(query=query, notices=notices, per_page=per_page)
    sqs, outcome.filters = _apply_filters(_base_queryset(query, notices), values, notices)
    if not outcome.searched:
        return outcome
    sort = SORTS.get(values.get("sort") or ("relevance" if query else "newest"))
    if sort:
        sqs = sqs.order_by(sort)
    sqs = sqs.facet("topics").facet("countries").facet("year").facet("type").load_all()

    page = values.get("page") or 1
    start = (page - 1) * per_page
    results = list(sqs[start : start + per_page])
    outcome.total = sqs.count()
    outcome.num_pages = math.ceil(outcome.total / per_page)
    if outcome.total and not results:
        # Past the last page (an old link, a hand-edited URL): show the last one.
        page = outcome.num_pages
        start = (page - 1) * per_page
        results = list(sqs[start : start + per_page])
    outcome.page = page
    outcome.facets = _facets(sqs.facet_counts())

    terms = query_terms(query) if query else set()
    for result in results:
        obj = result.object
        if obj is None:  # deleted or unpublished since it was indexed
            continue
        text = obj.body_text() if isinstance(obj, Article) else obj.text()
        outcome.hits.append(Hit(type=result.model_name, object=obj, snippet=snippet(text, terms)))
    return outcome
