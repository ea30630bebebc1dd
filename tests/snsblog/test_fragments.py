"""The fragment cache: bounded, expiring, and never shared across render settings."""

import re
import time
import uuid
from unittest.mock import patch

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.views import article_detail
from comments.models import Comment
from snsblog.fragments import fragments

pytestmark = pytest.mark.django_db


def stored_keys() -> set[str]:
    """Keys of fragments in the shared cache (file cache or Redis)."""
    cache = caches["default"]
    backend = type(cache).__name__
    if backend == "RedisCache":
        client = cache._cache.get_client()
        return {key.decode() for key in client.keys("*fragment:*")}
    if backend == "FileBasedCache":
        return {str(path) for path in cache._list_cache_files()}
    raise AssertionError(f"unexpected cache backend {backend}")


def test_keys_per_article_stay_bounded_over_many_versions(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    after_first_view = len(stored_keys())
    for number in range(40):
        Comment.objects.create(
            article=article, author_name="Ken", author_email=f"ken{number}@example.jp",
            body=f"Comment {number}.", status=Comment.Status.APPROVED,
        )  # fmt: skip
        if number % 3 == 0:
            article.title = f"Title {number}"
            article.save()
        assert f"Comment {number}." in client.get(url).content.decode()
    assert len(stored_keys()) <= after_first_view


def test_a_slot_holding_another_version_is_a_miss():
    fragments.set("test:slot", "v1", b"one")
    assert fragments.get("test:slot", "v1") == b"one"
    assert fragments.get("test:slot", "v2") is None
    fragments.clear()
    assert fragments.get("test:slot", "v2") is None
    assert fragments.get("test:slot", "v1") == b"one"


def test_fragments_expire(settings):
    settings.FRAGMENT_TIMEOUT = 1
    fragments.set("test:expiring", "v1", b"soon gone")
    fragments.clear()
    assert fragments.get("test:expiring", "v1") == b"soon gone"
    time.sleep(1.2)
    fragments.clear()
    assert fragments.get("test:expiring", "v1") is None


def test_relative_dates_are_rendered_anew_after_max_age():
    fragments.set("test:dated", "v1", b"3 minutes ago")
    assert fragments.get("test:dated", "v1", max_age=60) == b"3 minutes ago"
    assert fragments.get("test:dated", "v1", max_age=0) is None


def test_settings_that_change_rendering_change_the_keys(client, make_article, settings):
    """A page rendered under one configuration is never served under another (here:
    where static files are served from)."""
    stylesheet = re.compile(r'href="(/\w+/)css/site(\.[0-9a-f]{12})?\.css"')
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert stylesheet.findall(page)[0][0] == "/static/"
    settings.STATIC_URL = "/assets/"
    page = client.get(article.get_absolute_url()).content.decode()
    assert [prefix for prefix, _ in stylesheet.findall(page)] == ["/assets/"]


def test_comment_settings_change_the_discussion(client, make_article, settings):
    article = make_article(slug="depth")
    Comment.objects.create(
        article=article, author_name="Ken", author_email="ken@example.jp", body="Parent.",
        status=Comment.Status.APPROVED,
    )  # fmt: skip
    assert "replyto=" in client.get(article.get_absolute_url()).content.decode()
    settings.COMMENTS_MAX_DEPTH = 1
    assert "replyto=" not in client.get(article.get_absolute_url()).content.decode()


def test_a_version_no_process_rendered_is_rendered(client, make_article):
    article = make_article()
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(
        title="Changed behind the cache's back", content_version=uuid.uuid4()
    )
    assert "Changed behind the cache" in client.get(article.get_absolute_url()).content.decode()


def unsent_page(article: Article):
    """The article page's response as a view returns it, before a server has sent
    it (and closed it)."""
    request = RequestFactory().get(article.get_absolute_url())
    request.user = AnonymousUser()
    request.session = SessionStore()
    return article_detail(request, slug=article.slug)


def close(response) -> None:
    """What a server does once it has sent a response (as the test client does, the
    test's database connection is kept open)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_a_page_is_sent_before_its_new_fragments_are_stored(make_article):
    article = make_article(title="Stored once sent")
    before = stored_keys()
    response = unsent_page(article)
    assert "Stored once sent" in response.content.decode()
    assert stored_keys() == before
    close(response)
    assert len(stored_keys() - before) == 4  # content, shell, discussion, its page count
    fragments.clear()
    with CaptureQueriesContext(connection) as queries:
        assert "Stored once sent" in unsent_page(article).content.decode()
    assert not any("articles_fact" in query["sql"] for query in queries.captured_queries)


def test_a_page_whose_fragments_cannot_be_stored_is_still_served(make_article, caplog):
    article = make_article(title="Served anyway")
    response = unsent_page(article)
    with patch.object(caches["default"], "set_many", side_effect=OSError("disk full")):
        close(response)
    assert "could not be stored" in caplog.text
    fragments.clear()
    assert "Served anyway" in unsent_page(article).content.decode()
