"""The fragment cache: bounded, expiring, and never shared across render settings."""

import re
import time
import uuid

import pytest
from django.core.cache import caches

from articles.models import Article
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
