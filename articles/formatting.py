"""How figures and dates read on the page, in the interface's language: “14,020,000”,
“7.5”, “May 2011” in English; “1,402万”, “2012年9月” in Japanese, which counts large
numbers in 万 (10⁴) and 億 (10⁸)."""

import datetime
from decimal import Decimal

from django.utils.translation import get_language, gettext_lazy

MAN, OKU = 10**4, 10**8
# A figure with its qualifier and unit, worded (and ordered) as each language says it:
# “about 14,020,000 users”, “約1,402万人”; “at least 16 million”, “1,600万人以上”.
QUALIFIED = {
    "approximately": gettext_lazy("about %(amount)s"),
    "over": gettext_lazy("over %(amount)s"),
    "at-least": gettext_lazy("at least %(amount)s"),
    "up-to": gettext_lazy("up to %(amount)s"),
}
COUNTED = {
    "users": gettext_lazy("%(number)s users"),
    "accounts": gettext_lazy("%(number)s accounts"),
}


def in_japanese() -> bool:
    return get_language() == "ja"


def grouped(number: Decimal) -> str:
    """Thousands separators and no trailing zeros: “14,020,000”, “7.5”."""
    number = number.normalize()
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def in_man_and_oku(number: int) -> str:
    """A whole number as Japanese writes it: “1,402万”, “12億3,000万”, “9,500”."""
    sign, number = ("-" if number < 0 else ""), abs(number)
    oku, rest = divmod(number, OKU)
    man, ones = divmod(rest, MAN)
    parts = [f"{oku:,}億" if oku else "", f"{man:,}万" if man else "", f"{ones:,}" if ones else ""]
    return sign + ("".join(parts) or "0")


def format_number(value: Decimal | int | float) -> str:
    """A number as the interface's language writes it."""
    number = Decimal(value).normalize()
    whole = number == number.to_integral_value()
    if in_japanese() and whole and abs(number) >= MAN:
        return in_man_and_oku(int(number))
    return grouped(number)


def format_amount(number: str, unit: str, qualifier: str) -> str:
    """A figure with its unit and qualifier: “over 16,000,000 users”, “1,600万人超”."""
    if unit == "percent":
        amount = f"{number}%"
    elif unit in COUNTED:
        amount = str(COUNTED[unit]) % {"number": number}
    else:
        amount = number
    if qualifier in QUALIFIED:
        return str(QUALIFIED[qualifier]) % {"amount": amount}
    return amount


def format_compact(value: Decimal | int | float) -> str:
    """A short form for chart labels: “14.02M”, “950K”, “40”; “1,402万”, “1.5億”."""
    number = Decimal(value)
    if in_japanese():
        sizes = ((Decimal(OKU), "億"), (Decimal(MAN), "万"))
    else:
        sizes = ((Decimal(10**9), "B"), (Decimal(10**6), "M"), (Decimal(10**3), "K"))
    for size, suffix in sizes:
        if abs(number) >= size:
            return f"{grouped(round(number / size, 2))}{suffix}"
    return grouped(round(number, 2))


def format_as_of(date: datetime.date, precision: str, short: bool = False) -> str:
    """A date at the precision it is known: “2012”, “May 2011”, “30 November 2011”;
    short, as a chart's axis says it: “Sep 2012”, “30 Nov 2011”. In Japanese “2012年”,
    “2011年5月”, “2011年11月30日”, which is short already."""
    if in_japanese():
        return japanese_date(date, precision)
    if precision == "year":
        return str(date.year)
    month_and_year = date.strftime("%b %Y" if short else "%B %Y")
    return month_and_year if precision == "month" else f"{date.day} {month_and_year}"


def japanese_date(date: datetime.date, precision: str) -> str:
    if precision == "year":
        return f"{date.year}年"
    if precision == "month":
        return f"{date.year}年{date.month}月"
    return f"{date.year}年{date.month}月{date.day}日"


def guess_language(text: str) -> str:
    """The language an imported text is written in, as far as its script tells: "ja"
    when a fifth of its letters are kana or kanji, else "en" (the site's language)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    japanese = sum(1 for c in letters if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff")
    return "ja" if japanese * 5 >= len(letters) else "en"
