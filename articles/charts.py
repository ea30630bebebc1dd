"""Server-rendered SVG charts of an article's facts.

The functions here choose what to draw and compute every coordinate; the
templates in templates/articles/charts/ only print them.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from articles.formatting import format_compact
from articles.models import Fact

WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 110
BAR_HEIGHT = 26
BAR_GAP = 12
PLOT_HEIGHT = 220
MARGIN = 40


@dataclass
class Bar:
    label: str
    value_label: str
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    bar_x: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    label_x: int = LABEL_WIDTH - 10
    kind: str = "bar"


@dataclass
class Point:
    x: float
    y: float
    label: str
    date_label: str
    is_projection: bool
    anchor: str = "middle"

    @property
    def value_y(self) -> float:
        return round(self.y - 12, 1)


@dataclass
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    is_projection: bool


@dataclass
class LineChart:
    title: str
    description: str
    points: list[Point]
    segments: list[Segment] = field(default_factory=list)
    width: int = WIDTH
    height: int = PLOT_HEIGHT + 2 * MARGIN
    baseline_y: int = PLOT_HEIGHT + MARGIN
    date_y: int = PLOT_HEIGHT + MARGIN + 22
    left: int = MARGIN
    right: int = WIDTH - MARGIN
    kind: str = "line"


def fact_sentence(fact: Fact) -> str:
    sentence = f"{fact.display_value} ({fact.display_as_of}"
    if fact.is_projection:
        sentence += ", projection"
    return sentence + ")"


def users_by_platform(facts: Iterable[Fact]) -> BarChart | None:
    """Latest reported user count per platform in the latest year the facts cover."""
    counted = [f for f in facts if f.unit == Fact.Unit.USERS and not f.is_projection]
    if not counted:
        return None
    year = max(f.as_of.year for f in counted)
    latest: dict[int, Fact] = {}
    for fact in sorted(counted, key=lambda f: f.as_of):
        if fact.as_of.year == year:
            latest[fact.platform_id] = fact
    if len(latest) < 2:
        return None
    chosen = sorted(latest.values(), key=lambda f: f.value, reverse=True)
    top = max(f.upper_value or f.value for f in chosen)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, fact in enumerate(chosen):
        y = MARGIN // 2 + index * (BAR_HEIGHT + BAR_GAP)
        qualifier = "" if fact.qualifier == Fact.Qualifier.EXACT else fact.get_qualifier_display()
        bars.append(
            Bar(
                label=fact.platform.name,
                value_label=f"{qualifier} {format_compact(fact.value)}".strip(),
                y=y,
                width=round(float(fact.value / top) * room, 1),
                text_y=y + BAR_HEIGHT // 2 + 5,
                value_x=round(LABEL_WIDTH + float(fact.value / top) * room + 8, 1),
            )
        )
    return BarChart(
        title=f"Users by platform, {year}",
        description="; ".join(f"{f.platform.name}: {fact_sentence(f)}" for f in chosen) + ".",
        bars=bars,
        height=MARGIN + len(bars) * (BAR_HEIGHT + BAR_GAP),
    )


def trends(facts: Iterable[Fact]) -> list[LineChart]:
    """A line per platform and metric that the facts give at two dates or more."""
    series: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        series[(fact.platform.name, fact.metric, fact.unit)].append(fact)
    charts = []
    for (platform, metric, _unit), points in series.items():
        if len({f.as_of for f in points}) < 2:
            continue
        charts.append(trend_chart(f"{platform}: {metric}", sorted(points, key=lambda f: f.as_of)))
    return charts


def trend_chart(title: str, facts: list[Fact]) -> LineChart:
    first, last = facts[0].as_of, facts[-1].as_of
    span = (last - first).days or 1
    top = max(f.upper_value or f.value for f in facts) * Decimal("1.15")
    chart = LineChart(
        title=title,
        description="; ".join(fact_sentence(f) for f in facts) + ".",
        points=[],
    )
    plot_width = chart.right - chart.left
    for fact in facts:
        chart.points.append(
            Point(
                x=round(chart.left + plot_width * (fact.as_of - first).days / span, 1),
                y=round(chart.baseline_y - PLOT_HEIGHT * float(fact.value / top), 1),
                label=format_compact(fact.value) + ("%" if fact.unit == Fact.Unit.PERCENT else ""),
                date_label=fact.display_as_of,
                is_projection=fact.is_projection,
            )
        )
    chart.points[0].anchor = "start"
    chart.points[-1].anchor = "end"
    for start, end in pairwise(chart.points):
        chart.segments.append(
            Segment(start.x, start.y, end.x, end.y, start.is_projection or end.is_projection)
        )
    return chart


def article_charts(facts: list[Fact]) -> list[BarChart | LineChart]:
    charts: list[BarChart | LineChart] = []
    bar_chart = users_by_platform(facts)
    if bar_chart is not None:
        charts.append(bar_chart)
    charts.extend(trends(facts))
    return charts
