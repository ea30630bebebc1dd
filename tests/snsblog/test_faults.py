"""Faults and bad input get a clear answer, never a server error, on SQLite and PostgreSQL."""

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.db import OperationalError, connection
from django.test import Client

from articles.models import Article
from comments.models import Comment
from snsblog.fragments import fragments
from tests.comments.conftest import comment_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client() -> Client:
    """A client that reports a server error as a 500 response, like a browser sees it."""
    return Client(raise_request_exception=False)


# Every URL pattern that takes a value from the path or the query string.
NUL_URLS = [
    "/?page=%00",
    "/articles/%00/",
    "/articles/%00/facts.csv",
    "/articles/%00/facts.json",
    "/articles/%00/comments/feed/",
    "/platforms/%00/",
    "/platforms/%00/facts.csv",
    "/platforms/%00/facts.json",
    "/search/?q=%00",
    "/search/?q=mixi&page=%00",
    "/api/articles/?tag=%00",
    "/api/articles/%00/",
    "/api/tags/?page=%00",
    "/api/platforms/?page_size=%00",
    "/api/facts/?platform=%00",
    "/api/facts/?metric=%00",
    "/api/facts/?tag=%00",
    "/api/facts/?article=%00",
    "/api/facts/?from=%00",
    "/archive/%00/",
    "/archive/2012/%00/",
    "/tags/%00/",
    "/tags/%00/feed/",
    "/tags/%00/feed/atom/",
    "/comments/%00/",
    "/comments/unsubscribe/%00/",
    "/sitemap.xml?p=%00",
    "/admin/login/?next=%00",
    "/static/%00.css",
    "/search/?q%00=mixi",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_in_the_path_or_query_is_400(strict_client, seed_article, url):
    response = strict_client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "null character" in response.content.decode().lower()


def test_nul_in_posted_form_values_is_400(strict_client, seed_article):
    response = strict_client.post("/admin/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "null character" in response.content.decode().lower()


def test_comment_with_nul_keeps_its_text(strict_client, seed_article):
    data = comment_data(seed_article, body="hello\x00world")
    response = strict_client.post(f"/comments/post/{seed_article.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Null characters are not allowed." in html
    assert "hello" in html.split("</textarea>")[0].rsplit(">", 1)[1]
    assert not Comment.objects.exists()


# Form posts in anything but UTF-8, and bodies that are not valid UTF-8.
CHARSETS = ["iso-8859-1", "latin-1", "windows-1252", "utf-16", "shift_jis", "bogus", ""]


def csrf_client_and_token(url: str) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(url)
    return client, client.cookies["csrftoken"].value


def form_post(client: Client, url: str, body: bytes, charset: str):
    content_type = "application/x-www-form-urlencoded"
    if charset:
        content_type += f"; charset={charset}"
    return client.generic("POST", url, body, content_type=content_type)


@pytest.mark.parametrize("charset", [c for c in CHARSETS if c])
def test_comment_post_in_another_charset_is_400(seed_article, charset):
    client, token = csrf_client_and_token(seed_article.get_absolute_url())
    data = comment_data(seed_article, body="café", csrfmiddlewaretoken=token)
    response = form_post(
        client, f"/comments/post/{seed_article.pk}/", urlencode(data).encode(), charset
    )
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("charset", [c for c in CHARSETS if c])
def test_admin_login_in_another_charset_is_400(db, charset):
    client, token = csrf_client_and_token("/admin/login/")
    body = urlencode({"username": "hana", "password": "x", "csrfmiddlewaretoken": token})
    response = form_post(client, "/admin/login/", body.encode(), charset)
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


@pytest.mark.parametrize("raw", [b"caf\xe9", b"caf%E9", b"%FF%FE", b"\xff\xfe"])
@pytest.mark.parametrize("charset", ["utf-8", ""])
def test_form_body_that_is_not_utf8_is_400(seed_article, raw, charset):
    client, token = csrf_client_and_token(seed_article.get_absolute_url())
    data = comment_data(seed_article, csrfmiddlewaretoken=token)
    del data["body"]
    body = urlencode(data).encode() + b"&body=" + raw
    response = form_post(client, f"/comments/post/{seed_article.pk}/", body, charset)
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not Comment.objects.exists()


def test_utf8_form_posts_still_work(seed_article):
    client, token = csrf_client_and_token(seed_article.get_absolute_url())
    data = comment_data(seed_article, body="café ☕", csrfmiddlewaretoken=token)
    response = form_post(
        client, f"/comments/post/{seed_article.pk}/", urlencode(data).encode(), "UTF-8"
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "café ☕"


def refuse_writes(execute, sql, params, many, context):
    """What a full disk or a read-only database does: reads work, writes fail."""
    if sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}:
        raise OperationalError("attempt to write a readonly database")
    return execute(sql, params, many, context)


def migration_rows() -> list:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name, applied FROM django_migrations ORDER BY id")
        return cursor.fetchall()


def test_healthz_writes_nothing(client):
    before = migration_rows()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert migration_rows() == before


def test_healthz_answers_503_when_the_database_cannot_be_written(client):
    with connection.execute_wrapper(refuse_writes):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "read-only", "failed": "write"}


def test_healthz_answers_503_when_the_database_refuses_writes(client):
    """The database's own read-only switch: SQLite's query_only, a PostgreSQL
    read-only transaction (as on a standby)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            # Rolled back with the test's transaction.
            cursor.execute("SET TRANSACTION READ ONLY")
    try:
        response = client.get("/healthz")
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
    assert response.status_code == 503
    assert response.json()["failed"] == "write"


def test_healthz_says_when_the_database_cannot_be_read(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "failed": "read"}


BAD_TEXT = "Ken\x0b\x01\x1b[31m\ufffe\x85\u202e"


def parse_feed(response) -> ElementTree.Element:
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_comment_feeds_survive_control_characters_already_stored(client, make_article):
    article = make_article()
    comment = Comment.objects.create(
        article=article,
        author_name="Ken",
        author_email="ken@example.jp",
        body="Fine text.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.filter(pk=comment.pk).update(
        author_name=BAD_TEXT, body=f"Body {BAD_TEXT}", body_html=f"<p>Body {BAD_TEXT}</p>"
    )
    Article.objects.filter(pk=article.pk).update(title=f"Mixi {BAD_TEXT}")
    for url in ["/comments/feed/", f"/articles/{article.slug}/comments/feed/"]:
        feed = parse_feed(client.get(url))
        text = ElementTree.tostring(feed, encoding="unicode")
        assert "Ken[31m" in text
        assert "\x0b" not in text
        assert "Body Ken" in text


@pytest.mark.parametrize(
    "url", ["/feed/", "/feed/atom/", "/tags/{tag}/feed/", "/tags/{tag}/feed/atom/"]
)
def test_article_feeds_survive_control_characters_already_stored(client, seed_article, url):
    tag = seed_article.tags.first()
    Article.objects.filter(pk=seed_article.pk).update(
        title=f"Mixi {BAD_TEXT}", body_html=f"<p>Text {BAD_TEXT}</p>", excerpt=BAD_TEXT
    )
    tag.name = f"mixi {BAD_TEXT}"
    tag.save()
    fragments.clear()
    feed = parse_feed(client.get(url.format(tag=tag.slug)))
    text = ElementTree.tostring(feed, encoding="unicode")
    assert "Mixi Ken[31m" in text
    assert "\x0b" not in text
