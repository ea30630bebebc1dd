"""What a number in a sentence says: its value (and upper value), unit and qualifier,
or that it is not a figure at all."""

import re
from decimal import Decimal, InvalidOperation

from articles.figures_in_text.words import (
    ACCOUNTS,
    COUNT_NOUN,
    EXACT,
    FROM_BEFORE,
    JAPANESE_SUFFIXES,
    KANJI_DIGITS,
    MONEY,
    OTHER_NOUN_AFTER,
    PERCENT,
    PREFIX_PATTERNS,
    REFERENCE_BEFORE,
    REPORTED,
    SCALES,
    SUFFIXES,
    UNIT_WORD,
    USERS,
)  # fmt: skip


def tidy(value: Decimal) -> Decimal:
    """26830000.00 as 26830000, 7.50 as 7.5."""
    value = Decimal(value).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def scale_of(text: str | None) -> int:
    if not text:
        return 1
    return SCALES[text.strip().lower()]


def western_reading(match: re.Match, sentence: str) -> dict | None:
    """The reading of a Western figure, or None when the number is not a figure."""
    before = sentence[: match.start("low")]
    after = sentence[match.end() :]
    low, high = match.group("low"), match.group("high")
    if REFERENCE_BEFORE.search(before) or re.search(r"[A-Za-z0-9_]$", before):
        return None
    lscale, hscale = match.group("lscale"), match.group("hscale")
    lpct, hpct = match.group("lpct"), match.group("hpct")
    joint = match.group("joint")
    end = match.end()
    upper = None
    if high is not None:
        is_range = (
            (joint != "and" or re.search(r"\bbetween\s+$", before, re.IGNORECASE))
            and not FROM_BEFORE.search(before)
            and not (joint in "-–—" and (lscale or lpct) and not (hscale or hpct))
        )
        low_value = number(low) * scale_of(lscale or hscale)
        high_value = number(high) * scale_of(hscale or lscale)
        if is_range and high_value > low_value:
            upper = high_value
            percent = bool(lpct or hpct)
        else:  # not a range: the first number alone
            end = match.end("lpct") if lpct else match.end("lscale") if lscale else match.end("low")
            after = sentence[end:]
            hscale = hpct = None
            percent = bool(lpct)
    else:
        percent = bool(lpct)
    scale = lscale or hscale
    grouped = "," in low
    currency = bool(match.group("currency"))
    counted = COUNT_NOUN.match(after) is not None
    if not (percent or scale or grouped or currency or counted):
        return None
    value = number(low) * scale_of(scale)
    if percent and (value > 100 or (upper is not None and upper > 100)):
        return None
    reading: dict = {"value": value, "upper_value": upper, "end": end}
    if percent:
        reading["unit"] = PERCENT
    elif currency:
        reading["unit"] = MONEY
    return reading


def japanese_reading(match: re.Match) -> dict:
    groups = match.groupdict()
    if groups["wari"]:
        tenths = kanji_or_number(groups["wari"]) * 10
        if groups["bu"]:
            tenths += kanji_or_number(groups["bu"])
        reading = {"value": tenths, "unit": PERCENT}
    elif groups["count"]:
        reading = {"value": number(groups["count"])}
    else:
        value = Decimal(0)
        if groups["oku"]:
            value = number(groups["oku"]) * 10**8
            if groups["oku_man"]:
                value += number(groups["oku_man"]) * 10**4
        else:
            value = number(groups["man"]) * 10**4
        reading = {"value": value}
    count = groups["jcount"] or groups["jcount2"]
    if count:
        reading["unit"] = ACCOUNTS if count in ("アカウント", "契約") else USERS
    if groups["jsuffix"]:
        reading["qualifier"] = JAPANESE_SUFFIXES[groups["jsuffix"]]
    return reading


def kanji_or_number(text: str) -> Decimal:
    if text in KANJI_DIGITS:
        return Decimal(KANJI_DIGITS[text])
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(0)


def qualifier_before(before: str) -> tuple[str, str, list[str]]:
    """Qualifier and kind from the words just before a figure (“exceeded”, “said to”,
    “will reach over”), read backwards while they are words that qualify figures."""
    qualifier, kind, cues = EXACT, REPORTED, []
    rest = before
    for _ in range(6):
        for pattern, found_qualifier, found_kind in PREFIX_PATTERNS:
            match = pattern.search(rest)
            if match:
                if found_qualifier and qualifier == EXACT:
                    qualifier = found_qualifier
                if found_kind and kind == REPORTED:
                    kind = found_kind
                if found_qualifier or found_kind:
                    cues.append(match.group("cue").lower())
                rest = rest[: match.start()]
                break
        else:
            break
    return qualifier, kind, cues


def qualifier_after(after: str) -> str | None:
    for pattern, qualifier in SUFFIXES:
        if pattern.match(after):
            return qualifier
    return None


def unit_near(sentence: str, start: int, end: int) -> str:
    """Users or accounts: a word just after the figure, else the nearest before it."""
    after = COUNT_NOUN.match(sentence[end:])
    if after:
        return unit_of(after.group("noun"))
    if OTHER_NOUN_AFTER.match(sentence[end:]):  # “1.2bn page views”: counts something else
        return ""
    before = list(UNIT_WORD.finditer(sentence[:start]))
    if before:
        return unit_of(before[-1].group())
    later = UNIT_WORD.search(sentence[end:])
    return unit_of(later.group()) if later else ""


def unit_of(word: str) -> str:
    match = UNIT_WORD.fullmatch(word)
    if match is None:
        return ""
    return USERS if match.group("users") or match.group("jusers") else ACCOUNTS
