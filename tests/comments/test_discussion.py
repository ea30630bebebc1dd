import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from snsblog.fragments import fragments

pytestmark = pytest.mark.django_db


def comment_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]


def test_comments_are_oldest_first(client, article, approved):
    first, second = approved("first"), approved("second")
    html = client.get(article.get_absolute_url()).content.decode()
    assert comment_ids(html) == [first.pk, second.pk]
    assert "Comments (2)" in html


def test_long_discussions_are_paginated_by_thread(client, article, approved, settings):
    settings.COMMENTS_PER_PAGE = 2
    threads = [approved(f"thread {n}") for n in range(5)]
    reply = approved("reply to thread 2", parent=threads[2])
    page1 = client.get(article.get_absolute_url()).content.decode()
    assert comment_ids(page1) == [threads[0].pk, threads[1].pk]
    assert "Comments page 1 of 3" in page1
    assert "Comments (6)" in page1
    page2 = client.get(article.get_absolute_url() + "?cpage=2").content.decode()
    assert comment_ids(page2) == [threads[2].pk, reply.pk, threads[3].pk]
    assert client.get(article.get_absolute_url() + "?cpage=99").status_code == 200
    assert client.get(article.get_absolute_url() + "?cpage=x").status_code == 200


def test_permalink_lands_on_the_page_that_holds_it(client, article, approved, settings):
    settings.COMMENTS_PER_PAGE = 2
    threads = [approved(f"thread {n}") for n in range(5)]
    reply = approved("deep in page 3", parent=threads[4])
    response = client.get(f"/comments/{reply.pk}/")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=3#comment-{reply.pk}"
    assert f'id="comment-{reply.pk}"' in client.get(response["Location"]).content.decode()


def test_posting_redirects_to_the_page_of_the_new_comment(post, article, approved, settings):
    settings.COMMENTS_PER_PAGE = 1
    approved("first thread", author_email="aiko@example.jp")
    response = post(article, body="second thread")
    comment = Comment.objects.get(body="second thread")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{comment.pk}"


def test_removed_parent_keeps_its_replies_in_place(client, article, approved):
    parent = approved("I will be removed.")
    reply = approved("I stay.", parent=parent)
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REMOVED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "I will be removed." not in html
    assert "This comment has been removed." in html
    assert "I stay." in html
    assert comment_ids(html) == [parent.pk, reply.pk]
    assert "Comments (1)" in html


def test_spam_and_removed_comments_are_hidden(client, article, approved):
    approved("spammy", status=Comment.Status.SPAM)
    approved("gone", status=Comment.Status.REMOVED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "spammy" not in html
    assert "gone" not in html
    assert "Comments (0)" in html
    assert "This comment has been removed." not in html


def add_comments(article, total: int) -> None:
    """Bring the article up to total approved comments, about a third of them replies."""
    roots = list(Comment.objects.filter(article=article, parent=None))
    for n in range(Comment.objects.count(), total):
        comment = Comment(
            article=article,
            author_name=f"Reader {n}",
            author_email=f"reader{n}@example.com",
            body=f"Comment number {n}",
            status=Comment.Status.APPROVED,
        )
        if n % 3 == 2 and roots:
            comment.parent = roots[-1]
            comment.thread = roots[-1]
            comment.depth = 1
            comment.save()
        else:
            comment.save()
            roots.append(comment)


def article_page_queries(article) -> int:
    client = Client()
    article.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_article_page_query_count_does_not_grow_with_comments(article, settings):
    settings.COMMENTS_PER_PAGE = 1000
    counts = []
    for total in (0, 10, 500):
        add_comments(article, total)
        cache.clear()
        fragments.clear()
        counts.append(article_page_queries(article))
    assert counts[0] == counts[1] == counts[2]
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Comments (500)" in html
    assert len(comment_ids(html)) == 500


def test_cached_article_page_needs_at_most_three_queries(article, settings):
    settings.COMMENTS_PER_PAGE = 1000
    add_comments(article, 300)
    cold = article_page_queries(article)
    warm = article_page_queries(article)
    assert warm <= 3 < cold


def test_cached_discussion_follows_every_change(client, article, approved, editor_client):
    comment = approved("Version one.")
    assert "Version one." in client.get(article.get_absolute_url()).content.decode()
    comment.body = "Version two."
    comment.save()
    assert "Version two." in client.get(article.get_absolute_url()).content.decode()
    editor_client.post(
        "/admin/comments/comment/", {"action": "remove", "_selected_action": [comment.pk]}
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Version two." not in page
    assert "Comments (0)" in page
