from django.db import models
from django.urls import reverse

from articles.fields import SanitizedHTMLField
from articles.models.article import Article
from articles.models.status import PublishableQuerySet, Status
from articles.models.taxonomy import Country, Topic
from articles.sanitize import sanitized_text


class EditorialQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.order_by("-date", "title")


class Editorial(models.Model):
    """An opinion piece from a page's sidebar; stored once however many pages showed it."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200)
    date = models.DateField(db_index=True)
    date_is_updated = models.BooleanField(
        "date is an “Updated” date",
        default=False,
        help_text="The page said “Updated” before this date.",
    )
    teaser = SanitizedHTMLField(blank=True)
    body = SanitizedHTMLField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    topics = models.ManyToManyField(Topic, blank=True, related_name="editorials")
    countries = models.ManyToManyField(Country, blank=True, related_name="editorials")
    articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="editorials",
        help_text="Articles this editorial appeared beside.",
    )
    is_demo = models.BooleanField(default=False)

    objects = EditorialQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "date"], name="unique_editorial_per_day")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "articles:editorial-detail",
            kwargs={
                "year": self.date.year,
                "month": f"{self.date.month:02d}",
                "day": f"{self.date.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def text(self):
        """Teaser and body as plain text, for indexing and snippets."""
        return sanitized_text(f"{self.teaser}\n\n{self.body}")
