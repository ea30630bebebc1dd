"""Answer a commenter's access or erasure request.

python manage.py commenter_data reader@example.com           everything stored, as JSON
python manage.py commenter_data reader@example.com --erase   erase their comments
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from articles.models import Article
from articles.page import forget_pages
from comments import reasons
from comments.models import Comment, Notification

ANONYMOUS = "Anonymous"
ERASED_LINE = "- (a comment erased at its author's request)"


class Command(BaseCommand):
    help = "Export everything stored about a commenter's email as JSON, or --erase it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--erase",
            action="store_true",
            help="Erase their comments: name, email, website, text, IP and user agent; "
            "emails to them, and their names and texts in emails to others. Replies by "
            "others stay, under a “removed” placeholder.",
        )

    def handle(self, *args, email: str, erase: bool, **options) -> None:
        try:
            validate_email(email)
        except Exception as error:
            raise CommandError(f"Not an email address: {email}") from error
        comments = Comment.objects.filter(author_email__iexact=email).select_related("article")
        if erase:
            self.erase(comments, email)
        else:
            self.stdout.write(json.dumps(export(comments, email), indent=2, ensure_ascii=False))

    def erase(self, comments, email: str) -> None:
        with transaction.atomic():
            erased = list(comments)
            notifications = notifications_about(erased, email)
            for comment in erased:
                # One row at a time: each gets its own placeholder fingerprint.
                Comment.objects.filter(pk=comment.pk).update(
                    author_name=ANONYMOUS,
                    author_email="",
                    author_url="",
                    body="",
                    body_html="",
                    status=Comment.Status.REMOVED,
                    moderation_reason=reasons.ERASED,
                    ip_address=None,
                    user_agent="",
                    notify_replies=False,
                    fingerprint=f"erased-{comment.pk}",
                )
            for notification in notifications:
                redact(notification, erased, email)
        # After the commit: no request can cache the old text again under a new version.
        forget_pages(Article.objects.filter(pk__in={c.article_id for c in erased}))
        noun = "comment" if len(erased) == 1 else "comments"
        self.stdout.write(
            f"Erased {len(erased)} {noun} of {email} and {len(notifications)} "
            "emails to or about them."
        )


def mentions(notification: Notification, comments: list[Comment]) -> bool:
    """A digest quotes the first 200 characters of each comment it lists."""
    return any(comment.body and comment.body[:200] in notification.body for comment in comments)


def notifications_about(comments: list[Comment], email: str) -> list[Notification]:
    """Emails to this person, about their comments, or quoting them (moderation digests)."""
    found = []
    for notification in Notification.objects.all():
        addressed = email.lower() in (r.lower() for r in notification.recipients)
        about = notification.comment_id in {c.pk for c in comments}
        if addressed or about or mentions(notification, comments):
            found.append(notification)
    return found


def redact(notification: Notification, comments: list[Comment], email: str) -> None:
    """Emails to them or about their comments go; digests keep their other lines."""
    addressed = email.lower() in (r.lower() for r in notification.recipients)
    if addressed or notification.kind != Notification.Kind.MODERATION_DIGEST:
        notification.delete()
        return
    texts = [comment.body[:200] for comment in comments if comment.body]
    lines = [
        ERASED_LINE if line.startswith("- ") and any(text in line for text in texts) else line
        for line in notification.body.split("\n")
    ]
    Notification.objects.filter(pk=notification.pk).update(body="\n".join(lines))


def export(comments, email: str) -> dict:
    comments = list(comments)
    return {
        "email": email,
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "article_url": comment.article.get_absolute_url(),
                "name": comment.author_name,
                "email": comment.author_email,
                "website": comment.author_url,
                "text": comment.body,
                "status": comment.status,
                "posted_at": comment.created_at.isoformat(),
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "email_me_replies": comment.notify_replies,
            }
            for comment in comments
        ],
        "emails": [
            {
                "id": notification.pk,
                "kind": notification.kind,
                "to": notification.recipients,
                "subject": notification.subject,
                "body": notification.body,
                "created_at": notification.created_at.isoformat(),
                "sent_at": notification.sent_at and notification.sent_at.isoformat(),
            }
            for notification in notifications_about(comments, email)
        ],
    }
