"""Send comment emails still waiting in the outbox, and a moderation digest if due.

Run it from cron every few minutes: `python manage.py send_notifications`.
"""

from django.core.management.base import BaseCommand

from comments.notifications import queue_moderation_digest, send_pending


class Command(BaseCommand):
    help = "Send waiting comment emails (retrying failures) and a due moderation digest."

    def handle(self, *args, **options) -> None:
        queue_moderation_digest()
        sent = send_pending()
        self.stdout.write(f"Sent {sent} email{'s' if sent != 1 else ''}.")
