"""The public, read-only pages: home, lists, details and the tag timelines."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DateDetailView, ListView, TemplateView

from articles.models import Article, Country, Editorial, Topic


def per_page():
    return settings.NEWSARCHIVE["ARTICLES_PER_PAGE"]


def covered(tags):
    """Tags (topics or countries) with at least one published article, with counts."""
    return tags.with_counts().filter(article_count__gt=0)


class HomeView(TemplateView):
    template_name = "articles/home.html"
    latest_count = 10
    tag_count = 12
    editorial_count = 5

    def get_context_data(self, **kwargs):
        articles = Article.objects.published()
        editorials = Editorial.objects.published()
        return super().get_context_data(
            latest_articles=articles.for_listing()[: self.latest_count],
            # The busiest tags first: the home page is a way in, not an index.
            topics=covered(Topic.objects).order_by("-article_count", "name")[: self.tag_count],
            countries=covered(Country.objects).order_by("-article_count", "name")[: self.tag_count],
            recent_editorials=editorials.for_listing()[: self.editorial_count],
            has_demo_content=(
                articles.filter(is_demo=True).exists() or editorials.filter(is_demo=True).exists()
            ),
            **kwargs,
        )


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return per_page()

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DateDetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    date_field = "published"
    month_format = "%m"
    # Lists show every published article whatever its date, so its page must exist too.
    allow_future = True

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related_editorials=self.object.published_editorials, **kwargs
        )


class EditorialListView(ListView):
    template_name = "articles/editorial_list.html"
    context_object_name = "editorials"

    def get_paginate_by(self, queryset):
        return per_page()

    def get_queryset(self):
        return Editorial.objects.published().for_listing()


class EditorialDetailView(DateDetailView):
    template_name = "articles/editorial_detail.html"
    context_object_name = "editorial"
    date_field = "date"
    month_format = "%m"
    allow_future = True

    def get_queryset(self):
        # Beside-articles read as a story, so they run oldest first.
        beside = Article.objects.published().for_listing().order_by("published", "id")
        return Editorial.objects.published().prefetch_related(
            "topics", "countries", Prefetch("articles", queryset=beside, to_attr="beside")
        )


class TopicListView(ListView):
    template_name = "articles/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return covered(Topic.objects).order_by("name")


class CountryListView(ListView):
    template_name = "articles/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        return covered(Country.objects).order_by("name")

    def get_context_data(self, **kwargs):
        uncovered = Country.objects.count() - len(self.object_list)
        return super().get_context_data(uncovered_count=uncovered, **kwargs)


@dataclass
class MonthGroup:
    start: date
    count: int  # published articles in the whole month, not only on this page
    page: int  # the page on which the month begins
    articles: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"m{self.start:%Y-%m}"


@dataclass
class YearGroup:
    year: int
    count: int = 0  # published articles in the whole year
    months: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"y{self.year}"


class TimelineMixin:
    """One tag's published articles by year and month, narrowed by the other kind of tag.

    Topic and country timelines differ only in which tag is the subject and
    which narrows, so subclasses name those and find the rows; everything else
    (ordering, month totals, the summary nav, the narrowing form) lives here.
    """

    subject_kind = None  # "topic" or "country": the tagged() keyword the subject fills
    narrow_kind = None  # the other one; also the GET parameter that narrows
    narrow_model = None
    template_name = "articles/timeline.html"
    context_object_name = "articles"
    ORDERS = {"newest": ("-published", "-id"), "oldest": ("published", "id")}

    def get_subject(self):
        raise NotImplementedError

    def find_narrowing(self, value):
        """The narrowing tag for a GET value, or None when there is no such tag."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject()
        order = request.GET.get("order", "")
        self.order = order if order in self.ORDERS else "newest"
        self.narrow_value = request.GET.get(self.narrow_kind, "").strip()
        self.narrow = self.find_narrowing(self.narrow_value) if self.narrow_value else None
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return per_page()

    def timeline(self):
        """The timeline's articles, unordered: the base for the list and every count."""
        tags = {self.subject_kind: self.subject, self.narrow_kind: self.narrow}
        return Article.objects.published().tagged(**tags)

    def get_queryset(self):
        return self.timeline().for_listing().order_by(*self.ORDERS[self.order])

    def month_counts(self):
        """(year, month, count) for every month in the timeline, in display order: one query."""
        direction = "-month" if self.order == "newest" else "month"
        rows = (
            self.timeline()
            .annotate(month=TruncMonth("published"))
            .values("month")
            .annotate(n=Count("id"))
            .order_by(direction)
        )
        return [(row["month"].year, row["month"].month, row["n"]) for row in rows]

    def build_groups(self, page_articles):
        """The summary (every year and month) and the groups for this page's articles."""
        size = per_page()
        summary, months, seen = [], {}, 0
        for year, month, count in self.month_counts():
            if not summary or summary[-1].year != year:
                summary.append(YearGroup(year))
            group = MonthGroup(date(year, month, 1), count, page=seen // size + 1)
            summary[-1].months.append(group)
            summary[-1].count += count
            months[year, month] = group
            seen += count
        year_totals = {group.year: group.count for group in summary}

        page_groups = []
        for article in page_articles:
            local = timezone.localtime(article.published)
            month = months[local.year, local.month]
            if not page_groups or page_groups[-1].year != local.year:
                page_groups.append(YearGroup(local.year, year_totals[local.year]))
            year_group = page_groups[-1]
            if not year_group.months or year_group.months[-1].start != month.start:
                # A copy so the summary keeps its empty article lists.
                year_group.months.append(MonthGroup(month.start, month.count, month.page))
            year_group.months[-1].articles.append(article)
        return summary, page_groups

    def narrow_param(self, tag):
        """The GET value that narrows to a tag: the inverse of find_narrowing()."""
        raise NotImplementedError

    def narrowing_choices(self):
        """Tags of the other kind found in this (un-narrowed) timeline, with their counts."""
        within = Article.objects.published().tagged(**{self.subject_kind: self.subject})
        # Filtering before annotating makes the count use the same, filtered join.
        tags = (
            self.narrow_model.objects.filter(articles__in=within)
            .annotate(article_count=Count("articles", distinct=True))
            .order_by("name")
        )
        return [
            {
                "value": self.narrow_param(tag),
                "name": tag.name,
                "count": tag.article_count,
                "selected": tag == self.narrow,
            }
            for tag in tags
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary, groups = self.build_groups(context["object_list"])
        context.update(
            subject=self.subject,
            subject_kind=self.subject_kind,
            narrow=self.narrow,
            narrow_kind=self.narrow_kind,
            narrow_value=self.narrow_value,
            narrow_unknown=bool(self.narrow_value) and self.narrow is None,
            narrow_choices=self.narrowing_choices(),
            order=self.order,
            summary=summary,
            groups=groups,
        )
        return context


class TopicTimelineView(TimelineMixin, ListView):
    subject_kind = "topic"
    narrow_kind = "country"
    narrow_model = Country
    template_name = "articles/topic_timeline.html"

    def get_subject(self):
        return get_object_or_404(Topic, slug=self.kwargs["slug"])

    def find_narrowing(self, value):
        # Codes are shown lower-case in URLs but stored upper-case.
        return Country.objects.filter(code=value.upper()).first() if len(value) == 2 else None

    def narrow_param(self, tag):
        return tag.code.lower()


class CountryTimelineView(TimelineMixin, ListView):
    subject_kind = "country"
    narrow_kind = "topic"
    narrow_model = Topic
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

    def find_narrowing(self, value):
        return Topic.objects.filter(slug=value).first()

    def narrow_param(self, tag):
        return tag.slug
