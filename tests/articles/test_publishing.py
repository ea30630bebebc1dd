"""Feeds, sitemap, robots.txt, page metadata and structured data, parsed as the
programs that read them would."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from articles.models import Article, Metric

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def articles(seed_article, make_article):
    make_article(slug="draft", title="Secret draft", status=Article.Status.DRAFT)
    make_article(
        slug="later", title="Not yet", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    return seed_article


def parse(client, url: str, content_type: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ET.fromstring(response.content)


def test_rss_feed_has_full_articles_with_tags(client, articles):
    channel = parse(client, "/feed/", "application/rss+xml").find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [articles.title]
    item = items[0]
    assert "Struggling former KING of Japanese SNS" in item.findtext("description")
    assert "<p>" in item.findtext("description")
    assert {c.text for c in item.findall("category")} >= {"mixi", "facebook", "line"}
    assert item.findtext("link").endswith(articles.get_absolute_url())


def test_atom_feed_has_content_author_and_updated(client, articles):
    feed = parse(client, "/feed/atom/", "application/atom+xml")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == articles.title
    assert "Struggling former KING" in entry.find(f"{ATOM}content").text
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "snsblog"
    assert entry.findtext(f"{ATOM}updated")
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} >= {"mixi", "sns"}


def test_tag_feeds(client, articles, make_article):
    tagged = make_article(slug="line-only", title="About LINE")
    tagged.tags.add("line")
    rss = parse(client, "/tags/line/feed/", "application/rss+xml")
    assert {i.findtext("title") for i in rss.iter("item")} == {"About LINE", articles.title}
    atom = parse(client, "/tags/mixi/feed/atom/", "application/atom+xml")
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == [articles.title]
    assert client.get("/tags/nothing/feed/").status_code == 404


def test_pages_announce_their_feeds(client, articles):
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="snsblog (RSS)" href="/feed/">'
        in home
    )
    assert 'type="application/atom+xml"' in home
    tag_page = client.get("/tags/mixi/").content.decode()
    assert 'href="/tags/mixi/feed/"' in tag_page
    article_page = client.get(articles.get_absolute_url()).content.decode()
    assert f'href="{articles.get_absolute_url()}comments/feed/"' in article_page


def test_sitemap_lists_public_pages_only(client, articles):
    urlset = parse(client, "/sitemap.xml", "application/xml")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")]
    assert any(loc.endswith(articles.get_absolute_url()) for loc in locations)
    assert any(loc.endswith("/tags/mixi/") for loc in locations)
    assert any(loc.endswith("/platforms/mixi/") for loc in locations)
    metrics = {
        metric.get_absolute_url() for metric in Metric.objects.filter(facts__article=articles)
    }
    assert metrics, "the article's facts have metrics"
    assert metrics <= {urlsplit(loc).path for loc in locations}
    for index in ("/tags/", "/platforms/", "/metrics/", "/archive/", "/privacy/"):
        assert any(loc.endswith(index) for loc in locations), index
    assert not any("draft" in loc or "later" in loc for loc in locations)
    article = next(
        u
        for u in urlset.findall(f"{SITEMAP}url")
        if u.findtext(f"{SITEMAP}loc").endswith(articles.get_absolute_url())
    )
    assert article.findtext(f"{SITEMAP}lastmod") == articles.updated_at.date().isoformat()


def test_robots_txt_points_at_the_sitemap(client, settings, db):
    settings.SITE_URL = "https://snsblog.example"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://snsblog.example/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_article_page_metadata(client, articles, settings):
    settings.SITE_URL = "https://snsblog.example"
    html = client.get(articles.get_absolute_url()).content.decode()
    url = f"https://snsblog.example{articles.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f"<title>{articles.title} · snsblog</title>" in html
    assert f'<meta name="description" content="{articles.excerpt}">'.replace("'", "&#x27;") in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{articles.title}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    card = f"{url}card.png?v={articles.content_version}"
    assert f'<meta property="og:image" content="{card}">' in html
    assert f'<meta name="twitter:image" content="{card}">' in html


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_article_and_facts_as_json_ld(client, articles):
    document = json_ld(client.get(articles.get_absolute_url()).content.decode())
    assert document["@context"] == "https://schema.org"
    graph = document["@graph"]
    article = next(node for node in graph if node["@type"] == "Article")
    assert article["headline"] == articles.title
    assert article["datePublished"].startswith("2012-12-01")
    dataset = next(node for node in graph if node["@type"] == "Dataset")
    variables = {v["@id"]: v["name"] for v in dataset["variableMeasured"]}
    assert "monthly active users" in variables.values()
    observations = [node for node in graph if node["@type"] == "Observation"]
    assert len(observations) == 13
    assert all(variables[o["variableMeasured"]["@id"]] for o in observations)

    def find(metric: str, date: str) -> dict:
        return next(
            o
            for o in observations
            if variables[o["variableMeasured"]["@id"]] == metric and o["observationDate"] == date
        )

    mau = find("monthly active users", "2011-05")
    assert mau["value"] == 15470000
    assert mau["observationAbout"]["name"] == "Mixi"
    line = next(
        o
        for o in observations
        if variables[o["variableMeasured"]["@id"]] == "voucher response rate"
    )
    assert (line["minValue"], line["maxValue"], line["unitText"]) == (7, 8, "%")
    assert "value" not in line
    assert {d["encodingFormat"] for d in dataset["distribution"]} == {
        "text/csv",
        "application/json",
    }
    assert "null" not in json.dumps(document)
    assert {c["publisher"]["name"] for c in dataset["citation"]} >= {"Nikkei"}


def test_observation_dates_keep_the_precision_the_source_gives(client, articles):
    document = json_ld(client.get(articles.get_absolute_url()).content.decode())
    dates = {
        (o["description"].split(" (")[0], o["observationDate"])
        for o in document["@graph"]
        if o["@type"] == "Observation"
    }
    facts = {(f.display_value, f.as_of_precision, f.as_of) for f in articles.facts.all()}
    assert len(dates) == len(facts)
    for display_value, precision, as_of in facts:
        expected = {
            "day": as_of.isoformat(),
            "month": as_of.isoformat()[:7],
            "year": str(as_of.year),
        }
        assert (display_value, expected[precision]) in dates
    assert {"year", "month"} <= {precision for _, precision, _ in facts}


def test_json_ld_cannot_be_broken_out_of(client, make_article):
    article = make_article(title="</script><script>alert(1)</script>", slug="sneaky")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["@graph"][0]["headline"] == "</script><script>alert(1)</script>"
