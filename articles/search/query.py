"""One search, shared by the search page, the JSON API and the exports.

The form reads the request (any junk in, a page out); ``prepare`` turns it
into a haystack query (the user's query language rendered by ``syntax``,
filters, dates) and ``run_search`` runs it for the one page that will be
shown: facets, timeline and snippets are built for that page alone.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils import timezone
from haystack import connections
from haystack.inputs import Raw
from haystack.query import SearchQuerySet
from whoosh import query as wq

from articles import results_cache
from articles.models import Article, Country, Editorial, Topic
from articles.months import last_day_of_month
from articles.search import portable, spelling, syntax
from articles.search.highlight import labelled_snippet

MAX_QUERY_LENGTH = 500
SORTS = {"relevance": None, "relevance_recent": None, "newest": "-published", "oldest": "published"}
TYPES = {"article": Article, "editorial": Editorial}
# Index fields whose words a snippet may mark.
HIGHLIGHT_FIELDS = {"text", "headline", "byline", "dateline", "caption"}
# "Did you mean" appears when a query finds fewer results than this.
FEW_RESULTS = 3
# The widest date range a filter can express (see ``_apply_filters``).
EARLIEST, LATEST = datetime.date(1000, 1, 2), datetime.date(9999, 12, 30)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True, label="Search the archive")
    topic = forms.SlugField(required=False, allow_unicode=False)
    country = forms.CharField(required=False, max_length=2, min_length=2)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("relevance", "Relevance"),
            ("relevance_recent", "Relevance, newer first when equal"),
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
    snippet_field: str = ""
    matched: list = field(default_factory=list)

    @property
    def headline(self):
        return getattr(self.object, "headline", None) or self.object.title

    @property
    def date(self):
        return getattr(self.object, "published", None) or self.object.date


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    href: str


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
    per_page: int = 20
    sort: str = ""
    # The date range typed in the query ("date:2014"), with a link without it.
    query_dates: dict | None = None
    # {"query": corrected query, "href": link} when "Did you mean" applies.
    suggestion: dict | None = None
    # [(word, [close spellings])] searched as name variants.
    variants: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    searchable: bool = False

    @property
    def searched(self):
        return bool(self.searchable or self.filters or self.query_dates)

    @property
    def page_obj(self):
        """A Django Page for the shared pagination include (its rows are unused)."""
        if not self.total:
            return None
        return Paginator(range(self.total), self.per_page).page(self.page)


@dataclass
class Prepared:
    """A search ready to run: the queryset, and what the page says about it."""

    sqs: SearchQuerySet
    outcome: SearchOutcome
    values: dict
    tree: object
    data: QueryDict
    embedded: bool = True  # our Whoosh index, not a search server (see portable.py)


def _day_bounds(day, end=False):
    moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    return timezone.make_aware(moment)


def _as_querydict(data):
    if isinstance(data, QueryDict):
        return data.copy()
    params = QueryDict(mutable=True)
    for key, value in (data or {}).items():
        params[key] = str(value)
    return params


def href(data, **changes):
    """A link to the search with ``changes`` applied (None removes) and page 1."""
    params = data.copy()
    params.pop("page", None)
    for key, value in changes.items():
        key = key.rstrip("_")  # from_ → from
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def linker(data, key):
    """``lambda value: href(data, key=value)``, made once for a list of facet links."""
    if key in data:
        return lambda value: href(data, **{key: value})
    params = data.copy()
    params.pop("page", None)
    base = params.urlencode()
    prefix = f"?{base}&{key}=" if base else f"?{key}="
    return lambda value: prefix + quote_plus(str(value))


def range_linker(data):
    """``lambda low, high: href(data, from_=low, to=high)``, made once for many links.

    The timeline links every month of every year; building each from a copy
    of the parameters was a tenth of a search.
    """
    if "from" in data or "to" in data:
        return lambda low, high: href(data, from_=low, to=high)
    params = data.copy()
    params.pop("page", None)
    base = params.urlencode()
    prefix = f"?{base}&" if base else "?"
    return lambda low, high: f"{prefix}from={low}&to={high}"


def _backend():
    return connections["default"].get_backend()


def is_embedded(backend):
    """Whether ``backend`` is our Whoosh index; other backends take haystack's portable path."""
    from articles.search.backend import ArchiveWhooshBackend

    return isinstance(backend, ArchiveWhooshBackend)


