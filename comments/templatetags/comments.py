from django import template

from articles.models import Article
from comments.discussion import discussion_html
from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import comments_open
from comments.views import own_comment_ids, remembered_commenter

register = template.Library()


def reply_target(article: Article, parent_id) -> Comment | None:
    try:
        pk = int(parent_id)
    except (TypeError, ValueError):
        return None
    return Comment.objects.public().filter(pk=pk, article=article).only("id", "author_name").first()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context: template.Context, article: Article) -> dict:
    """Everything under an article: the count, the threads on this page, the form."""
    request = context["request"]
    own_ids = own_comment_ids(request)
    is_open = comments_open(article)
    form = context.get("comment_form")
    if form is None:
        remembered = remembered_commenter(request)
        initial = {**remembered, "remember": bool(remembered), "parent": request.GET.get("replyto")}
        form = CommentForm(article=article, initial=initial)
    parent_id = form["parent"].value()
    return {
        "article": article,
        "discussion_html": discussion_html(article, own_ids, request.GET.get("cpage"), is_open),
        "form": form,
        "is_open": is_open,
        "reply_to": reply_target(article, parent_id) if parent_id else None,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
