"""The seed's comparable pair, Mixi's monthly active users and Facebook's active users in
Japan: from load_seed on a new database, from migration 0013 on one that had both
metrics, never twice and never over an editor's pair."""

import io

import pytest
from django.core.management import call_command

from articles.models import Comparison, Metric
from articles.seed_metrics import SEED_COMPARISONS
from tests.articles.migrating import migrate, migrate_to_latest

BEFORE = [("articles", "0012_comparison")]
AFTER = [("articles", "0013_seed_comparison")]


def test_the_seed_pairs_its_headline_metrics(seed_article):
    comparison = Comparison.objects.get()
    assert {comparison.first.name, comparison.second.name} == {
        "monthly active users",
        "active users in Japan",
    }
    assert comparison.caveat == SEED_COMPARISONS[0].caveat
    assert len(comparison.caveat) <= 300
    comparison.full_clean()
    call_command("load_seed", stdout=io.StringIO())
    assert Comparison.objects.count() == 1


def test_loading_the_seed_keeps_an_editors_pair(db):
    mau = Metric.objects.named("Monthly Active Users")
    japan = Metric.objects.named("active users in Japan")
    own = Comparison(first=japan, second=mau, caveat="An editor's own caveat.")
    own.full_clean()
    own.save()
    call_command("load_seed", stdout=io.StringIO())
    assert list(Comparison.objects.values_list("caveat", flat=True)) == ["An editor's own caveat."]


@pytest.mark.django_db(transaction=True)
def test_migration_pairs_the_seed_metrics_where_both_exist_and_none_is_paired():
    apps = migrate(BEFORE)
    try:
        Article = apps.get_model("articles", "Article")
        Platform = apps.get_model("articles", "Platform")
        Source = apps.get_model("articles", "Source")
        Metric = apps.get_model("articles", "Metric")
        Fact = apps.get_model("articles", "Fact")
        article = Article.objects.create(title="Mixi", slug="mixi", body="Text.")
        unrelated = Article.objects.create(title="LINE", slug="line", body="Text.")
        mixi = Platform.objects.create(name="Mixi", slug="mixi", kind="social-network")
        nikkei = Source.objects.create(name="Nikkei")
        mau = Metric.objects.create(name="Monthly Active Users", slug="mau")  # another case
        japan = Metric.objects.create(name="active users in Japan", slug="japan")
        line = Metric.objects.create(name="users in Japan", slug="users-in-japan")
        for on, of in ((article, mau), (unrelated, line)):
            Fact.objects.create(
                article=on, platform=mixi, source=nikkei, metric=of, unit="users", value=10,
                as_of="2012-09-01", statement="Ten.",
            )  # fmt: skip
        versions = dict(Article.objects.values_list("pk", "content_version"))

        apps = migrate(AFTER)
        Comparison = apps.get_model("articles", "Comparison")
        Article = apps.get_model("articles", "Article")
        (comparison,) = Comparison.objects.all()
        assert (comparison.first_id, comparison.second_id) == (mau.pk, japan.pk)
        assert comparison.caveat == SEED_COMPARISONS[0].caveat
        after = dict(Article.objects.values_list("pk", "content_version"))
        assert after[article.pk] != versions[article.pk]  # drawn anew
        assert after[unrelated.pk] == versions[unrelated.pk]

        apps = migrate(BEFORE)  # backwards: nothing undone, nothing lost
        assert apps.get_model("articles", "Comparison").objects.count() == 1
        apps = migrate(AFTER)  # and forwards again: not paired twice
        assert apps.get_model("articles", "Comparison").objects.count() == 1
    finally:
        migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_migration_leaves_a_database_without_the_metrics_or_with_a_pair_alone():
    apps = migrate(BEFORE)
    try:
        Metric = apps.get_model("articles", "Metric")
        Comparison = apps.get_model("articles", "Comparison")
        mau = Metric.objects.create(name="monthly active users", slug="mau")
        apps = migrate(AFTER)
        assert apps.get_model("articles", "Comparison").objects.count() == 0  # one metric only

        apps = migrate(BEFORE)
        Metric = apps.get_model("articles", "Metric")
        Comparison = apps.get_model("articles", "Comparison")
        japan = Metric.objects.create(name="active users in Japan", slug="japan")
        Comparison.objects.create(first_id=japan.pk, second_id=mau.pk, caveat="Mine.")
        apps = migrate(AFTER)
        assert list(
            apps.get_model("articles", "Comparison").objects.values_list("caveat", flat=True)
        ) == ["Mine."]
    finally:
        migrate_to_latest()
