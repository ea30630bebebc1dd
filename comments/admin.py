from collections import defaultdict

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from comments import reasons
from comments.models import Comment
from comments.moderation import set_status
from comments.notifications import queue_reply_notifications

# The session key of the last moderation action's previous statuses, for its Undo.
UNDO_KEY = "comments_moderation_undo"


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
        "reason", ("created_at", "updated_at"), ("ip_address", "user_agent"),
    ]  # fmt: skip
    readonly_fields = [
        "article", "parent", "reason", "created_at", "updated_at", "ip_address", "user_agent",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def view_on_site(self, comment: Comment) -> str | None:
        """Only a comment readers can see has a page on the site."""
        return comment.get_absolute_url() if comment.is_public else None

    @admin.display(description=_("moderation reason"))
    def reason(self, comment: Comment) -> str:
        """Stored in English, shown in the editor's language (comments/reasons.py)."""
        return reasons.in_active_language(comment.moderation_reason) or "—"

    def save_model(self, request: HttpRequest, obj: Comment, form, change: bool) -> None:
        approved_now = "status" in form.changed_data and obj.is_public
        super().save_model(request, obj, form, change)
        if approved_now:
            queue_reply_notifications([obj])

    @admin.display(description=_("Comment"))
    def excerpt(self, comment: Comment) -> str:
        return truncatechars(comment.body, 80)

    @admin.display(description=_("On site"))
    def on_site(self, comment: Comment) -> str:
        if not comment.is_public:
            return "—"
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), gettext("View"))

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {
            **(extra_context or {}),
            "pending_count": Comment.objects.pending().count(),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def moderate(
        self, request: HttpRequest, queryset: QuerySet[Comment], status: str, done: Promise
    ) -> None:
        """Set the status, say how many changed (`done`, a message with a %(count)s),
        and keep their previous statuses in the session so that the message's Undo
        button can put them back."""
        previous = dict(queryset.exclude(status=status).values_list("pk", "status"))
        changed = set_status(queryset, status)
        text = done % {"count": changed}
        if not changed:
            self.message_user(request, text, messages.SUCCESS)
            return
        request.session[UNDO_KEY] = {
            "status": status,
            "previous": {str(pk): old for pk, old in previous.items()},
        }
        undo = format_html(
            '{} <form class="undo-form" method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="undo-button">{}</button></form>',
            text,
            reverse("admin:comments_comment_undo"),
            get_token(request),
            gettext("Undo"),
        )
        self.message_user(request, undo, messages.SUCCESS)

    def get_urls(self):
        undo = self.admin_site.admin_view(require_POST(self.undo_view))
        return [path("undo/", undo, name="comments_comment_undo"), *super().get_urls()]

    def undo_view(self, request: HttpRequest) -> HttpResponseRedirect:
        """Put back the statuses the last moderation action replaced, for the comments
        that still have the status it gave them (a later change is not undone)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        last = request.session.pop(UNDO_KEY, None)
        changelist = reverse("admin:comments_comment_changelist")
        if not last:
            self.message_user(request, gettext("There is nothing to undo."), messages.WARNING)
            return HttpResponseRedirect(changelist)
        by_status: dict[str, list[int]] = defaultdict(list)
        for pk, old in last["previous"].items():
            by_status[old].append(int(pk))
        restored = 0
        for old, pks in by_status.items():
            still = Comment.objects.filter(pk__in=pks, status=last["status"])
            restored += set_status(still, old)
        text = ngettext(
            "%(count)s comment put back as they were.",
            "%(count)s comments put back as they were.",
            restored,
        )
        self.message_user(request, text % {"count": restored}, messages.SUCCESS)
        return HttpResponseRedirect(changelist)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        done = ngettext_lazy("%(count)s comment approved.", "%(count)s comments approved.", "count")
        self.moderate(request, queryset, Comment.Status.APPROVED, done)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        done = ngettext_lazy(
            "%(count)s comment marked as spam.", "%(count)s comments marked as spam.", "count"
        )
        self.moderate(request, queryset, Comment.Status.SPAM, done)

    @admin.action(description=_("Remove"), permissions=["change"])
    def remove(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        done = ngettext_lazy("%(count)s comment removed.", "%(count)s comments removed.", "count")
        self.moderate(request, queryset, Comment.Status.REMOVED, done)
