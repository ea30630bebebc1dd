import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from comments.models import Comment

pytestmark = pytest.mark.django_db


def commenter_data(*args: str) -> str:
    out = io.StringIO()
    call_command("commenter_data", *args, stdout=out)
    return out.getvalue()


def test_export_lists_everything_stored_about_an_email(approved, make_article):
    approved("Mine.", author_email="Aiko@Example.jp", ip_address="203.0.113.7", user_agent="UA/1")
    approved("Also mine.", author_email="aiko@example.jp", status=Comment.Status.PENDING)
    approved("Someone else's.", author_email="ken@example.jp")
    exported = json.loads(commenter_data("aiko@example.jp"))
    assert [c["text"] for c in exported["comments"]] == ["Mine.", "Also mine."]
    assert exported["comments"][0]["ip_address"] == "203.0.113.7"
    assert exported["comments"][0]["user_agent"] == "UA/1"
    assert exported["comments"][1]["status"] == "pending"


def test_erase_removes_name_and_text_and_keeps_the_thread(client, article, approved):
    parent = approved("I said this.", author_email="aiko@example.jp", author_name="Aiko",
                      author_url="https://aiko.example/", ip_address="203.0.113.7")  # fmt: skip
    reply = approved("And I replied.", parent=parent)
    assert "I said this." in client.get(article.get_absolute_url()).content.decode()
    assert "Erased 1 comment of aiko@example.jp" in commenter_data("aiko@example.jp", "--erase")
    parent.refresh_from_db()
    assert (parent.author_name, parent.author_email, parent.author_url) == ("Anonymous", "", "")
    assert (parent.body, parent.body_html, parent.status) == ("", "", Comment.Status.REMOVED)
    assert parent.ip_address is None
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Aiko" not in html
    assert "I said this." not in html
    assert "aiko.example" not in html
    assert "This comment has been removed." in html
    assert f'id="comment-{reply.pk}"' in html
    assert "And I replied." in html
    for feed in ["/comments/feed/", f"{article.get_absolute_url()}comments/feed/"]:
        assert "I said this." not in client.get(feed).content.decode()
    assert json.loads(commenter_data("aiko@example.jp"))["comments"] == []


def test_erase_deletes_the_cached_fragments(client, article, approved):
    from django.core.cache import cache

    from snsblog.fragments import fragments

    approved("Only in the cache soon.", author_email="aiko@example.jp", author_name="Aiko")
    client.get(article.get_absolute_url())
    key = fragments.key(f"discussion:{article.pk}:page1:open")
    assert b"Only in the cache soon." in cache.get(key)[2]
    commenter_data("aiko@example.jp", "--erase")
    assert cache.get(key) is None


def test_erase_reaches_the_outbox(article, approved, editor, mailoutbox):
    from comments.models import Notification
    from comments.notifications import queue_moderation_digest, queue_reply_notifications

    parent = approved("Tell me about replies.", author_email="ken@example.jp", notify_replies=True)
    reply = approved("Aiko's private reply.", parent=parent, author_name="Aiko",
                     author_email="aiko@example.jp")  # fmt: skip
    queue_reply_notifications([reply])
    approved("Pending from Aiko.", author_email="aiko@example.jp", author_name="Aiko",
             status=Comment.Status.PENDING)  # fmt: skip
    approved("Pending from Ken.", author_email="ken@example.jp", status=Comment.Status.PENDING)
    queue_moderation_digest()
    exported = json.loads(commenter_data("aiko@example.jp"))
    assert {e["kind"] for e in exported["emails"]} == {"reply", "moderation-digest"}

    commenter_data("aiko@example.jp", "--erase")
    stored = " ".join(f"{n.subject} {n.body}" for n in Notification.objects.all())
    assert "Aiko" not in stored
    assert "Pending from Aiko." not in stored
    assert "private reply" not in stored
    assert "Pending from Ken." in stored
    assert json.loads(commenter_data("aiko@example.jp"))["emails"] == []


def test_bad_email_is_refused():
    with pytest.raises(CommandError, match="Not an email address"):
        commenter_data("not-an-email")


def test_privacy_page_is_linked_from_the_form(client, article, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 45
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/privacy/"' in html
    privacy = client.get("/privacy/").content.decode()
    assert "erased after 45 days" in privacy
    assert "Remember me" in privacy


def test_emails_never_leave_the_site(client, article, approved):
    approved("Public text.", author_email="secret@example.jp")
    for url in [
        article.get_absolute_url(),
        "/comments/feed/",
        f"{article.get_absolute_url()}comments/feed/",
    ]:
        assert "secret@example.jp" not in Client().get(url).content.decode()
