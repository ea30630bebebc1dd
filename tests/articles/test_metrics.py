"""Metrics as a vocabulary: the migration from free text, synonyms meeting on platform
pages, the metric page, the API filter and the admin's search."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles.models import Article, Fact, Metric, Platform, Source
from tests.articles.migrating import migrate, migrate_to_latest

BEFORE = [("articles", "0007_article_lang")]
AFTER = [("articles", "0008_metric")]
ARTICLE_URL = "/articles/so-mixi-now-has-an-official-facebook-page/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db(transaction=True)
def test_migration_turns_text_metrics_into_metrics_and_back():
    apps = migrate(BEFORE)
    try:
        OldArticle = apps.get_model("articles", "Article")
        OldPlatform = apps.get_model("articles", "Platform")
        OldSource = apps.get_model("articles", "Source")
        OldFact = apps.get_model("articles", "Fact")
        article = OldArticle.objects.create(title="Old", slug="old", body="Text.")
        mixi = OldPlatform.objects.create(name="Mixi", slug="mixi", kind="social-network")
        nikkei = OldSource.objects.create(name="Nikkei")
        texts = [
            ("monthly active users", "users"),
            ("Monthly  active users", "users"),  # the same metric, written otherwise
            ("monthly active users", "users"),
            ("smartphone share of access", "percent"),
            ("ユーザー数", "users"),
        ]
        for position, (text, unit) in enumerate(texts):
            OldFact.objects.create(
                article=article, platform=mixi, source=nikkei, metric=text, unit=unit,
                value=Decimal(10 + position), as_of=datetime.date(2012, 1 + position, 1),
                statement=f"Sentence {position}.", position=position,
            )  # fmt: skip

        apps = migrate(AFTER)
        NewFact = apps.get_model("articles", "Fact")
        NewMetric = apps.get_model("articles", "Metric")
        assert sorted(NewMetric.objects.values_list("name", "unit")) == sorted(
            [
                ("monthly active users", "users"),
                ("smartphone share of access", "percent"),
                ("ユーザー数", "users"),
            ]
        )
        assert NewMetric.objects.get(name="ユーザー数").slug == "ユーザー数"
        facts = NewFact.objects.order_by("position")
        assert [fact.metric.name for fact in facts] == [
            "monthly active users",
            "monthly active users",
            "monthly active users",
            "smartphone share of access",
            "ユーザー数",
        ]
        assert [fact.value for fact in facts] == [Decimal(10 + n) for n in range(5)]

        apps = migrate(BEFORE)
        restored = apps.get_model("articles", "Fact").objects.order_by("position")
        assert [fact.metric for fact in restored] == [
            "monthly active users",
            "monthly active users",
            "monthly active users",
            "smartphone share of access",
            "ユーザー数",
        ]
    finally:
        migrate_to_latest()


@pytest.fixture
def mau(db) -> Metric:
    metric = Metric(
        name="monthly active users",
        slug="monthly-active-users",
        unit="users",
        synonyms="MAU\nmonthly actives",
    )
    metric.full_clean()
    metric.save()
    return metric


def add_fact(article: Article, metric: Metric, value: str, source: str, **fields) -> Fact:
    platform = Platform.objects.get_or_create(
        slug="mixi", defaults={"name": "Mixi", "kind": Platform.Kind.SOCIAL_NETWORK}
    )[0]
    fact = Fact(
        article=article,
        platform=platform,
        metric=metric,
        value=Decimal(value),
        unit=fields.pop("unit", Fact.Unit.USERS),
        as_of=fields.pop("as_of", datetime.date(2012, 9, 1)),
        as_of_precision=Fact.Precision.MONTH,
        source=Source.objects.get_or_create(name=source, title="")[0],
        statement=f"Mixi had {value} users.",
        **fields,
    )
    fact.full_clean()
    fact.save()
    return fact


def test_names_and_synonyms_find_one_metric(mau):
    assert Metric.objects.find("MAU") == mau
    assert Metric.objects.find("  Monthly   Active users ") == mau
    assert Metric.objects.find("monthly-active-users") == mau
    assert Metric.objects.find("daily active users") is None
    assert Metric.objects.named("mau") == mau
    assert Metric.objects.count() == 1
    new = Metric.objects.named("Daily  active users ")
    assert (new.name, new.slug) == ("Daily active users", "daily-active-users")
    assert Metric.objects.find(" daily active  USERS") == new  # no synonyms to fall back on


def test_a_name_cannot_mean_two_metrics(mau):
    clash = Metric(name="Unique visitors", slug="unique-visitors", synonyms="uu\nMAU")
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "“mau” already names the metric “monthly active users”." in str(error.value)
    twin = Metric(name="Monthly Active Users", slug="mau-2")
    with pytest.raises(ValidationError):
        twin.full_clean()


def test_a_fact_uses_its_metrics_unit(mau, make_article):
    with pytest.raises(ValidationError) as error:
        add_fact(make_article(), mau, "40", "Nikkei", unit=Fact.Unit.PERCENT)
    assert error.value.message_dict["unit"] == ["Monthly active users is counted in users."]


def test_synonyms_meet_on_the_platform_page(client, mau, make_article):
    first = make_article(slug="first", title="First count")
    second = make_article(slug="second", title="Second count")
    # One article calls it MAU, the other monthly active users: one metric either way.
    add_fact(first, Metric.objects.named("MAU"), "14020000", "Nikkei")
    add_fact(
        first, Metric.objects.named("MAU"), "15470000", "Nikkei", as_of=datetime.date(2011, 5, 1)
    )
    add_fact(second, Metric.objects.named("monthly active users"), "14500000", "Mixi IR")
    html = client.get("/platforms/mixi/").content.decode()
    assert re.findall(r'<title id="chart-\d+-title">([^<]*)</title>', html) == [
        "Monthly active users"
    ]
    (chart,) = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert chart.count('class="chart-point') == 3
    page = text_of(html)
    assert "Sources disagree on Mixi's monthly active users for September 2012" in page
    assert "14,020,000 users according to Nikkei" in page
    assert "14,500,000 users according to Mixi IR" in page


def test_metric_page_shows_every_platform_and_article(client, seed_article):
    metric = Metric.objects.get(name="smartphone accounts")
    response = client.get(f"/metrics/{metric.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Smartphone accounts</h1>" in html
    assert '<table class="facts">' in html
    assert "26,830,000 accounts" in html
    assert "95,000,000 accounts" in html
    assert "14,020,000" not in html  # another metric's figure
    titles = re.findall(r'<title id="chart-\d+-title">([^<]*)</title>', html)
    assert titles == ["Japan mobile market: smartphone accounts"]
    assert f'href="{seed_article.get_absolute_url()}"' in html


def test_metric_page_leaves_out_drafts(client, mau, make_article):
    draft = make_article(slug="draft", status=Article.Status.DRAFT)
    add_fact(draft, mau, "14020000", "Nikkei")
    html = client.get("/metrics/monthly-active-users/").content.decode()
    assert "14,020,000" not in html
    assert "No published facts of monthly active users yet." in html
    assert "Also called MAU, monthly actives" in html


def test_unknown_metric_is_404(client, db):
    assert client.get("/metrics/no-such-metric/").status_code == 404


def test_fact_tables_link_to_metric_pages(client, seed_article):
    html = client.get(ARTICLE_URL).content.decode()
    assert '<a href="/metrics/monthly-active-users/">monthly active users</a>' in html
    platform = client.get("/platforms/mixi/").content.decode()
    assert '<a href="/metrics/monthly-active-users/">monthly active users</a>' in platform


def test_renaming_a_metric_shows_at_once(client, seed_article):
    assert client.get(ARTICLE_URL).status_code == 200  # cached now
    metric = Metric.objects.get(name="monthly active users")
    metric.name = "monthly active accounts"
    metric.full_clean()
    metric.save()
    html = client.get(ARTICLE_URL).content.decode()
    assert ">monthly active accounts</a>" in html
    assert ">monthly active users</a>" not in html


def test_api_filters_by_name_synonym_or_slug(client, seed_article):
    metric = Metric.objects.get(name="monthly active users")
    metric.synonyms = "MAU"
    metric.save()
    for term in ("MAU", "mau", "monthly-active-users", "Monthly Active Users"):
        response = client.get("/api/facts/", {"metric": term})
        assert response.status_code == 200
        found = response.json()["results"]
        assert [fact["value"] for fact in found] == [15470000, 14020000], term
        assert {fact["metric"] for fact in found} == {"monthly active users"}
    unknown = client.get("/api/facts/", {"metric": "daily active users"}).json()
    assert unknown["count"] == 0


def test_synonyms_are_searchable(client, seed_article):
    metric = Metric.objects.get(name="monthly active users")
    metric.synonyms = "MAU"
    metric.save()
    html = client.get("/search/", {"q": "MAU"}).content.decode()
    assert seed_article.title in html


def test_loading_the_seed_twice_changes_no_metric(db):
    call_command("load_seed", stdout=io.StringIO())
    before = list(Metric.objects.values_list("pk", "name", "slug"))
    call_command("load_seed", stdout=io.StringIO())
    assert list(Metric.objects.values_list("pk", "name", "slug")) == before
    assert len(before) == 9
    assert not Fact.objects.filter(metric__isnull=True).exists()


def test_editors_find_metrics_by_synonym_in_the_facts_table(editor_client, mau):
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "fact", "field_name": "metric", "term": "MAU"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["monthly active users"]


def test_editors_extend_the_vocabulary(editor_client, db):
    response = editor_client.post(
        "/admin/articles/metric/add/",
        {
            "name": "daily active users",
            "slug": "daily-active-users",
            "unit": "users",
            "synonyms": "DAU",
            "definition": "People who used it on a given day.",
        },
    )
    assert response.status_code == 302
    assert Metric.objects.find("dau").name == "daily active users"
    listing = editor_client.get("/admin/articles/metric/", {"q": "DAU"}).content.decode()
    assert "daily active users" in listing


def test_fact_admin_searches_by_metric_name_and_synonym(editor_client, seed_article):
    metric = Metric.objects.get(name="smartphone accounts")
    metric.synonyms = "keitai-sumaho"  # a word in no statement, platform or source
    metric.save()
    for term in ("keitai-sumaho", "smartphone accounts"):
        html = editor_client.get("/admin/articles/fact/", {"q": term}).content.decode()
        found = set(re.findall(r"/admin/articles/fact/(\d+)/change/", html))
        expected = {str(pk) for pk in metric.facts.values_list("pk", flat=True)}
        assert expected <= found, term
    html = editor_client.get("/admin/articles/fact/", {"q": "keitai-sumaho"}).content.decode()
    assert set(re.findall(r"/admin/articles/fact/(\d+)/change/", html)) == expected
