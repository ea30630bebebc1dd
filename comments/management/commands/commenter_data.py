"""Answer a commenter's access or erasure request.

python manage.py commenter_data reader@example.com           everything stored, as JSON
python manage.py commenter_data reader@example.com --erase   anonymise their comments
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from articles.cache import bump_comments
from comments.models import Comment, Notification

ANONYMOUS = "Anonymous"


class Command(BaseCommand):
    help = "Export everything stored about a commenter's email as JSON, or --erase it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--erase",
            action="store_true",
            help="Anonymise their comments: name “Anonymous”; email, website, IP and "
            "user agent removed; the text and the thread stay.",
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

    @transaction.atomic
    def erase(self, comments, email: str) -> None:
        article_ids = set(comments.values_list("article_id", flat=True))
        ids = list(comments.values_list("pk", flat=True))
        for pk in ids:
            Comment.objects.filter(pk=pk).update(
                author_name=ANONYMOUS,
                author_email="",
                author_url="",
                ip_address=None,
                user_agent="",
                notify_replies=False,
                fingerprint=f"erased-{pk}",
            )
        addressed = [
            notification.pk
            for notification in Notification.objects.only("recipients")
            if email.lower() in (recipient.lower() for recipient in notification.recipients)
        ]
        Notification.objects.filter(pk__in=addressed).delete()
        bump_comments(article_ids)
        noun = "comment" if len(ids) == 1 else "comments"
        self.stdout.write(f"Anonymised {len(ids)} {noun} of {email}.")


def export(comments, email: str) -> dict:
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
    }
