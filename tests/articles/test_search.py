"""Search, on whichever database the suite runs against (CI runs SQLite and PostgreSQL)."""

import re

import pytest
from django.db import connection

from articles.models import Article, Metric


def result_titles(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


@pytest.fixture
def library(seed_article, make_article):
    make_article(
        slug="line-ads",
        title="LINE vouchers and advertisers",
        body="Advertisers like LINE vouchers.",
    )
    make_article(slug="gree", title="GREE and gacha", body="Nothing about the other one.")
    japanese = make_article(
        slug="ミクシィ", title="ミクシィの利用者", body="ミクシィの月間利用者は減少しています。"
    )
    japanese.tags.add("日本")
    make_article(
        slug="draft-line", title="LINE draft", body="LINE LINE LINE", status=Article.Status.DRAFT
    )
    return seed_article


def test_finds_words_in_titles_and_bodies_ranked(client, library):
    titles = result_titles(client, "LINE vouchers")
    assert titles[0] == "LINE vouchers and advertisers"
    assert library.title in titles
    assert "GREE and gacha" not in titles
    assert "LINE draft" not in titles


def test_finds_japanese_text(client, library):
    assert result_titles(client, "利用者") == ["ミクシィの利用者"]
    assert result_titles(client, "減少") == ["ミクシィの利用者"]


def test_finds_tags_and_facts(client, library):
    assert result_titles(client, "日本") == ["ミクシィの利用者"]
    assert result_titles(client, "Chimera") == [library.title]
    assert result_titles(client, "voucher response rate") == [library.title]


def test_new_facts_and_tags_become_searchable(client, library):
    library.tags.add("keitai")
    assert result_titles(client, "keitai") == [library.title]
    fact = library.facts.first()
    fact.metric = Metric.objects.named("daily active users")
    fact.save()
    assert result_titles(client, "daily") == [library.title]


def test_excerpt_is_highlighted_and_escaped(client, make_article):
    make_article(
        slug="xss", title="Payload", body="Before <script>alert(1)</script> the Mixi word after."
    )
    html = client.get("/search/", {"q": "mixi"}).content.decode()
    assert "<mark>Mixi</mark>" in html
    assert "<script>alert(1)</script>" not in html.split('class="search-excerpt"')[1]


def test_empty_odd_and_long_queries(client, library):
    assert "Search articles, tags and facts" in client.get("/search/").content.decode()
    assert "Nothing matches" in client.get("/search/", {"q": "qwertyuiop"}).content.decode()
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
    assert client.get("/search/", {"q": "' OR 1=1 -- \" & | ! :*"}).status_code == 200
    assert client.get("/search/", {"q": "LINE", "page": "banana"}).status_code == 200


@pytest.mark.django_db
def test_full_text_index_exists_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_gin'")
            definition = cursor.fetchone()[0]
            assert "USING gin" in definition
            assert "to_tsvector('simple'" in definition
        else:
            constraints = connection.introspection.get_constraints(cursor, "articles_article")
            assert "article_search_gin" not in constraints


def test_platform_and_source_renames_become_searchable(client, library):
    from articles.models import Platform, Source

    mixi = Platform.objects.get(slug="mixi")
    mixi.name = "mixi Holdings"
    mixi.save()
    nikkei = Source.objects.get(name="Nikkei")
    nikkei.name = "Nikkei Shimbun"
    nikkei.save()
    assert result_titles(client, "Holdings") == [library.title]
    assert result_titles(client, "Shimbun") == [library.title]
