import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command

from articles.editors import EDITORS_GROUP
from comments.models import Comment, Notification
from comments.notifications import send_pending, sender

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    for name in ("hana", "jun"):
        User.objects.create_user(name, f"{name}@snsblog.example", "x", is_staff=True).groups.add(
            group
        )


@pytest.fixture
def parent(approved):
    return approved(
        "Tell me when someone answers.", author_email="aiko@example.jp", notify_replies=True
    )


def test_pending_comment_emails_the_editors_a_digest(
    post, article, editors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(article, body="First pending.")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert sorted(digest.to) == ["hana@snsblog.example", "jun@snsblog.example"]
    assert "1 comment awaiting moderation" in digest.subject
    assert "First pending." in digest.body
    assert "/admin/comments/comment/" in digest.body


def test_digest_is_throttled(post, article, editors, settings, django_capture_on_commit_callbacks):
    settings.COMMENTS_DIGEST_MINUTES = 30
    with django_capture_on_commit_callbacks(execute=True):
        post(article, body="One.", author_email="a@example.jp")
        post(article, body="Two.", author_email="b@example.jp")
        post(article, body="Three.", author_email="c@example.jp")
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind="moderation-digest").count() == 1


def test_approved_reply_emails_the_parent_author(
    post, article, parent, settings, django_capture_on_commit_callbacks, client
):
    settings.COMMENTS_MODERATION = "none"
    with django_capture_on_commit_callbacks(execute=True):
        post(
            article,
            parent=str(parent.pk),
            body="Here is your answer.",
            author_name="Ken",
            author_email="ken@example.jp",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aiko@example.jp"]
    assert "Ken replied to your comment" in message.subject
    assert "Here is your answer." in message.body
    unsubscribe = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    path = unsubscribe.split("8000", 1)[1]
    assert "Unsubscribe" in client.get(path).content.decode()
    assert "will get no more reply emails" in client.post(path).content.decode()
    parent.refresh_from_db()
    assert parent.notify_replies is False


def test_pending_and_spam_replies_send_nothing(
    post, article, parent, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_BLOCKLIST = ["casino"]
    with django_capture_on_commit_callbacks(execute=True):
        post(
            article,
            parent=str(parent.pk),
            body="Held for moderation.",
            author_email="ken@example.jp",
        )
        post(article, parent=str(parent.pk), body="Best casino!", author_email="bot@example.jp")
    assert not Notification.objects.filter(kind="reply").exists()
    assert all(message.to != ["aiko@example.jp"] for message in mail.outbox)


def test_approving_in_the_admin_sends_the_reply_email(
    editor_client, article, parent, approved, django_capture_on_commit_callbacks
):
    reply = approved("Approved later.", parent=parent, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            "/admin/comments/comment/", {"action": "approve", "_selected_action": [reply.pk]}
        )
    assert [m.to for m in mail.outbox] == [["aiko@example.jp"]]
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            "/admin/comments/comment/", {"action": "remove", "_selected_action": [reply.pk]}
        )
        editor_client.post(
            "/admin/comments/comment/", {"action": "approve", "_selected_action": [reply.pk]}
        )
    assert len(mail.outbox) == 1, "one email per reply, however often it is approved"


def test_no_email_to_yourself(post, article, parent, settings, django_capture_on_commit_callbacks):
    settings.COMMENTS_MODERATION = "none"
    with django_capture_on_commit_callbacks(execute=True):
        post(
            article,
            parent=str(parent.pk),
            body="Replying to myself.",
            author_email="AIKO@example.jp",
        )
    assert mail.outbox == []


def test_failed_mail_is_kept_and_retried(
    post, article, parent, settings, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    settings.COMMENTS_MODERATION = "none"

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            article, parent=str(parent.pk), body="Answer.", author_email="ken@example.jp"
        )
    assert response.status_code == 302
    notification = Notification.objects.get(kind="reply")
    assert notification.sent_at is None
    assert "mail server down" in notification.last_error
    assert any(r.getMessage() == "notification not sent" for r in caplog.records)
    monkeypatch.undo()
    call_command("send_notifications", stdout=io.StringIO())
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 2
    assert [m.to for m in mail.outbox] == [["aiko@example.jp"]]
    assert send_pending() == 0


def test_invalid_unsubscribe_link(client):
    response = client.get("/comments/unsubscribe/forged-token/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_mail_goes_out_in_the_background(post, article, parent, settings):
    settings.COMMENTS_MODERATION = "none"
    settings.NOTIFICATIONS_IN_BACKGROUND = True
    post(article, parent=str(parent.pk), body="Background answer.", author_email="ken@example.jp")
    sender.submit(lambda: None).result(timeout=30)
    assert [m.to for m in mail.outbox] == [["aiko@example.jp"]]
    assert Notification.objects.get(kind="reply").sent_at is not None


def test_emails_link_to_site_url(
    post, article, editors, parent, settings, django_capture_on_commit_callbacks
):
    """Emails have no request: every link in them is at SITE_URL, never at the address
    of the request that caused them (the test client's is http://testserver)."""
    settings.SITE_URL = "https://snsblog.example/"
    with django_capture_on_commit_callbacks(execute=True):
        post(article, body="Awaiting moderation.", author_email="mika@example.jp")
    settings.COMMENTS_MODERATION = "none"
    with django_capture_on_commit_callbacks(execute=True):
        post(article, parent=str(parent.pk), body="An answer.", author_email="ken@example.jp")
    digest, reply = mail.outbox
    assert "moderation" in digest.subject
    assert "replied" in reply.subject
    for message in (digest, reply):
        links = re.findall(r"\bhttps?://\S+", message.body)
        assert links, message.body
        for link in links:
            assert link.startswith("https://snsblog.example/"), link
        assert "testserver" not in message.body
        assert "127.0.0.1" not in message.body
    assert any("/admin/comments/comment/" in link for link in re.findall(r"\S+", digest.body))
    assert any("unsubscribe" in link for link in re.findall(r"\S+", reply.body))
    assert reply.extra_headers["List-Unsubscribe"].startswith("<https://snsblog.example/")


def test_a_reply_email_goes_out_in_the_language_the_comment_was_written_in(
    client, article, approved, settings, django_capture_on_commit_callbacks
):
    """A comment posted from the Japanese page is answered in Japanese, subject, body
    and links alike; the reply's own author wrote in English."""
    settings.COMMENTS_MODERATION = "none"
    from tests.comments.conftest import comment_data

    data = comment_data(
        article, body="返信があれば教えてください。", author_name="愛子",
        author_email="aiko@example.jp", notify_replies="on",
    )  # fmt: skip
    assert client.post(f"/ja/comments/post/{article.pk}/", data).status_code == 302
    parent = Comment.objects.get(author_email="aiko@example.jp")
    assert parent.language == "ja"
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(
            f"/comments/post/{article.pk}/",
            comment_data(
                article,
                parent=str(parent.pk),
                body="Here you are.",
                author_name="Ken",
                author_email="ken@example.jp",
            ),
        )
    assert reply.status_code == 302
    assert Comment.objects.get(body="Here you are.").language == "en"
    message = next(m for m in mail.outbox if m.to == ["aiko@example.jp"])
    assert message.subject == "[snsblog] Kenさんがあなたのコメントに返信しました"
    assert "Kenさんが「" in message.body
    assert "Here you are." in message.body
    assert f"/ja/comments/{Comment.objects.get(body='Here you are.').pk}/" in message.body
    unsubscribe = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert "/ja/comments/unsubscribe/" in unsubscribe
    assert unsubscribe in message.body
