from django.db import connection, models
from django.db.models import Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from articles.fields import SanitizedHTMLField
from articles.models.status import PublishableQuerySet, Status
from articles.models.taxonomy import Country, Topic
from articles.sanitize import sanitized_text


def equal_in_any_case(queryset, field, text):
    """Rows of ``queryset`` whose ``field`` is ``text`` in any case, found by a ``Lower`` index.

    ``__iexact`` cannot use an index (SQLite reads it as LIKE, PostgreSQL as
    UPPER()): matching one headline read every article, 200 ms at 100,000.
    """
    return equal_in_any_case_to_any(queryset, field, [text])


def equal_in_any_case_to_any(queryset, field, texts):
    """``equal_in_any_case`` for several texts at once, one ``IN`` by the same index."""
    if not texts:
        return queryset.none()
    lowered = f"{field}_lower"
    return queryset.alias(**{lowered: Lower(field)}).filter(
        **{f"{lowered}__in": _as_lower_gives(texts)}
    )


def _as_lower_gives(texts):
    """``texts`` as the database's ``lower()`` gives them.

    SQLite lowers ASCII letters only, as ``str.lower`` does ASCII text: such
    text is lowered here, which spares compiling an expression for each (a
    quarter of a second for an import's run of 200 headlines). Other text,
    and all text on other databases (whose ``lower()`` follows their
    locale), is lowered by the database.
    """
    on_sqlite = connection.vendor == "sqlite"
    return [text.lower() if on_sqlite and text.isascii() else Lower(Value(text)) for text in texts]


class ArticleQuerySet(PublishableQuerySet):
    def headlined(self, text):
        """Articles whose headline is ``text`` in any case."""
        return equal_in_any_case(self, "headline", text)

    def headlined_any(self, texts):
        """Articles whose headline is one of ``texts`` in any case."""
        return equal_in_any_case_to_any(self, "headline", texts)

    def at_urls(self, urls):
        """Articles at these canonical URLs.

        Spelled out with the unique index's own condition (url <> ''), so
        that SQLite can use that partial index for values it cannot see.
        """
        return self.filter(url__in=urls).exclude(url="")

    def for_listing(self):
        """What every list of articles needs, in a constant number of queries.

        Each row's tags come as plain lists (see ``Article.tag_lists``):
        Django's usual prefetch gives every row a manager and a queryset per
        relation, and asking ``topics.all()`` makes another manager, which
        took a twentieth of a timeline page of 25 cards.
        """
        return self.prefetch_related(
            models.Prefetch("topics", to_attr="listed_topics"),
            models.Prefetch("countries", to_attr="listed_countries"),
        ).order_by("-published", "-id")

    def for_links(self):
        """Just what a link to an article shows: its headline, date and address."""
        return self.only("id", "headline", "slug", "published")

    def for_detail(self):
        # Imported here: the editorial module imports this one.
        from articles.models.editorial import Editorial

        return self.prefetch_related(
            "topics",
            "countries",
            "captions",
            models.Prefetch(
                "also_read_links",
                queryset=AlsoReadLink.objects.select_related("target"),
            ),
            models.Prefetch(
                "editorials",
                queryset=Editorial.objects.published().order_by("date", "title"),
                to_attr="published_editorials",
            ),
        )

    def tagged(self, topic=None, country=None, *, common=False):
        """Narrow to a topic and/or a country (model instances or None).

        ``common`` says the tags are on a good share of all articles. Then
        membership is tested per article (EXISTS), so a page in date order
        walks the date index and stops after a page; the join reads every
        row of the tag and sorts them (119 ms for a topic on 23,000 of
        100,000 articles, against a few ms). For a rare tag the join is the
        faster way: the walk would pass over most of the archive.
        """
        qs = self
        for field, tag in (("topics", topic), ("countries", country)):
            if tag is None:
                continue
            if common:
                through, column = tag.article_links()
                rows = through.objects.filter(article_id=models.OuterRef("pk"), **{column: tag})
                qs = qs.filter(models.Exists(rows))
            else:
                qs = qs.filter(**{field: tag})
        return qs


