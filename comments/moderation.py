"""The rules a new comment goes through: is the discussion open, and which status
does the comment start in (the rate limit and the form's token: snsblog/guard.py)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles.models import Article
from comments import reasons
from comments.models import Comment
from comments.notifications import queue_reply_notifications
from snsblog.text import count_links


def comments_open(article: Article) -> bool:
    if not article.comments_enabled or not article.is_public:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not (days and article.published_at + datetime.timedelta(days=days) < timezone.now())


def blocklist_match(comment: Comment) -> str:
    """The first blocklist entry found in the comment, its author or address, or ''."""
    fields = [
        comment.body,
        comment.author_name,
        comment.author_email,
        comment.author_url,
        comment.ip_address or "",
        comment.user_agent,
    ]
    haystack = "\n".join(fields).lower()
    for entry in settings.COMMENTS_BLOCKLIST:
        if entry.lower() in haystack:
            return entry
    return ""


def moderate(comment: Comment, honeypot_filled: bool = False) -> None:
    """Set the status a new comment starts in, and say why when it is held."""
    status, reason = initial_status(comment, honeypot_filled)
    comment.status = status
    comment.moderation_reason = reason


def initial_status(comment: Comment, honeypot_filled: bool) -> tuple[str, str]:
    if honeypot_filled:
        return Comment.Status.SPAM, reasons.HONEYPOT
    blocked = blocklist_match(comment)
    if blocked:
        return Comment.Status.SPAM, reasons.stored(reasons.BLOCKLIST, entry=blocked)
    links = count_links(comment.body)
    if links > settings.COMMENTS_MAX_LINKS:
        limit = settings.COMMENTS_MAX_LINKS
        return (
            Comment.Status.PENDING,
            reasons.stored(reasons.TOO_MANY_LINKS, links=links, limit=limit),
        )
    policy = settings.COMMENTS_MODERATION
    if policy == "none":
        return Comment.Status.APPROVED, ""
    if policy == "all":
        return Comment.Status.PENDING, reasons.EVERY_COMMENT
    # As WordPress does: the name and the email of an approved comment, both, so a
    # known commenter's (guessable) email under another name is moderated.
    known = Comment.objects.public().filter(
        author_email__iexact=comment.author_email.strip(),
        author_name__iexact=comment.author_name.strip(),
    )
    if known.exists():
        return Comment.Status.APPROVED, ""
    return Comment.Status.PENDING, reasons.FIRST_COMMENT


def set_status(comments: QuerySet[Comment], status: str) -> int:
    """Moderate many comments at once; returns how many changed.

    The update replaces the articles' comments_version in the same transaction
    (CommentQuerySet.update), so their cached discussions are rendered anew on
    the next request; newly approved replies notify the authors who asked for replies.
    """
    with transaction.atomic():
        changing = list(comments.exclude(status=status).select_related("parent", "article"))
        changed = Comment.objects.filter(pk__in=[c.pk for c in changing]).update(
            status=status, updated_at=timezone.now()
        )
        if status == Comment.Status.APPROVED:
            for comment in changing:
                comment.status = status
            queue_reply_notifications(changing)
    return changed
