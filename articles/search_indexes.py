"""What the search engine knows about each published article and editorial.

Field names are shared by both indexes so one query, one set of filters and
one set of facets cover both types.
"""

from datetime import datetime

from django.utils import timezone
from haystack import indexes

from articles.models import Article, Editorial


class ArchiveIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True, use_template=True)
    headline = indexes.CharField()
    # Facet and filter fields hold keywords (slugs, lower-case ISO codes,
    # years), which the backend indexes unstemmed.
    type = indexes.CharField(faceted=True)
    topics = indexes.MultiValueField(faceted=True)
    countries = indexes.MultiValueField(faceted=True)
    year = indexes.CharField(faceted=True)
    published = indexes.DateTimeField()

    model = None
    headline_attr = "headline"
    date_attr = "published"

    def get_model(self):
        return self.model

    def index_queryset(self, using=None):
        return self.get_model().objects.published().prefetch_related("topics", "countries")

    def read_queryset(self, using=None):
        # Results are loaded through the same rule, so a draft never shows
        # even if the index has not caught up with it yet.
        return self.get_model().objects.published().prefetch_related("topics", "countries")

    def prepare_headline(self, obj):
        return getattr(obj, self.headline_attr)

    def prepare_type(self, obj):
        return obj._meta.model_name

    def prepare_topics(self, obj):
        return sorted(t.slug for t in obj.topics.all())

    def prepare_countries(self, obj):
        return sorted(c.code.lower() for c in obj.countries.all())

    def prepare_published(self, obj):
        return getattr(obj, self.date_attr)

    def prepare_year(self, obj):
        value = getattr(obj, self.date_attr)
        if isinstance(value, datetime):
            value = timezone.localtime(value)
        return str(value.year)


class ArticleIndex(ArchiveIndex, indexes.Indexable):
    byline = indexes.CharField(model_attr="byline")
    dateline = indexes.CharField(model_attr="dateline")
    caption = indexes.CharField()

    model = Article

    def index_queryset(self, using=None):
        return super().index_queryset(using).prefetch_related("captions", "also_read_links")

    def prepare_caption(self, obj):
        return "\n".join(f"{c.text} {c.credit}".strip() for c in obj.captions.all())


class EditorialIndex(ArchiveIndex, indexes.Indexable):
    model = Editorial
    headline_attr = "title"
    date_attr = "date"
