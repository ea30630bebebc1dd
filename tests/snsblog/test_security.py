import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from articles.models import Fact, Platform
from comments.models import Comment
from tests.comments.conftest import comment_data

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-real-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "snsblog.example",
    "SITE_URL": "https://snsblog.example",
}


# Settings a test run may set (make test-production serves plain HTTP on loopback);
# these checks want a deployment's defaults.
NOT_INHERITED = {
    "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
}  # fmt: skip


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SECURE_") and k not in NOT_INHERITED
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="snsblog.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG=0" in result.stderr


def test_security_headers_on_real_responses(client, seed_article):
    for url in ["/", seed_article.get_absolute_url(), "/admin/login/", "/privacy/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]


EXECUTABLE_SCRIPT_TYPES = {"text/javascript", "application/javascript", "module"}


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' blocks: script elements with content
    and no src, style elements, style attributes and on* event-handler attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.script = names
            self.script_text = ""
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style= on <{tag}>: {value}")
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>: {value}")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            kind = (self.script.get("type") or "text/javascript").lower()
            # Data blocks (JSON, JSON-LD) are never run, so a CSP does not block them.
            if self.script_text.strip() and kind in EXECUTABLE_SCRIPT_TYPES:
                self.found.append(f"inline <script>: {self.script_text.strip()[:60]}")
            self.script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_inline_code_check_finds_what_it_looks_for():
    html = (
        '<p style="color:red" onclick="x()">a</p><style>p{}</style><script>run()</script>'
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        '<script type="module">go()</script><script type="application/ld+json">{}</script>'
    )
    assert len(inline_code(html)) == 5


def public_pages(article) -> list[str]:
    tag = article.tags.first()
    platform = Platform.objects.filter(facts__article=article).first()
    return [
        "/", article.get_absolute_url(), f"/tags/{tag.slug}/", platform.get_absolute_url(),
        "/search/?q=mixi", "/archive/", f"/archive/{article.published_at.year}/", "/privacy/",
        "/no-such-page/", "/articles/no-such-article/",
    ]  # fmt: skip


def admin_pages(article) -> list[str]:
    fact = Fact.objects.filter(article=article).first()
    comment = Comment.objects.create(
        article=article, author_name="Ken", author_email="ken@example.jp", body="Hello."
    )
    return [
        "/admin/", "/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/article/add/", "/admin/articles/fact/",
        f"/admin/articles/fact/{fact.pk}/change/", "/admin/comments/comment/",
        f"/admin/comments/comment/{comment.pk}/change/",
        f"/admin/comments/comment/{comment.pk}/history/", "/admin/articles/platform/",
        "/admin/articles/source/", "/admin/taggit/tag/", "/admin/password_change/",
    ]  # fmt: skip


def test_public_pages_have_no_inline_script_or_style(client, seed_article):
    for url in public_pages(seed_article):
        response = client.get(url)
        assert response.status_code == (404 if "no-such" in url else 200), url
        assert inline_code(response.content.decode()) == [], url


def test_admin_pages_have_no_inline_script_or_style(client, editor_client, seed_article):
    assert inline_code(client.get("/admin/login/").content.decode()) == []
    for url in admin_pages(seed_article):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


ADMIN_LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username: str, password: str, address: str = "203.0.113.1"):
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def hana(db):
    return User.objects.create_user("hana", "hana@example.jp", "correct-horse-42", is_staff=True)


def test_failures_lock_a_username_only_from_where_they_came(client, hana, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        failed = attempt(client, "hana", "wrong", "203.0.113.1")
        assert failed.status_code == 200
        html = failed.content.decode()
        assert 'name="password"' in html
        assert "Please enter the correct username and password" in html
    third = attempt(client, "hana", "wrong", "203.0.113.1")
    assert third.status_code == 429, "the failure that reaches the limit is refused at once"
    assert "Too many failed logins" in third.content.decode()
    assert inline_code(third.content.decode()) == []
    locked = attempt(client, "hana", "correct-horse-42", "203.0.113.1")
    assert locked.status_code == 429
    # A stranger's failures cannot keep the editor out from anywhere else.
    elsewhere = attempt(Client(), "hana", "correct-horse-42", "198.51.100.50")
    assert elsewhere.status_code == 302


def test_failures_spread_over_addresses_do_not_lock_the_username(client, hana, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(6):
        assert attempt(client, "hana", "wrong", f"203.0.113.{number}").status_code == 200
    assert attempt(client, "hana", "correct-horse-42", "198.51.100.50").status_code == 302


def test_repeated_failures_lock_the_address_out(client, hana, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("ann", "bob", "cy"):
        attempt(client, name, "guess")
    assert attempt(client, "hana", "correct-horse-42").status_code == 429
    assert attempt(client, "hana", "correct-horse-42", "198.51.100.9").status_code == 302


def test_a_right_password_before_the_limit_logs_in(client, hana, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attempt(client, "hana", "wrong")
    response = attempt(client, "hana", "correct-horse-42")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


EDITOR_CAN = [
    "/admin/articles/article/", "/admin/articles/fact/", "/admin/articles/platform/",
    "/admin/articles/source/", "/admin/taggit/tag/", "/admin/comments/comment/",
    "/admin/articles/article/add/",
]  # fmt: skip
EDITOR_CANNOT = [
    "/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/",
    "/admin/axes/accessattempt/", "/admin/axes/accesslog/",
]  # fmt: skip


@pytest.mark.parametrize("url", EDITOR_CAN)
def test_editor_reaches_what_the_job_needs(editor_client, url):
    assert editor_client.get(url).status_code == 200


@pytest.mark.parametrize("url", EDITOR_CANNOT)
def test_editor_cannot_reach_users_groups_or_site_settings(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_admin_home_lists_only_the_editors_apps(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "Articles" in html
    assert "Comments" in html
    assert "Authentication and Authorization" not in html
    assert "Axes" not in html


def test_comment_form_keeps_working_under_the_policy(client, make_article):
    article = make_article()
    response = client.post(f"/comments/post/{article.pk}/", comment_data(article))
    assert response.status_code == 302
