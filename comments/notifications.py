"""Emails about comments: a throttled digest to editors when comments await
moderation, and a note to a commenter who asked for replies when one is approved;
and to a reader who proposed a correction of a fact and asked for the decision.

Mail is written to the Notification outbox inside the transaction that causes it
and sent after the commit, outside the reader's request, in a background thread.
A failure is logged and left in the outbox; `manage.py send_notifications` (run
it from cron every few minutes) sends whatever is still waiting.
"""

import datetime
import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.editors import EDITORS_GROUP
from articles.models import Proposal
from comments.models import Comment, Notification
from snsblog import site
from snsblog.text import header_safe

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.unsubscribe"
MAX_ATTEMPTS = 5
DIGEST_LOCK = "comments:moderation-digest"
sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notifications")


def absolute(path: str) -> str:
    """Emails have no request: SITE_URL, or the development address (snsblog/site.py)."""
    return site.absolute(path)


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT)


def email_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def editor_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    editors = users.filter(Q(groups__name=EDITORS_GROUP) | Q(is_superuser=True)).distinct()
    return sorted({user.email for user in editors})


def queue_moderation_digest() -> Notification | None:
    """At most one digest per COMMENTS_DIGEST_MINUTES, listing what awaits moderation."""
    window = datetime.timedelta(minutes=settings.COMMENTS_DIGEST_MINUTES)
    last = Notification.objects.filter(kind=Notification.Kind.MODERATION_DIGEST).last()
    if last is not None and last.created_at > timezone.now() - window:
        return None
    pending = Comment.objects.pending().select_related("article").order_by("created_at")
    if last is not None:
        pending = pending.filter(created_at__gt=last.created_at)
    recipients = editor_emails()
    if not recipients or not pending.exists():
        return None
    if not cache.add(DIGEST_LOCK, 1, timeout=int(window.total_seconds())):
        return None
    waiting = Comment.objects.pending().count()
    lines = [f"{waiting} comment{'s' if waiting != 1 else ''} await moderation.", ""]
    for comment in pending[:20]:
        lines.append(f"- {comment.author_name} on “{comment.article.title}”: {comment.body[:200]}")
    lines += ["", "Moderate them at " + absolute(reverse("admin:comments_comment_changelist"))]
    notification = Notification.objects.create(
        kind=Notification.Kind.MODERATION_DIGEST,
        recipients=recipients,
        subject=f"[snsblog] {waiting} comment{'s' if waiting != 1 else ''} awaiting moderation",
        body="\n".join(lines),
    )
    send_after_commit()
    return notification


def unsubscribe_url(email: str) -> str:
    """The one-click unsubscribe address: in the language active when it is built."""
    return absolute(reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(email)}))


def reply_email(reply: Comment, parent: Comment) -> tuple[str, str]:
    """Subject and body of a reply's email, in the language active (the parent's)."""
    name = header_safe(reply.author_name)  # a subject is one line, whatever was stored
    body = "\n\n".join(
        [
            gettext("%(name)s replied to your comment on “%(title)s”:")
            % {"name": reply.author_name, "title": reply.article.title},
            reply.body,
            gettext("Read the discussion: %(url)s") % {"url": absolute(reply.get_absolute_url())},
            gettext("You get this email because you asked for replies. Unsubscribe: %(url)s")
            % {"url": unsubscribe_url(parent.author_email)},
        ]
    )
    subject = gettext("[snsblog] %(name)s replied to your comment") % {"name": name}
    return subject, body + "\n"


def decision_email(proposal: Proposal) -> tuple[str, str]:
    """Subject and body of the editors' decision on a correction, in the language
    active (the reader's)."""
    fact = proposal.fact
    accepted = proposal.status == Proposal.Status.ACCEPTED
    lines = [
        gettext("You proposed %(value)s for “%(platform)s %(metric)s” in “%(title)s”.")
        % {
            "value": proposal.proposed_fact().display_value,
            "platform": fact.platform,
            "metric": fact.metric,
            "title": fact.article.title,
        },
        "",
        gettext("The editors accepted it: the page shows it now, with the figure it replaces.")
        if accepted
        else gettext("The editors did not accept it."),
    ]
    if proposal.decision_reason:
        lines += ["", gettext("Reason: %(reason)s") % {"reason": proposal.decision_reason}]
    lines += [
        "",
        gettext("The fact: %(url)s")
        % {"url": f"{absolute(fact.article.get_absolute_url())}#fact-{fact.pk}"},
        "",
        gettext("You get this email because you asked for the decision. Unsubscribe: %(url)s")
        % {"url": unsubscribe_url(proposal.email)},
    ]
    if accepted:
        subject = gettext("[snsblog] Your correction was accepted")
    else:
        subject = gettext("[snsblog] Your correction was not accepted")
    return subject, "\n".join(lines) + "\n"


