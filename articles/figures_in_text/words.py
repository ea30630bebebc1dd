"""The words, numbers and dates figures are read from, in English and Japanese, and
the values of the Fact choices (articles.models.Fact) a figure is given."""

import re

# Values of Fact.Unit, Fact.Qualifier, Fact.Kind and Fact.Precision.
USERS, ACCOUNTS, PERCENT = "users", "accounts", "percent"
EXACT, APPROXIMATELY, OVER, AT_LEAST, UP_TO = (
    "exact", "approximately", "over", "at-least", "up-to",
)  # fmt: skip
REPORTED, ESTIMATE, PROJECTION = "reported", "estimate", "projection"
DAY, MONTH, YEAR = "day", "month", "year"
MONEY = "money"  # no Fact unit: left for the editor to choose


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
