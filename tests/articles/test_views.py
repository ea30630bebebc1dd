import datetime
import re
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Fact, Metric, Platform, Source

ARTICLE_URL = "/articles/so-mixi-now-has-an-official-facebook-page/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_lists_published_articles_newest_first(client, make_article):
    make_article(
        slug="old", title="Old news", published_at=timezone.now() - datetime.timedelta(days=9)
    )
    make_article(slug="new", title="New news")
    make_article(slug="draft", title="Secret draft", status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    assert html.index("New news") < html.index("Old news")
    assert "Secret draft" not in html


def test_home_is_paginated(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 2
    for number in range(5):
        make_article(slug=f"a{number}", title=f"Article {number}")
    first = client.get("/")
    assert "Page 1 of 3" in first.content.decode()
    last = client.get("/?page=3").content.decode()
    assert "Article 0" in last
    assert client.get("/?page=banana").status_code == 200


def test_article_page_shows_every_fact_as_a_table(client, seed_article):
    response = client.get(ARTICLE_URL)
    assert response.status_code == 200
    page = text_of(response.content.decode())
    for shown in [
        "15,470,000 users", "14,020,000 users", "over 16,000,000 users", "about 20,000,000 users",
        "35,000,000 users", "26,830,000 accounts", "113,340,000 accounts", "95,000,000 accounts",
        "80%", "about 40%", "over 60%", "7–8%", "3%", "May 2011", "September 2012",
        "November 2011", "Fuji Chimera Research", "Facebook COO blog", "Projection",
    ]:  # fmt: skip
        assert shown in page, shown
    assert '<th scope="col">Source</th>' in response.content.decode()


def test_article_page_has_charts_with_text_alternatives(client, seed_article):
    html = client.get(ARTICLE_URL).content.decode()
    assert html.count("<svg") >= 2
    assert '<title id="chart-1-title">Users in Japan, 2012</title>' in html
    assert "Twitter: about 20,000,000 users (2012, estimate)" in html
    assert "Mixi: monthly active users" in html
    assert "15,470,000 users (May 2011); 14,020,000 users (September 2012)." in html
    assert "chart-projection" in html
    assert all("src=" in tag or "ld+json" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_article_page_ends_with_the_comments_place(client, seed_article):
    html = client.get(ARTICLE_URL).content.decode()
    assert "Comments (0)" in html


def test_draft_is_hidden_from_the_public(client, make_article):
    article = make_article(slug="draft", status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_is_hidden_until_its_time(client, make_article):
    later = make_article(slug="later", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(later.get_absolute_url()).status_code == 404


def test_editor_can_preview_a_draft(editor_client, make_article):
    article = make_article(slug="draft", title="Work in progress", status=Article.Status.DRAFT)
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is a draft" in response.content.decode()


def test_logged_in_reader_cannot_preview(client, make_article, db):
    article = make_article(slug="draft", status=Article.Status.DRAFT)
    client.force_login(User.objects.create_user("reader", password="x"))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unicode_slug_page(client, make_article):
    article = make_article(
        title="ミクシィの公式ページ", slug="ミクシィの公式ページ", body="日本語の本文です。"
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "日本語の本文です。" in response.content.decode()
    assert client.get("/articles/ミクシィの公式ページ/").status_code == 200


def test_missing_article_is_404(client, db):
    assert client.get("/articles/no-such-thing/").status_code == 404


def test_tag_page_lists_articles_and_facts(client, seed_article):
    page = text_of(client.get("/tags/line/").content.decode())
    assert seed_article.title in page
    assert "35,000,000 users" in page
    assert "7–8%" in page
    assert "15,470,000" not in page


def test_tag_page_hides_facts_of_drafts(client, seed_article):
    Article.objects.filter(pk=seed_article.pk).update(status=Article.Status.DRAFT)
    page = client.get("/tags/line/").content.decode()
    assert "35,000,000" not in page


def test_unknown_tag_is_404(client, db):
    assert client.get("/tags/nothing/").status_code == 404


def test_platform_page_lists_facts_oldest_first(client, seed_article):
    table = text_of(client.get("/platforms/mixi/").content.decode().split("<table")[1])
    assert table.index("15,470,000") < table.index("about 40%") < table.index("14,020,000")
    assert "35,000,000" not in table


def test_platform_without_facts(client, seed_article):
    response = client.get("/platforms/gree/")
    assert response.status_code == 200
    assert "No facts about GREE yet." in response.content.decode()


def test_platform_page_draws_a_timeline_per_metric(client, seed_article):
    html = client.get("/platforms/japan-mobile-market/").content.decode()
    assert '<title id="chart-1-title">Smartphone accounts</title>' in html
    assert "chart-projection" in html
    assert "Sources disagree" not in html


def test_platform_page_says_when_sources_disagree(client, seed_article, make_article):
    from articles.models import Fact, Source

    other = make_article(slug="other-count", title="Another count")
    original = Fact.objects.get(metric__name="monthly active users", as_of="2012-09-01")
    Fact.objects.create(
        article=other, platform=original.platform, metric=original.metric,
        value=14500000, unit="users", as_of="2012-09-01", as_of_precision="month",
        source=Source.objects.create(name="Mixi IR"), statement="Mixi said 14.5 million.",
    )  # fmt: skip
    page = text_of(client.get("/platforms/mixi/").content.decode())
    assert "Sources disagree on Mixi's monthly active users for September 2012" in page
    assert "14,020,000 users according to Nikkei" in page
    assert "14,500,000 users according to Mixi IR" in page


def add_facts(article: Article, values: list[str]) -> None:
    platform, _ = Platform.objects.get_or_create(
        slug="mixi", defaults={"name": "Mixi", "kind": Platform.Kind.SOCIAL_NETWORK}
    )
    source, _ = Source.objects.get_or_create(name="Nikkei")
    for position, value in reversed(list(enumerate(values))):
        fact = Fact(
            article=article,
            platform=platform,
            source=source,
            metric=Metric.objects.named("monthly active users"),
            value=Decimal(value),
            unit=Fact.Unit.USERS,
            as_of=datetime.date(2012, 9 - position, 1),
            as_of_precision=Fact.Precision.MONTH,
            statement=f"Mixi had {value} users.",
            position=position,
        )
        fact.full_clean()
        fact.save()


def test_home_shows_each_articles_first_fact(client, make_article):
    add_facts(make_article(slug="a", title="Mixi in 2012"), ["14020000", "15470000"])
    make_article(slug="b", title="No figures here")
    html = client.get("/").content.decode()
    figures = re.findall(r'<p class="key-figure">(.*?)</p>', html)
    assert [text_of(figure).strip() for figure in figures] == [
        "Mixi, monthly active users: 14,020,000 users (September 2012)"
    ]


def test_home_queries_do_not_grow_with_articles(client, make_article):
    def queries_for_home() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    add_facts(make_article(slug="first", title="First"), ["1000", "2000"])
    one = queries_for_home()
    for number in range(4):
        article = make_article(slug=f"more-{number}", title=f"More {number}")
        add_facts(article, ["3000", "4000", "5000"])
    assert client.get("/").content.decode().count('class="key-figure"') == 5
    assert queries_for_home() == one


def test_tag_pages_only_for_tags_with_public_articles_or_facts(client, make_article):
    draft = make_article(slug="draft-tagged", title="Draft", status=Article.Status.DRAFT)
    draft.tags.add("secret-plans")
    assert client.get("/tags/secret-plans/").status_code == 404
    public = make_article(slug="public-tagged", title="Public")
    public.tags.add("secret-plans")
    assert client.get("/tags/secret-plans/").status_code == 200


def test_imported_titles_and_excerpts_are_plain_text(client, make_article):
    article = make_article(
        slug="markup-title",
        title="Markup: Title <em>With</em> Markup &amp; more",
        excerpt="An <strong>excerpt</strong> &gt; summary",
    )
    assert article.title == "Markup: Title With Markup & more"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Markup: Title With Markup &amp; more · snsblog</title>" in page
    assert '<meta name="description" content="An excerpt &gt; summary">' in page
    assert "&lt;em&gt;" not in page
