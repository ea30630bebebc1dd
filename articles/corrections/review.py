"""Editors' decisions on readers' corrections: accepting one edits the fact (validated,
kept in its history); each decision emails the reader who asked for it (the comments
app, which keeps the emails to readers, receives articles.signals.proposals_decided)."""

from django.db import transaction

from articles.models import Proposal
from articles.signals import proposals_decided


def accept(proposal: Proposal, editor, reason: str = "") -> None:
    """Apply one proposal; a ValidationError (the fact changed under it) leaves
    everything as it was."""
    with transaction.atomic():
        proposal.fact.refresh_from_db()
        proposal.decision_reason = reason or proposal.decision_reason
        proposal.apply(editor)
        proposal.decide(Proposal.Status.ACCEPTED, editor)
        proposals_decided.send(sender=Proposal, proposals=[proposal])


def reject(proposals, editor, reason: str = "") -> int:
    """Reject the open ones among these proposals; returns how many."""
    with transaction.atomic():
        waiting = list(proposals.open().select_related("fact__article", "fact__platform"))
        for proposal in waiting:
            proposal.decide(Proposal.Status.REJECTED, editor, reason)
        proposals_decided.send(sender=Proposal, proposals=waiting)
    return len(waiting)
