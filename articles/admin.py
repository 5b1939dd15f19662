from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.admin_a11y import AccessibleAdminMixin, LabelledTabularInline
from articles.admin_widgets import QuickTagPickersMixin
from articles.ingest import batches, variants
from articles.ingest.identity import content_hash
from articles.ingest.upload import ImportForm, max_upload_bytes
from articles.models import (
    AlsoReadLink,
    Article,
    BatchStatus,
    Caption,
    Country,
    Editorial,
    ImportBatch,
    TagEvidence,
    TagVerdict,
    Topic,
)
from articles.sanitize import sanitize_html

# Links typed without a scheme are web addresses, and the web is https now.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class CaptionInline(admin.StackedInline):
    model = Caption
    # Most stories carry a photo: offer one blank caption rather than a click away.
    extra = 1
    fields = [("text",), ("credit", "photo_date", "order"), "image"]


class AlsoReadLinkInline(LabelledTabularInline):
    model = AlsoReadLink
    # The link has two keys to Article; the inline belongs to the one it sits in.
    fk_name = "article"
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["title", "url", "target", "order"]
    autocomplete_fields = ["target"]


class EditorialInline(LabelledTabularInline):
    model = Editorial.articles.through
    extra = 0
    autocomplete_fields = ["editorial"]
    verbose_name = "editorial beside this article"
    verbose_name_plural = "editorials beside this article"


def apply_verdict(evidence):
    """Make the article's tags agree with an editor's verdict on one piece of evidence."""
    article = evidence.article
    related = article.countries if evidence.country_id else article.topics
    tag = evidence.country if evidence.country_id else evidence.topic
    if evidence.verdict == TagVerdict.REJECTED:
        related.remove(tag)
    elif evidence.verdict == TagVerdict.CONFIRMED:
        related.add(tag)


class TagEvidenceInline(LabelledTabularInline):
    model = TagEvidence
    extra = 0
    can_delete = False
    fields = ["tag_name", "sentence", "confidence", "verdict"]
    readonly_fields = ["tag_name", "sentence", "confidence"]
    verbose_name = "automatic tag"
    verbose_name_plural = "automatic tags and their evidence (confirm or reject)"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="tag")
    def tag_name(self, obj):
        kind = "Country" if obj.country_id else "Topic"
        return f"{kind}: {obj.tag}"


