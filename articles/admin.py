from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path

from articles.ingest.identity import content_hash
from articles.ingest.upload import ImportForm, import_uploads, max_upload_bytes
from articles.models import AlsoReadLink, Article, Caption, Country, Editorial, Topic
from articles.sanitize import sanitize_html

# Links typed without a scheme are web addresses, and the web is https now.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class CaptionInline(admin.StackedInline):
    model = Caption
    # Most stories carry a photo: offer one blank caption rather than a click away.
    extra = 1
    fields = [("text",), ("credit", "photo_date", "order"), "image"]


class AlsoReadLinkInline(admin.TabularInline):
    model = AlsoReadLink
    # The link has two keys to Article; the inline belongs to the one it sits in.
    fk_name = "article"
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["title", "url", "target", "order"]
    autocomplete_fields = ["target"]


class EditorialInline(admin.TabularInline):
    model = Editorial.articles.through
    extra = 0
    autocomplete_fields = ["editorial"]
    verbose_name = "editorial beside this article"
    verbose_name_plural = "editorials beside this article"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
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
    inlines = [CaptionInline, AlsoReadLinkInline, EditorialInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "status", "published", "updated"]}),
        ("Place and people", {"fields": ["dateline", "byline", "source", "section", "url"]}),
        ("Text", {"fields": ["summary", "body"]}),
        ("Tags", {"fields": ["topics", "countries"]}),
        (
            "Bookkeeping",
            {"fields": ["is_demo", "content_hash", "created", "modified"], "classes": ["collapse"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        # Kept in step here too, so a later import of the same words finds this article.
        obj.content_hash = content_hash(obj.headline, sanitize_html(obj.body))
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_article_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                report = import_uploads(form.cleaned_data["files"], form.cleaned_data["format"])
        else:
            form = ImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import articles",
            "form": form,
            "report": report,
            "max_upload_bytes": max_upload_bytes(),
        }
        return TemplateResponse(request, "admin/articles/import.html", context)


@admin.register(Editorial)
class EditorialAdmin(admin.ModelAdmin):
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
