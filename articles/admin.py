from django.contrib import admin
from django.db import models

from articles.models import Article, Fact, Platform, Source


class FactInline(admin.StackedInline):
    model = Fact
    extra = 0
    autocomplete_fields = ["platform", "source"]
    fields = [
        ("platform", "metric"),
        ("value", "upper_value", "unit", "qualifier"),
        ("as_of", "as_of_precision", "kind"),
        "source",
        "statement",
        ("tags", "position"),
    ]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "author", "comments_enabled", "tag_list"]
    list_filter = ["status", "comments_enabled", "tags"]
    search_fields = ["title", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FactInline]
    fields = [
        "title",
        "slug",
        "body",
        "excerpt",
        "lang",
        "tags",
        ("status", "published_at"),
        "author",
        "comments_enabled",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    @admin.display(description="Tags")
    def tag_list(self, article: Article) -> str:
        return ", ".join(tag.name for tag in article.tags.all())

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if obj.author_id is None and not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin):
    list_display = ["platform", "metric", "display_value", "display_as_of", "kind", "source"]
    list_filter = ["platform", "kind", "unit", "qualifier", "tags"]
    search_fields = ["metric", "statement", "platform__name", "source__name"]
    date_hierarchy = "as_of"
    autocomplete_fields = ["article", "platform", "source"]
    list_select_related = ["platform", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "title", "published_on", "url"]
    search_fields = ["name", "title", "url"]
