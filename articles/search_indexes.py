"""What the search engine knows about each published article and editorial.

Field names are shared by both indexes so one query, one set of filters and
one set of facets cover both types.

``document(obj)`` builds a row's whole search document in one pass over
attributes that ``index_queryset()`` has prefetched; ``documents(objects)``
does the same for many rows, reading their related rows itself. That is what
our backend writes (rebuilds and index tasks alike); haystack's generic
``full_prepare()`` walks every field through its own machinery and gives the
same values, which tests check. The text field is assembled here rather than from a template:
rendering a template per row was a tenth of a rebuild.
"""

import dataclasses
from datetime import UTC, datetime

from django.utils import timezone
from haystack import indexes
from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from articles.models import AlsoReadLink, Article, Caption, Editorial


def _utc_naive(value):
    # Whoosh stores naive datetimes; aware ones are stored in UTC (see backend).
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    return datetime(value.year, value.month, value.day)


@dataclasses.dataclass
class Related:
    """What a document takes from its row's related rows."""

    topics: list  # index values, sorted
    countries: list
    captions: list = dataclasses.field(default_factory=list)  # (text, credit), in order
    also_read: list = dataclasses.field(default_factory=list)  # titles, in order


def _tag_values(model, name, pks):
    """(row pk, tag index value) for the ``name`` tags (topics, countries) of rows ``pks``."""
    relation = model._meta.get_field(name)
    values = {tag.pk: tag.index_value for tag in relation.related_model.objects.all()}
    own, tag = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    rows = relation.remote_field.through.objects.filter(**{f"{own}__in": pks})
    return ((pk, values[tag_id]) for pk, tag_id in rows.values_list(f"{own}_id", f"{tag}_id"))


def _caption_lines(captions):
    return "\n".join(f"{text} {credit}".strip() for text, credit in captions)


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

    def related(self, obj):
        """What ``obj``'s document takes from related rows (prefetched by ``index_queryset``)."""
        return Related(topics=self.prepare_topics(obj), countries=self.prepare_countries(obj))

    def related_to_many(self, objects):
        """``related()`` of each of ``objects``, by primary key: a query or two a relation.

        The rows need no prefetching: Django's set up a queryset for every
        row and relation, over half of what a rebuild's reading process spent.
        """
        found = {obj.pk: Related(topics=[], countries=[]) for obj in objects}
        for name in ("topics", "countries"):
            for pk, value in _tag_values(self.get_model(), name, list(found)):
                getattr(found[pk], name).append(value)
        for related in found.values():
            related.topics.sort()
            related.countries.sort()
        return found

    def prepare_text(self, obj):
        return self.text_of(obj, self.related(obj))

    def text_of(self, obj, related):
        raise NotImplementedError

    def document(self, obj):
        """The Whoosh document for ``obj``: field name → value as Whoosh takes it."""
        return self.document_with(obj, self.related(obj))

    def documents(self, objects):
        """``document()`` of each of ``objects``, their related rows read for all at once."""
        related = self.related_to_many(objects)
        return [self.document_with(obj, related[obj.pk]) for obj in objects]

    def document_with(self, obj, related):
        label = obj._meta.label_lower
        when = getattr(obj, self.date_attr)
        year = timezone.localtime(when).year if isinstance(when, datetime) else when.year
        doc = {
            ID: f"{label}.{obj.pk}",
            DJANGO_CT: label,
            DJANGO_ID: str(obj.pk),
            "text": self.text_of(obj, related),
            "headline": getattr(obj, self.headline_attr),
            "type": obj._meta.model_name,
            "topics": ",".join(related.topics),
            "countries": ",".join(related.countries),
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

    def related(self, obj):
        related = super().related(obj)
        related.captions = [(c.text, c.credit) for c in obj.captions.all()]
        related.also_read = [link.title for link in obj.also_read_links.all()]
        return related

    def related_to_many(self, objects):
        found = super().related_to_many(objects)
        # Both in their models' own order, as the prefetched rows come.
        captions = Caption.objects.filter(article__in=list(found))
        for pk, text, credit in captions.values_list("article_id", "text", "credit"):
            found[pk].captions.append((text, credit))
        links = AlsoReadLink.objects.filter(article__in=list(found))
        for pk, title in links.values_list("article_id", "title"):
            found[pk].also_read.append(title)
        return found

    def text_of(self, obj, related):
        # Everything a reader could search for, one part per line.
        lines = [
            obj.headline,
            obj.summary,
            f"{obj.dateline} {obj.byline}",
            obj.body_text(),
            *(f"{text} {credit}" for text, credit in related.captions),
            *related.also_read,
        ]
        return "\n".join(lines)

    def prepare_caption(self, obj):
        return _caption_lines((c.text, c.credit) for c in obj.captions.all())

    def document_with(self, obj, related):
        doc = super().document_with(obj, related)
        doc["byline"] = obj.byline
        doc["dateline"] = obj.dateline
        doc["caption"] = _caption_lines(related.captions)
        return doc


class EditorialIndex(ArchiveIndex, indexes.Indexable):
    model = Editorial
    headline_attr = "title"
    date_attr = "date"

    def text_of(self, obj, related):
        return f"{obj.title}\n{obj.text()}"
