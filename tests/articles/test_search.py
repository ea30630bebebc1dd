"""Search, on whichever database the suite runs against (CI runs SQLite and PostgreSQL)."""

import datetime
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
def test_search_indexes_on_postgresql_only():
    """Migration 0010: stored vectors with GIN indexes and a trigram index, in place of
    0004's and 0009's expression indexes."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "articles_article")
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article'"
            )
            indexes = dict(cursor.fetchall())
            assert "USING gin (search_english)" in indexes["article_search_english_gin"]
            assert "USING gin (search_simple)" in indexes["article_search_simple_gin"]
            assert "(search_text gin_trgm_ops)" in indexes["article_search_trgm_gin"]
            assert "article_search_gin" not in indexes
            assert "article_search_en_gin" not in indexes
        else:
            assert not {name for name in constraints if name.startswith("article_search")}


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


def excerpt_of(client, query: str) -> str:
    html = client.get("/search/", {"q": query}).content.decode()
    return html.split('class="search-excerpt">', 1)[1].split("</p>", 1)[0]


def test_searches_what_the_reader_sees_not_the_markup(client, make_article):
    make_article(
        slug="markup",
        title="Markup",
        body=(
            "<!-- note: unreleased revenue figure 42 -->\n\n"
            'A <span class="x">visible</span> [link](https://example.com/) here.\n\n'
            "Go to Settings &gt; Discussion.\n\n"
            "* first point\n* second point\n"
        ),
    )
    assert result_titles(client, "unreleased revenue") == []
    assert result_titles(client, "hidden editor note") == []
    assert result_titles(client, "class") == []
    assert result_titles(client, "href") == []
    assert result_titles(client, "visible") == ["Markup"]
    excerpt = excerpt_of(client, "Discussion")
    assert "Settings &gt; <mark>Discussion</mark>" in excerpt
    assert "&amp;gt;" not in excerpt
    excerpt = excerpt_of(client, "second")
    assert "&lt;" not in excerpt
    assert "<li>" not in excerpt
    assert "<mark>second</mark> point" in excerpt


def test_an_excerpt_is_one_passage_in_whole_words(client, library):
    """A match in a fact shows that fact as a sentence, not the tags, facts and body run
    together; a match in the body shows its paragraph from a whole word on."""
    mau = Metric.objects.named("monthly active users")
    mau.synonyms = "MAU"
    mau.save()
    excerpt = excerpt_of(client, "MAU")
    assert excerpt.startswith("Mixi, monthly active users (<mark>MAU</mark>): ")
    assert "users, May 2011. Nikkei" in excerpt or "users, September 2012. Nikkei" in excerpt
    assert "A recent article" not in excerpt, "the fact's line ends before the body's text"
    excerpt = excerpt_of(client, "peak")
    assert excerpt.startswith("…"), excerpt
    first_word = excerpt[1:].split()[0]
    body = library.search_text
    assert f" {first_word} " in body, f"{first_word!r} is a part of a word"
    assert "<mark>peak</mark>" in excerpt


def test_stems_english_words(client, make_article):
    make_article(slug="photos", title="Photo sharing", body="Every gallery holds photos.")
    assert result_titles(client, "galleries") == ["Photo sharing"]
    assert result_titles(client, "gallery") == ["Photo sharing"]
    assert "<mark>gallery</mark>" in excerpt_of(client, "galleries")


def test_full_width_and_half_width_forms_meet(client, library):
    assert "LINE vouchers and advertisers" in result_titles(client, "ＬＩＮＥ")
    assert result_titles(client, "ＬＩＮＥ") == result_titles(client, "LINE")
    # Half-width katakana in the query, full-width in the text.
    assert result_titles(client, "ﾐｸｼｨ") == ["ミクシィの利用者"]


def test_short_japanese_terms_and_odd_punctuation(client, library):
    assert result_titles(client, "日本") == ["ミクシィの利用者"]
    assert result_titles(client, '"LINE" *vouchers*') == result_titles(client, "LINE vouchers")
    assert result_titles(client, "*") == []


def test_approved_comments_searched_only_when_enabled(client, settings, library):
    from comments.models import Comment

    Comment.objects.create(
        article=library,
        author_name="Reader",
        author_email="reader@example.com",
        body="Remember the zeitgeist of keitai novels",
        status=Comment.Status.APPROVED,
    )
    assert result_titles(client, "zeitgeist") == []
    settings.SEARCH_INCLUDES_COMMENTS = True
    library.save()
    assert result_titles(client, "zeitgeist") == [library.title]
    Comment.objects.filter(article=library).update(status=Comment.Status.SPAM)
    assert result_titles(client, "zeitgeist") == []


@pytest.mark.django_db
def test_stored_vectors_on_postgresql_and_fts5_tables_on_sqlite():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name, generation_expression FROM information_schema.columns"
                " WHERE table_name = 'articles_article' AND is_generated = 'ALWAYS'"
            )
            columns = dict(cursor.fetchall())
            assert "to_tsvector('english'::regconfig, search_text)" in columns["search_english"]
            assert "to_tsvector('simple'::regconfig, search_text)" in columns["search_simple"]
        else:
            from articles.search import fts_tables

            assert fts_tables() == {"articles_search_words", "articles_search_grams"}


def plans_of(query: str) -> list[str]:
    """The database's plan for each statement that search() sends to find articles.
    On PostgreSQL without sequential scans: a table this small is read whole faster
    than through any index, so the planner would otherwise hide whether one applies."""
    from articles.search import search

    with CaptureQueriesContext(connection) as queries:
        search(query)
    statements = [q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"]]
    assert statements
    plans = []
    with connection.cursor() as cursor:
        for statement in statements:
            if connection.vendor == "postgresql":
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + statement)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
                cursor.execute("RESET enable_seqscan")
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + statement)
                plans.append("\n".join(row[-1] for row in cursor.fetchall()))
    return plans


@pytest.fixture
def many_articles(db):
    """Articles with statistics, the words of most and, in one of them, rare terms."""
    from articles.models.search_text import store_search_text

    rng = random.Random(14)
    words = ["social", "network", "users", "platform", "growth", "mobile", "gallery", "share"]
    japanese = ["ミクシィの月間利用者は減少しています。", "日本のソーシャルネットワーク市場。"]
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Article {n}",
            slug=f"article-{n}",
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=n + 1),
        )
        for n in range(100)
    )
    for n, pk in enumerate(Article.objects.order_by("pk").values_list("pk", flat=True)):
        text = " ".join(rng.choices(words, k=80)) + "".join(rng.choices(japanese, k=4))
        if n == 50:
            text += " zeitgeist 珍しい言葉"
        store_search_text(pk, f"Article {n}\n{text}", Article.objects)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # New GIN entries wait in a pending list, which the planner counts as the
            # cost of reading it whole; VACUUM would move them into the index.
            cursor.execute(
                "SELECT gin_clean_pending_list(indexname::regclass) FROM pg_indexes"
                " WHERE tablename = 'articles_article' AND indexdef LIKE '%USING gin%'"
            )
            cursor.execute("ANALYZE articles_article")
        else:
            cursor.execute("ANALYZE")


def test_search_uses_the_indexes(client, many_articles):
    """A rare term is looked up in an index, not found by reading every article's text:
    on PostgreSQL the stored vectors' GIN indexes for words and the trigram index for
    Japanese; on SQLite the FTS5 tables."""
    assert result_titles(client, "zeitgeist") == ["Article 50"]
    assert result_titles(client, "珍しい言葉") == ["Article 50"]
    (words,) = plans_of("zeitgeist")
    (japanese,) = plans_of("珍しい言葉")
    if connection.vendor == "postgresql":
        assert "Bitmap Index Scan on article_search_english_gin" in words
        assert "Bitmap Index Scan on article_search_simple_gin" in words
        assert "Bitmap Index Scan on article_search_trgm_gin" in japanese
        for plan in (words, japanese):
            assert "Seq Scan" not in plan
    else:
        assert "articles_search_words VIRTUAL TABLE INDEX" in words
        assert "articles_search_grams VIRTUAL TABLE INDEX" in japanese


def test_like_wildcards_in_japanese_terms_match_only_themselves(client, library):
    assert result_titles(client, "利用者") == ["ミクシィの利用者"]
    assert result_titles(client, "利_者") == []
    assert result_titles(client, "ミクシィ_") == []


def test_sqlite_without_fts5_falls_back_to_substrings(client, library, monkeypatch):
    from articles import search

    monkeypatch.setattr(search, "fts_tables", lambda using=None: frozenset())
    assert result_titles(client, "利用者") == ["ミクシィの利用者"]
    assert "LINE vouchers and advertisers" in result_titles(client, "LINE")
