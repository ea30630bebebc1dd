"""Comments made elsewhere (a WordPress or Disqus export, read by articles/importers)
saved as Comments that keep the identity they had at their source, so a second
import adds nothing."""

from django.conf import settings
from django.core.validators import EmailValidator, URLValidator

from articles.importers.common import ImportedComment, valid_ip, valid_or_empty
from articles.models import Article
from comments.models import Comment, import_fingerprint


def save_comment(
    article: Article, record: ImportedComment, parent: Comment | None
) -> tuple[Comment, bool]:
    """The comment with this identity at its source on this article, created when
    missing (with its date, approval and place in its thread)."""
    existing = Comment.objects.filter(
        article=article, import_source=record.source, import_id=record.id
    ).first()
    if existing is not None:
        return existing, False
    comment = Comment(
        article=article,
        author_name=(record.author.strip() or "Anonymous")[:80],
        author_email=valid_or_empty(record.email.strip()[:254], EmailValidator()),
        author_url=valid_or_empty(record.url.strip()[:300], URLValidator()),
        body=record.body,
        status=Comment.Status.APPROVED if record.approved else Comment.Status.PENDING,
        ip_address=valid_ip(record.ip),
        moderation_reason=record.reason,
        import_source=record.source,
        import_id=record.id[:64],
        fingerprint=import_fingerprint(record.source, record.id[:64]),
    )
    if parent is not None:
        comment.attach_to(parent, settings.COMMENTS_MAX_DEPTH)
    # Imported addresses may be missing, and old comments longer than ours may be.
    comment.full_clean(exclude={"author_email", "body"})
    comment.save()
    if record.created_at is not None:
        Comment.objects.filter(pk=comment.pk).update(created_at=record.created_at)
        comment.created_at = record.created_at
    return comment, True
