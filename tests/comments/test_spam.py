"""Spam defences that hold against a person trying: links however written, forms
used once, bursts within the rate limit."""

import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client

from comments.models import Comment
from snsblog.guard import over_rate_limit
from snsblog.text import count_links
from tests.comments.conftest import comment_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("buy-pills.com and cheap.example/pills", 2),
        ("www.x.example www.y.example", 2),
        ("http://a.example https://b.example ftp://c.example", 3),
        ("詳細はbuy-pills.comへ", 1),
        ("write to me at aiko@example.jp", 0),
        ("Python 3.11, e.g. this", 0),
    ],
)
def test_links_count_however_they_are_written(text, links):
    assert count_links(text) == links


def test_bare_domains_are_held_for_moderation(post, article, approved, settings):
    settings.COMMENTS_MAX_LINKS = 2
    approved(author_email="aiko@example.jp", author_name="Aiko")
    post(article, body="a.example b.example c.example d.example e.example")
    comment = Comment.objects.get(body__startswith="a.example")
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "Has 5 links (more than 2)."


def test_a_form_posts_once(client, article):
    data = comment_data(article)
    assert client.post(f"/comments/post/{article.pk}/", data).status_code == 302
    replay = client.post(
        f"/comments/post/{article.pk}/", {**data, "body": "Replayed with other text."}
    )
    assert replay.status_code == 400
    assert "This form was already posted." in replay.content.decode()
    assert "Replayed with other text." in replay.content.decode()
    assert Comment.objects.count() == 1


def test_two_forms_shown_in_the_same_second_are_two_forms(client, article):
    first, second = comment_data(article), comment_data(article, body="Another comment.")
    assert first["token"] != second["token"]
    assert client.post(f"/comments/post/{article.pk}/", first).status_code == 302
    assert client.post(f"/comments/post/{article.pk}/", second).status_code == 302


def test_a_burst_from_one_address_passes_only_the_limit(settings):
    settings.COMMENTS_RATE_LIMIT = "5/m"
    results: list[bool] = []
    start = threading.Barrier(50)

    def one_post() -> None:
        start.wait()
        results.append(over_rate_limit("203.0.113.50"))

    threads = [threading.Thread(target=one_post) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 5


def test_a_burst_straddling_a_window_boundary_is_not_doubled(settings, monkeypatch):
    settings.COMMENTS_RATE_LIMIT = "5/m"
    now = [60 * 1000 + 59.9]  # the last tenth of a second of one window
    monkeypatch.setattr(time, "time", lambda: now[0])
    allowed = [not over_rate_limit("203.0.113.51") for _ in range(5)]
    now[0] += 0.2  # the first tenth of a second of the next
    allowed += [not over_rate_limit("203.0.113.51") for _ in range(5)]
    assert allowed.count(True) == 5
    now[0] += 60  # a whole period later the limit is free again
    assert not over_rate_limit("203.0.113.51")


def test_the_limit_is_per_address(settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    assert [over_rate_limit("203.0.113.60") for _ in range(3)] == [False, False, True]
    assert over_rate_limit("203.0.113.61") is False
    cache.clear()


def test_a_refused_comment_behind_a_proxy_counts_the_real_client(article, settings):
    settings.TRUSTED_PROXIES = "127.0.0.1"
    settings.COMMENTS_RATE_LIMIT = "1/m"
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = Client().post(
        f"/comments/post/{article.pk}/", comment_data(article, body="From A."),
        HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy,
    )  # fmt: skip
    other = Client().post(
        f"/comments/post/{article.pk}/", comment_data(article, body="From B."),
        HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy,
    )  # fmt: skip
    spoofed = Client().post(
        f"/comments/post/{article.pk}/", comment_data(article, body="From A again."),
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.1", **proxy,
    )  # fmt: skip
    assert [first.status_code, other.status_code, spoofed.status_code] == [302, 302, 429]
    stored = dict(Comment.objects.values_list("body", "ip_address"))
    assert stored == {"From A.": "203.0.113.1", "From B.": "203.0.113.2"}
