"""What the comments section under an article shows to the reader asking for it."""

import json
from functools import partial

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from articles.models import Article
from comments.discussion import discussion_html
from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import comments_open

OWN_COMMENTS_SESSION_KEY = "comments_own"
REMEMBER_COOKIE = "commenter"
REMEMBER_SALT = "comments.remember"
REMEMBERED_FIELDS = ("author_name", "author_email", "author_url")


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Comments this reader posted that may still wait for moderation (kept in their session)."""
    if not hasattr(request, "session"):
        return []
    return [pk for pk in request.session.get(OWN_COMMENTS_SESSION_KEY, []) if isinstance(pk, int)]


def remembered_commenter(request: HttpRequest) -> dict[str, str]:
    """Name, email and website from the “remember me” cookie, if the reader set one."""
    try:
        remembered = json.loads(request.get_signed_cookie(REMEMBER_COOKIE, salt=REMEMBER_SALT))
    except (KeyError, ValueError, TypeError):
        return {}
    if not isinstance(remembered, dict):
        return {}
    return {field: str(remembered[field]) for field in REMEMBERED_FIELDS if field in remembered}


def reply_target(article: Article, parent_id) -> Comment | None:
    """The public comment a reader is answering, when the id names one on this article."""
    if not parent_id:
        return None
    try:
        pk = int(parent_id)
    except (TypeError, ValueError):
        return None
    return Comment.objects.public().filter(pk=pk, article=article).only("id", "author_name").first()


def comments_section(
    request: HttpRequest, article: Article, form: CommentForm | None = None
) -> tuple[dict, str]:
    """The section's template context, and the discussion's HTML (cached, spliced in later).

    The context's "personal" says whether the form holds anything of this reader's.
    """
    is_open = comments_open(article)
    personal = form is not None
    reply_to = None
    if form is None:
        remembered = remembered_commenter(request)
        reply_to = reply_target(article, request.GET.get("replyto"))
        personal = bool(remembered) or reply_to is not None
        initial = {**remembered, "remember": bool(remembered), "parent": reply_to and reply_to.pk}
        # Built only when rendered: a reader served the cached page never needs it.
        form = SimpleLazyObject(partial(CommentForm, article=article, initial=initial))
    elif form["parent"].value():
        reply_to = reply_target(article, form["parent"].value())
    context = {"personal": personal, "form": form, "is_open": is_open, "reply_to": reply_to}
    discussion = discussion_html(
        article, own_comment_ids(request), request.GET.get("cpage"), is_open
    )
    return context, discussion
