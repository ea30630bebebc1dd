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
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# Values of Fact.Unit, Fact.Qualifier, Fact.Kind and Fact.Precision.
USERS, ACCOUNTS, PERCENT = "users", "accounts", "percent"
EXACT, APPROXIMATELY, OVER, AT_LEAST, UP_TO = (
    "exact", "approximately", "over", "at-least", "up-to",
)  # fmt: skip
REPORTED, ESTIMATE, PROJECTION = "reported", "estimate", "projection"
DAY, MONTH, YEAR = "day", "month", "year"
MONEY = "money"  # no Fact unit: left for the editor to choose


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


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    date: datetime.date | None  # None: a month whose year comes from the text before
    month: int
    precision: str


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sept", "Sep"), ("October", "Oct"), ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
YEAR_NUMBER = r"(?:19|20)\d\d"

# Full-width digits and signs, read as ASCII (one character for one, so offsets hold).
WIDE = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Spans that are not prose: URLs, link targets, inline code, HTML tags.
NOT_PROSE = re.compile(r"https?://\S+|\]\([^)]*\)|`[^`\n]*`|<[^>\n]+>")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“'(\[A-Z\u3000-\u9fff])|(?<=[。！？])|\n+")

DATES = re.compile(
    rf"""
    (?P<iso>(?<![\d,.])(?P<iy>{YEAR_NUMBER})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))
    | (?P<jp>(?P<jy>{YEAR_NUMBER})年(?:\s?(?P<jm>1[0-2]|0?[1-9])月(?:\s?(?P<jd>[0-3]?\d)日)?)?)
    | (?P<jmonly>(?<![\d年])(?P<jm2>1[0-2]|0?[1-9])月(?!\d))
    | (?P<dmy>(?<![\d,.])(?P<dd>[0-3]?\d)\s(?P<dm>{MONTH_NAME})\.?,?\s(?P<dy>{YEAR_NUMBER})(?!\d))
    | (?P<mdy>\b(?P<mm>{MONTH_NAME})\.?\s(?P<md>[0-3]?\d)(?:st|nd|rd|th)?,\s?
        (?P<my>{YEAR_NUMBER})(?!\d))
    | (?P<my2>\b(?P<mm2>{MONTH_NAME})\.?,?\s(?P<my2y>{YEAR_NUMBER})(?!\d))
    | (?P<monly>\b(?:in|of|by|since|from|until|to|at)\s(?P<mm3>{MONTH_NAME})\b
        (?!\.?,?\s(?:[0-3]?\d(?:st|nd|rd|th)?,?\s?)?(?:19|20)\d\d))
    | (?P<year>(?<![\d,.$¥€£])(?P<yy>{YEAR_NUMBER})(?![\d年]|,\d|\.\d|\s?%))
    """,
    re.VERBOSE,
)

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = (
    r"\s?(?:trillion|billion|million|thousand)\b"
    r"|(?:bn|mn|[MBK]|k)(?![A-Za-z])"
)
SCALES = {"trillion": 10**12, "billion": 10**9, "bn": 10**9, "b": 10**9,
          "million": 10**6, "mn": 10**6, "m": 10**6, "thousand": 10**3, "k": 10**3}  # fmt: skip
PERCENT_SIGN = r"\s?(?:%|percent\b|per\scent\b|パーセント)"

WESTERN = re.compile(
    rf"""
    (?P<currency>[$¥€£]\s?)?
    (?<![A-Za-z0-9_.,\-/#])(?P<low>{NUMBER})(?P<lscale>{SCALE})?(?P<lpct>{PERCENT_SIGN})?
    (?:
        \s?(?P<joint>to|–|—|-|and)\s?(?P<high>{NUMBER})(?P<hscale>{SCALE})?(?P<hpct>{PERCENT_SIGN})?
    )?
    (?![A-Za-z0-9_\-]|[.,]\d)
    """,
    re.VERBOSE,
)

JP_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
JAPANESE = re.compile(
    rf"""
    (?:
        (?:(?P<oku>{JP_NUMBER})億(?:(?P<oku_man>{JP_NUMBER})万)?|(?P<man>{JP_NUMBER})万)
        (?P<jcount>人|アカウント|契約|ユーザー)?
      | (?P<wari>\d+(?:\.\d+)?|[一二三四五六七八九])割(?P<bu>\d|[一二三四五六七八九])?分?
      | (?P<count>{JP_NUMBER})(?P<jcount2>人|アカウント|契約)
    )
    (?P<jsuffix>超|以上|強|弱|程度|前後|ほど|余り|あまり|を?突破|を?超え|を?上回)?
    """,
    re.VERBOSE,
)

