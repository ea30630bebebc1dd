from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html

from comments.models import Comment
from comments.moderation import set_status
from comments.notifications import queue_reply_notifications


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "excerpt",
        "author_name",
        "author_email",
        "article",
        "status",
        "created_at",
        "on_site",
    ]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["author_name", "author_email", "body"]
    date_hierarchy = "created_at"
    list_select_related = ["article"]
    list_per_page = 50
    actions = ["approve", "mark_spam", "remove"]
    fields = [
        "article", "parent", ("author_name", "author_email", "author_url"), "body", "status",
        "moderation_reason", ("created_at", "updated_at"), ("ip_address", "user_agent"),
    ]  # fmt: skip
    readonly_fields = [
        "article", "parent", "moderation_reason", "created_at", "updated_at", "ip_address",
        "user_agent",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Comment, form, change: bool) -> None:
        approved_now = "status" in form.changed_data and obj.is_public
        super().save_model(request, obj, form, change)
        if approved_now:
            queue_reply_notifications([obj])

    @admin.display(description="Comment")
    def excerpt(self, comment: Comment) -> str:
        return truncatechars(comment.body, 80)

    @admin.display(description="On site")
    def on_site(self, comment: Comment) -> str:
        if not comment.is_public:
            return "—"
        return format_html('<a href="{}">View</a>', comment.get_absolute_url())

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {
            **(extra_context or {}),
            "pending_count": Comment.objects.pending().count(),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def moderate(
        self, request: HttpRequest, queryset: QuerySet[Comment], status: str, verb: str
    ) -> None:
        changed = set_status(queryset, status)
        self.message_user(
            request, f"{changed} comment{'s' if changed != 1 else ''} {verb}.", messages.SUCCESS
        )

    @admin.action(description="Approve", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self.moderate(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self.moderate(request, queryset, Comment.Status.SPAM, "marked as spam")

    @admin.action(description="Remove", permissions=["change"])
    def remove(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self.moderate(request, queryset, Comment.Status.REMOVED, "removed")
