"""Browse by date: /archive/, then a year, a month (as a calendar) and a day."""

import calendar
from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractYear, TruncDate, TruncMonth
from django.urls import reverse
from django.views.generic import (
    DayArchiveView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from articles import charts, results_cache
from articles.models import Article, Editorial
from articles.search import coverage
from articles.views.browse import local_day_bounds, per_page
from articles.views.page_cache import CachedPageMixin


def month_url(year, month):
    return reverse("articles:archive-month", kwargs={"year": year, "month": f"{month:02d}"})


def day_url(day):
    return reverse(
        "articles:archive-day",
        kwargs={"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}"},
    )


class ArchiveMixin:
    """What every dated page shares: published articles, listed the same way."""

    date_field = "published"
    month_format = "%m"
    # Every published article has a page however its date falls; so does its day.
    allow_future = True
    context_object_name = "articles"

    def get_queryset(self):
        # Plain rows: the views also use this queryset to find the previous and
        # next dates, where prefetching tags would cost queries for nothing.
        return Article.objects.published()

    def get_dated_items(self):
        date_list, articles, extra = super().get_dated_items()
        if hasattr(articles, "for_listing"):
            articles = articles.for_listing()
        return date_list, articles, extra

    def year_chart(self, per_month, year):
        """Bars for the months of `year`, each linking to its month page."""
        return charts.coverage_chart(
            [("Articles", {(year, m): n for m, n in per_month.items()})],
            title=f"Articles per month in {year}",
            link=lambda _i, period: month_url(period.start.year, period.start.month),
            # January to December whatever the data, so every year's chart reads alike.
            span=((year, 1), (year, 12)),
            by_year=False,
        )


class ArchiveIndexView(CachedPageMixin, TemplateView):
    template_name = "articles/archive_index.html"

    @staticmethod
    def per_year():
        """{year: published articles}: from the index while it is current, else counted here.

        The database converts every row's date in Python to find its year
        (440 ms at 100,000 articles on SQLite); either way the answer is
        kept until the content changes.
        """

        def count():
            found = coverage.per_year_of_articles()
            if found is not None:
                return found
            rows = (
                Article.objects.published()
                .annotate(year=ExtractYear("published"))
                .values("year")
                .annotate(n=Count("id"))
                .order_by()
            )
            return {r["year"]: r["n"] for r in rows}

        return results_cache.cached("archive-years", "articles", count)

    def get_context_data(self, **kwargs):
        years = sorted(self.per_year().items())
        chart = charts.coverage_chart(
            [("Articles", {(y, 1): n for y, n in years})],
            title="Articles per year",
            link=lambda _i, period: reverse(
                "articles:archive-year", kwargs={"year": period.start.year}
            ),
            # This page is about years, however short the archive's span.
            by_year=True,
        )
        return super().get_context_data(years=years, chart=chart, **kwargs)


class ArchiveYearView(CachedPageMixin, ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    make_object_list = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = int(self.get_year())
        start, end = local_day_bounds(date(year, 1, 1), date(year, 12, 31))
        rows = (
            Article.objects.published()
            .filter(published__gte=start, published__lt=end)
            .annotate(month=TruncMonth("published"))
            .values("month")
            .annotate(n=Count("id"))
            .order_by("month")
        )
        per_month = {r["month"].month: r["n"] for r in rows}
        context.update(
            months=[
                {
                    "start": date(year, m, 1),
                    "count": per_month.get(m, 0),
                    "url": month_url(year, m) if per_month.get(m) else None,
                }
                for m in range(1, 13)
            ],
            year_total=sum(per_month.values()),
            chart=self.year_chart(per_month, year),
        )
        return context


class ArchiveMonthView(CachedPageMixin, ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"

    def get_paginate_by(self, queryset):
        return per_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = context["month"]
        year, month = first.year, first.month
        last = date(year, month, calendar.monthrange(year, month)[1])
        start, end = local_day_bounds(first, last)
        rows = (
            Article.objects.published()
            .filter(published__gte=start, published__lt=end)
            .annotate(day=TruncDate("published"))
            .values("day")
            .annotate(n=Count("id"))
            .order_by()
        )
        per_day = {r["day"]: r["n"] for r in rows}
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append(
                [
                    {
                        "day": d,
                        "in_month": d.month == month,
                        "count": per_day.get(d, 0) if d.month == month else 0,
                        "url": day_url(d) if d.month == month and per_day.get(d) else None,
                    }
                    for d in week
                ]
            )
        context.update(
            weeks=weeks,
            weekdays=[calendar.day_name[i] for i in range(7)],
            month_total=sum(per_day.values()),
            busiest=max(per_day.values(), default=0),
        )
        return context


class ArchiveDayView(CachedPageMixin, ArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"

    def get_paginate_by(self, queryset):
        return per_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = context["day"]
        context["editorials"] = Editorial.objects.published().filter(date=day).order_by("title")
        return context
