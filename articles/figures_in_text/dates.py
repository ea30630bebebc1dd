"""Dates in a sentence (“in May 2011”, “as at November 2011”, “2012年9月”), and the
one a figure is for."""

import datetime
from dataclasses import dataclass

from articles.figures_in_text.words import DATES, DAY, JAPANESE_DATE_GAP, MONTH, MONTHS, YEAR


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: datetime.date | None  # None: a month whose year comes from the text before
    month: int
    precision: str


def dates_in(sentence: str) -> list[DateMention]:
    dates = []
    for match in DATES.finditer(sentence):
        groups = match.groupdict()
        start, end = match.start(), match.end()
        try:
            if groups["iso"]:
                day = datetime.date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
                dates.append(DateMention(start, end, day, day.month, DAY))
            elif groups["jp"]:
                year, month, day = groups["jy"], groups["jm"], groups["jd"]
                if day:
                    value = datetime.date(int(year), int(month), int(day))
                    dates.append(DateMention(start, end, value, value.month, DAY))
                elif month:
                    dates.append(
                        DateMention(start, end, datetime.date(int(year), int(month), 1), 0, MONTH)
                    )
                else:
                    dates.append(DateMention(start, end, datetime.date(int(year), 1, 1), 0, YEAR))
            elif groups["jmonly"]:
                dates.append(DateMention(start, end, None, int(groups["jm2"]), MONTH))
            elif groups["dmy"]:
                value = datetime.date(int(groups["dy"]), MONTHS[groups["dm"]], int(groups["dd"]))
                dates.append(DateMention(start, end, value, value.month, DAY))
            elif groups["mdy"]:
                value = datetime.date(int(groups["my"]), MONTHS[groups["mm"]], int(groups["md"]))
                dates.append(DateMention(start, end, value, value.month, DAY))
            elif groups["my2"]:
                value = datetime.date(int(groups["my2y"]), MONTHS[groups["mm2"]], 1)
                dates.append(DateMention(start, end, value, value.month, MONTH))
            elif groups["monly"]:
                dates.append(DateMention(start, end, None, MONTHS[groups["mm3"]], MONTH))
            elif groups["year"]:
                dates.append(
                    DateMention(start, end, datetime.date(int(groups["yy"]), 1, 1), 0, YEAR)
                )
        except ValueError:  # “31 February 2012”: not a date, and not a figure either
            continue
    return dates


def nearest_date(
    sentence: str, dates: list[DateMention], start: int, end: int, figure_starts: list[int]
) -> DateMention | None:
    """The date a figure is for: the first one after it with no other figure between
    (“15,470,000 of May 2011”), else the nearest before it, else the nearest after."""
    before = [d for d in dates if d.end <= start]
    if before:  # Japanese puts the date first: “2011年5月に1,547万人”
        last = max(before, key=lambda d: d.end)
        if JAPANESE_DATE_GAP.fullmatch(sentence[last.end : start]):
            return last
    after = [d for d in dates if d.start >= end]
    if after:
        first = min(after, key=lambda d: d.start)
        if not any(end <= other < first.start for other in figure_starts):
            return first
    if before:
        return max(before, key=lambda d: d.end)
    return min(after, key=lambda d: d.start) if after else None
