"""The rules a new comment goes through: is the discussion open, is the poster
within the rate limit, and which status does the comment start in."""

import datetime
import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.notifications import queue_reply_notifications
from comments.text import count_links

RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def comments_open(article: Article) -> bool:
    if not article.comments_enabled or not article.is_public:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not (days and article.published_at + datetime.timedelta(days=days) < timezone.now())


@dataclass(frozen=True)
class RateLimit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, rate: str) -> "RateLimit":
        """“5/m” is five per minute; “20/h”, “100/d” and “1/s” work the same way."""
        count, _, period = rate.partition("/")
        return cls(int(count), RATE_PERIODS[period.strip().lower()[:1]])


def over_rate_limit(ip_address: str | None) -> bool:
    """Count one post from this address; True (and not counted) when it is over the limit.

    A sliding window: the posts of the current fixed window plus those of the
    previous one, weighted by how much of it still lies within the last period.
    A burst straddling a window boundary therefore cannot pass twice the limit,
    as it could with fixed windows. The counts live in the shared cache, so every
    worker and app server sees them, and are incremented atomically: Redis's INCR,
    or under a file lock with the file cache, whose incr() is a read and a write.
    """
    if not settings.COMMENTS_RATE_LIMIT:
        return False
    limit = RateLimit.parse(settings.COMMENTS_RATE_LIMIT)
    window, elapsed = divmod(time.time(), limit.seconds)
    key = f"comments:rate:{ip_address or 'unknown'}:"
    current = key + str(int(window))
    with shared_cache_lock():
        posts = increment(current, timeout=2 * limit.seconds + 1)
        before = cache.get(key + str(int(window) - 1), 0)
        over = before * (1 - elapsed / limit.seconds) + posts > limit.count
        if over:
            # Only accepted posts count: a reader who waits is let through again.
            cache.decr(current)
    return over


def increment(key: str, timeout: int) -> int:
    for _ in range(3):
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr(): add it again
            continue
    raise RuntimeError(f"could not count {key}")


@contextmanager
def shared_cache_lock():
    """Serialise read-modify-write steps on the file cache across processes; a no-op
    on caches whose counters are atomic (Redis)."""
    backend = caches["default"]
    if not isinstance(backend, FileBasedCache):
        yield
        return
    os.makedirs(backend._dir, exist_ok=True)
    with open(os.path.join(backend._dir, "counters.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def form_already_used(token: str) -> bool:
    """Mark a comment form's token as used; True when it already was, so one form
    (with its CSRF pair) cannot be replayed to post again and again."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    timeout = settings.COMMENTS_FORM_MAX_AGE_DAYS * 86400 + 60
    return not cache.add(f"comments:form-used:{digest}", 1, timeout=timeout)


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
        return Comment.Status.SPAM, "Filled in the hidden field that only robots see."
    blocked = blocklist_match(comment)
    if blocked:
        return Comment.Status.SPAM, f"Matches the blocklist entry “{blocked}”."
    links = count_links(comment.body)
    if links > settings.COMMENTS_MAX_LINKS:
        return (
            Comment.Status.PENDING,
            f"Has {links} links (more than {settings.COMMENTS_MAX_LINKS}).",
        )
    policy = settings.COMMENTS_MODERATION
    if policy == "none":
        return Comment.Status.APPROVED, ""
    if policy == "all":
        return Comment.Status.PENDING, "Every comment is moderated."
    # As WordPress does: the name and the email of an approved comment, both, so a
    # known commenter's (guessable) email under another name is moderated.
    known = Comment.objects.public().filter(
        author_email__iexact=comment.author_email.strip(),
        author_name__iexact=comment.author_name.strip(),
    )
    if known.exists():
        return Comment.Status.APPROVED, ""
    return Comment.Status.PENDING, "First comment under this name and email address."


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
