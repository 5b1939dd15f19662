"""The public, read-only pages: home, article and editorial lists and details."""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DateDetailView, ListView, RedirectView, TemplateView

from articles import results_cache
from articles.citations import citations
from articles.models import AlsoReadLink, Article, Country, Editorial, Topic
from articles.models.status import Status
from articles.views.page_cache import CachedPageMixin
from articles.views.tags import busiest

log = logging.getLogger(__name__)


def per_page():
    return settings.NEWSARCHIVE["ARTICLES_PER_PAGE"]


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


class HomeView(CachedPageMixin, TemplateView):
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


class ArticleListView(CachedPageMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return per_page()

    def get_queryset(self):
        return Article.objects.published().for_listing()


# How long an article page keeps its "more like this" list.
SIMILAR_SECONDS = 600


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
    """``more_like_this``, its answer kept for ``SIMILAR_SECONDS`` or until the article changes.

    Finding the words and searching is most of an article page's time, and
    with editors saving the index changes every few seconds: the list is kept
    for a while instead (a new article joins other pages' lists within
    minutes). The page needs only the headlines, dates and addresses of what
    was found, read here in one query, so rows unpublished since are skipped.
    """
    try:
        # An empty answer is not kept: the index may not hold the article
        # yet, or may be failing, and should be asked again next time.
        ids = (
            results_cache.cached_while(
                "similar",
                (article.pk, article.modified.isoformat(), count),
                lambda: more_like_this(article, count) or None,
                SIMILAR_SECONDS,
            )
            or []
        )
    except Exception:  # noqa: BLE001 - a missing or broken index must not break reading
        log.warning("more_like_this unavailable for article %s", article.pk, exc_info=True)
        return []
    found = Article.objects.published().for_links().in_bulk(ids)
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
    found = Article.objects.for_links().in_bulk(ids) if ids else {}
    return [(t, found.get(t.prev_id), found.get(t.next_id)) for t in topics]


def story_alongside(article, editorials, count):
    """The ``count`` other articles nearest in time that ran beside ``editorials``.

    Returns ([(article, an editorial it shares)] in time order, how many
    such articles there are). A long-running editorial can sit beside
    hundreds of articles; the nearest in time tell this story best, and only
    they are read: the latest before and the earliest after, ``count`` each.
    """
    order = {editorial.pk: n for n, editorial in enumerate(editorials)}
    if not order:
        return [], 0
    # Driven from the link table (IN): an EXISTS per article would walk the
    # date index through the whole archive for an editorial's few articles.
    beside = Editorial.articles.through.objects.filter(editorial_id__in=list(order))
    others = (
        Article.objects.published()
        .filter(pk__in=beside.values("article_id"))
        .exclude(pk=article.pk)
        .for_links()
    )
    total = others.count()
    if not total:
        return [], 0
    before = others.filter(published__lte=article.published).order_by("-published", "-id")
    after = others.filter(published__gt=article.published).order_by("published", "id")
    candidates = list(before[:count]) + list(after[:count])
    nearest = sorted(candidates, key=lambda other: abs(other.published - article.published))
    chosen = sorted(nearest[:count], key=lambda other: (other.published, other.pk))
    # Each is shown with the first of this article's editorials it ran beside.
    shared = {}
    links = Editorial.articles.through.objects.filter(
        article_id__in=[other.pk for other in chosen], editorial_id__in=list(order)
    ).values_list("article_id", "editorial_id")
    for article_id, editorial_id in links:
        if article_id not in shared or order[editorial_id] < order[shared[article_id]]:
            shared[article_id] = editorial_id
    by_pk = {editorial.pk: editorial for editorial in editorials}
    return [(other, by_pk[shared[other.pk]]) for other in chosen], total


class ArticleDetailView(CachedPageMixin, DateDetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    date_field = "published"
    month_format = "%m"
    # Lists show every published article whatever its date, so its page must exist too.
    allow_future = True
    alongside_count = 12

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        article = self.object
        linked_from = (
            AlsoReadLink.objects.filter(target=article, article__status=Status.PUBLISHED)
            .exclude(article=article)
            .select_related("article")
            .order_by("-article__published")
        )
        alongside, alongside_total = story_alongside(
            article, article.published_editorials, self.alongside_count
        )
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


class EditorialListView(CachedPageMixin, ListView):
    template_name = "articles/editorial_list.html"
    context_object_name = "editorials"

    def get_paginate_by(self, queryset):
        return per_page()

    def get_queryset(self):
        return Editorial.objects.published().for_listing()


class EditorialDetailView(CachedPageMixin, DateDetailView):
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
