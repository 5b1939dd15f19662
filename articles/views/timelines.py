"""Timelines of a topic or a country: grouped by year, month and day, with a coverage chart."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.generic import ListView

from articles import charts, results_cache
from articles.models import Article, Country, Topic
from articles.months import last_day_of_month
from articles.search import coverage
from articles.views.browse import per_page, within_days
from articles.views.page_cache import CachedPageMixin


@dataclass
class DayGroup:
    day: date
    count: int  # published articles in the timeline on this day, not only on this page
    articles: list = field(default_factory=list)


@dataclass
class MonthGroup:
    start: date
    count: int  # published articles in the whole month, not only on this page
    page: int  # the page on which the month begins
    articles: list = field(default_factory=list)
    days: list = field(default_factory=list)
    href: str = ""  # the summary's link to the month

    @property
    def anchor(self):
        return f"m{self.start.year}-{self.start.month:02d}"


@dataclass
class YearGroup:
    year: int
    count: int = 0  # published articles in the whole year
    months: list = field(default_factory=list)
    page: int = 1  # the page on which the year begins
    href: str = ""  # the summary's link to the year

    @property
    def anchor(self):
        return f"y{self.year}"


class DateRangeForm(forms.Form):
    """The timeline's narrowing by date; bad values are dropped with a notice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the fields are added by name.
        self.fields["from"] = forms.DateField(required=False, label="From")
        self.fields["to"] = forms.DateField(required=False, label="To")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last and first > last:
            self.add_error("to", "The end date is before the start date.")
        return cleaned

    def bounds(self):
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return data.get("from"), data.get("to")


# A tag on at least this share of published articles counts as common (see
# ArticleQuerySet.tagged).
COMMON_SHARE = 0.02


def is_common(tag):
    """Whether a topic or country is on a good share of the archive.

    The tag's links are counted over their index, against the highest
    article id: it stands in for the number of articles (deletions only make
    it larger), where COUNT(*) reads a whole index (2 ms at 100,000). Only
    the choice of query plan depends on it.
    """
    through, column = type(tag).article_links()
    tagged = through.objects.filter(**{column: tag.pk}).count()
    highest = Article.objects.aggregate(highest=Max("id"))["highest"] or 0
    return tagged >= COMMON_SHARE * highest


def count_per_month(qs):
    """{(year, month): count} of ``qs`` in local time: one query."""
    rows = qs.annotate(month=TruncMonth("published")).values("month").annotate(n=Count("id"))
    return {(r["month"].year, r["month"].month): r["n"] for r in rows.order_by()}


def month_totals(topic=None, country=None, *, first_day=None, last_day=None):
    """{(year, month): published articles} on a topic and/or in a country (or all), cached.

    These counts cover the whole timeline however long, so they are the
    expensive part of a timeline page or API answer; they change only when
    the content does. Read from the index when it is current, else counted
    in the database.
    """

    def count():
        found = coverage.per_month(topic, country, first_day=first_day, last_day=last_day)
        if found is not None:
            return found
        rows = Article.objects.published().tagged(topic=topic, country=country)
        return count_per_month(within_days(rows, first_day, last_day))

    key = (topic.pk if topic else None, country.pk if country else None, first_day, last_day)
    return results_cache.cached("timeline-months", key, count)


class IdsFirst:
    """A queryset whose slices are read in two steps: the ids, then the rows.

    A page of a rarer tag joins and sorts every article of the tag; asked for
    whole rows, SQLite carries each body through the sort (9.8 ms for a
    topic of 1,900 articles at 100,000), asked for ids, 4.3 ms. The page's
    rows then come by primary key, with the queryset's prefetches.
    """

    def __init__(self, queryset):
        self.queryset = queryset

    def __getitem__(self, window):
        ids = list(self.queryset.values_list("pk", flat=True)[window])
        # The same filters and order, so the rows come as the ids did.
        return list(self.queryset.filter(pk__in=ids)) if ids else []


