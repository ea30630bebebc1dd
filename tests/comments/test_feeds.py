import xml.etree.ElementTree as ET

import pytest

from comments.models import Comment

pytestmark = pytest.mark.django_db


def items(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def test_site_feed_lists_approved_comments_newest_first(client, approved, make_article):
    other = make_article(slug="other", title="Other")
    approved("first", author_email="private@example.jp")
    approved("second", article=other)
    approved("hidden", status=Comment.Status.PENDING)
    feed = items(client, "/comments/feed/")
    assert [item.findtext("title") for item in feed] == [
        "Ken on “Other”",
        "Ken on “Mixi and Facebook”",
    ]
    raw = client.get("/comments/feed/").content.decode()
    assert "private@example.jp" not in raw
    assert "hidden" not in raw


def test_article_feed_lists_only_its_comments(client, article, approved, make_article):
    other = make_article(slug="other", title="Other")
    approved("mine")
    approved("theirs", article=other)
    feed = items(client, f"{article.get_absolute_url()}comments/feed/")
    assert len(feed) == 1
    assert "mine" in feed[0].findtext("description")
    assert feed[0].findtext("link").endswith(f"/comments/{Comment.objects.get(body='mine').pk}/")


def test_feed_of_a_draft_is_404(client, make_article):
    draft = make_article(slug="draft", status="draft")
    assert client.get(f"{draft.get_absolute_url()}comments/feed/").status_code == 404
