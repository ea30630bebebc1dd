"""Forget the IP addresses and user agents of commenters, and of readers who proposed
corrections of facts, once they are no longer needed.

Run it daily (cron or a systemd timer): `python manage.py purge_comment_ips`.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from articles.models import Proposal
from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Erase IP addresses and user agents of comments and proposed corrections older than "
        "COMMENTS_IP_RETENTION_DAYS."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.COMMENTS_IP_RETENTION_DAYS,
            help="Keep addresses this many days (default: COMMENTS_IP_RETENTION_DAYS).",
        )

    def handle(self, *args, days: int, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=days)
        purged = (
            Comment.objects.filter(created_at__lt=cutoff)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(
            f"Purged the IP address and user agent of {purged} comments older than {days} days."
        )
        proposals = (
            Proposal.objects.filter(created_at__lt=cutoff)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(
            f"Purged the IP address and user agent of {proposals} proposed corrections "
            f"older than {days} days."
        )
