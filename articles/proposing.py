"""A reader proposes a correction of a fact: the form, beside the fact on every page
that shows it, and its page (/facts/<id>/correct/), which works without JavaScript.

The form goes through every protection of the comment form (snsblog/guard.py), and
a refused one comes back the same way: the reader's text kept, a message, and 400,
403 or 429 (503 when the database cannot be written)."""

import logging

from django import forms
from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from articles.forms import ReadableDecimalField
from articles.models import Fact, Proposal
from articles.models.proposals import ALREADY_PROPOSED, FIGURE_FIELDS
from snsblog.client_ip import client_ip
from snsblog.guard import (
    GuardedForm,
    refuse_control_characters,
)
from snsblog.middleware import validates_own_input
from snsblog.text import clean_name, count_links, normalize_reader_text

logger = logging.getLogger(__name__)


class ProposalForm(GuardedForm, forms.ModelForm):
    token_salt = "articles.proposal"
    too_quick = _("That was very quick. Please read your correction over and post it again.")
    too_fast = _("You are posting too fast. Wait a minute, then send your correction again.")
    already_used = _(
        "This form was already sent. Your text is kept below: send it again "
        "if you meant to send it twice."
    )

    source_url = forms.URLField(
        label=_("Source address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to the source, or name it in the next field."),
    )

    class Meta:
        model = Proposal
        fields = [
            "value", "upper_value", "qualifier", "as_of", "as_of_precision", "source_url",
            "source_citation", "note", "name", "email", "credit", "notify",
        ]  # fmt: skip
        field_classes = {"value": ReadableDecimalField, "upper_value": ReadableDecimalField}
        labels = {
            "value": _("Value"),
            "upper_value": _("Upper value"),
            "qualifier": _("Qualifier"),
            "note": _("Note"),
            "name": _("Name"),
            "email": _("Email"),
        }
        help_texts = {
            "email": _("Required, never shown publicly."),
            "name": _("Shown with the correction only if you tick “credit me”."),
        }
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, fact: Fact, **kwargs) -> None:
        kwargs.setdefault("instance", Proposal(fact=fact))
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("initial", {name: getattr(fact, name) for name in FIGURE_FIELDS})
        super().__init__(*args, **kwargs)
        self.fact = self.target = fact
        self.fields["token"].initial = self.new_token

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("This field is required."), code="required")
        return name

    def clean_email(self) -> str:
        return refuse_control_characters(self.cleaned_data["email"])

    def clean_source_url(self) -> str:
        return refuse_control_characters(self.cleaned_data["source_url"])

    def clean_source_citation(self) -> str:
        return clean_name(self.cleaned_data["source_citation"])

    def clean_note(self) -> str:
        note = normalize_reader_text(self.cleaned_data["note"])
        links = count_links(note) + count_links(self.cleaned_data.get("source_citation", ""))
        if links > settings.COMMENTS_MAX_LINKS:
            raise forms.ValidationError(
                _(
                    "Use at most %(count)s links in the note and the source "
                    "(the source address field takes one more)."
                )
                % {"count": settings.COMMENTS_MAX_LINKS},
                code="links",
            )
        return note

    def clean(self) -> dict:
        cleaned = super().clean()
        if all(cleaned.get(name) == getattr(self.fact, name) for name in FIGURE_FIELDS):
            raise forms.ValidationError(
                _(
                    "That is what the page says already: change the figure, its date or its "
                    "precision."
                ),
                code="unchanged",
            )
        return cleaned


def proposal_page(
    request: HttpRequest, fact: Fact, form: ProposalForm, status: int = 200, message: str = ""
) -> HttpResponse:
    """The fact and the form; a refused form again, with the reader's text."""
    if message:
        form.add_error(None, message)
    if form.is_bound:
        form.prepare_for_retry()
    context = {"fact": fact, "form": form, "sent": request.GET.get("sent") == "1"}
    return render(request, "articles/propose.html", context, status=status)


def public_fact(pk: int) -> Fact:
    return get_object_or_404(Fact.objects.public().with_details(), pk=pk)


@cache_control(private=True, no_cache=True)
@require_http_methods(["GET", "HEAD", "POST"])
@validates_own_input
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    fact = public_fact(pk)
    if request.method != "POST":
        return proposal_page(request, fact, ProposalForm(fact=fact))
    form = ProposalForm(request.POST, fact=fact)
    if not form.is_valid():
        return proposal_page(request, fact, form, 400)
    refused = form.refusal(client_ip(request))
    if refused is not None:
        return proposal_page(request, fact, form, *refused)

    proposal = form.save(commit=False)
    proposal.ip_address = client_ip(request)
    proposal.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    proposal.language = get_language()
    if form.honeypot_filled:
        proposal.mark_spam("Filled in the hidden field that only robots see.")
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        return proposal_page(request, fact, form, 400, ALREADY_PROPOSED)
    except DatabaseError:
        logger.exception("proposal not saved", extra={"fact": fact.pk})
        response = proposal_page(
            request, fact, form, 503,
            _("Your correction could not be saved because of a problem on our side. "
            "Your text is kept below: please send it again in a few minutes."),
        )  # fmt: skip
        response["Retry-After"] = "300"
        return response
    return HttpResponseRedirect(reverse("articles:propose", kwargs={"pk": fact.pk}) + "?sent=1")


def csrf_refusal(request: HttpRequest, pk: int) -> HttpResponse | None:
    """A correction refused for a missing or stale CSRF token comes back with its text
    (snsblog/views.py: csrf_failure)."""
    fact = Fact.objects.public().with_details().filter(pk=pk).first()
    if fact is None:
        return None
    form = ProposalForm(request.POST, fact=fact)
    form.is_valid()
    return proposal_page(
        request, fact, form, 403,
        _("Your session expired before you sent it, so the correction was not saved. "
        "Your text is kept below: send it again."),
    )  # fmt: skip


propose.csrf_refusal = csrf_refusal
