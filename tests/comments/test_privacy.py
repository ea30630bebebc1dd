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


def test_erase_anonymises_and_keeps_the_thread(client, article, approved):
    parent = approved("I said this.", author_email="aiko@example.jp", author_name="Aiko",
                      author_url="https://aiko.example/", ip_address="203.0.113.7")  # fmt: skip
    reply = approved("And I replied.", parent=parent)
    client.get(article.get_absolute_url())
    assert "Anonymised 1 comment of aiko@example.jp." in commenter_data(
        "aiko@example.jp", "--erase"
    )
    parent.refresh_from_db()
    assert (parent.author_name, parent.author_email, parent.author_url) == ("Anonymous", "", "")
    assert parent.ip_address is None
    assert parent.body == "I said this."
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Aiko" not in html
    assert "aiko.example" not in html
    assert "Anonymous" in html
    assert f'id="comment-{reply.pk}"' in html
    assert json.loads(commenter_data("aiko@example.jp"))["comments"] == []


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
