"""The correction's page (/facts/<id>/correct/): the fact and the form. A refused
form comes back the way a refused comment does: the reader's text kept, a message,
and 400, 403 or 429 (503 when the database cannot be written)."""

import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from articles.corrections.forms import ProposalForm
from articles.models import Fact
from articles.models.proposals import ALREADY_PROPOSED
from snsblog.client_ip import client_ip
from snsblog.middleware import validates_own_input

logger = logging.getLogger(__name__)


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
