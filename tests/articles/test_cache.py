"""Cached fragments change as soon as anything they show changes."""

import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Fact, Platform, Source
from comments.models import Comment
from comments.moderation import set_status

ARTICLE_URL = "/articles/so-mixi-now-has-an-official-facebook-page/"


def test_fact_change_shows_at_once(client, seed_article):
    assert "14,020,000 users" in client.get(ARTICLE_URL).content.decode()
    fact = Fact.objects.get(metric="monthly active users", as_of=datetime.date(2012, 9, 1))
    fact.value = Decimal("14030000")
    fact.save()
    page = client.get(ARTICLE_URL).content.decode()
    assert "14,030,000 users" in page
    assert "14,020,000 users" not in page


def test_fact_deletion_shows_at_once(client, seed_article):
    assert "26,830,000 accounts" in client.get(ARTICLE_URL).content.decode()
    Fact.objects.filter(source__name="Fuji Chimera Research").delete()
    assert "26,830,000 accounts" not in client.get(ARTICLE_URL).content.decode()


def test_article_and_tag_changes_show_at_once(client, seed_article):
    client.get(ARTICLE_URL)
    seed_article.title = "Mixi, revisited"
    seed_article.save()
    seed_article.tags.add("revisited")
    page = client.get(ARTICLE_URL).content.decode()
    assert "Mixi, revisited" in page
    assert 'href="/tags/revisited/"' in page
    fact = seed_article.facts.first()
    fact.tags.add("fact-tag")
    assert 'href="/tags/fact-tag/"' in client.get(ARTICLE_URL).content.decode()


def test_platform_and_source_renames_show_at_once(client, seed_article):
    client.get(ARTICLE_URL)
    mixi = Platform.objects.get(slug="mixi")
    mixi.name = "mixi, Inc."
    mixi.save()
    nikkei = Source.objects.get(name="Nikkei")
    nikkei.name = "Nikkei Asia"
    nikkei.save()
    page = client.get(ARTICLE_URL).content.decode()
    assert "mixi, Inc." in page
    assert "Nikkei Asia" in page


def test_pages_say_how_they_may_be_cached(client, seed_article):
    article_page = client.get(ARTICLE_URL)
    assert "private" in article_page["Cache-Control"]
    assert "no-cache" in article_page["Cache-Control"]
    for url in ["/", "/tags/mixi/", "/platforms/mixi/"]:
        assert client.get(url)["Cache-Control"] == "public, max-age=60"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def other_process(transactional_db):
    """The site served by gunicorn in another process, on the same database and cache."""
    port = free_port()
    env = {**os.environ, "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1"}
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        env["SQLITE_PATH"] = str(database["NAME"])
    else:
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        )
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("FileBasedCache"):
        env["CACHE_DIR"] = cache["LOCATION"]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "snsblog.wsgi",
            "--workers",
            "2",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


def fetch(url: str) -> str:
    return urllib.request.urlopen(url, timeout=10).read().decode()


def test_approval_in_one_process_shows_in_another(other_process, seed_article):
    comment = Comment(
        article=seed_article, author_name="Aiko", author_email="aiko@example.jp",
        body="Approved elsewhere.", status=Comment.Status.PENDING,
    )  # fmt: skip
    comment.save()
    page_url = other_process + ARTICLE_URL
    for _ in range(4):  # both workers render and cache the page
        assert "Approved elsewhere." not in fetch(page_url)
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    for _ in range(4):
        page = fetch(page_url)
        assert "Approved elsewhere." in page
        assert "Comments (1)" in page
