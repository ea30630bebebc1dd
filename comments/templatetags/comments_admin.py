from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from comments.models import Comment

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comments_link(context: template.Context) -> str:
    """The admin home page says how many comments wait for moderation."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.change_comment"):
        return ""
    pending = Comment.objects.pending().count()
    url = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    # The words of templates/admin/comments/comment/change_list.html, which says it too.
    words = ngettext(
        "<strong>%(counter)s</strong> comment awaiting moderation",
        "<strong>%(counter)s</strong> comments awaiting moderation",
        pending,
    )
    return format_html(
        '<p class="pending-count"><a href="{}">{}</a></p>',
        url,
        mark_safe(words % {"counter": pending}),  # the catalogue's markup, and a number
    )
