"""Every feed parses cleanly in feedparser, the parser most feed readers build on, with
real content: the seed article and WordPress's theme unit test data (markup, Unicode,
comments; tests/articles/fixtures/wordpress/README.md names its source), imported as
an editor would. feedparser reads the feed independently of Django's feed code."""

import io

import feedparser
import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment
from tests.articles.test_wordpress_exports import THEME_UNIT_TEST

pytestmark = pytest.mark.django_db

FEED_SIZE = 20
COMMENT_FEED_SIZE = 30


@pytest.fixture
def imported(seed_article, settings):
    settings.SITE_URL = "https://snsblog.example"
    call_command("import_wordpress", str(THEME_UNIT_TEST), stdout=io.StringIO())
    return Article.objects.published()


def parsed(client, path: str):
    answer = client.get(path)
    assert answer.status_code == 200, f"{path} answered {answer.status_code}"
    feed = feedparser.parse(
        answer.content, response_headers={"content-type": answer["Content-Type"]}
    )
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')!r}"
    return feed


@pytest.mark.parametrize("kind", ["", "atom/"])
def test_article_feeds_parse_cleanly_with_every_entry_whole(client, imported, kind):
    feed = parsed(client, f"/feed/{kind}")
    assert feed.version == ("atom10" if kind else "rss20")
    newest = list(imported.order_by("-published_at")[:FEED_SIZE])
    assert [entry.link for entry in feed.entries] == [
        "https://snsblog.example" + article.get_absolute_url() for article in newest
    ]
    for entry, article in zip(feed.entries, newest, strict=True):
        assert "<" not in entry.title, entry.title
        assert entry.title.strip(), article.pk
        assert entry.published_parsed is not None, entry.link
        assert entry.get("content") or entry.get("summary"), entry.link


@pytest.mark.parametrize("kind", ["", "atom/"])
def test_tag_feeds_parse_cleanly(client, imported, kind):
    tag = imported.filter(tags__slug="markup").first().tags.get(slug="markup")
    feed = parsed(client, f"/tags/{tag.slug}/feed/{kind}")
    expected = imported.filter(tags=tag).count()
    assert len(feed.entries) == min(expected, FEED_SIZE) > 0


def test_comment_feeds_parse_cleanly(client, imported):
    public = Comment.objects.public().filter(article__in=imported)
    assert public.count() > 5, "the theme unit test data has approved comments"
    feed = parsed(client, "/comments/feed/")
    assert len(feed.entries) == min(public.count(), COMMENT_FEED_SIZE)
    for entry in feed.entries:
        assert entry.link.startswith("https://snsblog.example/comments/"), entry.link
    busiest = max(imported, key=lambda article: article.comments.public().count())
    feed = parsed(client, f"/articles/{busiest.slug}/comments/feed/")
    assert len(feed.entries) == busiest.comments.public().count()
