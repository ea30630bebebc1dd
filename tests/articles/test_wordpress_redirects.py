"""Every address a real WordPress blog had for what comes in answers 301 to its new
address (articles.models.Redirect), whatever the blog's permalink structure. What to
expect is read straight from the export's XML (test_wordpress_exports.py's parser),
not from the importer; the exports are named in fixtures/wordpress/README.md."""

import datetime
import html
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from django.urls import resolve
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags
from taggit.models import Tag

from articles.models import Article, Redirect
from tests.articles.test_wordpress_exports import (
    FIXTURES,
    WELL_FORMED,
    import_wordpress,
    parse,
    wordpress_child,
)

pytestmark = pytest.mark.django_db
REAL_EXPORTS = [FIXTURES / name for name in WELL_FORMED]
JAPANESE = Path(__file__).parent / "fixtures" / "wordpress-ja.xml"


def items(path: Path) -> list[ET.Element]:
    return list(parse(path).getroot().iter("item"))


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def article_at(location: str) -> Article:
    return Article.objects.get(slug=resolve(unquote(location)).kwargs["slug"])


def public(item: ET.Element) -> bool:
    """Published, not password-protected, dated and not in the future."""
    dates = [
        date
        for date in (wordpress_child(item, "post_date_gmt"), wordpress_child(item, "post_date"))
        if date[:4] not in {"", "0000"}
    ]
    return (
        wordpress_child(item, "status") in {"publish", "future"}
        and not wordpress_child(item, "post_password")
        and bool(dates)
        and dates[0] <= datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    )


def posts(path: Path) -> list[ET.Element]:
    return [
        item
        for item in items(path)
        if wordpress_child(item, "post_type") == "post"
        and wordpress_child(item, "status") not in {"trash", "auto-draft"}
    ]


def post_addresses(posts: list[ET.Element]) -> list[tuple[str, ET.Element]]:
    """Each post's <link>, <guid> when it is a URL, and /?p=ID, where no other item
    of the file has the same one (then the first item keeps it)."""
    addresses = []
    for item in posts:
        guid = (item.findtext("guid") or "").strip()
        own = {
            local_path(address)
            for address in (
                (item.findtext("link") or "").strip(),
                guid if guid.startswith(("http://", "https://")) else "",
                f"/?p={wordpress_child(item, 'post_id')}",
            )
            if address
        }
        addresses += [(address, item) for address in sorted(own - {"", "/"})]
    counts = Counter(address for address, _ in addresses)
    return [(address, item) for address, item in addresses if counts[address] == 1]


@pytest.mark.parametrize("path", [*REAL_EXPORTS, JAPANESE], ids=lambda p: p.name)
def test_every_old_post_address_leads_to_its_article(client, path):
    import_wordpress(str(path))
    checked = Counter()
    imported = posts(path)
    for address, item in post_addresses(imported):
        response = client.get(address)
        if not public(item):
            assert response.status_code == 404, address
            continue
        assert response.status_code == 301, address
        article = article_at(response["Location"])
        title = " ".join(html.unescape(strip_tags(item.findtext("title") or "")).split())
        assert (title or "Untitled").startswith(article.title.rstrip("…")), address
        assert article.is_public, address
        if len(checked) < 10:  # a few followed all the way, the rest checked in the database
            assert client.get(response["Location"]).status_code == 200
        checked[id(item)] += 1
    assert all(checked[id(item)] for item in imported if public(item))


def test_an_address_is_found_however_it_is_written(client):
    """Percent-encoding in either case, the Unicode itself, with or without the
    trailing slash, with a query string of its own."""
    import_wordpress(str(JAPANESE))
    article = Article.objects.get(wordpress_id=123)
    lower = "/2012/12/01/%e3%83%9f%e3%82%af%e3%82%b7%e3%82%a3/"
    for address in (
        lower,
        lower.upper().replace("%2F", "/"),
        "/2012/12/01/" + quote("ミクシィ") + "/",
        "/2012/12/01/" + quote("ミクシィ"),
        lower + "?utm_source=old-newsletter",
    ):
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (
            301,
            article.get_absolute_url(),
        ), address
    feed = client.get(lower + "feed/")
    assert feed.status_code == 301
    assert client.get(feed["Location"])["Content-Type"].startswith("application/rss+xml")


