from django.db import models

from articles.links import reverse_once
from articles.models.status import Status


class TaggingArticles:
    """What topics and countries share as tags of articles."""

    index_field = None  # the search index's field for this kind of tag

    @property
    def index_value(self):
        """How the search index spells this tag."""
        raise NotImplementedError

    @classmethod
    def article_links(cls):
        """The table that links articles to this kind of tag, and its tag column."""
        return cls.articles.through, f"{cls._meta.model_name}_id"


class TagQuerySet(models.QuerySet):
    """Shared by topics and countries: both tag articles."""

    def with_counts(self):
        """Annotate each tag with its number of published articles."""
        return self.annotate(
            article_count=models.Count(
                "articles", filter=models.Q(articles__status=Status.PUBLISHED), distinct=True
            )
        )

    def with_articles(self):
        """Tags with at least one published article (no counts: it stops at the first)."""
        through, tag_column = self.model.article_links()
        return self.filter(
            models.Exists(
                through.objects.filter(
                    **{tag_column: models.OuterRef("pk")}, article__status=Status.PUBLISHED
                )
            )
        )


class Topic(TaggingArticles, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    keywords = models.TextField(
        blank=True,
        help_text=(
            "Keyword rules for automatic tagging, one per line. An article whose "
            "headline or body contains any of these words or phrases gets this topic."
        ),
    )

    objects = TagQuerySet.as_manager()
    index_field = "topics"

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_once("articles:topic-timeline", slug=self.slug)

    @property
    def index_value(self):
        return self.slug

    def keyword_list(self):
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class Country(TaggingArticles, models.Model):
    """An ISO 3166-1 country; rows come from pycountry through a data migration."""

    code = models.CharField("ISO 3166-1 alpha-2 code", max_length=2, unique=True)
    name = models.CharField(max_length=100)

    objects = TagQuerySet.as_manager()
    index_field = "countries"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_once("articles:country-timeline", code=self.code.lower())

    @property
    def index_value(self):
        return self.code.lower()
