import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Fact, Platform, Source


@pytest.fixture
def platform(db) -> Platform:
    return Platform.objects.create(name="Mixi", slug="mixi", kind=Platform.Kind.SOCIAL_NETWORK)


@pytest.fixture
def source(db) -> Source:
    return Source.objects.create(name="Nikkei")


@pytest.fixture
def make_fact(make_article, platform, source):
    article = make_article()

    def make(**fields) -> Fact:
        fields = {
            "article": article,
            "platform": platform,
            "source": source,
            "metric": "monthly active users",
            "value": Decimal("14020000"),
            "unit": Fact.Unit.USERS,
            "as_of": datetime.date(2012, 9, 1),
            "as_of_precision": Fact.Precision.MONTH,
            "statement": "Mixi had 14,020,000 active users.",
            **fields,
        }
        return Fact(**fields)

    return make


def validation_messages(fact: Fact) -> list[str]:
    with pytest.raises(ValidationError) as error:
        fact.full_clean()
    return error.value.messages


def test_upper_value_below_value_is_refused(make_fact):
    fact = make_fact(value=Decimal(8), upper_value=Decimal(7), unit=Fact.Unit.PERCENT)
    assert "The upper value of a range must be above its value." in validation_messages(fact)


def test_percent_above_100_is_refused(make_fact):
    fact = make_fact(value=Decimal(140), unit=Fact.Unit.PERCENT)
    assert "A percentage cannot be above 100." in validation_messages(fact)


def test_percent_range_ending_above_100_is_refused(make_fact):
    fact = make_fact(value=Decimal(90), upper_value=Decimal(120), unit=Fact.Unit.PERCENT)
    assert "A percentage cannot be above 100." in validation_messages(fact)


def test_range_with_over_is_refused(make_fact):
    fact = make_fact(
        value=Decimal(7), upper_value=Decimal(8), unit=Fact.Unit.PERCENT, qualifier="over"
    )
    messages = validation_messages(fact)
    assert any("A range can only be exact or approximate" in m for m in messages)


def test_negative_value_is_refused(make_fact):
    assert "The value cannot be negative." in validation_messages(make_fact(value=Decimal(-1)))


def test_database_holds_the_invariants_without_full_clean(make_fact):
    fact = make_fact(value=Decimal(8), upper_value=Decimal(7))
    with pytest.raises(IntegrityError), transaction.atomic():
        fact.save()


def test_sensible_fact_is_valid(make_fact):
    fact = make_fact(value=Decimal(7), upper_value=Decimal(8), unit=Fact.Unit.PERCENT)
    fact.full_clean()
    fact.save()
    assert Fact.objects.get().display_value == "7–8%"


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"value": Decimal("14020000")}, "14,020,000 users"),
        ({"value": Decimal("16000000"), "qualifier": "over"}, "over 16,000,000 users"),
        ({"value": Decimal("20000000"), "qualifier": "approximately"}, "about 20,000,000 users"),
        ({"value": Decimal(10), "qualifier": "at-least"}, "at least 10 users"),
        ({"value": Decimal(5), "qualifier": "up-to"}, "up to 5 users"),
        ({"value": Decimal("7.5"), "unit": "percent"}, "7.5%"),
        ({"value": Decimal(40), "unit": "percent", "qualifier": "approximately"}, "about 40%"),
        ({"value": Decimal(26830000), "unit": "accounts"}, "26,830,000 accounts"),
    ],
)
def test_value_reads_as_a_person_says_it(make_fact, fields, shown):
    assert make_fact(**fields).display_value == shown


@pytest.mark.parametrize(
    ("precision", "entered", "stored", "shown"),
    [
        ("day", datetime.date(2011, 11, 30), datetime.date(2011, 11, 30), "30 November 2011"),
        ("month", datetime.date(2011, 5, 17), datetime.date(2011, 5, 1), "May 2011"),
        ("year", datetime.date(2012, 6, 17), datetime.date(2012, 1, 1), "2012"),
    ],
)
def test_as_of_is_stored_and_shown_at_its_precision(make_fact, precision, entered, stored, shown):
    fact = make_fact(as_of=entered, as_of_precision=precision)
    fact.full_clean()
    fact.save()
    fact.refresh_from_db()
    assert fact.as_of == stored
    assert fact.display_as_of == shown


def test_body_is_rendered_and_sanitised_on_save(make_article):
    article = make_article(
        body="Hello **world**\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) "
        '<img src="x" onerror="alert(1)">'
    )
    assert "<strong>world</strong>" in article.body_html
    assert "<script" not in article.body_html
    assert "javascript:" not in article.body_html
    assert "onerror" not in article.body_html


def test_published_excludes_drafts_and_scheduled(make_article):
    public = make_article(slug="public")
    make_article(slug="draft", status=Article.Status.DRAFT)
    make_article(slug="later", published_at=timezone.now() + datetime.timedelta(days=3))
    assert list(Article.objects.published()) == [public]


def test_published_article_needs_a_date_in_the_database(db):
    article = Article(title="T", slug="t", body="b", status=Article.Status.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_full_clean_dates_an_article_published_without_a_date(db):
    article = Article(title="T", slug="t", body="b", status=Article.Status.PUBLISHED)
    article.full_clean()
    article.save()
    assert article.is_public


def test_unicode_slug_is_valid(make_article):
    article = make_article(title="ミクシィの公式ページ", slug="ミクシィの公式ページ")
    assert Article.objects.get(slug="ミクシィの公式ページ") == article


def test_facts_with_details_fetch_every_tag_in_one_query(seed_article, django_assert_num_queries):
    seed_article.facts.first().tags.add("zeta", "alpha")
    with django_assert_num_queries(2):  # the facts with their relations, then the tags
        facts = list(seed_article.facts.with_details())
        tags = [[tag.name for tag in fact.tags.all()] for fact in facts]
    assert tags[0] == sorted(tags[0])
    assert {"alpha", "zeta"} <= set(tags[0])
    assert tags == [sorted(t.name for t in fact.tags.all()) for fact in Fact.objects.all()]
    # A fresh queryset built from it (a filter, a slice) keeps the single query.
    with django_assert_num_queries(2):
        first = list(seed_article.facts.with_details().filter(pk=facts[0].pk))
        assert [tag.name for tag in first[0].tags.all()] == tags[0]
