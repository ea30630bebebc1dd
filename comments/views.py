import json
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.page import render_article
from comments.discussion import page_of
from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import comments_open, moderate
from comments.notifications import (
    email_from_token,
    queue_moderation_digest,
    queue_reply_notifications,
)
from comments.notifications import (
    unsubscribe as unsubscribe_email,
)
from comments.section import (
    OWN_COMMENTS_SESSION_KEY,
    REMEMBER_COOKIE,
    REMEMBER_SALT,
    own_comment_ids,
)
from snsblog.client_ip import client_ip
from snsblog.middleware import validates_own_input

REMEMBER_SECONDS = 365 * 86400

logger = logging.getLogger(__name__)


def comment_url(comment: Comment, own_ids: list[int]) -> str:
    page = page_of(comment, own_ids)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#comment-{comment.pk}"


def refuse(
    request: HttpRequest, article: Article, form: CommentForm, status: int, message: str = ""
) -> HttpResponse:
    """Show the article again with the reader's text and what went wrong."""
    if message:
        form.add_error(None, message)
    form.prepare_for_retry()
    return render_article(request, article, status=status, comment_form=form)


@require_POST
@validates_own_input
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    form = CommentForm(request.POST, article=article)
    if not comments_open(article):
        form.is_valid()
        return refuse(request, article, form, 403, _("Comments are closed."))
    if not form.is_valid():
        return refuse(request, article, form, 400)
    refused = form.refusal(client_ip(request))
    if refused is not None:
        return refuse(request, article, form, *refused)

    comment = form.save(commit=False)
    parent = form.cleaned_data["parent"]
    if parent is not None:
        comment.attach_to(parent, settings.COMMENTS_MAX_DEPTH)
    comment.ip_address = client_ip(request)
    comment.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    comment.language = get_language()
    moderate(comment, honeypot_filled=form.honeypot_filled)
    try:
        with transaction.atomic():
            comment.save()
            if comment.is_public:
                queue_reply_notifications([comment])
            elif comment.status == Comment.Status.PENDING:
                queue_moderation_digest()
    except IntegrityError:
        return refuse(request, article, form, 400, _("You have already posted this comment."))
    except DatabaseError:
        # The database is full, read-only or gone: nothing was saved, the text is kept.
        logger.exception("comment not saved", extra={"article": article.pk})
        response = refuse(
            request, article, form, 503,
            _("Your comment could not be saved because of a problem on our side. "
            "Your text is kept below: please post it again in a few minutes."),
        )  # fmt: skip
        response["Retry-After"] = "300"
        return response

    own_ids = own_comment_ids(request)
    if not comment.is_public:
        own_ids = [*own_ids, comment.pk][-50:]
        request.session[OWN_COMMENTS_SESSION_KEY] = own_ids
    response = HttpResponseRedirect(comment_url(comment, own_ids))
    if form.cleaned_data["remember"]:
        remembered = {
            field: form.cleaned_data[field]
            for field in ("author_name", "author_email", "author_url")
        }
        response.set_signed_cookie(
            REMEMBER_COOKIE, json.dumps(remembered), salt=REMEMBER_SALT, max_age=REMEMBER_SECONDS,
            httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )  # fmt: skip
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return response


def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """/comments/<id>/ leads to the page of the discussion that holds the comment."""
    own_ids = own_comment_ids(request)
    comment = get_object_or_404(
        Comment.objects.visible_to(own_ids)
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        pk=pk,
    )
    return HttpResponseRedirect(comment_url(comment, own_ids))


def csrf_refusal(request: HttpRequest, article_id: int) -> HttpResponse | None:
    """A comment refused for a missing or stale CSRF token comes back with its text
    (snsblog/views.py: csrf_failure)."""
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        return None
    form = CommentForm(request.POST, article=article)
    form.is_valid()
    return refuse(
        request, article, form, 403,
        _("Your session expired before you posted, so the comment was not saved. "
        "Your text is kept below: post it again."),
    )  # fmt: skip


post_comment.csrf_refusal = csrf_refusal


def privacy(request: HttpRequest) -> HttpResponse:
    context = {"retention_days": settings.COMMENTS_IP_RETENTION_DAYS}
    return render(request, "comments/privacy.html", context)


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop reply emails. The signed token is the authority, so one-click
    unsubscribe from a mail client (an RFC 8058 POST) works without a CSRF token."""
    email = email_from_token(token)
    if email is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        unsubscribe_email(email)
        return render(request, "comments/unsubscribe.html", {"done": True, "email": email})
    return render(request, "comments/unsubscribe.html", {"email": email, "token": token})
