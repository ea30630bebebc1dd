"""Readers posting at the same moment against a live, multi-threaded server lose nothing."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from comments.models import Comment

POSTS = 60
THREADS = 12


@pytest.fixture
def open_discussion(settings):
    settings.COMMENTS_RATE_LIMIT = ""
    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0


def post_one(base_url: str, article, number: int) -> int:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        NoRedirect(),
    )
    page = opener.open(f"{base_url}{article.get_absolute_url()}", timeout=60).read().decode()
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": hidden_value(page, "csrfmiddlewaretoken"),
            "token": hidden_value(page, "token"),
            "author_name": f"Reader {number}",
            "author_email": f"reader{number}@example.com",
            "body": f"Comment {number} posted concurrently.",
        }
    ).encode()
    request = urllib.request.Request(f"{base_url}/comments/post/{article.pk}/", data=form)
    try:
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


def hidden_value(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_are_each_stored_once(live_server, make_article, open_discussion, settings):
    article = make_article(slug="busy")
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(lambda n: post_one(live_server.url, article, n), range(POSTS)))
    assert statuses == [302] * POSTS
    bodies = list(Comment.objects.filter(article=article).values_list("body", flat=True))
    assert len(bodies) == POSTS
    assert sorted(bodies) == sorted(f"Comment {n} posted concurrently." for n in range(POSTS))