class TimelineMixin:
    """One tag's published articles by year, month and day, narrowed by the other kind of tag.

    Topic and country timelines differ only in which tag is the subject and
    which narrows, so subclasses name those and find the rows; everything else
    (ordering, date range, month and day totals, the summary nav, the coverage
    chart, the comparison) lives here.
    """

    subject_kind = None  # "topic" or "country": the tagged() keyword the subject fills
    narrow_kind = None  # the other one; also the GET parameter that narrows
    narrow_model = None
    subject_model = None
    template_name = "articles/timeline.html"
    context_object_name = "articles"
    ORDERS = {"newest": ("-published", "-id"), "oldest": ("published", "id")}

    def get_subject(self):
        raise NotImplementedError

    def find_narrowing(self, value):
        """The narrowing tag for a GET value, or None when there is no such tag."""
        raise NotImplementedError

    def find_subject(self, value):
        """A tag of the subject's own kind for a GET value (used by ?compare=), or None."""
        raise NotImplementedError

    def subject_param(self, tag):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject()
        order = request.GET.get("order", "")
        self.order = order if order in self.ORDERS else "newest"
        self.narrow_value = request.GET.get(self.narrow_kind, "").strip()
        self.narrow = self.find_narrowing(self.narrow_value) if self.narrow_value else None
        self.range_form = DateRangeForm(request.GET)
        self.first_day, self.last_day = self.range_form.bounds()
        self.compare_value = request.GET.get("compare", "").strip()
        self.compare = self.find_subject(self.compare_value) if self.compare_value else None
        if self.compare == self.subject:
            self.compare = None
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return per_page()

    def tagged(self, subject, *, common=False):
        tags = {self.subject_kind: subject, self.narrow_kind: self.narrow}
        qs = Article.objects.published().tagged(**tags, common=common)
        return within_days(qs, self.first_day, self.last_day)

    def get_queryset(self):
        # Narrowed by a second tag, the join can start from the rarer of the
        # two; the date-order walk pays off only for a common tag on its own.
        qs = self.tagged(self.subject, common=self.narrow is None and self.subject_is_common)
        return qs.for_listing().order_by(*self.ORDERS[self.order])

    @cached_property
    def subject_is_common(self):
        return is_common(self.subject)

    def months_of(self, subject):
        """``month_totals`` of a subject's timeline (same narrowing and dates)."""
        tags = {self.subject_kind: subject, self.narrow_kind: self.narrow}
        return month_totals(**tags, first_day=self.first_day, last_day=self.last_day)

    def get_paginator(self, queryset, per_page, **kwargs):
        if not (self.narrow is None and self.subject_is_common):
            queryset = IdsFirst(queryset)
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # The month counts already say how many there are: no COUNT query.
        paginator.count = sum(self.months_of(self.subject).values())
        return paginator

    def month_counts(self):
        """(year, month, count) for every month in the timeline, in display order."""
        counts = self.months_of(self.subject)
        keys = sorted(counts, reverse=self.order == "newest")
        return [(y, m, counts[y, m]) for y, m in keys], counts

    def day_counts(self, page_articles):
        """{day: count} for the days this page shows, counted over the whole timeline."""
        if not page_articles:
            return {}
        days = [timezone.localdate(a.published) for a in page_articles]
        # A page of a common tag covers a few days: the membership test per
        # article (common=True) walks just those days in the date index, where
        # the join would read every article of the tag. A rare tag's page can
        # span years, and then the join is the short way. Counted here, not
        # with TruncDate, which SQLite answers by calling Python once per row.
        common = self.narrow is None and self.subject_is_common
        tagged = within_days(self.tagged(self.subject, common=common), min(days), max(days))
        return Counter(
            timezone.localdate(moment) for moment in tagged.values_list("published", flat=True)
        )

    def summary_linker(self, current_page):
        """``href(page, anchor)`` for the summary: this timeline (same filters) at ``page``.

        Hundreds of links, so the query string is encoded once, not per link
        as ``{% querystring %}`` would.
        """
        query = self.request.GET.copy()
        query.pop("page", None)
        prefix = f"?{query.urlencode()}&page=" if query else "?page="

        def href(page, anchor):
            return f"#{anchor}" if page == current_page else f"{prefix}{page}#{anchor}"

        return href

    @staticmethod
    def month_starts(month_rows):
        """{(year, month): the page on which the month begins}, in display order."""
        size = per_page()
        starts, seen = {}, 0
        for year, month, count in month_rows:
            starts[year, month] = seen // size + 1
            seen += count
        return starts

    def build_summary(self, month_rows, current_page=1):
        """Every year and month of the timeline, each linked to the page it begins on.

        Hundreds of groups and links for a long timeline, shown only in the
        template's cached fragments and the chart: built when they render.
        """
        href = self.summary_linker(current_page)
        starts = self.month_starts(month_rows)
        summary = []
        for year, month, count in month_rows:
            page = starts[year, month]
            if not summary or summary[-1].year != year:
                summary.append(YearGroup(year, page=page, href=href(page, f"y{year}")))
            group = MonthGroup(date(year, month, 1), count, page=page)
            group.href = href(page, group.anchor)
            summary[-1].months.append(group)
            summary[-1].count += count
        return summary

    def build_groups(self, page_articles, month_rows):
        """This page's articles grouped by year, month and day, with whole-timeline counts."""
        starts = self.month_starts(month_rows)
        month_totals = {(y, m): count for y, m, count in month_rows}
        year_totals = Counter()
        for (year, _), count in month_totals.items():
            year_totals[year] += count
        day_totals = self.day_counts(page_articles)

        page_groups = []
        for article in page_articles:
            local = timezone.localtime(article.published)
            key = (local.year, local.month)
            if not page_groups or page_groups[-1].year != local.year:
                page_groups.append(YearGroup(local.year, year_totals[local.year], page=0))
            year_group = page_groups[-1]
            if not year_group.months or year_group.months[-1].start.month != local.month:
                start = date(local.year, local.month, 1)
                year_group.months.append(MonthGroup(start, month_totals[key], starts[key]))
            month_group = year_group.months[-1]
            month_group.articles.append(article)
            day = local.date()
            if not month_group.days or month_group.days[-1].day != day:
                month_group.days.append(DayGroup(day, day_totals.get(day, 0)))
            month_group.days[-1].articles.append(article)
        return page_groups

    def narrow_param(self, tag):
        """The GET value that narrows to a tag: the inverse of find_narrowing()."""
        raise NotImplementedError

    def narrowing_choices(self):
        """Tags of the other kind found in this (un-narrowed) timeline, with their counts."""

        def rows():
            counts = coverage.per_tag(self.narrow_model.index_field, self.subject)
            if counts is None:
                within = Article.objects.published().tagged(**{self.subject_kind: self.subject})
                # Filtering before annotating makes the count use the same, filtered join.
                tags = (
                    self.narrow_model.objects.filter(articles__in=within)
                    .annotate(article_count=Count("articles", distinct=True))
                    .order_by("name")
                )
                return [(t.pk, self.narrow_param(t), t.name, t.article_count) for t in tags]
            return [
                (pk, param, name, counts[value])
                for pk, param, name, value in self.narrowing_tags()
                if value in counts
            ]

        chosen = self.narrow.pk if self.narrow else None
        found = results_cache.cached("narrowing", (self.subject_kind, self.subject.pk), rows)
        return [
            {"value": value, "name": name, "count": count, "selected": pk == chosen}
            for pk, value, name, count in found
        ]

    def narrowing_tags(self):
        """(pk, GET value, name, index value) of every tag that could narrow, by name."""

        def rows():
            tags = self.narrow_model.objects.order_by("name")
            return [(t.pk, self.narrow_param(t), t.name, t.index_value) for t in tags]

        return results_cache.cached_tags(self.narrow_model, "narrowing", rows)

    def compare_choices(self):
        def rows():
            tags = self.subject_model.objects.with_articles().order_by("name")
            return [(tag.pk, self.subject_param(tag), tag.name) for tag in tags]

        chosen = self.compare.pk if self.compare else None
        found = results_cache.cached("covered", self.subject_kind, rows)
        return [
            {"value": value, "name": name, "selected": pk == chosen}
            for pk, value, name in found
            if pk != self.subject.pk
        ]

    def page_linker(self):
        """``link(page, anchor)``: this timeline (same filters) at ``page``, scrolled to ``anchor``.

        A bar of the chart each, so the query string is encoded once.
        """
        query = self.request.GET.copy()
        query.pop("page", None)
        encoded, path = query.urlencode(), self.request.path

        def link(page, anchor):
            if page > 1:
                return f"{path}?{encoded + '&' if encoded else ''}page={page}#{anchor}"
            return f"{path}{'?' + encoded if encoded else ''}#{anchor}"

        return link

    def range_link(self, tag, period):
        """Another tag's timeline narrowed to one period (same narrowing)."""
        start = period.start
        if period.by_year:
            end = date(start.year, 12, 31)
        else:
            end = last_day_of_month(start.year, start.month)
        query = QueryDict(mutable=True)
        if self.narrow:
            query[self.narrow_kind] = self.narrow_param(self.narrow)
        query["from"], query["to"] = start.isoformat(), end.isoformat()
        return f"{tag.get_absolute_url()}?{query.urlencode()}"

    def chart(self, counts, summary):
        series = [(self.subject.name, counts)]
        if self.compare:
            series.append((self.compare.name, self.months_of(self.compare)))
        month_pages = {(m.start.year, m.start.month): m for y in summary for m in y.months}
        year_pages = {y.year: y for y in summary}
        page_link = self.page_linker()

        def link(index, period):
            if index == 1:
                return self.range_link(self.compare, period)
            if period.by_year:
                year = year_pages[period.start.year]
                return page_link(year.page, year.anchor)
            month = month_pages[period.start.year, period.start.month]
            return page_link(month.page, month.anchor)

        title = f"Coverage of {self.subject.name}"
        if self.narrow:
            title += f" in {self.narrow.name}"
        if self.compare:
            title += f" compared with {self.compare.name}"
        return charts.coverage_chart(series, title=title, link=link)

    def figures_version(self, month_rows):
        """A digest of all that the chart and the month summary are made from.

        Both cover the whole timeline (hundreds of links) yet depend only on
        the month counts, the names in their titles and the page size. Most
        saves (a corrected headline, an edited body) leave those as they
        were, so the fragments are kept under this, not the content version.
        """
        shown = [month_rows, self.subject.name, per_page()]
        if self.narrow:
            shown += [self.narrow.name, self.narrow_param(self.narrow)]
        if self.compare:
            compared = sorted(self.months_of(self.compare).items())
            shown += [self.compare.name, self.compare.get_absolute_url(), compared]
        return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month_rows, counts = self.month_counts()
        page = context["page_obj"].number if context.get("page_obj") else 1
        summary = SimpleLazyObject(lambda: self.build_summary(month_rows, page))
        context.update(
            subject=self.subject,
            subject_kind=self.subject_kind,
            narrow=self.narrow,
            narrow_kind=self.narrow_kind,
            narrow_value=self.narrow_value,
            narrow_unknown=bool(self.narrow_value) and self.narrow is None,
            narrow_choices=self.narrowing_choices(),
            compare=self.compare,
            compare_value=self.compare_value,
            compare_unknown=bool(self.compare_value) and self.compare is None,
            compare_choices=self.compare_choices(),
            range_form=self.range_form,
            first_day=self.first_day,
            last_day=self.last_day,
            order=self.order,
            summary=summary,
            groups=self.build_groups(context["object_list"], month_rows),
            chart=SimpleLazyObject(lambda: self.chart(counts, summary)),
            # Keys the template's cached fragments (chart, month summary).
            figures_version=self.figures_version(month_rows),
            feed_rss=self.subject.get_absolute_url() + "feed.rss",
            feed_atom=self.subject.get_absolute_url() + "feed.atom",
        )
        return context


