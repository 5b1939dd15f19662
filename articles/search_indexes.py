"""What the search engine knows about each published article and editorial.

Field names are shared by both indexes so one query, one set of filters and
one set of facets cover both types.

``document(obj)`` builds a row's whole search document in one pass over
attributes that ``index_queryset()`` has prefetched. It is what our backend
writes (rebuilds and index tasks alike); haystack's generic ``full_prepare()``
walks every field through its own machinery and gives the same values, which
a test checks. The text field is assembled here rather than from a template:
rendering a template per row was a tenth of a rebuild.
"""

from datetime import UTC, datetime

from django.utils import timezone
from haystack import indexes
from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from articles.models import Article, Editorial


def _utc_naive(value):
    # Whoosh stores naive datetimes; aware ones are stored in UTC (see backend).
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    return datetime(value.year, value.month, value.day)


class ArchiveIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True)
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

    def prepare_text(self, obj):
        raise NotImplementedError

    def prepare_headline(self, obj):
        return getattr(obj, self.headline_attr)

    def prepare_type(self, obj):
        return obj._meta.model_name

    def prepare_topics(self, obj):
        return sorted(t.index_value for t in obj.topics.all())

    def prepare_countries(self, obj):
        return sorted(c.index_value for c in obj.countries.all())

    def prepare_published(self, obj):
        return getattr(obj, self.date_attr)

    def prepare_year(self, obj):
        value = getattr(obj, self.date_attr)
        if isinstance(value, datetime):
            value = timezone.localtime(value)
        return str(value.year)

    def document(self, obj):
        """The Whoosh document for ``obj``: field name → value as Whoosh takes it."""
        label = obj._meta.label_lower
        when = getattr(obj, self.date_attr)
        year = timezone.localtime(when).year if isinstance(when, datetime) else when.year
        doc = {
            ID: f"{label}.{obj.pk}",
            DJANGO_CT: label,
            DJANGO_ID: str(obj.pk),
            "text": self.prepare_text(obj),
            "headline": getattr(obj, self.headline_attr),
            "type": obj._meta.model_name,
            "topics": ",".join(self.prepare_topics(obj)),
            "countries": ",".join(self.prepare_countries(obj)),
            "year": str(year),
            "published": _utc_naive(when),
        }
        # Faceted fields have an unanalysed twin ("topics_exact") that facets count.
        for field in self.fields.values():
            if getattr(field, "facet_for", None):
                doc[field.index_fieldname] = doc[self.fields[field.facet_for].index_fieldname]
        return doc


class ArticleIndex(ArchiveIndex, indexes.Indexable):
    byline = indexes.CharField(model_attr="byline")
    dateline = indexes.CharField(model_attr="dateline")
    caption = indexes.CharField()

    model = Article

    def index_queryset(self, using=None):
        return super().index_queryset(using).prefetch_related("captions", "also_read_links")

    def prepare_text(self, obj):
        # Everything a reader could search for, one part per line.
        lines = [
            obj.headline,
            obj.summary,
            f"{obj.dateline} {obj.byline}",
            obj.body_text(),
            *(f"{c.text} {c.credit}" for c in obj.captions.all()),
            *(link.title for link in obj.also_read_links.all()),
        ]
        return "\n".join(lines)

    def prepare_caption(self, obj):
        return "\n".join(f"{c.text} {c.credit}".strip() for c in obj.captions.all())

    def document(self, obj):
        doc = super().document(obj)
        doc["byline"] = obj.byline
        doc["dateline"] = obj.dateline
        doc["caption"] = self.prepare_caption(obj)
        return doc


class EditorialIndex(ArchiveIndex, indexes.Indexable):
    model = Editorial
    headline_attr = "title"
    date_attr = "date"

    def prepare_text(self, obj):
        return f"{obj.title}\n{obj.text()}"