# Words just before a figure: (pattern, qualifier or None, kind or None, cue).
PREFIXES = [
    (r"(?:exceeded|exceeds|exceeding|exceed|surpassed|topped|over|more than|above|"
     r"upwards of|in excess of|greater than)", OVER, None),
    (r"(?:at least|no fewer than|no less than|a minimum of)", AT_LEAST, None),
    (r"(?:up to|as many as|as much as|at most|a maximum of)", UP_TO, None),
    (r"(?:approximately|approx\.|about|around|roughly|some|nearly|almost|close to|circa|"
     r"c\.|~|just under|just over|an estimated)", APPROXIMATELY, None),
    (r"(?:estimated at|estimated to be|said to be|said to|believed to be|thought to be)",
     APPROXIMATELY, ESTIMATE),
    (r"(?:will reach|will be|will hit|will top|is expected to reach|are expected to reach|"
     r"expected to reach|projected to reach|forecast to reach)", None, PROJECTION),
    (r"(?:reportedly|reached|reach|of|at|to|be|is|are|was|were|had|has|have|the|a|"
     r"total|boasts|boast|with)", None, None),
    (r"(?:約|およそ|ほぼ|概ね)", APPROXIMATELY, None),
    (r"(?:最大)", UP_TO, None),
    (r"(?:少なくとも)", AT_LEAST, None),
]  # fmt: skip
PREFIX_PATTERNS = [
    (
        re.compile(
            # Japanese words need no space before them; English ones start a word.
            rf"(?P<cue>{words})\s*$"
            if re.match(r"\(\?:[^a-z~]", words)
            else rf"(?:^|(?<=[\s(“\"'、。]))(?P<cue>{words})\s*$",
            re.IGNORECASE,
        ),
        q,
        k,
    )
    for words, q, k in PREFIXES
]
SUFFIXES = [
    (
        re.compile(r"^\+|^(?:\s+[A-Za-z-]+){0,2}?\s+or (?:more|above|over)\b", re.IGNORECASE),
        AT_LEAST,
    ),
    (re.compile(r"^\s?plus\b", re.IGNORECASE), OVER),
]
JAPANESE_SUFFIXES = {"超": OVER, "以上": AT_LEAST, "強": APPROXIMATELY, "弱": APPROXIMATELY,
                     "程度": APPROXIMATELY, "前後": APPROXIMATELY, "ほど": APPROXIMATELY,
                     "余り": OVER, "あまり": OVER, "突破": OVER, "を突破": OVER, "超え": OVER,
                     "を超え": OVER, "上回": OVER, "を上回": OVER}  # fmt: skip

# Sentence-wide signs that its figures are projections, or that a word is a cue to show.
PROJECTION_WORDS = re.compile(
    r"\b(?:project(?:ed|s|ion)|forecasts?|expect(?:ed|s)?|predict(?:ed|s)?|will)\b"
    r"|見込み|見込む|予測|予想|見通し",
    re.IGNORECASE,
)
CUE_WORDS = re.compile(
    r"\b(?:reportedly|projected|forecast|estimated|exceeded|surveys?|by\s(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# Just before a number that is a reference, not a figure.
REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:pages?|pp?\.|no\.|nos\.|chapter|chap\.|section|sec\.|vol\.|volume|fig\.|"
    r"figure|table|article|item|version|v\.?|level|round|episode|season|step|phase|"
    r"iPhone|iOS|Android|Windows|Galaxy|Xbox|PS)|[#§№])\s?$",
    re.IGNORECASE,
)
COUNT_NOUN = re.compile(
    r"^(?:\s+(?!times\b|of\b|more\b|less\b|the\b|a\b|than\b)[a-z][a-z-]*)?\s+"
    r"(?P<noun>users?|accounts?|members?|subscribers?|subscriptions?|people|downloads?|"
    r"visitors?|customers?|followers?|players?|installs?|registrations?|fans|contracts?)\b",
    re.IGNORECASE,
)
UNIT_WORD = re.compile(r"\b(?:(?P<users>users?|members?|people|players?|followers?|"
                       r"subscribers?|visitors?)|(?P<accounts>accounts?|contracts?|"
                       r"subscriptions?))\b|(?P<jusers>ユーザー|人)|(?P<jaccounts>アカウント|契約)",
                       re.IGNORECASE)  # fmt: skip
