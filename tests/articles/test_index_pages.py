"""The pages a finished site has: tag and platform indexes with counts, archive counts,
a favicon, and 404 and 500 pages in the site's style."""

import re

import pytest
from django.test import Client

from articles.models import Article, Metric

pytestmark = pytest.mark.django_db


def items(html: str, css_class: str = "index-list") -> list[str]:
    block = re.search(rf'<ul class="{css_class}">(.*?)</ul>', html, re.S).group(1)
    found = re.findall(r"<li>(.*?)</li>", block, re.S)
    return [re.sub(r"<[^>]+>", " ", item).split() for item in found]


def test_tag_index_lists_tags_with_counts(client, seed_article, make_article):
    other = make_article(title="LINE grows", slug="line-grows")
    other.tags.add("line")
    draft = make_article(title="Draft", slug="draft", status=Article.Status.DRAFT)
    draft.tags.add("secret-tag")
    html = client.get("/tags/").content.decode()
    rows = {row[0]: " ".join(row[1:]) for row in items(html)}
    line_facts = seed_article.facts.filter(tags__slug="line").count()
    assert line_facts > 1
    assert rows["line"] == f"2 articles, {line_facts} facts"
    assert rows["mixi"].startswith("1 article, ")
    assert "secret-tag" not in rows, "tags only of drafts are not listed"
    assert 'href="/tags/line/"' in html


def test_platform_index_lists_platforms_with_fact_counts(client, seed_article):
    html = client.get("/platforms/").content.decode()
    rows = {row[0]: " ".join(row[1:]) for row in items(html)}
    mixi_facts = seed_article.facts.filter(platform__slug="mixi").count()
    assert rows["Mixi"] == f"Social network, {mixi_facts} fact{'s' if mixi_facts != 1 else ''}"
    assert 'href="/platforms/mixi/"' in html


def test_platform_index_hides_platforms_of_drafts(client, seed_article):
    Article.objects.filter(pk=seed_article.pk).update(status=Article.Status.DRAFT)
    html = client.get("/platforms/").content.decode()
    assert "No platforms yet." in html


def test_metric_index_lists_metrics_with_fact_and_platform_counts(client, seed_article):
    html = client.get("/metrics/").content.decode()
    block = re.search(r'<ul class="index-list">(.*?)</ul>', html, re.S).group(1)
    listed = dict(re.findall(r'<li><a href="(/metrics/[^"]+/)">([^<]+)</a>', block))
    facts = seed_article.facts.all()
    assert set(listed) == {fact.metric.get_absolute_url() for fact in facts}
    mau = Metric.objects.get(name="monthly active users")
    row = next(item for item in re.findall(r"<li>(.*?)</li>", block, re.S) if mau.slug in item)
    text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    count = facts.filter(metric=mau).count()
    platforms = facts.filter(metric=mau).values("platform").distinct().count()
    assert f"{count} fact{'s' if count != 1 else ''} on {platforms} platform" in text


def test_metric_index_leaves_out_metrics_of_drafts(client, seed_article):
    Article.objects.filter(pk=seed_article.pk).update(status=Article.Status.DRAFT)
    html = client.get("/metrics/").content.decode()
    assert "No metrics yet." in html
    assert "/metrics/monthly-active-users/" not in html


def test_archive_counts_articles_per_month_and_year(client, make_article):
    import datetime

    for day, slug in [(1, "a"), (2, "b"), (3, "c")]:
        make_article(
            slug=slug, title=slug,
            published_at=datetime.datetime(2012, 12 if day < 3 else 11, day, tzinfo=datetime.UTC),
        )  # fmt: skip
    html = client.get("/archive/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "2012 (3 articles)" in text
    assert "December 2012 (2 articles)" in text
    assert "November 2012 (1 article)" in text


def test_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert b"".join(icon.streaming_content if icon.streaming else [icon.content])[:4] == (
        b"\x00\x00\x01\x00"
    )


def test_404_page_has_the_site_around_it(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · snsblog</title>" in html
    assert 'name="viewport"' in html
    assert 'class="site-header"' in html
    assert 'href="/archive/"' in html


def test_500_page_has_the_site_style(db, settings):
    settings.DEBUG = False
    from django.urls import path

    def broken(request):
        raise RuntimeError("a bug")

    urls = type("urls", (), {"urlpatterns": [path("broken/", broken)]})
    settings.ROOT_URLCONF = urls
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong · snsblog</title>" in html
    assert 'name="viewport"' in html
    assert re.search(r'href="/static/css/site(\.[0-9a-f]{12})?\.css"', html)


def test_header_search_has_a_button_and_named_landmarks(client, db):
    html = client.get("/search/?q=mixi").content.decode()
    forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
    labels = [re.search(r'aria-label="([^"]+)"', form).group(1) for form in forms]
    assert len(labels) == 2
    assert len(set(labels)) == 2
    header = html[html.index('class="site-search"') : html.index("</form>")]
    assert '<button type="submit">Search</button>' in header
