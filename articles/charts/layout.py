"""Server-rendered SVG charts of an article's facts.

The functions here choose what to draw and compute every coordinate; the
templates in templates/articles/charts/ only print them.

Charts are laid out for a phone: a 360-unit wide viewBox, drawn at most about
1.4 times that size on a desktop (site.css caps the width), so 12-unit text is
never smaller than 12 CSS pixels on a 390-pixel screen nor larger than 17 on a
wide one. Every chart shows one measure, and every value label keeps its
qualifier (“about 40%”, “over 60%”).
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from django.utils.translation import gettext

from articles.formatting import format_amount, format_as_of, format_compact, format_number
from articles.models import Comparison, Fact

WIDTH = 360
BAR_HEIGHT = 18
BAR_ROW = 48  # a label line above each bar, the bar, and a gap
VALUE_ROOM = 120  # room right of the longest bar for its value
PLOT_HEIGHT = 120
TOP = 28  # room above the plot for the highest value label
LEFT = 46  # room for the y axis' tick labels
RIGHT = 14
BOTTOM = 30  # room below the plot for the dates
LABEL_GAP = 10  # between a point and its value label
LABEL_CHARACTERS = 50  # of 12-unit text, about 7 units each, across the 360 units


@dataclass
class Bar:
    label: str
    value_label: str
    y: int
    width: float
    label_y: int
    text_y: int
    value_x: float
    is_estimate: bool = False


@dataclass
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    bar_x: int = 0
    bar_height: int = BAR_HEIGHT
    kind: str = "bar"
    caveat: str = ""  # shown beside the chart and read out with it


@dataclass
class Point:
    x: float
    y: float
    label: str
    date_label: str
    is_projection: bool
    anchor: str = "middle"
    value_y: float = 0.0


@dataclass
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    is_projection: bool


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class LineChart:
    title: str
    description: str
    points: list[Point]
    segments: list[Segment] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = TOP + PLOT_HEIGHT + BOTTOM
    baseline_y: int = TOP + PLOT_HEIGHT
    date_y: int = TOP + PLOT_HEIGHT + 20
    left: int = LEFT
    right: int = WIDTH - RIGHT
    tick_x: int = LEFT - 6
    kind: str = "line"


def fact_sentence(fact: Fact) -> str:
    sentence = f"{fact.display_value} ({fact.display_as_of}"
    if fact.is_projection:
        sentence += gettext(", projection")
    elif fact.kind == Fact.Kind.ESTIMATE:
        sentence += gettext(", estimate")
    return sentence + ")"


def value_label(fact: Fact) -> str:
    """The value as short as a chart needs, with its qualifier: “about 20M”, “7–8%”."""
    number = format_compact(fact.value)
    if fact.upper_value is not None:
        number += "–" + format_compact(fact.upper_value)
    if fact.unit == Fact.Unit.PERCENT:
        number += "%"
    return format_amount(number, "", fact.qualifier)


def short_date(date: datetime.date, precision: str) -> str:
    """A date as an axis says it: “2012”, “Sep 2012”, “30 Nov 2011”."""
    return format_as_of(date, precision, short=True)


def shorten(text: str, length: int) -> str:
    """At most `length` characters, cut at a word with an ellipsis: a label stays inside
    the chart on a phone (the chart's description keeps it whole)."""
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0] if " " in text[: length - 1] else text[: length - 1]
    return cut.rstrip(" ,:;") + "…"


def nice_ticks(top: Decimal, count: int = 3) -> list[Decimal]:
    """Round tick values from 0 to at least `top`: 0, 10M, 20M or 0, 25%, 50%."""
    if top <= 0:
        return [Decimal(0), Decimal(1)]
    raw = top / count
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal("0.1")
    for step in (1, 2, 2.5, 5, 10):
        size = magnitude * Decimal(str(step))
        if size * count >= top:
            break
    return [size * index for index in range(count + 1)]