def _read_query(query, outcome):
    """The query as a tree (or None), with notices for what was changed."""
    if not query:
        return syntax.ParsedQuery(tree=None)
    if len(query) > MAX_QUERY_LENGTH:
        outcome.notices.append(
            f"Your query was shortened to its first {MAX_QUERY_LENGTH} characters."
        )
        query = query[:MAX_QUERY_LENGTH]
    parsed = syntax.read(query)
    if parsed.fallback_reason:
        outcome.notices.append(
            f"The query could not be read as search syntax ({parsed.fallback_reason}), "
            "so its words were searched for instead. See the search help for the syntax."
        )
    return parsed


def _validated(tree, backend, outcome):
    """Render ``tree`` and check it with the backend's own parser.

    Returns the query string, or "" when nothing in it can match anything
    (only very common words, or punctuation).
    """
    if tree is None:
        return ""
    rendered = syntax.render(tree)
    try:
        parsed = backend.parser.parse(rendered)
    except Exception:  # noqa: BLE001 - any parser failure means: use plain words
        tree = syntax.keywords(" ".join(leaf.text for leaf in syntax.positive_terms(tree)))
        rendered = syntax.render(tree)
        parsed = backend.parser.parse(rendered) if rendered else None
        outcome.notices.append("Part of the query could not be used; its words were searched.")
    if parsed is None or parsed is wq.NullQuery:
        outcome.notices.append(
            "The query has only words too common to search for (such as “the” or “of”)."
        )
        return ""
    return rendered


def _apply_filters(sqs, values, parsed, data, outcome):
    filters = {}
    if values.get("topic"):
        topic = Topic.objects.filter(slug=values["topic"]).first()
        if topic is None:
            outcome.notices.append(
                f"There is no topic “{values['topic']}”; that filter was ignored."
            )
        else:
            sqs = narrow_to_tag(sqs, topic)
            filters["topic"] = topic
    if values.get("country"):
        country = Country.objects.filter(code=values["country"].upper()).first()
        if country is None:
            outcome.notices.append(
                f"“{values['country']}” is not a country code; that filter was ignored."
            )
        else:
            sqs = narrow_to_tag(sqs, country)
            filters["country"] = country
    # Dates from the form and from the query must both hold.
    starts = [d for d in (values.get("from"), parsed.start) if d]
    ends = [d for d in (values.get("to"), parsed.end) if d]
    if starts or ends:
        sqs = narrow_to_days(sqs, max(starts) if starts else None, min(ends) if ends else None)
    filters.update(
        {key: values[key] for key in ("from", "to") if values.get(key)},
    )
    if parsed.dates:
        text = " ".join(f"date:{d.text}" for d in parsed.dates)
        outcome.query_dates = {
            "start": parsed.start,
            "end": parsed.end,
            "text": text,
            "href": href(data, q=_without_dates(outcome.query) or None),
        }
    if values.get("type"):
        sqs = sqs.models(TYPES[values["type"]])
        filters["type"] = values["type"]
    return sqs, filters


def narrow_to_tag(sqs, tag):
    """Narrow to the documents of a Topic or a Country."""
    return _narrow(sqs, tag.index_field, "content", tag.index_value)


def narrow_to_days(sqs, first=None, last=None):
    """Narrow to dates from the start of local day ``first`` to the end of ``last``.

    An open end becomes a distant date: one closed range is much faster in
    Whoosh than two open ones, and years before 1000 would be written without
    four digits, which Whoosh's date parser misreads (1 Jan 1000 in Karachi is
    still 999 in UTC).
    """
    low = _day_bounds(_clamp(first or EARLIEST))
    high = _day_bounds(_clamp(last or LATEST), end=True)
    return _narrow(sqs, "published", "range", [low, high])