class TopicTimelineView(CachedPageMixin, TimelineMixin, ListView):
    subject_kind = "topic"
    narrow_kind = "country"
    narrow_model = Country
    subject_model = Topic
    template_name = "articles/topic_timeline.html"

    def get_subject(self):
        return get_object_or_404(Topic, slug=self.kwargs["slug"])

    def find_subject(self, value):
        return Topic.objects.filter(slug=value).first()

    def subject_param(self, tag):
        return tag.slug

    def find_narrowing(self, value):
        # Codes are shown lower-case in URLs but stored upper-case.
        return Country.objects.filter(code=value.upper()).first() if len(value) == 2 else None

    def narrow_param(self, tag):
        return tag.code.lower()


class CountryTimelineView(CachedPageMixin, TimelineMixin, ListView):
    subject_kind = "country"
    narrow_kind = "topic"
    narrow_model = Topic
    subject_model = Country
    template_name = "articles/country_timeline.html"

    def get(self, request, *args, **kwargs):
        code = self.kwargs["code"]
        if code != code.lower():
            # One address per country, so links and bookmarks agree.
            url = reverse("articles:country-timeline", kwargs={"code": code.lower()})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return super().get(request, *args, **kwargs)

    def get_subject(self):
        code = self.kwargs["code"]
        if len(code) != 2:
            # Not a country code at all; saves asking the database.
            raise Http404("No such country.")
        return get_object_or_404(Country, code=code.upper())

    def find_subject(self, value):
        return Country.objects.filter(code=value.upper()).first() if len(value) == 2 else None

    def subject_param(self, tag):
        return tag.code.lower()

    def find_narrowing(self, value):
        return Topic.objects.filter(slug=value).first()

    def narrow_param(self, tag):
        return tag.slug
