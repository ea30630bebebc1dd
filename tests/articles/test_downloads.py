"""The facts as data: downloads parsed back and compared with the database."""

import csv
import io
import json
from decimal import Decimal

import pytest

from articles.models import Article, Fact

ARTICLE = "/articles/so-mixi-now-has-an-official-facebook-page/"


def read_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("url", [f"{ARTICLE}facts.csv", "/facts.csv"])
def test_csv_round_trips(client, seed_article, url):
    rows = read_csv(client.get(url))
    assert len(rows) == Fact.objects.count() == 13
    for row in rows:
        fact = Fact.objects.get(pk=row["id"])
        assert Decimal(row["value"]) == fact.value
        assert (Decimal(row["upper_value"]) if row["upper_value"] else None) == fact.upper_value
        assert row["qualifier"] == fact.qualifier
        assert row["as_of"] == fact.as_of.isoformat()
        assert row["as_of_precision"] == fact.as_of_precision
        assert row["kind"] == fact.kind
        assert row["source"] == fact.source.name
        assert row["statement"] == fact.statement
        assert set(row["tags"].split(", ")) == set(fact.tags.names())


@pytest.mark.parametrize(
    "url", [f"{ARTICLE}facts.json", "/facts.json", "/platforms/mixi/facts.json"]
)
def test_json_round_trips(client, seed_article, url):
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["count"] == len(document["facts"]) > 0
    for record in document["facts"]:
        fact = Fact.objects.get(pk=record["id"])
        assert Decimal(str(record["value"])) == fact.value
        assert record["display_value"] == fact.display_value
        assert record["platform_slug"] == fact.platform.slug
        assert record["tags"] == sorted(fact.tags.names())


def test_platform_download_has_only_its_facts(client, seed_article):
    rows = read_csv(client.get("/platforms/mixi/facts.csv"))
    assert {row["platform"] for row in rows} == {"Mixi"}
    assert len(rows) == 4
    assert [row["as_of"] for row in rows] == sorted(row["as_of"] for row in rows)


def test_downloads_leave_out_drafts(client, seed_article):
    Article.objects.filter(pk=seed_article.pk).update(status=Article.Status.DRAFT)
    assert client.get(f"{ARTICLE}facts.csv").status_code == 404
    assert json.loads(client.get("/facts.json").content)["count"] == 0


def test_pages_link_to_the_downloads(client, seed_article):
    assert f'href="{ARTICLE}facts.csv"' in client.get(ARTICLE).content.decode()
    assert 'href="/platforms/mixi/facts.json"' in client.get("/platforms/mixi/").content.decode()