def test_category_and_tag_archives_lead_to_the_tag(client):
    path = FIXTURES / "wordpress-importer--small-export.xml"
    import_wordpress(str(path))
    root = parse(path).getroot()
    used = {
        category.text
        for item in root.iter("item")
        if wordpress_child(item, "post_type") == "post" and public(item)
        for category in item.findall("category")
    }
    checked = 0
    for element in root.find("channel"):
        local = element.tag.rpartition("}")[2]
        if local not in {"category", "tag"}:
            continue
        if local == "category":
            slug, name = (
                wordpress_child(element, "category_nicename"),
                (wordpress_child(element, "cat_name")),
            )
            addresses = [f"/category/{slug}/", f"/?cat={wordpress_child(element, 'term_id')}"]
        else:
            slug, name = wordpress_child(element, "tag_slug"), wordpress_child(element, "tag_name")
            addresses = [f"/tag/{slug}/", f"/?tag={slug}"]
        for address in addresses:
            response = client.get(address)
            if name not in used:
                assert response.status_code == 404, address
                continue
            tag = Tag.objects.get(name=name)
            assert (response.status_code, response["Location"]) == (
                301,
                iri_to_uri(f"/tags/{tag.slug}/"),
            ), address
            assert client.get(response["Location"]).status_code == 200
            checked += 1
        feed = client.get(addresses[0] + "feed/")
        if name in used:
            assert feed.status_code == 301
            slug = Tag.objects.get(name=name).slug
            assert feed["Location"] == iri_to_uri(f"/tags/{slug}/feed/")
    assert checked >= 10


def test_nested_category_archive_keeps_its_parents(client):
    path = FIXTURES / "wordpress-importer--small-export.xml"
    import_wordpress(str(path))
    response = client.get("/category/bar/foo-bar/")
    assert response.status_code == 301
    assert response["Location"].startswith("/tags/")


def test_attachment_pages_lead_to_their_post(client):
    path = FIXTURES / "theme-unit-test--themeunittestdata.wordpress.xml"
    import_wordpress(str(path))
    posts = {wordpress_child(i, "post_id"): i for i in items(path)}
    checked = 0
    for item in items(path):
        parent = posts.get(wordpress_child(item, "post_parent"))
        if wordpress_child(item, "post_type") != "attachment" or parent is None:
            continue
        if wordpress_child(parent, "post_type") != "post" or not public(parent):
            continue
        response = client.get(f"/?attachment_id={wordpress_child(item, 'post_id')}")
        assert response.status_code == 301
        assert article_at(response["Location"]).title == (parent.findtext("title") or "")
        checked += 1
    assert checked >= 5


def test_a_redirect_follows_its_article_and_never_shows_a_draft(client):
    import_wordpress(str(JAPANESE))
    article = Article.objects.get(wordpress_id=123)
    article.slug = "mixi-renamed"
    article.save()
    assert client.get("/?p=123")["Location"] == "/articles/mixi-renamed/"
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/?p=123").status_code == 404
    article.delete()
    assert client.get("/?p=123").status_code == 410
    assert Redirect.objects.filter(old_path="/?p=123").exists()


def test_importing_twice_adds_no_redirect_and_none_loops(client):
    path = FIXTURES / "wordpress-importer--theme-unit-test-data.xml"
    import_wordpress(str(path))
    before = list(Redirect.objects.order_by("pk").values_list())
    again = import_wordpress(str(path))
    assert list(Redirect.objects.order_by("pk").values_list()) == before
    assert "old addresses: already there" in again
    old_paths = set(Redirect.objects.values_list("old_path", flat=True))
    for redirect in Redirect.objects.select_related("article", "tag"):
        target = redirect.target()
        assert target != redirect.old_path
        assert target not in old_paths  # never a chain, never a loop


def test_pages_are_listed_not_dropped_silently():
    summary = import_wordpress(str(FIXTURES / "wordpress-importer--small-export.xml"))
    assert "old addresses:" in summary
    assert "of pages, with no counterpart (listed) 5" in summary
    assert "“Sample Page” (/?page_id=2) has no counterpart here" in summary


def test_an_editor_chooses_where_an_address_leads(admin_client):
    import_wordpress(str(JAPANESE))
    response = admin_client.post(
        "/admin/articles/redirect/add/",
        {"old_path": "/about/", "new_path": "/privacy/", "shows": "page"},
    )
    assert response.status_code == 302
    assert admin_client.get("/about")["Location"] == "/privacy/"
    looping = admin_client.post(
        "/admin/articles/redirect/add/",
        {"old_path": "/x/", "new_path": "/x/", "shows": "page"},
    )
    assert "cannot lead to itself" in looping.content.decode()
