"""What the comments section under an article shows to the reader asking for it, and
the discussion the article page asks for (articles/page.py's `Discussion`, named by
settings.ARTICLE_DISCUSSION)."""

import json
from functools import partial

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject

from articles.models import Article
from comments.discussion import discussion_html, discussion_slots
from comments.forms import CommentForm, make_form_token
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
) -> tuple[dict, bytes]:
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


def place_reply_form(request: HttpRequest, context: dict, discussion: bytes) -> bytes:
    """A reply form (asked for without JavaScript, or refused) goes under the comment it
    answers, when that comment is on this page of the discussion; else it stays at the end."""
    reply_to = context.get("reply_to")
    if reply_to is None or not context["is_open"]:
        return discussion
    slot = f"<!--reply-form-{reply_to.pk}-->".encode()
    if slot not in discussion:
        return discussion
    form = render_to_string("comments/form.html", context, request=request).encode()
    context["form_placed"] = True
    return discussion.replace(slot, form, 1)


class ArticleDiscussion:
    """The comments under an article, as the article page asks for them."""

    section = staticmethod(comments_section)
    form_token = staticmethod(make_form_token)
    place_reply_form = staticmethod(place_reply_form)
    slots = staticmethod(discussion_slots)


article_discussion = ArticleDiscussion()
