import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Fact


def get(client, url: str, status: int = 200, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_articles_list_and_detail(client, seed_article, make_article):
    make_article(slug="draft", status=Article.Status.DRAFT)
    make_article(slug="later", published_at=timezone.now() + datetime.timedelta(days=1))
    listing = get(client, "/api/articles/")
    assert listing["count"] == 1
    assert listing["results"][0]["slug"] == seed_article.slug
    assert "mixi" in listing["results"][0]["tags"]
    detail = get(client, f"/api/articles/{seed_article.slug}/")
    assert "Struggling former KING" in detail["body_html"]
    assert get(client, "/api/articles/draft/", status=404) == {"error": "not found"}


def test_facts_filters(client, seed_article):
    mixi = get(client, "/api/facts/", platform="mixi")
    assert mixi["count"] == 4
    assert {f["platform_slug"] for f in mixi["results"]} == {"mixi"}
    mau = get(client, "/api/facts/", platform="mixi", metric="Monthly Active Users")
    assert [f["value"] for f in mau["results"]] == [15470000, 14020000]
    ranged = get(client, "/api/facts/", **{"from": "2012-01-01", "to": "2012-06-30"})
    assert all("2012-01-01" <= f["as_of"] <= "2012-06-30" for f in ranged["results"])
    assert ranged["count"] == Fact.objects.filter(as_of__range=("2012-01-01", "2012-06-30")).count()
    projections = get(client, "/api/facts/", tag="projection")
    assert {f["kind"] for f in projections["results"]} == {"projection"}
    by_article = get(client, "/api/facts/", article=seed_article.slug)
    assert by_article["count"] == 13


def test_pagination(client, seed_article):
    first = get(client, "/api/facts/", page_size=5)
    assert (first["count"], first["pages"], len(first["results"])) == (13, 3, 5)
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    ids = [f["id"] for f in first["results"]] + [f["id"] for f in second["results"]]
    assert len(set(ids)) == 10
    assert get(client, "/api/facts/", status=404, page=9)["error"] == "there is no page 9"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page_size": "1000"}, "page_size must be between 1 and 100"),
        ({"page": "x"}, "page must be a whole number"),
        ({"from": "September 2012"}, "from must be a date"),
        ({"from": "2013-01-01", "to": "2012-01-01"}, "from must not be after to"),
    ],
)
def test_bad_parameters_are_explained(client, seed_article, params, message):
    assert message in get(client, "/api/facts/", status=400, **params)["error"]


def test_tags_and_platforms(client, seed_article):
    tags = get(client, "/api/tags/", page_size=100)
    assert {"slug": "mixi", "name": "mixi", "articles": 1} in tags["results"]
    platforms = {p["slug"]: p for p in get(client, "/api/platforms/")["results"]}
    assert platforms["mixi"]["facts"] == 4
    assert platforms["gree"]["facts"] == 0


def test_authors_are_shown_by_display_name_never_by_login(client, make_article, django_user_model):
    import json

    login = django_user_model.objects.create_user("editor1", password="a-long-editor-pass")
    article = make_article(author=login, slug="by-the-editor")
    assert client.get("/api/articles/by-the-editor/").json()["author"] == ""
    page = client.get(article.get_absolute_url()).content.decode()
    assert "editor1" not in page
    login.first_name, login.last_name = "Hana", "Sato"
    login.save()
    article.save()
    assert client.get("/api/articles/by-the-editor/").json()["author"] == "Hana Sato"
    ld = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(ld.split('<script type="application/ld+json">')[1].split("</script>")[0])
    article_ld = data if data.get("@type") == "Article" else data["@graph"][0]
    assert article_ld["author"]["name"] == "Hana Sato"
