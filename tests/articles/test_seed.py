import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from articles.models import Article, Fact, Platform, Source

SLUG = "so-mixi-now-has-an-official-facebook-page"

# platform, metric, value, upper value, qualifier, kind, as of, precision, source
EXPECTED_FACTS = [
    ("mixi", "monthly active users", 15470000, None, "exact", "reported", (2011, 5), "month", "Nikkei"),
    ("mixi", "monthly active users", 14020000, None, "exact", "reported", (2012, 9), "month", "Nikkei"),
    ("facebook", "active users in Japan", 16000000, None, "over", "reported", (2012, 9), "month", "Facebook COO blog"),
    ("twitter", "users in Japan", 20000000, None, "approximately", "estimate", (2012, 1), "year", "Various surveys"),
    ("line", "users in Japan", 35000000, None, "exact", "reported", (2012, 1), "year", "LINE"),
    ("japan-mobile-market", "smartphone accounts", 26830000, None, "exact", "reported", (2011, 11), "month", "Fuji Chimera Research"),
    ("japan-mobile-market", "mobile phone accounts", 113340000, None, "exact", "reported", (2011, 11), "month", "Fuji Chimera Research"),
    ("japan-mobile-market", "smartphone accounts", 95000000, None, "exact", "projection", (2016, 1), "year", "Fuji Chimera Research"),
    ("japan-mobile-market", "smartphone share of mobile accounts", 80, None, "exact", "projection", (2016, 1), "year", "Fuji Chimera Research"),
    ("mixi", "smartphone share of access", 40, None, "approximately", "reported", (2012, 1), "month", "Not named in the article"),
    ("mixi", "smartphone share of access", 60, None, "over", "reported", (2012, 9), "month", "Not named in the article"),
    ("line", "voucher response rate", 7, 8, "exact", "reported", (2012, 1), "year", "Nikkei"),
    ("japan-mobile-market", "average voucher response rate of other services", 3, None, "exact", "reported", (2012, 1), "year", "Nikkei"),
]  # fmt: skip


def load_seed() -> str:
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_article_is_published_and_tagged():
    load_seed()
    article = Article.objects.get(slug=SLUG)
    assert article.title == "So Mixi now has an Official Facebook Page..."
    assert article.is_public
    assert {"mixi", "facebook", "twitter", "line", "smartphones", "japan", "sns"} <= set(
        article.tags.names()
    )
    assert "Struggling former KING of Japanese SNS" in article.body_html
    assert "Comments" not in article.body.splitlines()[-1]


@pytest.mark.django_db
@pytest.mark.parametrize("expected", EXPECTED_FACTS, ids=lambda row: f"{row[0]}-{row[1]}-{row[6]}")
def test_seed_fact_is_present_and_faithful(expected):
    load_seed()
    platform, metric, value, upper, qualifier, kind, (year, month), precision, source = expected
    fact = Fact.objects.get(
        platform__slug=platform, metric__name=metric, as_of=datetime.date(year, month, 1)
    )
    assert fact.value == Decimal(value)
    assert fact.upper_value == (Decimal(upper) if upper else None)
    assert fact.qualifier == qualifier
    assert fact.kind == kind
    assert fact.as_of_precision == precision
    assert fact.source.name == source
    assert fact.statement in fact.article.body
    assert fact.tags.exists()


@pytest.mark.django_db
def test_seed_has_exactly_the_listed_facts():
    load_seed()
    assert Fact.objects.count() == len(EXPECTED_FACTS)
    assert Source.objects.filter(name="Nikkei").count() == 1
    assert set(Platform.objects.values_list("slug", flat=True)) >= {
        "mixi", "facebook", "twitter", "line", "ntt-docomo", "dena", "gree", "japan-mobile-market",
    }  # fmt: skip


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_seed()
    article = Article.objects.get(slug=SLUG)
    counts = (Article.objects.count(), Fact.objects.count(), Platform.objects.count())
    assert "nothing to do" in load_seed()
    assert (Article.objects.count(), Fact.objects.count(), Platform.objects.count()) == counts
    assert Article.objects.get(slug=SLUG).updated_at == article.updated_at


@pytest.mark.django_db
def test_loading_again_keeps_editor_changes():
    load_seed()
    Article.objects.filter(slug=SLUG).update(title="Edited title")
    load_seed()
    assert Article.objects.get(slug=SLUG).title == "Edited title"
