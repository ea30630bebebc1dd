"""Cached fragments change as soon as anything they show changes."""

import datetime
import re
from decimal import Decimal

from articles.models import Fact, Platform, Source

ARTICLE_URL = "/articles/so-mixi-now-has-an-official-facebook-page/"


def test_fact_change_shows_at_once(client, seed_article):
    assert "14,020,000 users" in client.get(ARTICLE_URL).content.decode()
    fact = Fact.objects.get(metric__name="monthly active users", as_of=datetime.date(2012, 9, 1))
    fact.value = Decimal("14030000")
    fact.save()
    page = client.get(ARTICLE_URL).content.decode()
    assert "14,030,000 users" in page
    # The old figure is only in the fact's history now (docs/corrections.md).
    assert "was 14,020,000 users" in page
    outside_history = re.sub(
        r'<details class="fact-history">.*?</details>|<script type="application/ld\+json">.*?</script>',
        "",
        page,
        flags=re.S,
    )
    assert "14,020,000 users" not in outside_history


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
