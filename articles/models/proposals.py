"""Readers' corrections of facts: a proposed figure with its source, waiting for an
editor, who accepts it (a normal fact edit, kept in the fact's history) or rejects it."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.facts import Fact, Source
from articles.models.history import ChangeOrigin

# The figure a reader proposes: what editors enter for a fact, less what the fact's
# metric decides (the unit) and what the article says it is (platform, kind).
FIGURE_FIELDS = ["value", "upper_value", "qualifier", "as_of", "as_of_precision"]
ALREADY_PROPOSED = _(
    "You have already proposed a correction of this figure: an editor will look at it soon."
)


class ProposalQuerySet(models.QuerySet):
    def open(self) -> "ProposalQuerySet":
        return self.filter(status=Proposal.Status.OPEN)

    def update(self, **kwargs) -> int:
        """A bulk decision takes the “under review” mark off the facts' pages."""
        articles = Article.objects.filter(
            pk__in=list(self.values_list("fact__article_id", flat=True))
        )
        updated = super().update(**kwargs)
        articles.content_changed()
        return updated

    update.alters_data = True


class Proposal(models.Model):
    """A reader's correction of one fact."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an editor")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    fact = models.ForeignKey(
        Fact, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("fact")
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    upper_value = models.DecimalField(
        _("upper value"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for a range, such as the 8 of “7–8%”."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=15, choices=Fact.Qualifier.choices, default=Fact.Qualifier.EXACT
    )
    as_of = models.DateField(_("as of"), help_text=_("The day, or any day of the month or year."))
    as_of_precision = models.CharField(
        _("precision"), max_length=5, choices=Fact.Precision.choices, default=Fact.Precision.DAY
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_citation = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Publisher, title and date.")
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email"))
    credit = models.BooleanField(_("credit me by name if it is accepted"), default=False)
    notify = models.BooleanField(_("email me the editors' decision"), default=False)
    # The interface language the correction was proposed in: the decision's email uses it.
    language = models.CharField(
        max_length=7, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decision_reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Optional; sent to the reader.")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["fact", "status"], name="proposal_fact_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_url="") | ~Q(source_citation=""),
                name="proposal_has_a_source",
                violation_error_message=_("Give a source: its address, or where it was published."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True)
                | (~Q(status="open") & Q(decided_at__isnull=False)),
                name="proposal_decided_when_not_open",
            ),
            models.UniqueConstraint(
                fields=["fact", "email"],
                condition=Q(status="open"),
                name="proposal_one_open_per_reader_and_fact",
                violation_error_message=ALREADY_PROPOSED,
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(fact)s: %(value)s (%(name)s)") % {
            "fact": self.fact,
            "value": self.proposed_fact().display_value,
            "name": self.name,
        }

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The fact's page shows whether a correction is under review.
        Article.objects.filter(pk=self.fact.article_id).content_changed()

    def clean(self) -> None:
        """The proposed figure must make a valid fact: every rule of Fact holds. Checked
        while it waits: once decided, the fact may have changed under it."""
        if self.status != self.Status.OPEN or None in (self.fact_id, self.value, self.as_of):
            return
        try:
            self.proposed_fact().full_clean(exclude=["statement"], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict({})
            raise ValidationError(
                {name if name in FIGURE_FIELDS else "__all__": e for name, e in errors.items()}
            ) from None

    def proposed_fact(self) -> Fact:
        """The fact as it would be with this correction, not saved (a copy: the
        proposal's fact is left as it is)."""
        proposed = copy.copy(self.fact)
        for name in FIGURE_FIELDS:
            setattr(proposed, name, getattr(self, name))
        return proposed

    @property
    def source_text(self) -> str:
        return self.source_citation or self.source_url

    def source_record(self) -> Source:
        """The Source the accepted figure cites: the one with this address, or one named
        after the citation (or the address) when there is none."""
        if self.source_url:
            found = Source.objects.filter(url=self.source_url).first()
            if found is not None:
                return found
        name = (self.source_citation or self.source_url)[:200]
        source, _ = Source.objects.get_or_create(
            name=name, title="", defaults={"url": self.source_url}
        )
        return source

    def apply(self, editor) -> Fact:
        """Make the fact say what the reader proposed: a fact edit like an editor's,
        validated, and recorded in its history with the reader's credit if they agreed."""
        fact = self.proposed_fact()
        fact.source = self.source_record()
        fact._history_user = editor
        fact._history_origin = ChangeOrigin.CORRECTION
        fact._history_credit = self.name if self.credit else ""
        fact._change_reason = self.decision_reason or self.note[:300] or None
        fact.full_clean()
        fact.save()
        return fact

    def mark_spam(self, reason: str) -> None:
        """Kept for the editors to see, never shown as under review nor emailed."""
        self.status = self.Status.SPAM
        self.decision_reason = reason
        self.decided_at = timezone.now()

    def decide(self, status: str, editor, reason: str = "") -> None:
        self.status = status
        self.decided_by = editor
        self.decided_at = timezone.now()
        self.decision_reason = reason or self.decision_reason
        self.full_clean(exclude=["fact"])
        self.save()
