"""Comparable measures: a symmetric pair of metrics with a caveat, refused when it pairs a
metric with itself or repeats a pair in either order, edited in the admin, and drawn as
one chart with its caveat on the article, platform and metric pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.charts.layout import compared
from articles.models import Article, Comparison, Fact, Metric, Platform, Source

pytestmark = pytest.mark.django_db

ARTICLE_URL = "/articles/so-mixi-now-has-an-official-facebook-page/"
CAVEAT = "Mixi counts users of the month; Facebook its own active users in Japan."


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def metric(name: str, unit: str = "users") -> Metric:
    made = Metric(name=name, slug=name.replace(" ", "-"), unit=unit)
    made.full_clean()
    made.save()
    return made


def pair(first: Metric, second: Metric, caveat: str = CAVEAT) -> Comparison:
    comparison = Comparison(first=first, second=second, caveat=caveat)
    comparison.full_clean()
    comparison.save()
    return comparison


def chart_figures(html: str) -> dict[str, str]:
    """Each chart of a page by its title."""
    figures = re.findall(r'<figure class="chart">.*?</figure>', html, re.S)
    return {re.search(r"<title[^>]*>([^<]*)</title>", f).group(1): f for f in figures}


@pytest.fixture
def mau_and_japan(db) -> tuple[Metric, Metric]:
    return metric("monthly active users"), metric("active users in Japan")


def test_a_metric_is_not_comparable_with_itself(mau_and_japan):
    mau, _ = mau_and_japan
    with pytest.raises(ValidationError) as error:
        pair(mau, mau)
    assert "A metric cannot be compared with itself." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(first=mau, second=mau, caveat=CAVEAT)


def test_a_pair_is_stored_once_in_either_order(mau_and_japan):
    mau, japan = mau_and_japan
    pair(mau, japan)
    with pytest.raises(ValidationError) as error:
        pair(japan, mau)
    assert "These two metrics are already comparable." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(first=japan, second=mau, caveat=CAVEAT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(first=mau, second=japan, caveat=CAVEAT)
    assert Comparison.objects.count() == 1
    # Another pair with one of the same metrics is a pair of its own.
    pair(mau, metric("daily active users"))
    assert Comparison.objects.count() == 2


def test_a_pair_needs_a_caveat_and_one_unit(mau_and_japan):
    mau, japan = mau_and_japan
    with pytest.raises(ValidationError) as error:
        pair(mau, japan, caveat="   ")
    assert "Say how the two measures differ." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(first=mau, second=japan, caveat="")
    share = metric("smartphone share", unit="percent")
    with pytest.raises(ValidationError) as error:
        pair(mau, share)
    assert (
        "Monthly active users is counted in users and smartphone share in %: "
        "they cannot be drawn together."
    ) in str(error.value)


def test_the_pair_is_symmetric(mau_and_japan):
    mau, japan = mau_and_japan
    comparison = pair(mau, japan)
    assert comparison.partner(mau) == japan
    assert comparison.partner(japan) == mau
    assert list(Comparison.objects.involving({japan.pk})) == [comparison]
    assert list(Comparison.objects.among({japan.pk, mau.pk})) == [comparison]
    assert list(Comparison.objects.among({japan.pk})) == []


def test_the_seed_article_draws_mixi_against_facebook_with_the_caveat(client, seed_article):
    html = client.get(ARTICLE_URL).content.decode()
    caveat = Comparison.objects.get().caveat
    figure = chart_figures(html)["Mixi against Facebook, 2012"]
    description = re.search(r"<desc[^>]*>(.*?)</desc>", figure, re.S).group(1)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
    escaped = caveat.replace("'", "&#x27;")
    for text in (description, caption):
        assert "Facebook, active users in Japan: over 16,000,000 users (September 2012)" in text
        assert "Mixi, monthly active users: 14,020,000 users (September 2012)" in text
        assert escaped in text
    bars = re.findall(r'<text class="chart-label"[^>]*>([^<]*)</text>', figure)
    assert bars == ["Facebook, active users in Japan", "Mixi, monthly active users"]
    values = re.findall(r'<text class="chart-value"[^>]*>([^<]*)</text>', figure)
    assert values == ["over 16M", "14.02M"]  # the qualifier stays
    # The charts of one measure are still there, and still first.
    assert next(iter(chart_figures(html))) == "Users in Japan, 2012"


def test_without_the_pair_there_is_no_comparison_chart(client, seed_article):
    Comparison.objects.all().delete()
    html = client.get(ARTICLE_URL).content.decode()
    assert not any("against" in title for title in chart_figures(html))


def test_changing_the_pair_shows_on_the_article_page_at_once(client, seed_article):
    client.get(ARTICLE_URL)  # cached
    comparison = Comparison.objects.get()
    comparison.caveat = "A new caveat, said at once."
    comparison.full_clean()
    comparison.save()
    assert "A new caveat, said at once." in client.get(ARTICLE_URL).content.decode()
    Comparison.objects.update(caveat="Changed in bulk.")
    assert "Changed in bulk." in client.get(ARTICLE_URL).content.decode()
    comparison.delete()
    assert "Mixi against Facebook" not in client.get(ARTICLE_URL).content.decode()
    first, second = (
        Metric.objects.get(name="monthly active users"),
        Metric.objects.get(name="active users in Japan"),
    )
    pair(second, first, caveat="Paired again, the other way round.")
    page = client.get(ARTICLE_URL).content.decode()
    assert "Paired again, the other way round." in page
    assert "Facebook against Mixi, 2012" in page  # the first metric's platform first
    Comparison.objects.all().delete()
    assert "Facebook against Mixi" not in client.get(ARTICLE_URL).content.decode()


def test_moving_a_pair_to_another_metric_redraws_the_articles_it_left(client, seed_article):
    client.get(ARTICLE_URL)
    comparison = Comparison.objects.get()
    comparison.first = metric("daily active users")
    comparison.second = metric("weekly active users")
    comparison.full_clean()
    comparison.save()
    assert "Mixi against Facebook" not in client.get(ARTICLE_URL).content.decode()


def test_the_article_page_asks_one_query_more_when_cold_and_none_when_warm(
    client, seed_article, django_assert_max_num_queries
):
    from django.core.cache import cache

    from snsblog.fragments import fragments

    cache.clear()
    fragments.clear()
    with django_assert_max_num_queries(14):
        client.get(ARTICLE_URL)
    with django_assert_max_num_queries(1):
        client.get(ARTICLE_URL)


def test_platform_pages_draw_the_comparison_for_both_platforms(client, seed_article):
    caveat = Comparison.objects.get().caveat.replace("'", "&#x27;")
    for slug in ("mixi", "facebook"):
        figure = chart_figures(client.get(f"/platforms/{slug}/").content.decode()).get(
            "Mixi against Facebook, 2012"
        )
        assert figure is not None, slug
        assert caveat in figure, slug
    assert "against" not in client.get("/platforms/line/").content.decode()


def test_metric_pages_list_the_comparable_measure_and_draw_it(client, seed_article):
    for slug, other in (
        ("monthly-active-users", "active-users-in-japan"),
        ("active-users-in-japan", "monthly-active-users"),
    ):
        html = client.get(f"/metrics/{slug}/").content.decode()
        assert "Mixi against Facebook, 2012" in chart_figures(html), slug
        assert "<h2>Comparable measures</h2>" in html
        assert f'<a href="/metrics/{other}/">' in html.split("<h2>Comparable measures</h2>")[1]
    assert "Comparable measures" not in client.get("/metrics/smartphone-accounts/").content.decode()


def test_a_platform_page_never_draws_a_comparison_without_its_platform(client, seed_article):
    """GREE's 2013 figure meets Facebook's latest year nowhere: Mixi's page keeps 2012."""
    gree = Platform.objects.get(slug="gree")
    later = Fact(
        article=seed_article, platform=gree, metric=Metric.objects.get(name="monthly active users"),
        value=Decimal(9_000_000), unit="users", as_of=datetime.date(2013, 3, 1),
        as_of_precision="month", source=Source.objects.get(name="Nikkei"), statement="GREE.",
    )  # fmt: skip
    later.full_clean()
    later.save()
    mixi = chart_figures(client.get("/platforms/mixi/").content.decode())
    assert "Mixi against Facebook, 2012" in mixi
    gree_page = chart_figures(client.get("/platforms/gree/").content.decode())
    assert not any("against" in title for title in gree_page)


