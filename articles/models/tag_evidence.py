from django.db import models

from articles.models.article import Article
from articles.models.taxonomy import Country, Topic


class TagVerdict(models.TextChoices):
    AUTO = "auto", "Automatic, not reviewed"
    CONFIRMED = "confirmed", "Confirmed by an editor"
    REJECTED = "rejected", "Rejected by an editor"


class TagEvidence(models.Model):
    """Why an article carries an automatic tag, and what an editor made of it.

    A rejected row outlives re-imports: the importer reads it and does not put
    the tag back, whatever the text says.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_evidence")
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE)
    sentence = models.TextField(help_text="the words that called for the tag")
    matched = models.CharField(max_length=200, blank=True, help_text="the name or keyword found")
    confidence = models.FloatField(default=0.5)
    verdict = models.CharField(max_length=10, choices=TagVerdict.choices, default=TagVerdict.AUTO)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-confidence", "id"]
        verbose_name_plural = "tag evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, topic__isnull=True)
                    | models.Q(country__isnull=True, topic__isnull=False)
                ),
                name="tag_evidence_one_tag",
            ),
            models.UniqueConstraint(
                fields=["article", "country"],
                condition=models.Q(country__isnull=False),
                name="tag_evidence_one_per_country",
            ),
            models.UniqueConstraint(
                fields=["article", "topic"],
                condition=models.Q(topic__isnull=False),
                name="tag_evidence_one_per_topic",
            ),
        ]

    def __str__(self):
        return f"{self.tag} on {self.article_id}"

    @property
    def tag(self):
        return self.country or self.topic
