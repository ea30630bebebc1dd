from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from articles.signals import proposals_decided
        from comments.notifications import queue_decision_emails

        # Held strongly, once: a weakly held receiver can be collected and stop running.
        proposals_decided.connect(
            queue_decision_emails, weak=False, dispatch_uid="comments.decision_emails"
        )
