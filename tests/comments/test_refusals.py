"""A refused comment comes back with the reader's text, a clear message and the right status."""

import datetime
import re
import time
from urllib.parse import urlencode

import pytest
from django.core import mail, signing
from django.db import DatabaseError, OperationalError, connection
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from comments.forms import make_form_token
from comments.models import Comment, Notification
from comments.notifications import send_pending
from tests.comments.conftest import comment_data

pytestmark = pytest.mark.django_db

TEXT = "My carefully written thoughts about Mixi."


BODY_TEXTAREA = re.compile(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', re.DOTALL)


def assert_text_kept(response, text: str = TEXT) -> str:
    """The reader's text is back in the comment box, escaped, exactly as typed."""
    html = response.content.decode()
    boxes = BODY_TEXTAREA.findall(html)
    assert boxes == [escape(text)]
    assert 'name="token"' in html
    return html


def test_missing_fields_are_explained(post, article):
    response = post(article, author_name="", author_email="not-an-email", body=TEXT)
    assert response.status_code == 400
    html = assert_text_kept(response)
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert not Comment.objects.exists()


def test_refused_text_with_markup_comes_back_escaped(post, article):
    typed = "Mixi <b>&</b> \"Facebook\" '2012'\n\n</textarea><script>x</script>"
    response = post(article, author_email="bad", body=typed)
    assert response.status_code == 400
    html = assert_text_kept(response, typed)
    assert "<script>x</script>" not in html


def test_empty_comment_is_refused(post, article):
    response = post(article, body="   \n  ")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_overlong_name_and_comment(post, article):
    response = post(article, author_name="N" * 81, body="x" * 5001)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 80 characters (it has 81)." in html
    assert "Ensure this value has at most 5000 characters (it has 5001)." in html
    assert "x" * 5001 in html


def test_nul_bytes_are_refused(post, article):
    response = post(article, body="hello\x00world")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not Comment.objects.exists()


def form_body(article, body: bytes) -> bytes:
    data = comment_data(article)
    del data["body"]
    return urlencode(data).encode() + b"&body=" + body


@pytest.mark.parametrize("body", [b"caf\xe9+\xff\xfe", b"caf%E9", b"%C3"])
def test_invalid_utf8_is_refused_with_400(client, article, body):
    response = client.post(
        f"/comments/post/{article.pk}/",
        form_body(article, body),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("nul", [b"%00", b"\x00"])
def test_nul_in_a_raw_form_body_is_refused_with_the_text_kept(client, article, nul):
    response = client.post(
        f"/comments/post/{article.pk}/",
        form_body(article, b"hello" + nul + b"world"),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Null characters are not allowed." in html
    assert BODY_TEXTAREA.findall(html) == ["hello\x00world"]
    assert not Comment.objects.exists()


def test_oversized_request_is_refused(client, article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(
        f"/comments/post/{article.pk}/", comment_data(article, body="y" * 20_000)
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_rate_limit_answers_429_and_keeps_the_text(post, article, settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    assert post(article, body="one").status_code == 302
    assert post(article, body="two").status_code == 302
    response = post(article, body=TEXT)
    assert response.status_code == 429
    html = assert_text_kept(response)
    assert "You are posting too fast." in html
    assert Comment.objects.count() == 2


def test_rate_limit_is_per_address(post, article, settings):
    settings.COMMENTS_RATE_LIMIT = "1/m"
    assert post(article, body="one").status_code == 302
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert post(article, client=other, body="two").status_code == 302


def test_closed_comments_refuse_with_403(post, article):
    article.comments_enabled = False
    article.save()
    response = post(article, body=TEXT)
    assert response.status_code == 403
    html = assert_text_kept(response)
    assert "Comments are closed." in html
    assert not Comment.objects.exists()


def test_comments_close_after_configured_days(client, post, make_article, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(slug="old", published_at=timezone.now() - datetime.timedelta(days=31))
    assert "Comments are closed." in client.get(old.get_absolute_url()).content.decode()
    assert post(old).status_code == 403


def test_existing_comments_stay_visible_when_closed(client, article, approved):
    approved("Still here.")
    article.comments_enabled = False
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Still here." in html
    assert "Comments are closed." in html
    assert 'id="comment-form"' not in html


def test_posting_to_a_draft_is_404(post, make_article):
    draft = make_article(slug="draft", status="draft")
    assert post(draft).status_code == 404
    assert not Comment.objects.exists()


def test_posting_to_a_missing_article_is_404(client, db):
    assert client.post("/comments/post/424242/", {"body": "x"}).status_code == 404


def test_get_on_the_post_url_is_405(client, article):
    assert client.get(f"/comments/post/{article.pk}/").status_code == 405


@pytest.mark.parametrize("kind", ["other-article", "missing", "pending", "spam"])
def test_bad_parent_is_refused(post, article, approved, make_article, kind):
    other = make_article(slug="other")
    parent_id = {
        "other-article": lambda: approved("elsewhere", article=other).pk,
        "missing": lambda: 987654,
        "pending": lambda: approved("waiting", status=Comment.Status.PENDING).pk,
        "spam": lambda: approved("spam", status=Comment.Status.SPAM).pk,
    }[kind]()
    response = post(article, parent=str(parent_id), body=TEXT)
    assert response.status_code == 400
    assert "not on this article any more" in assert_text_kept(response)
    assert not Comment.objects.filter(body=TEXT).exists()


def test_non_numeric_parent_is_refused(post, article):
    response = post(article, parent="1 OR 1=1", body=TEXT)
    assert response.status_code == 400
    assert_text_kept(response)


def test_instant_post_is_refused_but_kept(post, article):
    response = post(article, token=make_form_token(article), body=TEXT)
    assert response.status_code == 400
    assert "That was very quick." in assert_text_kept(response)


def test_stale_form_is_reshown_with_a_fresh_token(client, post, article):
    stale = make_form_token(article, issued_at=time.time() - 30 * 86400)
    response = post(article, token=stale, body=TEXT)
    assert response.status_code == 400
    html = assert_text_kept(response)
    assert "This page was open for a long time." in html
    fresh = html.split('name="token" value="')[1].split('"')[0]
    assert fresh != stale
    assert signing.loads(fresh, salt="comments.form")["issued"] >= int(time.time()) - 5


def test_form_open_for_hours_still_posts(post, article):
    hours_ago = make_form_token(article, issued_at=time.time() - 6 * 3600)
    assert post(article, token=hours_ago).status_code == 302


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "eyJhcnRpY2xlIjoxLCJpc3N1ZWQiOjB9:forged:signature"],
)
def test_forged_token_is_refused(post, article, token):
    response = post(article, token=token, body=TEXT)
    assert response.status_code == 400
    assert "This form could not be checked." in assert_text_kept(response)


def test_token_for_another_article_is_refused(post, article, make_article):
    other = make_article(slug="other")
    response = post(article, token=make_form_token(other, issued_at=time.time() - 60), body=TEXT)
    assert response.status_code == 400


def test_duplicate_comment_is_refused(post, article):
    assert post(article, body=TEXT).status_code == 302
    response = post(article, body=TEXT + "  ")
    assert response.status_code == 400
    assert "You have already posted this comment." in assert_text_kept(response, TEXT + "  ")
    assert Comment.objects.count() == 1


def test_missing_csrf_token_is_403_and_keeps_the_text(article):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/comments/post/{article.pk}/", comment_data(article, body=TEXT))
    assert response.status_code == 403
    html = assert_text_kept(response)
    assert "Your session expired before you posted" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert not Comment.objects.exists()


def test_honeypot_goes_to_spam(post, article):
    post(article, homepage="http://spam.example/")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM


def test_too_many_links_are_held(post, article, approved, settings):
    settings.COMMENTS_MAX_LINKS = 2
    approved(author_email="aiko@example.jp")
    post(article, body="https://a.example https://b.example https://c.example")
    comment = Comment.objects.get(body__startswith="https://a")
    assert comment.status == Comment.Status.PENDING
    assert "3 links" in comment.moderation_reason


@pytest.mark.parametrize(
    "fields",
    [{"body": "Buy CHEAP pills now"}, {"author_email": "bot@spam.example"}],
)
def test_blocklist_goes_to_spam(post, article, settings, fields):
    settings.COMMENTS_BLOCKLIST = ["cheap pills", "spam.example", "198.51.100.7"]
    post(article, **fields)
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_blocklisted_address_goes_to_spam(post, article, settings):
    settings.COMMENTS_BLOCKLIST = ["198.51.100.7"]
    post(article, client=Client(REMOTE_ADDR="198.51.100.7"))
    assert Comment.objects.get().status == Comment.Status.SPAM


XSS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(document.cookie)",
    "'; alert(1); //",
]


@pytest.mark.parametrize("payload", XSS)
def test_script_payloads_render_inert(client, post, article, settings, payload):
    settings.COMMENTS_MODERATION = "none"
    response = post(article, author_name=payload[:80], body=f"Look: {payload}")
    assert response.status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    comments = html.split('id="comments"')[1]
    assert "<script>alert" not in comments
    assert "onerror=alert" not in comments.replace("onerror=alert(1)&gt;", "")
    assert "<svg/onload" not in comments
    assert 'href="javascript:' not in comments


def test_javascript_website_is_refused(post, article):
    response = post(article, author_url="javascript:alert(1)", body=TEXT)
    assert response.status_code == 400
    assert "Enter a valid URL." in assert_text_kept(response)


def test_text_that_spells_a_page_marker_is_kept_as_typed(post, article):
    sneaky = "\ue000article\ue001 \ue000discussion\ue001 \ue000csrf\ue001"
    response = post(article, author_email="bad", body=sneaky)
    assert response.status_code == 400
    html = response.content.decode()
    assert f">{sneaky}</textarea>" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database or disk is full"),
        OperationalError("attempt to write a readonly database"),
        DatabaseError("could not extend file"),
    ],
)
def test_database_that_cannot_write_answers_503_and_keeps_the_text(
    post, article, monkeypatch, error
):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(Comment, "save", fail)
    response = post(article, body=TEXT)
    assert response.status_code == 503
    html = assert_text_kept(response)
    assert "Your comment could not be saved" in html
    assert not Comment.objects.exists()


def test_failing_insert_answers_503_and_keeps_the_text(post, article):
    def refuse_writes(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("database or disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        response = post(article, body=TEXT)
    assert response.status_code == 503
    assert "Your comment could not be saved" in assert_text_kept(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ai\x0bko", "Ai ko"),
        ("Ai\x01ko\x7f\x85", "Aiko"),
        ("Ai\tko\r\nSato", "Ai ko Sato"),
        ("\u202eokiA", "okiA"),
        ("Ai\u2066ko\u2069\u200e\u200f\u061c", "Aiko"),
        ("A\u200bi\u200c\u200dk\u2060o\ufeff", "Aiko"),
    ],
)
def test_names_lose_control_bidi_and_zero_width_characters(post, article, typed, stored):
    assert post(article, author_name=typed).status_code == 302
    assert Comment.objects.get().author_name == stored


def test_a_name_of_only_invisible_characters_is_refused(post, article):
    response = post(article, author_name="\u202e\u200b\x0b\x01", body=TEXT)
    assert response.status_code == 400
    assert "This field is required." in assert_text_kept(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"author_email": "ai\x0bko@example.jp"},
        {"author_email": "aiko@exa\x01mple.jp"},
        {"author_url": "https://example.jp/a\x0bb"},
        {"author_url": "https://exa\x01mple.jp/"},
        {"author_url": "https://example.jp/a\x85b"},
    ],
)
def test_control_characters_in_email_or_website_are_refused(post, article, fields):
    response = post(article, body=TEXT, **fields)
    assert response.status_code == 400
    assert_text_kept(response)
    assert not Comment.objects.exists()


def test_control_characters_in_the_body_are_dropped(post, article):
    assert post(article, body="Mixi\x0b is \x1bback\x9b.").status_code == 302
    assert Comment.objects.get().body == "Mixi is back."


@pytest.fixture
def parent_asking_for_replies(approved):
    return approved("Tell me.", author_email="aiko@example.jp", notify_replies=True)


@pytest.mark.parametrize(
    "name",
    ["Ken\r\nBcc: everyone@example.jp", "Ken\nX", "Ken\rX", "Ken\x0b\x85\u2028X", "K" * 80],
)
def test_stored_names_with_line_breaks_still_get_their_reply_email_sent(
    editor_client, parent_asking_for_replies, approved, django_capture_on_commit_callbacks, name
):
    reply = approved("An answer.", parent=parent_asking_for_replies, status="pending")
    Comment.objects.filter(pk=reply.pk).update(author_name=name)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            "/admin/comments/comment/", {"action": "approve", "_selected_action": [reply.pk]}
        )
    assert [m.to for m in mail.outbox] == [["aiko@example.jp"]]
    subject = mail.outbox[0].subject
    assert subject == " ".join(subject.split()), "one line, single spaces"
    assert subject.startswith("[snsblog] K")
    assert subject.endswith(" replied to your comment")
    assert len(subject) <= len("[snsblog]  replied to your comment") + 60
    assert Notification.objects.get().sent_at is not None


def test_queued_subjects_with_line_breaks_are_sent_on_one_line(db):
    Notification.objects.create(
        kind=Notification.Kind.REPLY,
        recipients=["aiko@example.jp"],
        subject="[snsblog] Ken\r\nBcc: x@example.jp replied to your comment",
        body="An answer.",
    )
    assert send_pending() == 1
    assert mail.outbox[0].subject == "[snsblog] Ken Bcc: x@example.jp replied to your comment"


def test_a_refused_comments_language_links_lead_to_its_article(post, article, client):
    """The refused comment is shown at the address it was posted to, which takes only
    POST: the page's other-language links and alternates name the article instead."""
    path = article.get_absolute_url()
    response = post(article, body="")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="/language/ja/?next={path}"' in html
    assert f'<link rel="alternate" hreflang="ja" href="http://testserver/ja{path}">' in html
    assert "/comments/post/" not in "".join(re.findall(r'hreflang="[^"]+" href="[^"]+"', html))
    followed = client.get(f"/language/ja/?next={path}", follow=True)
    assert followed.status_code == 200
    assert followed.redirect_chain[-1][0] == f"/ja{path}"
