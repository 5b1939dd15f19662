"""The topic and country lists: every tag with its count and a sparkline, the world map."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.views.generic import ListView

from articles import charts, results_cache
from articles.models import Country, Topic
from articles.models.status import Status
from articles.search import coverage
from articles.views.page_cache import CachedPageMixin


def yearly_counts(through, tag_field):
    """{tag id: {year: count}} of published articles, in one query over the M2M rows."""
    rows = (
        through.objects.filter(article__status=Status.PUBLISHED)
        .annotate(year=ExtractYear("article__published"))
        .values(tag_field, "year")
        .annotate(n=Count("article_id"))
        .order_by()
    )
    per_tag = {}
    for row in rows:
        per_tag.setdefault(row[tag_field], {})[row["year"]] = row["n"]
    return per_tag


def cached_yearly_counts(model):
    """{tag id: {year: count}} for Topic or Country and the (first, last) year, cached.

    The home page, the tag lists and their sparklines share it. The search
    index counts it from its tables while it is current (30 ms at 100,000
    articles); the database reads every tagged article's row (over a second
    on SQLite).
    """

    def count():
        per_tag = coverage.per_year(model)
        if per_tag is None:
            per_tag = yearly_counts(*model.article_links())
        years = {year for counts in per_tag.values() for year in counts}
        return per_tag, (min(years), max(years)) if years else None

    return results_cache.cached("yearly-counts", model._meta.label_lower, count)


def covered(model):
    """Tags (topics or countries) with published articles, by name, ``article_count`` set."""
    per_tag, _span = cached_yearly_counts(model)
    totals = {pk: sum(years.values()) for pk, years in per_tag.items()}
    tags = list(model.objects.filter(pk__in=totals).order_by("name"))
    for tag in tags:
        tag.article_count = totals[tag.pk]
    return tags


def busiest(model, count):
    """The ``count`` tags with most published articles (ties by name), counts attached."""
    tags = covered(model)
    tags.sort(key=lambda tag: (-tag.article_count, tag.name))
    return tags[:count]


class SparklineMixin:
    """Gives each listed tag a sparkline of its articles per year."""

    def add_sparklines(self, tags, model):
        per_tag, span = cached_yearly_counts(model)
        if span is None:
            return tags
        years = list(range(span[0], span[1] + 1))
        for tag in tags:
            counts = per_tag.get(tag.pk, {})
            tag.sparkline = charts.sparkline([counts.get(y, 0) for y in years], years)
        return tags


class TopicListView(CachedPageMixin, SparklineMixin, ListView):
    template_name = "articles/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return covered(Topic)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.add_sparklines(context["topics"], Topic)
        return context


class CountryListView(CachedPageMixin, SparklineMixin, ListView):
    template_name = "articles/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        return covered(Country)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        covered_list = self.add_sparklines(list(context["countries"]), Country)
        everyone = list(Country.objects.order_by("name"))
        counts = {c.code: c.article_count for c in covered_list}
        context.update(
            countries=covered_list,
            uncovered_count=len(everyone) - len(covered_list),
            world=charts.world_map(everyone, counts, lambda c: c.get_absolute_url()),
        )
        return context