def queue_reader_email(
    recipient: str, subject: str, body: str, unsubscribe: str, **about
) -> Notification | None:
    """An email to a reader, with its one-click unsubscribe link; None when the same
    one (same reply or decision, same recipient) is already in the outbox."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipients=[recipient],
                subject=subject,
                body=body,
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
                **about,
            )
    except IntegrityError:
        return None


def queue_reply_notifications(replies: Iterable[Comment]) -> list[Notification]:
    """For each approved reply whose parent's author asked for replies; never for
    pending or spam, so nobody can send mail through the site."""
    queued = []
    for reply in replies:
        parent = reply.parent
        if (
            not reply.is_public
            or parent is None
            or not parent.notify_replies
            or not parent.author_email
            or parent.author_email.lower() == reply.author_email.lower()
        ):
            continue
        with translation.override(parent.language):
            subject, body = reply_email(reply, parent)
            unsubscribe = unsubscribe_url(parent.author_email)
        notification = queue_reader_email(
            parent.author_email, subject, body, unsubscribe,
            kind=Notification.Kind.REPLY, comment=reply,
        )  # fmt: skip
        if notification is not None:
            queued.append(notification)
    if queued:
        send_after_commit()
    return queued


def queue_decision_notifications(proposals: Iterable[Proposal]) -> list[Notification]:
    """For each decided proposal whose reader asked to hear of it, with the same
    unsubscribe link as reply emails (one list: everything we email a reader about)."""
    queued = []
    for proposal in proposals:
        if not proposal.notify or proposal.status not in (
            Proposal.Status.ACCEPTED,
            Proposal.Status.REJECTED,
        ):
            continue
        with translation.override(proposal.language):
            subject, body = decision_email(proposal)
            unsubscribe = unsubscribe_url(proposal.email)
        notification = queue_reader_email(
            proposal.email, subject, body, unsubscribe,
            kind=Notification.Kind.DECISION, proposal=proposal,
        )  # fmt: skip
        if notification is not None:
            queued.append(notification)
    if queued:
        send_after_commit()
    return queued


def queue_decision_emails(sender, proposals: list[Proposal], **kwargs) -> None:
    """articles.signals.proposals_decided's receiver (connected in comments/apps.py)."""
    queue_decision_notifications(proposals)


def send_after_commit() -> None:
    if settings.NOTIFICATIONS_IN_BACKGROUND:
        transaction.on_commit(lambda: sender.submit(send_in_background))
    else:
        transaction.on_commit(send_pending)


def send_in_background() -> None:
    try:
        send_pending()
    except Exception:
        logger.exception("sending notifications failed")
    finally:
        connections.close_all()


def send_pending() -> int:
    """Send what waits in the outbox; returns how many went out.

    Each email is claimed by counting the attempt first, so two senders (the
    background thread and the cron command) never send the same one twice.
    """
    sent = 0
    waiting = Notification.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS)
    for notification in waiting:
        claimed = Notification.objects.filter(
            pk=notification.pk, sent_at=None, attempts=notification.attempts
        ).update(attempts=F("attempts") + 1)
        if not claimed:
            continue
        message = EmailMessage(
            # Mail queued before names were cleaned may still hold a line break.
            subject=header_safe(notification.subject, limit=200),
            body=notification.body,
            to=notification.recipients,
            headers=notification.headers,
        )
        try:
            message.send()
        except Exception as error:
            error_text = f"{type(error).__name__}: {error}"
            Notification.objects.filter(pk=notification.pk).update(last_error=error_text)
            logger.warning(
                "notification not sent",
                extra={"notification": notification.pk, "error": error_text},
            )
            continue
        Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def unsubscribe(email: str) -> int:
    """No more reply emails, nor decisions on corrections, for this address."""
    replies = Comment.objects.filter(author_email__iexact=email, notify_replies=True).update(
        notify_replies=False
    )
    return replies + Proposal.objects.filter(email__iexact=email, notify=True).update(notify=False)
