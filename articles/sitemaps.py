"""sitemap.xml: every public page a search engine should know about."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Country, Editorial, Topic
from articles.models.status import Status


class ArticleSitemap(Sitemap):
    changefreq = "yearly"  # archived reporting rarely changes
    priority = 0.8
    limit = 5000

    def items(self):
        # Only the columns the URL and lastmod need; the body is large.
        return (
            Article.objects.published()
            .only("slug", "published", "updated", "modified")
            .order_by("published", "id")
        )

    def lastmod(self, item):
        return item.modified


class EditorialSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Editorial.objects.published().only("slug", "date").order_by("date", "id")

    def lastmod(self, item):
        return item.date


class TagSitemap(Sitemap):
    """Timelines of tags with coverage; each changes when a new article is tagged."""

    changefreq = "weekly"
    priority = 0.7
    model = None

    def items(self):
        published = {"articles__status": Status.PUBLISHED}
        return (
            self.model.objects.filter(**published)
            .annotate(latest=Max("articles__modified"))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.latest


class TopicSitemap(TagSitemap):
    model = Topic


class CountrySitemap(TagSitemap):
    model = Country


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return [
            "articles:home",
            "articles:article-list",
            "articles:editorial-list",
            "articles:topic-list",
            "articles:country-list",
            "articles:archive-index",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "editorials": EditorialSitemap,
    "topics": TopicSitemap,
    "countries": CountrySitemap,
}
