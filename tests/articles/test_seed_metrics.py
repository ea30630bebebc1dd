"""The seed's metrics with their units, definitions and synonyms: from load_seed, and
from migration 0011 on databases that had the metrics before, never over an editor's
values."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from articles.management.commands.load_seed import FACTS
from articles.models import Fact, Metric
from articles.seed_metrics import SEED_METRICS
from tests.articles.migrating import migrate, migrate_to_latest

BEFORE = [("articles", "0010_article_search_vectors")]
AFTER = [("articles", "0011_seed_metric_descriptions")]


def test_every_metric_of_the_seed_has_a_unit_a_definition_and_synonyms(seed_article):
    metrics = Metric.objects.filter(facts__article=seed_article).distinct()
    assert {metric.name for metric in metrics} == {row[1] for row in FACTS}
    for metric in metrics:
        assert metric.unit, metric
        assert metric.synonym_list, metric
        # One sentence, ending with its full stop.
        assert ". " not in metric.definition, metric
        assert metric.definition.endswith("."), metric
        assert set(metric.facts.values_list("unit", flat=True)) == {metric.unit}
    assert Metric.objects.find("MAU").name == "monthly active users"
    assert Metric.objects.find("mobile subscriptions").name == "mobile phone accounts"
    assert Metric.objects.find("coupon response rate").name == "voucher response rate"
    assert Metric.objects.get(name="smartphone share of access").unit == "percent"
    assert Metric.objects.get(name="mobile phone accounts").unit == "accounts"
    for fact in Fact.objects.filter(article=seed_article):
        fact.full_clean()  # each fact's unit is its metric's


def test_the_seed_article_is_found_by_a_synonym_of_its_metrics(client, seed_article):
    for query in ("MAU", "smartphone subscriptions"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert seed_article.title in html, query


def test_the_metric_page_shows_the_seeds_definition_and_synonyms(client, seed_article):
    html = client.get("/metrics/monthly-active-users/").content.decode()
    assert "Also called MAU, monthly actives · Counted in users" in html
    assert SEED_METRICS["monthly active users"].definition in html


def test_loading_the_seed_keeps_what_an_editor_wrote(db):
    edited = Metric(
        name="Monthly Active Users",
        slug="mau",
        definition="People who opened it in a calendar month.",
        synonyms="monthly uniques",
    )
    edited.full_clean()
    edited.save()
    # A metric of its own called “smartphone subscriptions”: never a synonym of another.
    own = Metric(name="smartphone subscriptions", slug="smartphone-subscriptions")
    own.full_clean()
    own.save()

    call_command("load_seed", stdout=io.StringIO())

    edited.refresh_from_db()
    assert edited.name == "Monthly Active Users"
    assert edited.definition == "People who opened it in a calendar month."
    assert edited.synonym_list == ["monthly uniques"]
    assert edited.unit == "users"  # it had none
    assert edited.facts.count() == 2
    accounts = Metric.objects.get(name="smartphone accounts")
    assert accounts.synonym_list == ["smartphone contracts"]
    own.refresh_from_db()
    assert (own.unit, own.definition, own.synonyms) == ("", "", "")


@pytest.mark.django_db(transaction=True)
def test_migration_fills_in_only_what_seed_metrics_lack():
    apps = migrate(BEFORE)
    try:
        Article = apps.get_model("articles", "Article")
        Platform = apps.get_model("articles", "Platform")
        Source = apps.get_model("articles", "Source")
        Metric = apps.get_model("articles", "Metric")
        Fact = apps.get_model("articles", "Fact")
        article = Article.objects.create(
            title="Mixi", slug="mixi", body="Text.", search_text="Mixi\nText."
        )
        other = Article.objects.create(title="LINE", slug="line", body="Text.", search_text="x")
        mixi = Platform.objects.create(name="Mixi", slug="mixi", kind="social-network")
        nikkei = Source.objects.create(name="Nikkei")

        def metric(name: str, **fields) -> object:
            return Metric.objects.create(name=name, slug=name.lower().replace(" ", "-"), **fields)

        def fact(on, of, unit: str) -> None:
            Fact.objects.create(
                article=on, platform=mixi, source=nikkei, metric=of, unit=unit,
                value=Decimal(10), as_of=datetime.date(2012, 1, 1), statement="Mixi had 10.",
            )  # fmt: skip

        untouched = metric("Monthly Active Users")  # another case than the seed's
        fact(article, untouched, "users")
        edited = metric(
            "smartphone accounts", unit="accounts", definition="Contracts for smartphones."
        )
        fact(other, edited, "accounts")
        counted_otherwise = metric("users in Japan")
        fact(other, counted_otherwise, "accounts")
        own_synonyms = metric("voucher response rate", synonyms="coupon rate")
        metric("mobile accounts")
        shared = metric("mobile phone accounts")
        unknown = metric("daily active users")

        apps = migrate(AFTER)
        Metric = apps.get_model("articles", "Metric")
        Article = apps.get_model("articles", "Article")

        def values(metric) -> tuple[str, str, str]:
            fresh = Metric.objects.get(pk=metric.pk)
            return fresh.unit, fresh.definition, fresh.synonyms

        seed = SEED_METRICS["monthly active users"]
        assert values(untouched) == ("users", seed.definition, "MAU\nmonthly actives")
        assert values(edited) == (
            "accounts",
            "Contracts for smartphones.",
            "smartphone subscriptions\nsmartphone contracts",
        )
        # Its facts count accounts: the seed's “users” would make them invalid.
        assert values(counted_otherwise) == ("", SEED_METRICS["users in Japan"].definition,
                                             "Japanese users")  # fmt: skip
        assert values(own_synonyms)[2] == "coupon rate"
        assert values(shared)[2] == "mobile phone subscriptions\nmobile subscriptions"
        assert values(unknown) == ("", "", "")
        assert Metric.objects.get(name="mobile accounts").synonyms == ""
        # The article with the metric that gained synonyms is found by them.
        assert Article.objects.get(pk=article.pk).search_text == "Mixi\nText.\nMAU\nmonthly actives"

        apps = migrate(BEFORE)  # backwards: nothing undone
        Metric = apps.get_model("articles", "Metric")
        assert values(untouched) == ("users", seed.definition, "MAU\nmonthly actives")
    finally:
        migrate_to_latest()