@admin.register(Article)
class ArticleAdmin(QuickTagPickersMixin, AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["headline", "published", "status", "dateline", "source", "is_demo"]
    formfield_overrides = URL_FIELDS
    # Only tags in use: a list of every ISO country would bury the filter column.
    list_filter = [
        "status",
        "published",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("countries", admin.RelatedOnlyFieldListFilter),
        "is_demo",
    ]
    search_fields = ["headline", "summary", "dateline", "byline", "url"]
    date_hierarchy = "published"
    prepopulated_fields = {"slug": ["headline"]}
    filter_horizontal = ["topics", "countries"]
    readonly_fields = ["content_hash", "created", "modified"]
    raw_id_fields = ["canonical"]
    inlines = [CaptionInline, AlsoReadLinkInline, EditorialInline, TagEvidenceInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "status", "published", "updated"]}),
        ("Place and people", {"fields": ["dateline", "byline", "source", "section", "url"]}),
        ("Text", {"fields": ["summary", "body"]}),
        ("Tags", {"fields": ["topics", "countries"]}),
        ("Versions", {"fields": ["canonical"], "classes": ["collapse"]}),
        (
            "Bookkeeping",
            {"fields": ["is_demo", "content_hash", "created", "modified"], "classes": ["collapse"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        # Kept in step here too, so a later import of the same words finds this
        # article. Cleaned once: the field keeps an already sanitized body.
        obj.body = sanitize_html(obj.body)
        obj.content_hash = content_hash(obj.headline, obj.body)
        obj.shingle_sketch = variants.sketch(variants.text_shingles(obj.headline, obj.body))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is TagEvidence:
            # The inline only edits verdicts; the tags follow them.
            for evidence in formset.queryset.filter(pk__in=[f.instance.pk for f in formset.forms]):
                apply_verdict(evidence)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="articles_article_import"),
            path(
                "import/<int:batch_id>/",
                view(self.batch_view),
                name="articles_article_import_batch",
            ),
            path(
                "import/<int:batch_id>/confirm/",
                view(require_POST(self.confirm_view)),
                name="articles_article_import_confirm",
            ),
            path(
                "import/<int:batch_id>/progress/",
                view(self.progress_view),
                name="articles_article_import_progress",
            ),
            *super().get_urls(),
        ]

    def _check_import_permission(self, request):
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "max_upload_bytes": max_upload_bytes(),
            **extra,
        }

    def import_view(self, request):
        """Upload → preview (nothing changed yet) → confirm → background run with progress."""
        self._check_import_permission(request)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                batch = batches.store_uploads(
                    form.cleaned_data["files"], form.cleaned_data["format"], request.user
                )
                batches.preview(batch)
                return HttpResponseRedirect(
                    reverse("admin:articles_article_import_batch", args=[batch.pk])
                )
        else:
            form = ImportForm()
        recent = ImportBatch.objects.exclude(status=BatchStatus.PREVIEWED)[:10]
        context = self._context(request, title="Import articles", form=form, recent=recent)
        return TemplateResponse(request, "admin/articles/import.html", context)

    def _batch(self, request, batch_id):
        self._check_import_permission(request)
        ImportBatch.objects.mark_abandoned()
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        if batch.user_id and batch.user_id != request.user.pk and not request.user.is_superuser:
            # Another editor's uploads are theirs to confirm.
            raise Http404
        return batch

    def batch_view(self, request, batch_id):
        batch = self._batch(request, batch_id)
        preview_rows = batch.preview or []
        context = self._context(
            request,
            title=f"Import #{batch.pk}",
            batch=batch,
            preview_rows=preview_rows,
            preview_counts=batches.counts_of(preview_rows),
            items=batch.items.select_related("article") if batch.is_finished else [],
        )
        return TemplateResponse(request, "admin/articles/import_batch.html", context)

    def confirm_view(self, request, batch_id):
        batch = self._batch(request, batch_id)
        try:
            batches.queue(batch)
        except batches.BatchError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Import #{batch.pk} is running.")
        return HttpResponseRedirect(reverse("admin:articles_article_import_batch", args=[batch.pk]))

    def progress_view(self, request, batch_id):
        batch = self._batch(request, batch_id)
        return JsonResponse(
            {
                "status": batch.status,
                "label": batch.get_status_display(),
                "processed": batch.processed,
                "total": batch.total,
                "percent": batch.percent,
                "finished": batch.is_finished,
                "counts": batch.count_line(),
            }
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "started_by", "via", "created", "finished", "status", "counts"]
    list_filter = ["status", "via"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields if f.name != "id"] + [
        "created_editorials"
    ]
    actions = ["purge_selected"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="records")
    def counts(self, obj):
        return obj.count_line()

    def get_queryset(self, request):
        ImportBatch.objects.mark_abandoned()
        return super().get_queryset(request)

    @admin.action(description="Purge: delete what the selected batches created")
    def purge_selected(self, request, queryset):
        if not request.user.has_perm("articles.delete_article"):
            raise PermissionDenied
        for batch in queryset:
            try:
                articles, editorials = batches.purge(batch)
            except batches.BatchError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    f"Batch {batch.pk}: deleted {articles} article(s), {editorials} editorial(s).",
                )


@admin.register(TagEvidence)
class TagEvidenceAdmin(admin.ModelAdmin):
    list_display = ["article", "tag_name", "confidence", "verdict", "sentence"]
    list_filter = ["verdict", ("country", admin.RelatedOnlyFieldListFilter), "topic"]
    search_fields = ["sentence", "article__headline", "matched"]
    raw_id_fields = ["article"]
    readonly_fields = ["article", "country", "topic", "sentence", "matched", "confidence"]
    actions = ["confirm", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="tag")
    def tag_name(self, obj):
        return f"{'Country' if obj.country_id else 'Topic'}: {obj.tag}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        apply_verdict(obj)

    def _judge(self, request, queryset, verdict):
        for evidence in queryset.select_related("article", "country", "topic"):
            evidence.verdict = verdict
            evidence.save(update_fields=["verdict", "modified"])
            apply_verdict(evidence)

    @admin.action(description="Confirm the selected tags")
    def confirm(self, request, queryset):
        self._judge(request, queryset, TagVerdict.CONFIRMED)

    @admin.action(description="Reject the selected tags (they stay off on re-import)")
    def reject(self, request, queryset):
        self._judge(request, queryset, TagVerdict.REJECTED)


@admin.register(Editorial)
class EditorialAdmin(QuickTagPickersMixin, AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["title", "date", "date_is_updated", "status"]
    formfield_overrides = URL_FIELDS
    list_filter = ["status", "date", "topics"]
    search_fields = ["title", "teaser"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics", "countries"]
    autocomplete_fields = ["articles"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "keywords"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """ISO countries come from a data migration: names may be adjusted, codes not."""

    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
