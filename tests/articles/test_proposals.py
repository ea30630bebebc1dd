"""Readers propose corrections of facts, with every protection of the comment form;
editors accept or reject them in the admin, and the reader can be told by email."""

import datetime
import io
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.corrections.forms import ProposalForm
from articles.editors import EDITORS_GROUP
from articles.models import Article, Fact, Proposal
from articles.models.history import ChangeOrigin
from comments.models import Notification
from snsblog import guard

MIXI_MAU = "Mixi monthly active users: 14,020,000 users (September 2012)"
NOTE = "Nikkei revised its figure a week later."


@pytest.fixture
def fact(seed_article) -> Fact:
    return next(fact for fact in Fact.objects.all() if str(fact) == MIXI_MAU)


def proposal_data(fact: Fact, **fields) -> dict:
    """The form as a reader fills it in, shown a minute ago."""
    return {
        "value": "14,200,000",
        "upper_value": "",
        "qualifier": "exact",
        "as_of": "2012-09-01",
        "as_of_precision": "month",
        "source_url": "https://www.nikkei.com/article/mixi-2012",
        "source_citation": "Nikkei, 20 October 2012",
        "note": NOTE,
        "name": "Aiko",
        "email": "aiko@example.jp",
        "credit": "on",
        "notify": "on",
        "token": guard.make_form_token(fact, ProposalForm.token_salt, time.time() - 60),
        "homepage": "",
        **fields,
    }


def propose(client: Client, fact: Fact, **fields):
    return client.post(f"/facts/{fact.pk}/correct/", proposal_data(fact, **fields))


def test_every_fact_has_a_link_to_propose_a_correction(client, seed_article, fact):
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert page.count('class="fact-correct"') == seed_article.facts.count()
    assert f'href="/facts/{fact.pk}/correct/"' in page
    metric_page = client.get("/metrics/monthly-active-users/").content.decode()
    assert f'href="/facts/{fact.pk}/correct/"' in metric_page
    form = client.get(f"/facts/{fact.pk}/correct/").content.decode()
    assert 'value="14,020,000"' in form
    assert 'name="csrfmiddlewaretoken"' in form


