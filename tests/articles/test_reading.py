"""What surrounds an article: previous and next, related articles, reading time, archives."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


def dated(make_article, slug: str, days_ago: int, tags: list[str] = (), **fields) -> Article:
    article = make_article(slug=slug, title=slug.replace("-", " ").title(),
                           published_at=timezone.now() - datetime.timedelta(days=days_ago), **fields)  # fmt: skip
    article.tags.set(tags)
    return article


def test_previous_and_next(client, make_article):
    old = dated(make_article, "old-one", 30)
    middle = dated(make_article, "middle-one", 20)
    new = dated(make_article, "new-one", 10)
    dated(make_article, "draft-one", 15, status=Article.Status.DRAFT)
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'<a rel="prev" href="{old.get_absolute_url()}">' in html
    assert f'<a rel="next" href="{new.get_absolute_url()}">' in html
    assert "Draft One" not in html


def test_publishing_updates_neighbours_of_cached_pages(client, make_article):
    old = dated(make_article, "old-one", 30)
    assert 'rel="next"' not in client.get(old.get_absolute_url()).content.decode()
    newer = dated(make_article, "newer-one", 5)
    assert (
        f'<a rel="next" href="{newer.get_absolute_url()}">'
        in client.get(old.get_absolute_url()).content.decode()
    )


def test_related_by_shared_tags(client, make_article):
    base = dated(make_article, "base", 10, ["mixi", "line", "japan"])
    dated(make_article, "close", 20, ["mixi", "line"])
    dated(make_article, "far", 30, ["japan"])
    dated(make_article, "unrelated", 40, ["gree"])
    html = client.get(base.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"')[1]
    assert related.index("Close") < related.index("Far")
    assert "Unrelated" not in related


def test_reading_time(client, make_article):
    english = make_article(slug="long", body="word " * 1000)
    assert "5 min read" in client.get(english.get_absolute_url()).content.decode()
    japanese = make_article(slug="ja", body="あ" * 1500)
    assert japanese.reading_minutes == 3


def test_archive_by_year_and_month(client, make_article):
    december = make_article(slug="december", title="December piece",
                            published_at=datetime.datetime(2012, 12, 1, tzinfo=datetime.UTC))  # fmt: skip
    make_article(
        slug="march",
        title="March piece",
        published_at=datetime.datetime(2013, 3, 5, tzinfo=datetime.UTC),
    )
    index = client.get("/archive/").content.decode()
    assert 'href="/archive/2012/12/"' in index
    assert 'href="/archive/2013/3/"' in index
    month = client.get("/archive/2012/12/").content.decode()
    assert "December piece" in month
    assert "March piece" not in month
    assert "Articles from December 2012" in month
    assert "December piece" in client.get("/archive/2012/").content.decode()
    assert december.get_absolute_url() in month
    assert client.get("/archive/2011/").status_code == 404
    assert client.get("/archive/2012/13/").status_code == 404
