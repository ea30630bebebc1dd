"""Facts about one platform compared across articles: a timeline per metric, and the
places where sources disagree about the same metric at the same date."""

from collections import defaultdict
from dataclasses import dataclass

from articles.charts.layout import LineChart, trend_chart
from articles.models import Fact


@dataclass
class Disagreement:
    metric: str
    as_of: str
    facts: list[Fact]


def timelines(facts: list[Fact]) -> list[LineChart]:
    """One chart per metric and unit given at two dates or more (projections dashed),
    whatever name or synonym each article used: facts of a metric share its record."""
    by_metric: dict[tuple[int, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        by_metric[(fact.metric_id, fact.unit)].append(fact)
    charts = []
    for series in sorted(by_metric.values(), key=lambda s: (s[0].metric.name.lower(), s[0].unit)):
        if len({fact.as_of for fact in series}) >= 2:
            title = series[0].metric.name.capitalize()
            charts.append(trend_chart(title, sorted(series, key=lambda f: f.as_of)))
    return charts


def disagreements(facts: list[Fact]) -> list[Disagreement]:
    """Same metric, same date, different figures."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[(fact.metric_id, fact.unit, fact.as_of, fact.as_of_precision)].append(fact)
    found = []
    for group in groups.values():
        figures = {(f.value, f.upper_value, f.qualifier) for f in group}
        if len(figures) > 1:
            found.append(Disagreement(group[0].metric.name, group[0].display_as_of, group))
    return found