def users_by_platform(facts: Iterable[Fact]) -> list[BarChart]:
    """A bar chart per measure of users that two platforms or more report in the same
    latest year: platforms compared only where they count the same thing."""
    counted = [f for f in facts if f.unit == Fact.Unit.USERS and not f.is_projection]
    by_metric: dict[int, list[Fact]] = defaultdict(list)
    for fact in counted:
        by_metric[fact.metric_id].append(fact)
    charts = []
    for measured in by_metric.values():
        metric = measured[0].metric.name
        year = max(f.as_of.year for f in measured)
        latest: dict[int, Fact] = {}
        for fact in sorted(measured, key=lambda f: f.as_of):
            if fact.as_of.year == year:
                latest[fact.platform_id] = fact
        if len(latest) >= 2:
            title = in_year(f"{metric[:1].upper()}{metric[1:]}", year)
            charts.append(bar_chart(title, latest.values()))
    return charts


def platform_name(fact: Fact) -> str:
    return fact.platform.name


def bar_chart(
    title: str, facts: Iterable[Fact], label: Callable[[Fact], str] = platform_name
) -> BarChart:
    chosen = sorted(facts, key=lambda f: f.value, reverse=True)
    top = max(f.upper_value or f.value for f in chosen)
    room = WIDTH - VALUE_ROOM
    bars = []
    for index, fact in enumerate(chosen):
        y = index * BAR_ROW + 20
        width = round(float((fact.upper_value or fact.value) / top) * room, 1)
        shown = value_label(fact)
        if fact.kind == Fact.Kind.ESTIMATE:
            shown += gettext(" (estimate)")
        bars.append(
            Bar(
                label=shorten(label(fact), LABEL_CHARACTERS),
                value_label=shown,
                y=y,
                width=width,
                label_y=y - 6,
                text_y=y + BAR_HEIGHT - 5,
                value_x=round(width + 6, 1),
                is_estimate=fact.kind == Fact.Kind.ESTIMATE,
            )
        )
    return BarChart(
        title=title,
        description="; ".join(f"{label(f)}: {fact_sentence(f)}" for f in chosen) + ".",
        bars=bars,
        height=len(bars) * BAR_ROW + 4,
    )


def compared(
    facts: Iterable[Fact], comparisons: Iterable[Comparison], platform_id: int | None = None
) -> list[BarChart]:
    """A bar chart per pair of comparable metrics (and unit) in the latest year that both
    give a figure for, a bar per platform and metric (its latest figure of the year), with
    the pair's caveat. With `platform_id`, only a year in which that platform has one of
    the figures, so a platform's page never draws a comparison without it."""
    counted = [fact for fact in facts if not fact.is_projection]
    charts = []
    for comparison in sorted(comparisons, key=lambda c: c.pk):
        pair = (comparison.first_id, comparison.second_id)
        for unit in sorted({f.unit for f in counted if f.metric_id in pair}):
            sides = [[f for f in counted if f.metric_id == m and f.unit == unit] for m in pair]
            years = {f.as_of.year for f in sides[0]} & {f.as_of.year for f in sides[1]}
            if platform_id is not None:
                years &= {
                    f.as_of.year for side in sides for f in side if f.platform_id == platform_id
                }
            if not years:
                continue
            year = max(years)
            latest: dict[tuple[int, int], Fact] = {}
            for fact in sorted(sides[0] + sides[1], key=lambda f: f.as_of):
                if fact.as_of.year == year:
                    latest[(fact.platform_id, fact.metric_id)] = fact
            chart = bar_chart(
                in_year(comparison_title(list(latest.values()), pair), year),
                latest.values(),
                label=lambda f: f"{f.platform.name}, {f.metric.name}",
            )
            chart.caveat = comparison.caveat
            charts.append(chart)
    return charts


def comparison_title(facts: list[Fact], pair: tuple[int, int]) -> str:
    """“Mixi against Facebook”: the platforms of each side, the first metric's first; the
    metrics' names when a platform is on both sides."""
    sides = [
        list(dict.fromkeys(f.platform.name for f in facts if f.metric_id == metric_id))
        for metric_id in pair
    ]
    if set(sides[0]) & set(sides[1]):
        names = [next(f.metric.name for f in facts if f.metric_id == m) for m in pair]
        return against(names[0].capitalize(), names[1])
    return against(*(gettext(" and ").join(side) for side in sides))