def test_a_caveat_is_escaped_everywhere(client, seed_article):
    Comparison.objects.update(caveat="<script>alert(1)</script> & more")
    for url in (ARTICLE_URL, "/platforms/mixi/", "/metrics/monthly-active-users/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html, url


def facts_of(article: Article, *rows) -> list[Fact]:
    nikkei = Source.objects.get_or_create(name="Nikkei")[0]
    facts = []
    for platform, of, value, as_of, kind in rows:
        fact = Fact(
            article=article, platform=platform, metric=of, value=Decimal(value), unit="users",
            as_of=as_of, as_of_precision="month", source=nikkei, statement="A figure.", kind=kind,
        )  # fmt: skip
        fact.full_clean()
        fact.save()
        facts.append(fact)
    return list(Fact.objects.filter(pk__in=[f.pk for f in facts]).with_details())


def test_a_comparison_uses_the_latest_year_both_give_and_dashes_estimates(
    make_article, mau_and_japan
):
    mau, japan = mau_and_japan
    mixi = Platform.objects.create(name="Mixi", slug="mixi", kind="social-network")
    facebook = Platform.objects.create(name="Facebook", slug="facebook", kind="social-network")
    facts = facts_of(
        make_article(),
        (mixi, mau, 15_000_000, datetime.date(2011, 5, 1), "reported"),
        (mixi, mau, 14_500_000, datetime.date(2012, 3, 1), "reported"),
        (mixi, mau, 14_020_000, datetime.date(2012, 9, 1), "reported"),
        (facebook, japan, 17_000_000, datetime.date(2012, 10, 1), "estimate"),
        (facebook, japan, 30_000_000, datetime.date(2014, 1, 1), "projection"),
    )
    (chart,) = compared(facts, [pair(mau, japan)])
    assert chart.title == "Mixi against Facebook, 2012"
    assert chart.caveat == CAVEAT
    assert [(bar.label, bar.value_label, bar.is_estimate) for bar in chart.bars] == [
        ("Facebook, active users in Japan", "17M (estimate)", True),
        ("Mixi, monthly active users", "14.02M", False),
    ]
    assert chart.height <= 200
    assert compared(facts, []) == []


def test_a_long_label_stays_inside_a_phones_chart(make_article):
    long_name = metric("people who opened the application at least once in a calendar month")
    japan = metric("active users in Japan")
    mixi = Platform.objects.create(name="Mixi", slug="mixi", kind="social-network")
    facebook = Platform.objects.create(name="Facebook", slug="facebook", kind="social-network")
    facts = facts_of(
        make_article(),
        (mixi, long_name, 14_020_000, datetime.date(2012, 9, 1), "reported"),
        (facebook, japan, 16_000_000, datetime.date(2012, 9, 1), "reported"),
    )
    (chart,) = compared(facts, [pair(long_name, japan)])
    label = chart.bars[1].label
    assert label.endswith("…")
    assert len(label) <= 50
    assert 7 * len(label) <= chart.width
    assert long_name.name in chart.description  # whole in the text alternative


def test_the_admin_adds_a_pair_and_explains_a_repeated_one(editor_client, mau_and_japan):
    mau, japan = mau_and_japan
    url = "/admin/articles/comparison/add/"
    assert editor_client.get(url).status_code == 200
    answer = editor_client.post(url, {"first": mau.pk, "second": japan.pk, "caveat": CAVEAT})
    assert answer.status_code == 302
    assert Comparison.objects.get().caveat == CAVEAT
    again = editor_client.post(url, {"first": japan.pk, "second": mau.pk, "caveat": "Again."})
    assert again.status_code == 200
    assert "These two metrics are already comparable." in text_of(again.content.decode())
    itself = editor_client.post(url, {"first": mau.pk, "second": mau.pk, "caveat": "Same."})
    assert "A metric cannot be compared with itself." in text_of(itself.content.decode())
    assert Comparison.objects.count() == 1
    listed = editor_client.get("/admin/articles/comparison/").content.decode()
    assert "monthly active users" in listed
    assert "active users in Japan" in listed
    # Each metric's page in the admin names the other, linked to the pair.
    pk = Comparison.objects.get().pk
    for one, other in ((mau, japan), (japan, mau)):
        page = editor_client.get(f"/admin/articles/metric/{one.pk}/change/").content.decode()
        assert (
            f'<a href="/admin/articles/comparison/{pk}/change/">{other.name}</a>: {CAVEAT}' in page
        )
    lonely = metric("daily active users")
    page = editor_client.get(f"/admin/articles/metric/{lonely.pk}/change/").content.decode()
    assert "None: pairs are added under Comparisons." in page
    assert editor_client.get("/admin/articles/metric/add/").status_code == 200


def test_a_platform_on_both_sides_names_the_metrics(make_article, mau_and_japan):
    mau, japan = mau_and_japan
    mixi = Platform.objects.create(name="Mixi", slug="mixi", kind="social-network")
    facts = facts_of(
        make_article(),
        (mixi, mau, 14_020_000, datetime.date(2012, 9, 1), "reported"),
        (mixi, japan, 13_000_000, datetime.date(2012, 6, 1), "reported"),
    )
    (chart,) = compared(facts, [pair(mau, japan)])
    assert chart.title == "Monthly active users against active users in Japan, 2012"
    assert [bar.label for bar in chart.bars] == [
        "Mixi, monthly active users",
        "Mixi, active users in Japan",
    ]
