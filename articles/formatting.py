"""How figures and dates read on the page: “14,020,000”, “7.5”, “May 2011”."""

import datetime
from decimal import Decimal


def format_number(value: Decimal | int | float) -> str:
    """A number with thousands separators and no trailing zeros."""
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def format_compact(value: Decimal | int | float) -> str:
    """A short form for chart labels: “14.02M”, “950K”, “40”."""
    number = Decimal(value)
    for size, suffix in ((Decimal(10**9), "B"), (Decimal(10**6), "M"), (Decimal(10**3), "K")):
        if abs(number) >= size:
            return f"{format_number(round(number / size, 2))}{suffix}"
    return format_number(round(number, 2))


def format_as_of(date: datetime.date, precision: str) -> str:
    """A date at the precision it is known: “2012”, “May 2011”, “30 November 2011”."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def guess_language(text: str) -> str:
    """The language an imported text is written in, as far as its script tells: "ja"
    when a fifth of its letters are kana or kanji, else "en" (the site's language)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    japanese = sum(1 for c in letters if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff")
    return "ja" if japanese * 5 >= len(letters) else "en"
