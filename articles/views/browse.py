"""The public, read-only pages: home, lists, details and the tag timelines."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear, TruncDate, TruncMonth
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DateDetailView, ListView, RedirectView, TemplateView

from articles import charts, results_cache
from articles.citations import citations
from articles.models import AlsoReadLink, Article, Country, Editorial, Topic
from articles.models.status import Status

log = logging.getLogger(__name__)


def per_page():
    return settings.NEWSARCHIVE["ARTICLES_PER_PAGE"]


def covered(tags):
    """Tags (topics or countries) with at least one published article, with counts."""
    return tags.with_counts().filter(article_count__gt=0)


def local_day_bounds(first, last):
    """Aware datetimes from the start of `first` to the start of the day after `last`.

    Comparing `published` with bounds (rather than `published__date`) keeps
    the (status, -published) index usable.
    """
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone) if last else None
    return start, end


def within_days(qs, first=None, last=None):
    start, end = local_day_bounds(first, last)
    if start:
        qs = qs.filter(published__gte=start)
    if end:
        qs = qs.filter(published__lt=end)
    return qs


class HomeView(TemplateView):
    template_name = "articles/home.html"
    latest_count = 10
    tag_count = 12
    editorial_count = 5
    on_this_day_count = 6

    def on_this_day(self, today):
        """Articles from today's date in earlier years, newest first."""
        return (
            Article.objects.published()
            .filter(
                published__month=today.month,
                published__day=today.day,
                published__lt=local_day_bounds(today, None)[0],
            )
            .order_by("-published", "-id")[: self.on_this_day_count]
        )

    def get_context_data(self, **kwargs):
        articles = Article.objects.published()
        editorials = Editorial.objects.published()
        today = timezone.localdate()
        return super().get_context_data(
            latest_articles=articles.for_listing()[: self.latest_count],
            # The busiest tags first: the home page is a way in, not an index.
            topics=busiest(Topic, self.tag_count),
            countries=busiest(Country, self.tag_count),
            recent_editorials=editorials.for_listing()[: self.editorial_count],
            on_this_day=self.on_this_day(today),
            today=today,
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


def more_like_this(article, count=5):
    """Ids of the articles the search engine finds similar, or [] when it cannot say."""
    from haystack.query import SearchQuerySet

    try:
        results = SearchQuerySet().models(Article).more_like_this(article)[:count]
        return [int(result.pk) for result in results]
    except Exception:  # noqa: BLE001 - a missing or broken index must not break reading
        log.warning("more_like_this failed for article %s", article.pk, exc_info=True)
        return []


def similar_articles(article, count=5):
    """``more_like_this``, its answer kept until the content or the index changes.

    Finding the words and searching is most of an article page's time; the
    page needs only the headlines, dates and addresses of what it found, read
    here in one query (rows unpublished since they were indexed are skipped).
    """
    try:
        ids = results_cache.cached(
            "similar",
            (article.pk, count),
            lambda: more_like_this(article, count),
            search=True,  # the key holds the index generation: opening the index may fail
        )
    except Exception:  # noqa: BLE001 - a missing or broken index must not break reading
        log.warning("more_like_this unavailable for article %s", article.pk, exc_info=True)
        return []
    found = Article.objects.published().only("id", "headline", "slug", "published").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def topic_neighbours(article):
    """(topic, previous, next) for each of the article's topics, in two queries.

    "Previous" and "next" follow the topic timeline's oldest-first order
    (published, then id), so articles sharing a timestamp still step in turn.
    """
    # "Is in the topic" as EXISTS, not a join: the database then walks articles
    # in date order from this one and stops at the first in the topic (0.05 ms),
    # where the join read and sorted every article of the topic (10 ms a topic
    # at 100,000 articles).
    in_topic = Article.topics.through.objects.filter(
        article_id=OuterRef("pk"), topic_id=OuterRef(OuterRef("pk"))
    )
    same_topic = Article.objects.published().filter(Exists(in_topic)).exclude(pk=article.pk)
    # The outer <= / >= repeats what the OR implies, in a form the database can
    # seek to in its date index: with the date as a parameter, SQLite cannot
    # see that the two halves of the OR compare with the same value, and
    # scanned the index from the far end (14 ms at 100,000 articles, not 0.02).
    when, pk = article.published, article.pk
    before = Q(published__lte=when) & (Q(published__lt=when) | Q(published=when, id__lt=pk))
    after = Q(published__gte=when) & (Q(published__gt=when) | Q(published=when, id__gt=pk))
    topics = list(
        Topic.objects.filter(articles=article)
        .annotate(
            prev_id=Subquery(
                same_topic.filter(before).order_by("-published", "-id").values("id")[:1]
            ),
            next_id=Subquery(same_topic.filter(after).order_by("published", "id").values("id")[:1]),
        )
        .order_by("name")
    )
    ids = {i for t in topics for i in (t.prev_id, t.next_id) if i}
    found = Article.objects.in_bulk(ids) if ids else {}
    return [(t, found.get(t.prev_id), found.get(t.next_id)) for t in topics]


class ArticleDetailView(DateDetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    date_field = "published"
    month_format = "%m"
    # Lists show every published article whatever its date, so its page must exist too.
    allow_future = True
    alongside_count = 12

    def get_queryset(self):
        # The editorials beside this article bring the other articles they ran
        # beside: the story thread, fetched in one more query however long.
        beside = Article.objects.published().order_by("published", "id")
        editorials = (
            Editorial.objects.published()
            .order_by("date", "title")
            .prefetch_related(Prefetch("articles", queryset=beside, to_attr="beside"))
        )
        return (
            Article.objects.published()
            .for_detail()
            .prefetch_related(Prefetch("editorials", queryset=editorials, to_attr="thread"))
        )

    def get_context_data(self, **kwargs):
        article = self.object
        linked_from = (
            AlsoReadLink.objects.filter(target=article, article__status=Status.PUBLISHED)
            .exclude(article=article)
            .select_related("article")
            .order_by("-article__published")
        )
        # One entry per other article, however many editorials it shares.
        seen, alongside = {article.pk}, []
        for editorial in article.thread:
            for other in editorial.beside:
                if other.pk not in seen:
                    seen.add(other.pk)
                    alongside.append((other, editorial))
        # A long-running editorial can sit beside hundreds of articles; the
        # ones nearest in time tell this story best, shown in time order.
        alongside_total = len(alongside)
        nearest = sorted(alongside, key=lambda pair: abs(pair[0].published - article.published))
        alongside = sorted(nearest[: self.alongside_count], key=lambda p: p[0].published)
        permalink = self.request.build_absolute_uri(
            reverse("articles:article-permalink", kwargs={"pk": article.pk})
        )
        return super().get_context_data(
            related_editorials=article.published_editorials,
            linked_from=[link.article for link in linked_from],
            alongside=alongside,
            alongside_more=alongside_total - len(alongside),
            neighbours=topic_neighbours(article),
            similar=similar_articles(article),
            permalink=permalink,
            citations=citations(article, permalink, timezone.localdate()),
            **kwargs,
        )


class ArticlePermalinkView(RedirectView):
    """`/a/<id>/`: an address that survives a change of headline, slug or date."""

    permanent = False  # the dated address it points to may change

    def get_redirect_url(self, *args, **kwargs):
        article = get_object_or_404(Article.objects.published(), pk=kwargs["pk"])
        return article.get_absolute_url()


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


def yearly_counts(through, tag_field):
    """{tag id: {year: count}} and the (first, last) year, in one query over the M2M rows."""
    rows = (
        through.objects.filter(article__status=Status.PUBLISHED)
        .annotate(year=ExtractYear("article__published"))
        .values(tag_field, "year")
        .annotate(n=Count("article_id"))
        .order_by()
    )
    per_tag, years = {}, set()
    for row in rows:
        per_tag.setdefault(row[tag_field], {})[row["year"]] = row["n"]
        years.add(row["year"])
    return per_tag, (min(years), max(years)) if years else None


def cached_yearly_counts(model):
    """``yearly_counts`` for Topic or Country, kept until the content changes.

    Counting means reading every tagged article's row (a second at 100,000
    articles on SQLite), so the home page, the tag lists and their sparklines
    share one cached count.
    """
    through, column = model.article_links()
    return results_cache.cached(
        "yearly-counts",
        (model._meta.label_lower, column),
        lambda: yearly_counts(through, column),
    )


def busiest(model, count):
    """The ``count`` tags with most published articles (ties by name), counts attached."""
    per_tag, _span = cached_yearly_counts(model)
    totals = {pk: sum(years.values()) for pk, years in per_tag.items()}
    tags = list(model.objects.filter(pk__in=totals))
    for tag in tags:
        tag.article_count = totals[tag.pk]
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


class TopicListView(SparklineMixin, ListView):
    template_name = "articles/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return covered(Topic.objects).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.add_sparklines(context["topics"], Topic)
        return context


class CountryListView(SparklineMixin, ListView):
    template_name = "articles/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        return covered(Country.objects).order_by("name")

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


# --- Timelines -----------------------------------------------------------------


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

    @property
    def anchor(self):
        return f"m{self.start:%Y-%m}"


@dataclass
class YearGroup:
    year: int
    count: int = 0  # published articles in the whole year
    months: list = field(default_factory=list)
    page: int = 1  # the page on which the year begins

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

    def timeline(self):
        """The timeline's articles, unordered: the base for the list and every count."""
        return self.tagged(self.subject)

    # A subject on at least this share of published articles counts as common
    # (see ArticleQuerySet.tagged).
    COMMON_SHARE = 0.02

    def get_queryset(self):
        # Narrowed by a second tag, the join can start from the rarer of the
        # two; the date-order walk pays off only for a common tag on its own.
        qs = self.tagged(self.subject, common=self.narrow is None and self.subject_is_common())
        return qs.for_listing().order_by(*self.ORDERS[self.order])

    def subject_is_common(self):
        # Two counts over narrow indexes (a few ms at 100,000 articles), not
        # the cached per-year figures, which cost a second whenever the
        # content has changed.
        through, column = self.subject_model.article_links()
        tagged = through.objects.filter(**{column: self.subject.pk}).count()
        return tagged >= self.COMMON_SHARE * Article.objects.count()

    @staticmethod
    def per_month(qs):
        """{(year, month): count} in local time: one query."""
        rows = qs.annotate(month=TruncMonth("published")).values("month").annotate(n=Count("id"))
        return {(r["month"].year, r["month"].month): r["n"] for r in rows.order_by()}

    def months_of(self, subject):
        """``per_month`` of a subject's timeline (same narrowing and dates), cached.

        These counts cover the whole timeline however long, so they are the
        expensive part of the page; they change only when the content does.
        """
        key = (
            self.subject_kind,
            subject.pk,
            self.narrow.pk if self.narrow else None,
            self.first_day,
            self.last_day,
        )
        return results_cache.cached(
            "timeline-months", key, lambda: self.per_month(self.tagged(subject))
        )

    def get_paginator(self, queryset, per_page, **kwargs):
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
        rows = (
            within_days(self.timeline(), min(days), max(days))
            .annotate(day=TruncDate("published"))
            .values("day")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {r["day"]: r["n"] for r in rows}

    def build_groups(self, page_articles, month_rows):
        """The summary (every year and month) and the groups for this page's articles."""
        size = per_page()
        summary, months, seen = [], {}, 0
        for year, month, count in month_rows:
            if not summary or summary[-1].year != year:
                summary.append(YearGroup(year, page=seen // size + 1))
            group = MonthGroup(date(year, month, 1), count, page=seen // size + 1)
            summary[-1].months.append(group)
            summary[-1].count += count
            months[year, month] = group
            seen += count
        year_totals = {group.year: group.count for group in summary}
        day_totals = self.day_counts(page_articles)

        page_groups = []
        for article in page_articles:
            local = timezone.localtime(article.published)
            month = months[local.year, local.month]
            if not page_groups or page_groups[-1].year != local.year:
                page_groups.append(YearGroup(local.year, year_totals[local.year], page=0))
            year_group = page_groups[-1]
            if not year_group.months or year_group.months[-1].start != month.start:
                # A copy so the summary keeps its empty article lists.
                year_group.months.append(MonthGroup(month.start, month.count, month.page))
            month_group = year_group.months[-1]
            month_group.articles.append(article)
            day = local.date()
            if not month_group.days or month_group.days[-1].day != day:
                month_group.days.append(DayGroup(day, day_totals.get(day, 0)))
            month_group.days[-1].articles.append(article)
        return summary, page_groups

    def narrow_param(self, tag):
        """The GET value that narrows to a tag: the inverse of find_narrowing()."""
        raise NotImplementedError

    def narrowing_choices(self):
        """Tags of the other kind found in this (un-narrowed) timeline, with their counts."""

        def rows():
            within = Article.objects.published().tagged(**{self.subject_kind: self.subject})
            # Filtering before annotating makes the count use the same, filtered join.
            tags = (
                self.narrow_model.objects.filter(articles__in=within)
                .annotate(article_count=Count("articles", distinct=True))
                .order_by("name")
            )
            return [(tag.pk, self.narrow_param(tag), tag.name, tag.article_count) for tag in tags]

        chosen = self.narrow.pk if self.narrow else None
        found = results_cache.cached("narrowing", (self.subject_kind, self.subject.pk), rows)
        return [
            {"value": value, "name": name, "count": count, "selected": pk == chosen}
            for pk, value, name, count in found
        ]

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

    def link(self, page, anchor):
        """This timeline (same filters) at `page`, scrolled to `anchor`."""
        query = self.request.GET.copy()
        query.pop("page", None)
        if page > 1:
            query["page"] = page
        encoded = query.urlencode()
        return f"{self.request.path}{'?' + encoded if encoded else ''}#{anchor}"

    def range_link(self, tag, period):
        """Another tag's timeline narrowed to one period (same narrowing)."""
        start = period.start
        if period.by_year:
            end = date(start.year, 12, 31)
        else:
            following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            end = following - timedelta(days=1)
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

        def link(index, period):
            if index == 1:
                return self.range_link(self.compare, period)
            if period.by_year:
                year = year_pages[period.start.year]
                return self.link(year.page, year.anchor)
            month = month_pages[period.start.year, period.start.month]
            return self.link(month.page, month.anchor)

        title = f"Coverage of {self.subject.name}"
        if self.narrow:
            title += f" in {self.narrow.name}"
        if self.compare:
            title += f" compared with {self.compare.name}"
        return charts.coverage_chart(series, title=title, link=link)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month_rows, counts = self.month_counts()
        summary, groups = self.build_groups(context["object_list"], month_rows)
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
            groups=groups,
            chart=self.chart(counts, summary),
            # Keys the template's cached fragments (chart, month summary).
            content_version=results_cache.content_version(),
            feed_rss=self.subject.get_absolute_url() + "feed.rss",
            feed_atom=self.subject.get_absolute_url() + "feed.atom",
        )
        return context


class TopicTimelineView(TimelineMixin, ListView):
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


class CountryTimelineView(TimelineMixin, ListView):
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