JAPANESE_DATE_GAP = re.compile(r"(?:時点|現在|末|頃|ごろ|には|では|に|で|の|は|、)+(?:約|およそ)?")
OTHER_NOUN_AFTER = re.compile(
    r"\s+(?!(?:in|of|by|to|and|or|at|as|for|from|on|via|over|than|with|which|who|that|the|"
    r"a|an|is|are|was|were|will|would|had|has|have|since|during|between|each|per|out|more|"
    r"less|alone|so|but|while|when|after|before|according)\b)[a-z]",
    re.IGNORECASE,
)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:\S+\s+)?$", re.IGNORECASE)


def scan(text: str, default_date: datetime.date | None = None) -> list[Figure]:
    """Every figure in `text`, in order. `default_date` (the article's date) dates
    figures whose sentence gives no date, at year precision, and gives months
    without a year (“in September”) their year when the text before gives none."""
    prose = _prose(text)
    figures: list[Figure] = []
    for start, end in _sentences(prose):
        sentence = prose[start:end]
        figures += _scan_sentence(sentence, start, text[start:end], default_date)
    return _fill_months(figures, prose, default_date)


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
    dates = _dates(sentence)
    taken = [(d.start, d.end) for d in dates]
    found: list[tuple[int, int, dict]] = []
    for match in JAPANESE.finditer(sentence):
        if not _overlaps(match.start(), match.end(), taken):
            found.append((match.start(), match.end(), _japanese(match)))
            taken.append((match.start(), match.end()))
    position = 0
    while match := WESTERN.search(sentence, position):
        # Read on from just after this number: a range that is not one (“from 40% to
        # 60%”) or that runs into a date (“May 2011to 14,020,000”) hides a figure.
        position = match.end("low")
        if _overlaps(match.start("low"), match.end("low"), taken):
            continue
        reading = _western(match, sentence)
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
        qualifier, kind, prefix_cues = _prefix(sentence[:start])
        qualifier = reading.pop("qualifier", None) or qualifier
        suffix_qualifier = _suffix(sentence[end:])
        if suffix_qualifier and reading.get("upper_value") is None:
            qualifier = suffix_qualifier
        if projection:
            kind = PROJECTION
        unit = reading.pop("unit", "") or _unit(sentence, start, end)
        if unit == MONEY:
            unit = ""
        date = _nearest_date(sentence, dates, start, end, figure_starts)
        as_of, precision = (date.date, date.precision) if date else (default_date, YEAR)
        if date is not None and date.date is None:
            as_of = datetime.date(1, date.month, 1)  # year filled in by _fill_months
        if as_of is not None and precision == YEAR:
            as_of = as_of.replace(month=1, day=1)
        reading["value"] = _tidy(reading["value"])
        if reading.get("upper_value") is not None:
            reading["upper_value"] = _tidy(reading["upper_value"])
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


def _dates(sentence: str) -> list[_Date]:
    dates = []
    for match in DATES.finditer(sentence):
        groups = match.groupdict()
        start, end = match.start(), match.end()
        try:
            if groups["iso"]:
                day = datetime.date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
                dates.append(_Date(start, end, day, day.month, DAY))
            elif groups["jp"]:
                year, month, day = groups["jy"], groups["jm"], groups["jd"]
                if day:
                    value = datetime.date(int(year), int(month), int(day))
                    dates.append(_Date(start, end, value, value.month, DAY))
                elif month:
                    dates.append(
                        _Date(start, end, datetime.date(int(year), int(month), 1), 0, MONTH)
                    )
                else:
                    dates.append(_Date(start, end, datetime.date(int(year), 1, 1), 0, YEAR))
            elif groups["jmonly"]:
                dates.append(_Date(start, end, None, int(groups["jm2"]), MONTH))
            elif groups["dmy"]:
                value = datetime.date(int(groups["dy"]), MONTHS[groups["dm"]], int(groups["dd"]))
                dates.append(_Date(start, end, value, value.month, DAY))
            elif groups["mdy"]:
                value = datetime.date(int(groups["my"]), MONTHS[groups["mm"]], int(groups["md"]))
                dates.append(_Date(start, end, value, value.month, DAY))
            elif groups["my2"]:
                value = datetime.date(int(groups["my2y"]), MONTHS[groups["mm2"]], 1)
                dates.append(_Date(start, end, value, value.month, MONTH))
            elif groups["monly"]:
                dates.append(_Date(start, end, None, MONTHS[groups["mm3"]], MONTH))
            elif groups["year"]:
                dates.append(_Date(start, end, datetime.date(int(groups["yy"]), 1, 1), 0, YEAR))
        except ValueError:  # “31 February 2012”: not a date, and not a figure either
            continue
    return dates