def _narrow(sqs, field, kind, value):
    """``sqs.filter(**{field__kind: value})`` as a filter rather than part of the query.

    haystack ANDs ``filter()`` into the scored query, so a date range became
    hundreds of range terms matched and scored with every search; a narrowing
    is a set of documents the backend keeps per index generation.
    """
    return sqs.narrow(sqs.query.build_query_fragment(field, kind, value))


def _clamp(day):
    return min(max(day, EARLIEST), LATEST)


def _without_dates(query):
    return " ".join(word for word in query.split() if not word.lower().startswith("date:"))


def prepare(data):
    """Read the request into a ready-to-run search; never raises on bad input."""
    data = _as_querydict(data)
    form = SearchForm(data)
    values = form.values()
    outcome = SearchOutcome(query=values.get("q", ""))
    outcome.notices = [
        f"{form.fields[name].label or name.title()}: {' '.join(errors)} That filter was ignored."
        for name, errors in form.errors.items()
        if name != "page"
    ]
    parsed = _read_query(outcome.query, outcome)
    backend = _backend()
    embedded = is_embedded(backend)
    sqs = SearchQuerySet()
    if embedded:
        if parsed.tree is not None:
            reader = backend.searcher().reader()
            outcome.variants = spelling.expand_rare_terms(parsed.tree, reader)
        rendered = _validated(parsed.tree, backend, outcome)
        outcome.searchable = bool(rendered)
        sqs = sqs.filter(content=Raw(rendered)) if rendered else sqs.all()
    else:
        outcome.searchable = parsed.tree is not None
        sqs = sqs.filter(portable.as_sq(parsed.tree)) if outcome.searchable else sqs.all()
    sqs, outcome.filters = _apply_filters(sqs, values, parsed, data, outcome)
    sort = values.get("sort") or ("relevance" if outcome.searchable else "newest")
    if not outcome.searchable and sort.startswith("relevance"):
        sort = "newest"  # nothing to rank by
    outcome.sort = sort
    if SORTS[sort]:
        sqs = sqs.order_by(SORTS[sort])
    return Prepared(
        sqs=sqs,
        outcome=outcome,
        values=values,
        tree=parsed.tree if outcome.searchable else None,
        data=data,
        embedded=embedded,
    )


# -- running one page ----------------------------------------------------------


def load_objects(results):
    """The database rows for ``results`` (search hits), in order, in one query per type.

    Rows that are gone or unpublished since they were indexed are skipped.
    """
    unified = connections["default"].get_unified_index()
    wanted = defaultdict(list)
    for result in results:
        wanted[result.model].append(result.pk)
    loaded = {}
    for model, pks in wanted.items():
        queryset = unified.get_index(model).read_queryset()
        if model is Article:
            queryset = queryset.prefetch_related("captions")
        loaded[model] = queryset.in_bulk([int(pk) for pk in pks])
    pairs = []
    for result in results:
        obj = loaded.get(result.model, {}).get(int(result.pk))
        if obj is not None:
            pairs.append((result, obj))
    return pairs


def _significant(score):
    # Scores that agree to four significant figures count as a tie.
    return float(f"{score:.4g}")


def _page_by_relevance_then_recent(sqs, start, per_page):
    """One page ranked by score, newer first among equal scores.

    haystack cannot sort by score and a field together, so ties are broken
    over the results up to one page beyond this one.
    """
    window = list(sqs[0 : start + 2 * per_page])
    window.sort(
        key=lambda r: (
            -_significant(r.score or 0),
            -(_timestamp(getattr(r, "published", None))),
        )
    )
    return window[start : start + per_page]


def _timestamp(value):
    if isinstance(value, datetime.datetime):
        return value.timestamp() if value.tzinfo else value.replace(tzinfo=datetime.UTC).timestamp()
    return 0.0


