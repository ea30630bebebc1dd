import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.text import render_comment_text


class CommentQuerySet(models.QuerySet):
    def public(self) -> "CommentQuerySet":
        """Comments everyone may read."""
        return self.filter(status=Comment.Status.APPROVED)

    def visible_to(self, own_ids: list[int]) -> "CommentQuerySet":
        """Public comments, plus the reader's own comments still awaiting moderation."""
        return self.filter(Q(status=Comment.Status.APPROVED) | Q(pk__in=own_ids))

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def articles(self):
        return Article.objects.filter(pk__in=list(self.values_list("article_id", flat=True)))

    def update(self, **kwargs) -> int:
        """Bulk changes (moderation, erasure) reach the cached discussions too."""
        articles = self.articles()
        updated = super().update(**kwargs)
        articles.comments_changed()
        return updated

    update.alters_data = True

    def delete(self) -> tuple[int, dict[str, int]]:
        articles = self.articles()
        deleted = super().delete()
        articles.comments_changed()
        return deleted

    delete.alters_data = True


class ImportSource(models.TextChoices):
    WORDPRESS = "wordpress", "WordPress"
    DISQUS = "disqus", "Disqus"


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="replies",
        verbose_name=_("parent"),
    )
    thread = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("thread"),
        help_text=_("The top-level comment of the discussion this reply belongs to."),
    )
    depth = models.PositiveSmallIntegerField(default=0)
    author_name = models.CharField(_("name"), max_length=80)
    author_email = models.EmailField(_("email"))
    author_url = models.URLField(_("website"), max_length=300, blank=True)
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField(editable=False, default="")
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    moderation_reason = models.CharField(_("moderation reason"), max_length=200, blank=True)
    notify_replies = models.BooleanField(
        _("email me replies"),
        default=False,
        help_text=_("Email the author when a reply is approved."),
    )
    # The interface language the comment was written in: emails to its author use it.
    language = models.CharField(
        max_length=7, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    # Where an imported comment comes from and its ID there (a WordPress comment ID, a
    # Disqus post ID): a second import finds it again, and two comments with the same
    # text from the same address stay two comments. Empty for comments posted here.
    import_source = models.CharField(max_length=20, choices=ImportSource.choices, blank=True)
    import_id = models.CharField(max_length=64, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "parent", "created_at"]),
            models.Index(fields=["thread", "status"]),
            models.Index(fields=["author_email", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"],
                name="comment_unique_text_per_author_and_article",
                violation_error_message=_("You have already posted this comment."),
            ),
            models.UniqueConstraint(
                fields=["article", "import_source", "import_id"],
                condition=~Q(import_source=""),
                name="comment_unique_import_identity",
            ),
            models.CheckConstraint(
                condition=~Q(import_source="") | Q(import_id=""),
                name="comment_import_id_needs_source",
            ),
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & Q(thread__isnull=True) & Q(depth=0))
                | (Q(parent__isnull=False) & Q(thread__isnull=False) & Q(depth__gt=0)),
                name="comment_reply_has_thread_and_depth",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(name)s on %(article)s: %(text)s") % {
            "name": self.author_name,
            "article": self.article,
            "text": self.body[:40],
        }

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_comment_text(self.body)
        if self.import_source:
            self.fingerprint = import_fingerprint(self.import_source, self.import_id)
        else:
            self.fingerprint = comment_fingerprint(self.author_email, self.body)
        super().save(*args, **kwargs)
        # A new version: the article's cached discussion is rendered anew.
        Article.objects.filter(pk=self.article_id).comments_changed()

    def get_absolute_url(self) -> str:
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).comments_changed()
        return deleted

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    def attach_to(self, parent: "Comment", max_depth: int) -> None:
        """Make this a reply to parent, or to parent's parent when parent is nested too deep."""
        while parent.depth + 1 >= max_depth and parent.parent is not None:
            parent = parent.parent
        self.parent = parent
        self.thread_id = parent.thread_id or parent.pk
        self.depth = parent.depth + 1


def comment_fingerprint(email: str, body: str) -> str:
    """The same text from the same address on an article is a duplicate."""
    return hashlib.sha256(f"{email.strip().lower()}\0{body.strip()}".encode()).hexdigest()


def import_fingerprint(source: str, import_id: str) -> str:
    """An imported comment is the one with its ID at its source, whatever its text."""
    return hashlib.sha256(f"import\0{source}\0{import_id}".encode()).hexdigest()


class Notification(models.Model):
    """An email waiting to be sent, or sent: an outbox written in the same transaction
    as what it announces, so nothing is lost when the mail server is down."""

    class Kind(models.TextChoices):
        MODERATION_DIGEST = "moderation-digest", "Comments awaiting moderation"
        REPLY = "reply", "Reply to a comment"
        DECISION = "decision", "Decision on a proposed correction"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    proposal = models.ForeignKey(
        "articles.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "comment"],
                condition=Q(kind="reply"),
                name="notification_one_mail_per_reply",
            ),
            models.UniqueConstraint(
                fields=["kind", "proposal"],
                condition=Q(kind="decision"),
                name="notification_one_mail_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