def _tidy(value: Decimal) -> Decimal:
    """26830000.00 as 26830000, 7.50 as 7.5."""
    value = Decimal(value).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _scale(text: str | None) -> int:
    if not text:
        return 1
    return SCALES[text.strip().lower()]


def _western(match: re.Match, sentence: str) -> dict | None:
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
        low_value = _number(low) * _scale(lscale or hscale)
        high_value = _number(high) * _scale(hscale or lscale)
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
    value = _number(low) * _scale(scale)
    if percent and (value > 100 or (upper is not None and upper > 100)):
        return None
    reading: dict = {"value": value, "upper_value": upper, "end": end}
    if percent:
        reading["unit"] = PERCENT
    elif currency:
        reading["unit"] = MONEY
    return reading


def _japanese(match: re.Match) -> dict:
    groups = match.groupdict()
    if groups["wari"]:
        tenths = _kanji_or_number(groups["wari"]) * 10
        if groups["bu"]:
            tenths += _kanji_or_number(groups["bu"])
        reading = {"value": tenths, "unit": PERCENT}
    elif groups["count"]:
        reading = {"value": _number(groups["count"])}
    else:
        value = Decimal(0)
        if groups["oku"]:
            value = _number(groups["oku"]) * 10**8
            if groups["oku_man"]:
                value += _number(groups["oku_man"]) * 10**4
        else:
            value = _number(groups["man"]) * 10**4
        reading = {"value": value}
    count = groups["jcount"] or groups["jcount2"]
    if count:
        reading["unit"] = ACCOUNTS if count in ("アカウント", "契約") else USERS
    if groups["jsuffix"]:
        reading["qualifier"] = JAPANESE_SUFFIXES[groups["jsuffix"]]
    return reading


def _kanji_or_number(text: str) -> Decimal:
    if text in KANJI_DIGITS:
        return Decimal(KANJI_DIGITS[text])
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(0)


def _prefix(before: str) -> tuple[str, str, list[str]]:
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


def _suffix(after: str) -> str | None:
    for pattern, qualifier in SUFFIXES:
        if pattern.match(after):
            return qualifier
    return None


def _unit(sentence: str, start: int, end: int) -> str:
    """Users or accounts: a word just after the figure, else the nearest before it."""
    after = COUNT_NOUN.match(sentence[end:])
    if after:
        return _unit_of(after.group("noun"))
    if OTHER_NOUN_AFTER.match(sentence[end:]):  # “1.2bn page views”: counts something else
        return ""
    before = list(UNIT_WORD.finditer(sentence[:start]))
    if before:
        return _unit_of(before[-1].group())
    later = UNIT_WORD.search(sentence[end:])
    return _unit_of(later.group()) if later else ""


def _unit_of(word: str) -> str:
    match = UNIT_WORD.fullmatch(word)
    if match is None:
        return ""
    return USERS if match.group("users") or match.group("jusers") else ACCOUNTS


def _nearest_date(
    sentence: str, dates: list[_Date], start: int, end: int, figure_starts: list[int]
) -> _Date | None:
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


def _fill_months(
    figures: list[Figure], prose: str, default_date: datetime.date | None
) -> list[Figure]:
    """Give months without a year (“to over 60% in September”) the year of the last
    dated mention before them in the text, else that of the default date."""
    if not any(f.as_of is not None and f.as_of.year == 1 for f in figures):
        return figures
    full = [d for d in _dates(prose) if d.date is not None]
    filled = []
    for figure in figures:
        if figure.as_of is not None and figure.as_of.year == 1:
            earlier = [d.date.year for d in full if d.end <= figure.start]
            year = earlier[-1] if earlier else default_date.year if default_date else None
            as_of = figure.as_of.replace(year=year) if year else None
            figure = _replace(figure, as_of=as_of)
        filled.append(figure)
    return filled


def _replace(figure: Figure, **changes) -> Figure:
    from dataclasses import replace

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
