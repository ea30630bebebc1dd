from django import template
from django.urls import reverse
from django.utils.html import format_html

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
    noun = "comment" if pending == 1 else "comments"
    return format_html(
        '<p class="pending-count"><a href="{}"><strong>{}</strong> {} awaiting moderation</a></p>',
        url,
        pending,
        noun,
    )
