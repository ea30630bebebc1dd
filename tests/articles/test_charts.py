"""Charts show one measure each, keep every qualifier, have an axis, and avoid collisions."""

import re
from decimal import Decimal

import pytest

from articles.charts.layout import article_charts, label_extent, line_top, nice_ticks, value_label
from articles.models import Fact

pytestmark = pytest.mark.django_db


@pytest.fixture
def charts(seed_article):
    return article_charts(list(seed_article.facts.with_details()))


def test_each_bar_chart_compares_one_measure(charts, seed_article):
    bars = [chart for chart in charts if chart.kind == "bar"]
    assert [chart.title for chart in bars] == ["Users in Japan, 2012"]
    measures = {
        f.metric.name for f in seed_article.facts.filter(platform__name__in=["LINE", "Twitter"])
    }
    assert "users in Japan" in measures
    labels = {bar.label: bar.value_label for bar in bars[0].bars}
    assert labels == {"LINE": "35M", "Twitter": "about 20M (estimate)"}


def test_line_labels_keep_their_qualifiers(charts):
    share = next(c for c in charts if c.title == "Mixi: smartphone share of access")
    assert [point.label for point in share.points] == ["about 40%", "over 60%"]


def test_line_charts_have_an_axis_with_round_ticks(charts):
    share = next(c for c in charts if c.title == "Mixi: smartphone share of access")
    assert [tick.label for tick in share.ticks] == ["0%", "20%", "40%", "60%"]
    assert share.ticks[0].y == share.baseline_y


def test_nice_ticks_reach_the_top():
    assert nice_ticks(Decimal(15_470_000)) == [0, 10_000_000, 20_000_000, 30_000_000]
    assert nice_ticks(Decimal(60)) == [0, 20, 40, 60]
    for top in (Decimal(3), Decimal(80), Decimal(95_000_000), Decimal("7.5")):
        ticks = nice_ticks(top)
        assert ticks[0] == 0
        assert ticks[-1] >= top
        assert len(ticks) == 4


def test_a_label_never_lies_across_a_line(charts):
    for chart in (c for c in charts if c.kind == "line"):
        for point in chart.points:
            left, right = label_extent(point)
            if point.value_y < point.y:  # above: its baseline is above the line all along
                assert point.value_y <= line_top(chart.points, left, right) - 4, chart.title
            else:  # below: the line rises away from the point
                assert point.value_y - 12 > point.y, chart.title


def test_charts_are_drawn_for_a_phone(client, seed_article):
    html = client.get(seed_article.get_absolute_url()).content.decode()
    widths = {int(w) for w in re.findall(r'<svg viewBox="0 0 (\d+) \d+"', html)}
    assert widths == {360}
    for height in re.findall(r'<svg viewBox="0 0 \d+ (\d+)"', html):
        assert int(height) <= 200, "no tall empty boxes"


def test_range_label(seed_article):
    fact = seed_article.facts.get(platform__name="LINE", unit=Fact.Unit.PERCENT)
    assert value_label(fact) == "7–8%"
