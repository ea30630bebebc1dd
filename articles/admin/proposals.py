"""Readers' proposed corrections, waiting for an editor's decision."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin.common import figure_and_date
from articles.corrections import review
from articles.models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Readers' corrections: the figure on the page and the one proposed side by side,
    with the source; accept or reject one on its page, or many from the list."""

    change_form_template = "admin/articles/proposal/change_form.html"
    list_display = ["fact_name", "current", "proposed", "source", "name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "note", "source_citation", "source_url"]
    list_select_related = ["fact__platform", "fact__metric", "fact__source", "fact__article"]
    date_hierarchy = "created_at"
    actions = ["accept_selected", "reject_selected"]
    fields = [
        "fact_link", "current", "proposed", "source", "note", "name", "email", "credit",
        "notify", "status", "decided_at", "decided_by", "created_at", "decision_reason",
    ]  # fmt: skip
    readonly_fields = [name for name in fields if name != "decision_reason"]

    def has_add_permission(self, request) -> bool:
        return False  # readers propose, on the site

    @admin.display(description=_("Fact"))
    def fact_name(self, proposal: Proposal) -> str:
        """Plain text: the list links it to the proposal's page."""
        return gettext("%(platform)s, %(metric)s") % {
            "platform": proposal.fact.platform,
            "metric": proposal.fact.metric,
        }

    @admin.display(description=_("Fact"))
    def fact_link(self, proposal: Proposal) -> str:
        url = reverse("admin:articles_fact_change", args=[proposal.fact_id])
        return format_html('<a href="{}">{}</a>', url, self.fact_name(proposal))

    @admin.display(description=_("On the page"))
    def current(self, proposal: Proposal) -> str:
        fact = proposal.fact
        return gettext("%(value)s (%(as_of)s; %(source)s)") % {
            "value": fact.display_value,
            "as_of": fact.display_as_of,
            "source": fact.source,
        }

    @admin.display(description=_("Proposed"))
    def proposed(self, proposal: Proposal) -> str:
        return figure_and_date(proposal.proposed_fact())

    @admin.display(description=_("Source"))
    def source(self, proposal: Proposal) -> str:
        if proposal.source_url:
            text = proposal.source_citation or proposal.source_url
            return format_html('<a href="{}" rel="nofollow">{}</a>', proposal.source_url, text)
        return proposal.source_citation

    def response_change(self, request, obj: Proposal):
        """The Accept and Reject buttons of a proposal's page."""
        if "_accept" in request.POST or "_reject" in request.POST:
            if obj.status != Proposal.Status.OPEN:
                message = gettext("This proposal was decided already.")
                self.message_user(request, message, messages.ERROR)
            elif "_accept" in request.POST:
                self.accept_one(request, obj)
            else:
                review.reject(Proposal.objects.filter(pk=obj.pk), request.user)
                self.message_user(request, gettext("Rejected “%(proposal)s”.") % {"proposal": obj})
            return HttpResponseRedirect(reverse("admin:articles_proposal_changelist"))
        return super().response_change(request, obj)

    def accept_one(self, request, proposal: Proposal) -> bool:
        try:
            review.accept(proposal, request.user)
        except ValidationError as error:
            message = gettext("“%(proposal)s” was not applied: %(reasons)s") % {
                "proposal": proposal,
                "reasons": " ".join(error.messages),
            }
            self.message_user(request, message, messages.ERROR)
            return False
        message = gettext("Accepted “%(proposal)s”: the fact says it now.")
        self.message_user(request, message % {"proposal": proposal})
        return True

    @admin.action(description=_("Accept the selected corrections"))
    def accept_selected(self, request, queryset) -> None:
        for proposal in queryset.open():
            self.accept_one(request, proposal)

    @admin.action(description=_("Reject the selected corrections"))
    def reject_selected(self, request, queryset) -> None:
        rejected = review.reject(queryset, request.user)
        message = ngettext(
            "Rejected %(count)s correction.", "Rejected %(count)s corrections.", rejected
        )
        self.message_user(request, message % {"count": rejected})