class Article(models.Model):
    headline = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique_for_date="published")
    published = models.DateTimeField(default=timezone.now, db_index=True)
    updated = models.DateTimeField(null=True, blank=True)
    dateline = models.CharField(max_length=100, blank=True, help_text="e.g. ISLAMABAD")
    byline = models.CharField(max_length=200, blank=True)
    source = models.CharField("source / publication", max_length=200, blank=True)
    section = models.CharField(max_length=100, blank=True)
    url = models.URLField("canonical URL", max_length=1000, blank=True)
    summary = models.TextField(blank=True)
    body = SanitizedHTMLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Hash of the normalised headline and body, for spotting re-imports.",
    )
    shingle_sketch = models.BinaryField(
        blank=True,
        default=b"",
        editable=False,
        help_text="The smallest hashes of its runs of four words, to spot versions quickly.",
    )
    is_demo = models.BooleanField(default=False, help_text="Generated demo content.")
    canonical = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="variants",
        db_index=False,  # the partial index in Meta: almost every row is NULL here
        help_text="Set on a near-duplicate (another version of the same wire story).",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        get_latest_by = "published"
        indexes = [
            models.Index(fields=["status", "-published"]),
            # Only variants point at a canonical article. A full index of the
            # NULLs looked useless to SQLite's planner, which then read every
            # published row to find one article's variants.
            models.Index(
                fields=["canonical"],
                condition=models.Q(canonical__isnull=False),
                name="article_variant_of",
            ),
            # For ``headlined``: "Also read" titles are matched to headlines.
            models.Index(Lower("headline"), name="article_headline_any_case"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="unique_article_url"
            )
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        local = timezone.localtime(self.published)
        return reverse(
            "articles:article-detail",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def dateline_opens_body(self):
        """Scraped bodies often begin "ISLAMABAD: ..."; then the page need not repeat it."""
        return bool(self.dateline) and self.body_text()[: len(self.dateline) + 1].upper() == (
            f"{self.dateline.upper()}:"
        )

    def body_text(self):
        """The body as plain text, for indexing and snippets."""
        return sanitized_text(self.body)

    def tag_lists(self):
        """(topics, countries), each by name: as ``for_listing()`` read them, else read now."""
        try:
            return self.listed_topics, self.listed_countries
        except AttributeError:
            return list(self.topics.all()), list(self.countries.all())


class Caption(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captions")
    text = models.TextField(help_text="The caption without its credit.")
    credit = models.CharField(max_length=200, blank=True, help_text="e.g. AFP")
    photo_date = models.DateField(null=True, blank=True)
    image = models.ImageField(upload_to="captions/%Y/%m/", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:80]


class AlsoReadLinkQuerySet(models.QuerySet):
    def titled(self, text):
        """Links whose title is ``text`` in any case."""
        return equal_in_any_case(self, "title", text)

    def waiting_for(self, headlines, urls=()):
        """Links with no target yet that name one of ``headlines`` (any case) or ``urls``.

        Looked up by title and by URL, each by its own index, and the target
        tested here: asked for links without a target, SQLite read every
        such link from the target's index instead.
        """
        found = {link.pk: link for link in equal_in_any_case_to_any(self, "title", headlines)}
        if urls:
            found.update((link.pk, link) for link in self.filter(url__in=urls))
        return [link for link in found.values() if link.target_id is None]


class AlsoReadLink(models.Model):
    """An "Also read:" line: a title, maybe a URL, resolved to our copy when we hold one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="also_read_links")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True)
    target = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="linked_from"
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AlsoReadLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "“Also read” link"
        indexes = [
            # An arriving article looks for the links that name it, by title or address.
            models.Index(Lower("title"), name="also_read_title_any_case"),
            models.Index(fields=["url"], name="also_read_url"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.target_id and self.target.is_published:
            return self.target.get_absolute_url()
        return self.url or None
