"""Editors' decisions on readers' corrections: accepting one edits the fact (validated,
kept in its history); each decision emails the reader who asked for it."""

from django.db import transaction

from articles.models import Proposal
from comments.notifications import queue_decision_notifications


def accept(proposal: Proposal, editor, reason: str = "") -> None:
    """Apply one proposal; a ValidationError (the fact changed under it) leaves
    everything as it was."""
    with transaction.atomic():
        proposal.fact.refresh_from_db()
        proposal.decision_reason = reason or proposal.decision_reason
        proposal.apply(editor)
        proposal.decide(Proposal.Status.ACCEPTED, editor)
        queue_decision_notifications([proposal])


def reject(proposals, editor, reason: str = "") -> int:
    """Reject the open ones among these proposals; returns how many."""
    with transaction.atomic():
        waiting = list(proposals.open().select_related("fact__article", "fact__platform"))
        for proposal in waiting:
            proposal.decide(Proposal.Status.REJECTED, editor, reason)
        queue_decision_notifications(waiting)
    return len(waiting)
