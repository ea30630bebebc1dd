"""One base address everywhere: SITE_URL when set, else the request's own scheme and host."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core import checks

from tests.articles.test_publishing import json_ld

HOST = "blog.test:8123"


@pytest.fixture
def unset(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["blog.test", "snsblog.example"]


def addresses(client, article) -> dict[str, list[str]]:
    """Every absolute address the site writes about `article`, by where it was found."""
    page = client.get(article.get_absolute_url(), HTTP_HOST=HOST).content.decode()
    found = {
        "canonical": re.findall(r'<link rel="canonical" href="([^"]+)"', page),
        "og": re.findall(r'<meta property="og:(?:url|image)" content="([^"]+)"', page),
        "json-ld": [n["@id"] for n in json_ld(page)["@graph"] if "@id" in n],
        "robots": re.findall(
            r"Sitemap: (\S+)", client.get("/robots.txt", HTTP_HOST=HOST).content.decode()
        ),
        "sitemap": re.findall(
            r"<loc>([^<]+)</loc>", client.get("/sitemap.xml", HTTP_HOST=HOST).content.decode()
        ),
        "rss": [
            e.text for e in ET.fromstring(client.get("/feed/", HTTP_HOST=HOST).content).iter("link")
        ],
        "api": [
            json.loads(client.get("/api/articles/", HTTP_HOST=HOST).content)["results"][0]["url"]
        ],
        "csv": re.findall(
            r"https?://[^,\r\n]+",
            client.get(article.get_absolute_url() + "facts.csv", HTTP_HOST=HOST).content.decode(),
        ),
    }
    found["csv"] = [url for url in found["csv"] if "/articles/" in url]
    return found


def test_unset_site_url_means_the_request_address_everywhere(client, seed_article, unset):
    found = addresses(client, seed_article)
    for where, urls in found.items():
        assert urls, where
        for url in urls:
            assert url.startswith(f"http://{HOST}/"), (where, url)


def test_site_url_everywhere_when_set(client, seed_article, settings):
    settings.ALLOWED_HOSTS = ["blog.test"]
    settings.SITE_URL = "https://snsblog.example/"
    found = addresses(client, seed_article)
    for where, urls in found.items():
        assert urls, where
        for url in urls:
            assert url.startswith("https://snsblog.example/"), (where, url)


def test_canonical_urls_of_unicode_slugs_are_percent_encoded(client, make_article, unset):
    article = make_article(slug="ミクシィ", title="ミクシィ")
    page = client.get(article.get_absolute_url(), HTTP_HOST=HOST).content.decode()
    encoded = "http://blog.test:8123/articles/%E3%83%9F%E3%82%AF%E3%82%B7%E3%82%A3/"
    assert f'<link rel="canonical" href="{encoded}">' in page
    assert f'<meta property="og:url" content="{encoded}">' in page
    assert json_ld(page)["@graph"][0]["@id"] == encoded


def test_cached_page_follows_the_host(client, seed_article, unset):
    """The page and its JSON-LD are cached; another host must not get the first one's."""
    client.get(seed_article.get_absolute_url(), HTTP_HOST=HOST)
    page = client.get(seed_article.get_absolute_url(), HTTP_HOST="snsblog.example").content.decode()
    assert "blog.test" not in page
    assert json_ld(page)["@graph"][0]["@id"].startswith("http://snsblog.example/")


def test_deploy_check_asks_for_site_url(settings, db):
    settings.SITE_URL = ""
    assert "snsblog.W001" in {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "snsblog.W001" not in {m.id for m in checks.run_checks()}
    settings.SITE_URL = "https://snsblog.example"
    assert "snsblog.W001" not in {m.id for m in checks.run_checks(include_deployment_checks=True)}