def against(first: str, second: str) -> str:
    return gettext("%(first)s against %(second)s") % {"first": first, "second": second}


def in_year(title: str, year: int) -> str:
    """A chart's title with the year it shows: “Monthly active users, 2012”."""
    return gettext("%(title)s, %(year)s") % {"title": title, "year": year}


def trends(facts: Iterable[Fact]) -> list[LineChart]:
    """A line per platform and metric that the facts give at two dates or more."""
    series: dict[tuple[str, int, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        series[(fact.platform.name, fact.metric_id, fact.unit)].append(fact)
    charts = []
    for (platform, _metric, _unit), points in series.items():
        if len({f.as_of for f in points}) < 2:
            continue
        title = f"{platform}: {points[0].metric.name}"
        charts.append(trend_chart(title, sorted(points, key=lambda f: f.as_of)))
    return charts


def trend_chart(title: str, facts: list[Fact]) -> LineChart:
    first, last = facts[0].as_of, facts[-1].as_of
    span = (last - first).days or 1
    percent = facts[0].unit == Fact.Unit.PERCENT
    ticks = nice_ticks(max(f.upper_value or f.value for f in facts))
    top = ticks[-1]
    chart = LineChart(
        title=title,
        description="; ".join(fact_sentence(f) for f in facts) + ".",
        points=[],
    )

    def y_of(value: Decimal) -> float:
        return round(chart.baseline_y - PLOT_HEIGHT * float(value / top), 1)

    chart.ticks = [
        Tick(y_of(tick), format_number(tick) + "%" if percent else format_compact(tick))
        for tick in ticks
    ]
    plot_width = chart.right - chart.left
    for fact in facts:
        chart.points.append(
            Point(
                x=round(chart.left + plot_width * (fact.as_of - first).days / span, 1),
                y=y_of(fact.value),
                label=value_label(fact),
                date_label=short_date(fact.as_of, fact.as_of_precision)
                + (gettext(" (projected)") if fact.is_projection else ""),
                is_projection=fact.is_projection,
            )
        )
    chart.points[0].anchor = "start"
    chart.points[-1].anchor = "end"
    place_value_labels(chart)
    for start, end in pairwise(chart.points):
        chart.segments.append(
            Segment(start.x, start.y, end.x, end.y, start.is_projection or end.is_projection)
        )
    return chart


def label_extent(point: Point) -> tuple[float, float]:
    """Where a value label reaches left and right of its point (12-unit text)."""
    width = 7 * len(point.label)
    if point.anchor == "start":
        return point.x, point.x + width
    if point.anchor == "end":
        return point.x - width, point.x
    return point.x - width / 2, point.x + width / 2


def line_top(points: list[Point], left: float, right: float) -> float:
    """The highest y (smallest value) the line reaches between two x positions."""
    top = float("inf")
    for start, end in pairwise(points):
        for x in (max(left, start.x), min(right, end.x)):
            if start.x <= x <= end.x and end.x > start.x:
                top = min(top, start.y + (end.y - start.y) * (x - start.x) / (end.x - start.x))
    return top


def place_value_labels(chart: LineChart) -> None:
    """Each value label goes below its point where a line rises from the point and there is
    room; else above it, lifted clear of the line wherever the label spans."""
    points = chart.points
    for index, point in enumerate(points):
        neighbours = points[max(index - 1, 0) : index] + points[index + 1 : index + 2]
        rises = any(other.y < point.y for other in neighbours)
        below = point.y + LABEL_GAP + 12
        if rises and below <= chart.baseline_y - 4:
            point.value_y = round(below, 1)
        else:
            clear = line_top(points, *label_extent(point)) - 4
            point.value_y = math.floor(min(point.y - LABEL_GAP, clear) * 10) / 10


def article_charts(
    facts: list[Fact], comparisons: Iterable[Comparison] = ()
) -> list[BarChart | LineChart]:
    """Bars of one measure, then bars of comparable measures (`comparisons`, such as
    Comparison.objects.among(metric ids)), then trends."""
    charts: list[BarChart | LineChart] = []
    charts.extend(users_by_platform(facts))
    charts.extend(compared(facts, comparisons))
    charts.extend(trends(facts))
    return charts