def highlight_terms(tree):
    """The index words (stems, with * and ~ expanded) a snippet should mark."""
    positive = syntax.without_negations(tree)
    if positive is None:
        return set()
    backend = _backend()
    try:
        parsed = backend.parser.parse(syntax.render(positive, boost_phrase=False))
        found = parsed.existing_terms(backend.searcher().reader(), expand=True)
    except Exception:  # noqa: BLE001 - snippets without marks beat no page
        return set()
    terms = set()
    for fieldname, text in found:
        if fieldname in HIGHLIGHT_FIELDS:
            terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return terms


def run_search(data, *, per_page=20):
    """Search with the request's parameters; returns the one page to show."""
    prepared = prepare(data)
    outcome = prepared.outcome
    outcome.per_page = per_page
    if not outcome.searched:
        return outcome
    sqs = _with_facets(prepared)
    page = prepared.values.get("page") or 1

    def fetch(page):
        start = (page - 1) * per_page
        if outcome.sort == "relevance_recent":
            return _page_by_relevance_then_recent(sqs, start, per_page)
        return list(sqs[start : start + per_page])

    results = fetch(page)
    outcome.total = sqs.count()
    outcome.num_pages = math.ceil(outcome.total / per_page)
    if outcome.total and not results:
        # Past the last page (an old link, a hand-edited URL): show the last one.
        page = outcome.num_pages
        results = fetch(page)
    outcome.page = page
    counts = sqs.facet_counts()
    if not prepared.embedded:
        counts = portable.facet_counts(counts)
    outcome.facets = _facets(counts, prepared)
    outcome.timeline = _timeline(counts, prepared)

    if prepared.tree is not None and outcome.total < FEW_RESULTS:
        suggested = _suggestion(prepared, sqs)
        if suggested and suggested != outcome.query:
            outcome.suggestion = {"query": suggested, "href": href(prepared.data, q=suggested)}

    terms = set()
    if prepared.tree is not None:
        terms = (highlight_terms if prepared.embedded else portable.highlight_terms)(prepared.tree)
    for result, obj in load_objects(results):
        text, source, matched = labelled_snippet(obj, terms)
        outcome.hits.append(
            Hit(
                type=result.model_name,
                object=_without_text(obj),
                snippet=text,
                snippet_field=source,
                matched=matched,
            )
        )
    return outcome


FACET_FIELDS = ("topics", "countries", "year", "type")


def _with_facets(prepared):
    sqs = prepared.sqs
    if not prepared.embedded:
        unified = connections["default"].get_unified_index()
        first, last = portable.archive_span(unified.get_indexes().values())
        return portable.with_facets(sqs, FACET_FIELDS, first, last)
    # Without haystack's count of documents holding no value: nothing shows it,
    # and it kept a set of every document per field (16 MB at 100,000 articles).
    for name in FACET_FIELDS:
        sqs = sqs.facet(name, missing=False)
    # Counted per month in the site's zone by the backend (see backend._facet_counts).
    return sqs.facet("published", by="month")


def _suggestion(prepared, sqs):
    """A better-spelled query for "Did you mean", or None."""
    query = prepared.outcome.query[:MAX_QUERY_LENGTH]
    if prepared.embedded:
        return spelling.did_you_mean(query, prepared.tree, _backend().searcher().reader())
    # The server's own suggestion, where its haystack backend has spelling on.
    return sqs.spelling_suggestion(query) or None


# Read for the snippet; no result shows them. An outcome is kept in the cache,
# where a page's bodies and captions were half of its 106 KB.
_TEXT_FIELDS = ("body", "teaser")


def _without_text(obj):
    """``obj`` with its text fields unloaded (deferred, as by ``.defer()``) and captions dropped."""
    for name in _TEXT_FIELDS:
        obj.__dict__.pop(name, None)
    getattr(obj, "_prefetched_objects_cache", {}).pop("captions", None)
    return obj