def test_a_japanese_reader_corrects_a_figure_as_the_form_shows_it_or_in_man(client, fact):
    form = client.get(f"/ja/facts/{fact.pk}/correct/").content.decode()
    assert 'value="14,020,000"' in form  # digits, which the form reads back
    response = client.post(f"/ja/facts/{fact.pk}/correct/", proposal_data(fact, value="1,420万"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Proposal.objects.get().value == 14200000


def test_a_correction_waits_for_an_editor_and_shows_as_under_review(client, seed_article, fact):
    assert (
        "Correction under review"
        not in client.get(seed_article.get_absolute_url()).content.decode()
    )
    response = propose(client, fact)
    assert response.status_code == 302
    assert response["Location"] == f"/facts/{fact.pk}/correct/?sent=1"
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.value, proposal.source_citation) == (
        Proposal.Status.OPEN,
        14200000,
        "Nikkei, 20 October 2012",
    )
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert page.count("Correction under review") == 1
    assert "14,020,000 users" in page  # the page is unchanged until an editor accepts


REFUSALS = {
    "no source": ({"source_url": "", "source_citation": ""}, "Give a source"),
    "a range upside down": ({"upper_value": "14,000,000"}, "must be above its value"),
    "a range qualified over": ({"upper_value": "15,000,000", "qualifier": "over"}, "A range"),
    "the same figure": ({"value": "14,020,000"}, "That is what the page says already"),
    "not a number": ({"value": "fourteen million"}, "Enter a number."),
    "a control character": ({"source_url": "https://x.example/\x07"}, "invisible control"),
    "too many links": ({"note": "a.example b.example c.example"}, "at most 2 links"),
    "too long": ({"note": "x" * 2001}, "at most 2000 characters"),
    "a forged token": ({"token": "forged"}, "could not be checked"),
    "too quick": ({"token": "fresh"}, "That was very quick. Please read your correction over"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_correction_comes_back_with_its_text_and_a_400(client, fact, case):
    fields, message = REFUSALS[case]
    if fields.get("token") == "fresh":
        fields = {"token": guard.make_form_token(fact, ProposalForm.token_salt)}
    response = propose(client, fact, **fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert NOTE in page or case == "too many links" or case == "too long"
    assert "Your correction was not sent. Your text is kept below." in page
    assert not Proposal.objects.exists()


def test_a_second_open_correction_from_one_reader_is_refused(client, fact):
    assert propose(client, fact).status_code == 302
    response = propose(client, fact, value="14,300,000")
    assert response.status_code == 400
    assert "You have already proposed a correction of this figure" in response.content.decode()


def test_the_rate_limit_answers_429_with_the_text(client, fact, settings):
    settings.COMMENTS_RATE_LIMIT = "1/m"
    assert propose(client, fact).status_code == 302
    response = propose(client, fact, email="ken@example.jp")
    assert response.status_code == 429
    assert "You are posting too fast" in response.content.decode()
    assert NOTE in response.content.decode()


def test_a_form_posted_twice_is_refused_the_second_time(client, fact):
    data = proposal_data(fact)
    assert client.post(f"/facts/{fact.pk}/correct/", data).status_code == 302
    response = client.post(f"/facts/{fact.pk}/correct/", {**data, "email": "ken@example.jp"})
    assert response.status_code == 400
    assert "This form was already sent" in response.content.decode()


def test_a_stale_csrf_token_answers_403_with_the_text(fact):
    client = Client(enforce_csrf_checks=True)
    response = propose(client, fact)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your session expired before you sent it" in page
    assert NOTE in page


def test_the_honeypot_keeps_it_as_spam_and_off_the_page(client, seed_article, fact):
    assert propose(client, fact, homepage="https://spam.example").status_code == 302
    assert Proposal.objects.get().status == Proposal.Status.SPAM
    assert (
        "Correction under review"
        not in client.get(seed_article.get_absolute_url()).content.decode()
    )


def test_facts_of_drafts_cannot_be_corrected(client, fact):
    Article.objects.filter(pk=fact.article_id).update(status=Article.Status.DRAFT)
    assert client.get(f"/facts/{fact.pk}/correct/").status_code == 404
    assert propose(client, fact).status_code == 404


def open_proposal(client, fact, **fields) -> Proposal:
    assert propose(client, fact, **fields).status_code == 302
    return Proposal.objects.latest("id")


def test_the_admin_list_shows_the_page_and_the_proposal_side_by_side(editor_client, client, fact):
    open_proposal(client, fact)
    page = editor_client.get("/admin/articles/proposal/").content.decode()
    assert "14,020,000 users (September 2012; Nikkei)" in page
    assert "14,200,000 users (September 2012)" in page
    assert 'href="https://www.nikkei.com/article/mixi-2012"' in page


def test_accepting_edits_the_fact_and_credits_the_reader(
    editor_client, editor, client, fact, django_capture_on_commit_callbacks
):
    proposal = open_proposal(client, fact)
    path = f"/admin/articles/proposal/{proposal.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(path, {"decision_reason": "", "_accept": "1"})
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.display_value == "14,200,000 users"
    assert fact.source.url == "https://www.nikkei.com/article/mixi-2012"
    record = fact.history.latest()
    assert (record.history_user, record.history_origin, record.history_credit) == (
        editor,
        ChangeOrigin.CORRECTION,
        "Aiko",
    )
    assert record.history_change_reason == NOTE
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (Proposal.Status.ACCEPTED, editor)
    page = client.get(fact.article.get_absolute_url()).content.decode()
    assert "(proposed by Aiko)" in page
    assert "Correction under review" not in page
    (message,) = mail.outbox
    assert message.to == ["aiko@example.jp"]
    assert "accepted" in message.subject
    unsubscribe = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert unsubscribe in message.body
    client.post(unsubscribe.split("8000", 1)[1])
    assert not Proposal.objects.get(pk=proposal.pk).notify


def test_without_consent_there_is_no_credit_and_no_mail(
    editor_client, client, fact, django_capture_on_commit_callbacks
):
    proposal = open_proposal(client, fact, credit="", notify="")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/articles/proposal/{proposal.pk}/change/", {"_accept": "1"})
    assert fact.history.latest().history_credit == ""
    assert mail.outbox == []


def test_rejecting_carries_a_reason_to_the_reader(
    editor_client, client, fact, django_capture_on_commit_callbacks
):
    proposal = open_proposal(client, fact)
    path = f"/admin/articles/proposal/{proposal.pk}/change/"
    reason = "The 14,200,000 counts registered users, not active ones."
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(path, {"decision_reason": reason, "_reject": "1"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_reason) == (Proposal.Status.REJECTED, reason)
    assert Fact.objects.get(pk=fact.pk).display_value == "14,020,000 users"
    (message,) = mail.outbox
    assert "not accepted" in message.subject
    assert reason in message.body


def test_bulk_actions_accept_and_reject(editor_client, client, seed_article, fact):
    other = seed_article.facts.exclude(pk=fact.pk).filter(unit="users").first()
    first = open_proposal(client, fact)
    second = open_proposal(client, other, value=str(other.value + 1), email="ken@example.jp")
    editor_client.post(
        "/admin/articles/proposal/",
        {"action": "accept_selected", "_selected_action": [first.pk]},
    )
    editor_client.post(
        "/admin/articles/proposal/",
        {"action": "reject_selected", "_selected_action": [first.pk, second.pk]},
    )
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "accepted", second.pk: "rejected"}
    assert Notification.objects.filter(kind=Notification.Kind.DECISION).count() == 2


def test_a_proposal_that_makes_no_valid_fact_is_refused_with_the_reason(
    editor_client, client, fact
):
    proposal = open_proposal(client, fact)
    Proposal.objects.filter(pk=proposal.pk).update(upper_value=1)  # as if a rule changed
    response = editor_client.post(
        f"/admin/articles/proposal/{proposal.pk}/change/", {"_accept": "1"}, follow=True
    )
    assert "The upper value of a range must be above its value." in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.OPEN
    assert Fact.objects.get(pk=fact.pk).display_value == "14,020,000 users"


def test_editors_may_decide_proposals(db):
    codenames = set(
        Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"view_proposal", "change_proposal"} <= codenames


def test_the_purge_forgets_old_proposers_addresses_only(client, seed_article, fact):
    old = open_proposal(client, fact)
    new = open_proposal(client, fact, email="ken@example.jp")
    Proposal.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=61)
    )
    out = io.StringIO()
    call_command("purge_comment_ips", "--days=60", stdout=out)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert new.ip_address == "127.0.0.1"
    assert "of 1 proposed corrections older than 60 days" in out.getvalue()
