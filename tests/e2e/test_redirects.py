"""A real Japanese blog's old addresses, /%category%/%postname%/ and /?p=N, answered
by `make serve` with a 301 to the imported article, after `manage.py import_wordpress`
as an editor runs it; a draft's address tells nothing, and a second import adds
nothing. The export is named in tests/articles/fixtures/wordpress/README.md."""

from urllib.parse import urlsplit

from tests.articles.test_wordpress_exports import FIXTURES, parse, wordpress_child

EXPORT = FIXTURES / "nisioka--sun0range.com--export.xml"


def posts_by_status() -> dict[str, list[tuple[str, str]]]:
    """(old address, title) of the export's posts, by status."""
    found: dict[str, list[tuple[str, str]]] = {}
    for item in parse(EXPORT).getroot().iter("item"):
        if wordpress_child(item, "post_type") != "post":
            continue
        link = urlsplit((item.findtext("link") or "").strip())
        address = link.path + (f"?{link.query}" if link.query else "")
        found.setdefault(wordpress_child(item, "status"), []).append(
            (address, (item.findtext("title") or "").strip())
        )
    return found


def test_a_real_blogs_old_addresses_lead_to_its_articles(server, new_client):
    first = server.manage("import_wordpress", str(EXPORT)).stdout
    assert "old addresses: recorded" in first
    reader = new_client()
    posts = posts_by_status()
    assert len(posts["publish"]) > 100
    # /%category%/%postname%/: no shape this site answers, only the recorded redirect.
    assert all(address.count("/") == 3 for address, _ in posts["publish"])
    for number, (address, title) in enumerate(posts["publish"]):
        answer = reader.get(address)
        assert answer.status == 301, (address, answer.status)
        assert answer.location.startswith("/articles/"), address
        if number < 15:
            page = reader.get(answer.location)
            assert page.status == 200
            assert title.split()[0] in page.text, (address, title)
    for address, _ in posts["draft"]:
        assert reader.get(address).status == 404, address
    again = server.manage("import_wordpress", str(EXPORT)).stdout
    assert "posts: already there" in again
    assert "old addresses: already there" in again
    assert "recorded" not in again