def cached_search(data, *, per_page=20):
    """``run_search``, served from Django's cache while the content is unchanged.

    The key is every request parameter (links on the page repeat them) and
    the page size; ``results_cache`` adds the content version, so a save or
    an index change is never answered from an old entry. Nothing in an
    outcome depends on who asks.
    """
    params = _as_querydict(data)
    key = (per_page, sorted((name, tuple(values)) for name, values in params.lists()))
    return results_cache.cached(
        "search", key, lambda: run_search(params, per_page=per_page), search=True
    )


# -- facets and timeline --------------------------------------------------------


def _clamped_range(values, start, end):
    """A year or month range, narrowed by the dates already chosen in the form."""
    if values.get("from") and values["from"] > start:
        start = values["from"]
    if values.get("to") and values["to"] < end:
        end = values["to"]
    return start.isoformat(), end.isoformat()


def _facets(counts, prepared):
    fields = counts.get("fields", {}) if counts else {}
    data, values = prepared.data, prepared.values
    # Documents without a value come back under None; they are not a facet.
    topic_counts = {slug: n for slug, n in fields.get("topics", []) if slug}
    country_counts = {code: n for code, n in fields.get("countries", []) if code}
    topic_href, country_href, type_href = (linker(data, k) for k in ("topic", "country", "type"))
    topics = [
        FacetValue(t.slug, t.name, topic_counts[t.slug], topic_href(t.slug))
        for t in Topic.objects.filter(slug__in=topic_counts)
    ]
    countries = [
        FacetValue(
            c.code.lower(),
            c.name,
            country_counts[c.code.lower()],
            country_href(c.code.lower()),
        )
        for c in Country.objects.filter(code__in=[code.upper() for code in country_counts])
    ]
    years = []
    range_href = range_linker(data)
    for year, count in fields.get("year", []):
        if not year or not str(year).isdigit():
            continue
        year = int(year)
        low, high = _clamped_range(values, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        years.append(FacetValue(year, str(year), count, range_href(low, high)))
    types = [
        FacetValue(t, f"{t.title()}s", n, type_href(t))
        for t, n in fields.get("type", [])
        if t in TYPES
    ]
    by_count = lambda item: (-item.count, item.label)  # noqa: E731
    return {
        "types": sorted(types, key=lambda item: item.value),
        "topics": sorted(topics, key=by_count),
        "countries": sorted(countries, key=by_count),
        "years": sorted(years, key=lambda item: -item.value),
    }


def _timeline(counts, prepared):
    """Results per year and month (local time), oldest first, from the date facet.

    The index holds UTC; the backend counts a result in the month it was
    published in the site's time zone, the same rule the From/To filters use,
    so a month's count equals what clicking it finds.
    """
    fields = counts.get("fields", {}) if counts else {}
    months = defaultdict(int)
    for moment, count in fields.get("published", []):
        if isinstance(moment, datetime.datetime):
            # A backend that counts exact moments (UTC in the index).
            moment = timezone.localtime(moment.replace(tzinfo=datetime.UTC))
        if isinstance(moment, datetime.date):
            months[(moment.year, moment.month)] += count
    years = defaultdict(dict)
    for (year, month), count in months.items():
        years[year][month] = count
    timeline = []
    values, data = prepared.values, prepared.data
    range_href = range_linker(data)
    for year in sorted(years):
        cells = []
        for month in range(1, 13):
            count = years[year].get(month, 0)
            first, last = datetime.date(year, month, 1), last_day_of_month(year, month)
            low, high = _clamped_range(values, first, last)
            cells.append(
                {
                    "month": month,
                    "label": MONTHS[month - 1],
                    "count": count,
                    "href": range_href(low, high) if count else "",
                }
            )
        low, high = _clamped_range(values, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        timeline.append(
            {
                "year": year,
                "count": sum(years[year].values()),
                "href": range_href(low, high),
                "months": cells,
            }
        )
    peak = max((c["count"] for y in timeline for c in y["months"]), default=0)
    for year in timeline:
        for cell in year["months"]:
            # A 0–4 step scale for the compact bar display.
            cell["level"] = math.ceil(4 * cell["count"] / peak) if peak else 0
    return timeline
