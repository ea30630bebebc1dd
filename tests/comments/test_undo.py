"""Undo of the last moderation action: its message offers it, a POST to the admin's undo
view puts the previous statuses back, once, and only where nothing changed them since."""

import re

from django.test import Client

from comments.models import Comment

CHANGELIST = "/admin/comments/comment/"
UNDO = "/admin/comments/comment/undo/"


def run_action(client: Client, action: str, *comments: Comment):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [c.pk for c in comments]}, follow=True
    )


def statuses(*comments: Comment) -> list[str]:
    return [Comment.objects.get(pk=c.pk).status for c in comments]


def test_undo_puts_back_each_previous_status(editor_client, article, approved):
    pending = approved("Pending one.", status=Comment.Status.PENDING)
    shown = approved("Approved one.")
    spam = approved("Already spam.", status=Comment.Status.SPAM)
    page = run_action(editor_client, "mark_spam", pending, shown, spam).content.decode()
    assert "2 comments marked as spam." in page
    form = re.search(r'<form class="undo-form" method="post" action="([^"]+)">', page)
    assert form.group(1) == UNDO
    assert 'name="csrfmiddlewaretoken"' in page[form.start() :]
    assert statuses(pending, shown, spam) == ["spam", "spam", "spam"]
    assert "Approved one." not in editor_client.get(article.get_absolute_url()).content.decode()

    page = editor_client.post(UNDO, follow=True).content.decode()
    assert "2 comments put back as they were." in page
    assert statuses(pending, shown, spam) == ["pending", "approved", "spam"]
    assert "Approved one." in editor_client.get(article.get_absolute_url()).content.decode()

    again = editor_client.post(UNDO, follow=True).content.decode()
    assert "There is nothing to undo." in again
    assert statuses(pending, shown, spam) == ["pending", "approved", "spam"]


def test_undo_leaves_later_changes_alone(editor_client, approved):
    first, second = approved("First."), approved("Second.")
    run_action(editor_client, "remove", first, second)
    Comment.objects.filter(pk=second.pk).update(status=Comment.Status.SPAM)
    page = editor_client.post(UNDO, follow=True).content.decode()
    assert "1 comment put back as they were." in page
    assert statuses(first, second) == ["approved", "spam"]


def test_undo_is_post_only_and_csrf_protected(editor, approved):
    comment = approved("Shown.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(CHANGELIST)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    client.post(
        CHANGELIST,
        {"action": "remove", "_selected_action": [comment.pk], "csrfmiddlewaretoken": token},
    )
    assert statuses(comment) == ["removed"]
    assert client.get(UNDO).status_code == 405
    assert client.post(UNDO).status_code == 403  # no token
    assert statuses(comment) == ["removed"]
    response = client.post(UNDO, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert statuses(comment) == ["approved"]


def test_undo_needs_the_change_permission(client, approved, django_user_model):
    comment = approved("Shown.", status=Comment.Status.REMOVED)
    viewer = django_user_model.objects.create_user("viewer", "v@example.jp", "pw", is_staff=True)
    client.force_login(viewer)
    session = client.session
    session["comments_moderation_undo"] = {
        "status": "removed",
        "previous": {str(comment.pk): "approved"},
    }
    session.save()
    assert client.post(UNDO).status_code == 403
    assert statuses(comment) == ["removed"]
