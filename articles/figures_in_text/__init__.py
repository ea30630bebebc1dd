"""Figures in an article's text: every number a reader would expect a source for.

`scan(text)` finds figures such as “15,470,000”, “16 million”, “approximately 40%”,
“7% to 8%”, “26.83M”, “1,547万人” or “約4割”, with the words that qualify them
(“exceeded”, “about”, “said to”, “projected”) and the date nearest them in their
sentence (“in May 2011”, “as at November 2011”, “by 2016”, “2012年9月”). Each one
comes with what a Fact needs (value, upper value, unit, qualifier, kind, date and its
precision, the sentence), so the admin can offer a prefilled fact for it.

What is not a figure: years, dates, page and section numbers, model names
(“iPhone 5”), compounds (“a 10-foot pole”), ordinals, and bare small numbers with no
unit, scale or thousands separator (“3 times”). Words (“one of the”) are never read
as numbers. Plain functions only; the values use the choices of articles.models.Fact.

The room: `words` (the words, numbers and dates figures are read from), `dates`
(which date a figure is for), `readings` (what a number says); this module scans a
text with them. It imports nothing but the standard library: the models use it.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from articles.figures_in_text.dates import dates_in, nearest_date
from articles.figures_in_text.readings import (
    japanese_reading,
    qualifier_after,
    qualifier_before,
    tidy,
    unit_near,
    western_reading,
)  # fmt: skip
from articles.figures_in_text.words import (
    CUE_WORDS,
    EXACT,
    JAPANESE,
    MONEY,
    NOT_PROSE,
    PERCENT,
    PROJECTION,
    PROJECTION_WORDS,
    REPORTED,
    SENTENCE_END,
    WESTERN,
    WIDE,
    YEAR,
)  # fmt: skip


@dataclass(frozen=True)
class Figure:
    text: str
    start: int
    end: int
    value: Decimal
    upper_value: Decimal | None = None
    unit: str = ""
    qualifier: str = EXACT
    kind: str = REPORTED
    as_of: datetime.date | None = None
    as_of_precision: str = YEAR
    sentence: str = ""
    cues: tuple[str, ...] = field(default=())


def scan(text: str, default_date: datetime.date | None = None) -> list[Figure]:
    """Every figure in `text`, in order. `default_date` (the article's date) dates
    figures whose sentence gives no date, at year precision, and gives months
    without a year (“in September”) their year when the text before gives none."""
    prose = _prose(text)
    figures: list[Figure] = []
    for start, end in _sentences(prose):
        sentence = prose[start:end]
        figures += _scan_sentence(sentence, start, text[start:end], default_date)
    return fill_months(figures, prose, default_date)


def _prose(text: str) -> str:
    """The text with full-width digits made ASCII and non-prose spans blanked."""
    text = text.translate(WIDE)
    return NOT_PROSE.sub(lambda match: " " * len(match.group()), text)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _scan_sentence(
    sentence: str, offset: int, original: str, default_date: datetime.date | None
) -> list[Figure]:
    dates = dates_in(sentence)
    taken = [(d.start, d.end) for d in dates]
    found: list[tuple[int, int, dict]] = []
    for match in JAPANESE.finditer(sentence):
        if not _overlaps(match.start(), match.end(), taken):
            found.append((match.start(), match.end(), japanese_reading(match)))
            taken.append((match.start(), match.end()))
    position = 0
    while match := WESTERN.search(sentence, position):
        # Read on from just after this number: a range that is not one (“from 40% to
        # 60%”) or that runs into a date (“May 2011to 14,020,000”) hides a figure.
        position = match.end("low")
        if _overlaps(match.start("low"), match.end("low"), taken):
            continue
        reading = western_reading(match, sentence)
        if reading is None:
            continue
        start = match.start("low") if not match.group("currency") else match.start()
        position = reading.pop("end")
        found.append((start, position, reading))
    found.sort(key=lambda item: item[0])
    projection = bool(PROJECTION_WORDS.search(sentence))
    cues = tuple(sorted({cue.lower() for cue in CUE_WORDS.findall(sentence)}))
    figure_starts = [start for start, _, _ in found]
    figures = []
    for start, end, reading in found:
        qualifier, kind, prefix_cues = qualifier_before(sentence[:start])
        qualifier = reading.pop("qualifier", None) or qualifier
        suffix_qualifier = qualifier_after(sentence[end:])
        if suffix_qualifier and reading.get("upper_value") is None:
            qualifier = suffix_qualifier
        if projection:
            kind = PROJECTION
        unit = reading.pop("unit", "") or unit_near(sentence, start, end)
        if unit == MONEY:
            unit = ""
        date = nearest_date(sentence, dates, start, end, figure_starts)
        as_of, precision = (date.date, date.precision) if date else (default_date, YEAR)
        if date is not None and date.date is None:
            as_of = datetime.date(1, date.month, 1)  # year filled in by fill_months
        if as_of is not None and precision == YEAR:
            as_of = as_of.replace(month=1, day=1)
        reading["value"] = tidy(reading["value"])
        if reading.get("upper_value") is not None:
            reading["upper_value"] = tidy(reading["upper_value"])
        figures.append(
            Figure(
                text=original[start:end],
                start=offset + start,
                end=offset + end,
                unit=unit,
                qualifier=qualifier,
                kind=kind,
                as_of=as_of,
                as_of_precision=precision,
                sentence=original.strip(),
                cues=tuple(sorted(set(cues) | set(prefix_cues))),
                **reading,
            )
        )
    return figures


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def fill_months(
    figures: list[Figure], prose: str, default_date: datetime.date | None
) -> list[Figure]:
    """Give months without a year (“to over 60% in September”) the year of the last
    dated mention before them in the text, else that of the default date."""
    if not any(f.as_of is not None and f.as_of.year == 1 for f in figures):
        return figures
    full = [d for d in dates_in(prose) if d.date is not None]
    filled = []
    for figure in figures:
        if figure.as_of is not None and figure.as_of.year == 1:
            earlier = [d.date.year for d in full if d.end <= figure.start]
            year = earlier[-1] if earlier else default_date.year if default_date else None
            as_of = figure.as_of.replace(year=year) if year else None
            figure = replace_figure(figure, as_of=as_of)
        filled.append(figure)
    return filled


def replace_figure(figure: Figure, **changes) -> Figure:
    return replace(figure, **changes)


def backed(figure: Figure, facts) -> bool:
    """Whether one of `facts` gives this figure: the same value (and upper value),
    and a percentage only for a percentage."""
    for fact in facts:
        if Decimal(fact.value) != figure.value:
            continue
        fact_upper = None if fact.upper_value is None else Decimal(fact.upper_value)
        if fact_upper != figure.upper_value:
            continue
        if figure.unit and (fact.unit == PERCENT) != (figure.unit == PERCENT):
            continue
        return True
    return False


def unbacked(text: str, facts) -> list[Figure]:
    facts = list(facts)
    return [figure for figure in scan(text) if not backed(figure, facts)]
