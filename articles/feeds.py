"""RSS and Atom feeds: the latest articles, and the latest on one topic or country."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article, Country, Topic
from articles.sanitize import feed_description, without_control_chars
from articles.templatetags.archive_tags import first_words


def feed_size():
    return settings.NEWSARCHIVE.get("FEED_ITEMS", 30)


class ArticleFeedMixin:
    """How any of our feeds shows an article; subclasses choose which articles."""

    def items(self, obj=None):
        return self.articles(obj).for_listing()[: feed_size()]

    def articles(self, obj):
        return Article.objects.published()

    # Stored text may carry control characters (a headline is plain text); XML cannot.
    def item_title(self, item):
        return without_control_chars(item.headline)

    def item_description(self, item):
        return feed_description(first_words(item, 60))

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated or item.published

    def item_author_name(self, item):
        return without_control_chars(item.byline) or None

    def item_categories(self, item):
        # Read by for_listing(), so a long feed costs no extra queries.
        topics, countries = item.tag_lists()
        return [tag.name for tag in (*topics, *countries)]

    def item_guid(self, item):
        # The permalink, not the dated URL: a corrected headline must not look like a new item.
        return self.request.build_absolute_uri(
            reverse("articles:article-permalink", kwargs={"pk": item.pk})
        )

    item_guid_is_permalink = True

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)


class LatestArticlesFeed(ArticleFeedMixin, Feed):
    title = "News archive: latest articles"
    description = "The newest articles added to the news archive."

    def link(self):
        return reverse("articles:article-list")


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TopicFeed(ArticleFeedMixin, Feed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def articles(self, obj):
        return Article.objects.published().tagged(topic=obj)

    def title(self, obj):
        return f"News archive: {obj.name}"

    def description(self, obj):
        return obj.description or f"The newest articles on {obj.name} in the news archive."

    def link(self, obj):
        return obj.get_absolute_url()


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class CountryFeed(ArticleFeedMixin, Feed):
    def get_object(self, request, code):
        if len(code) != 2:
            raise Http404("No such country.")
        return get_object_or_404(Country, code=code.upper())

    def articles(self, obj):
        return Article.objects.published().tagged(country=obj)

    def title(self, obj):
        return f"News archive: {obj.name}"

    def description(self, obj):
        return f"The newest articles about {obj.name} in the news archive."

    def link(self, obj):
        return obj.get_absolute_url()


class CountryAtomFeed(CountryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
