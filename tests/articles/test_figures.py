"""The figure scanner (articles/figures_in_text/) on the seed article and on tricky text."""

import datetime
from decimal import Decimal

import pytest

from articles.figures_in_text import scan
from articles.importers.text import parse_plain_text
from articles.management.commands.load_seed import FACTS, PUBLISHED_AT, SEED_TEXT
from articles.models import Fact

SEED_DATE = PUBLISHED_AT.date()


def seed_body() -> str:
    return parse_plain_text(SEED_TEXT.read_text(encoding="utf-8"))[1]


def readings(text: str, default_date: datetime.date | None = SEED_DATE) -> list[tuple]:
    return [
        (f.text, f.value, f.upper_value, f.unit, f.qualifier, f.kind, f.as_of, f.as_of_precision)
        for f in scan(text, default_date)
    ]


def test_the_seed_article_gives_exactly_the_figures_of_its_13_facts():
    expected = [
        (Decimal(value), Decimal(upper) if upper else None, unit, qualifier, kind, as_of,
         precision, statement)
        for (_p, _m, value, upper, unit, qualifier, kind, as_of, precision, _s, statement,
             _t) in FACTS
    ]  # fmt: skip
    found = [
        (f.value, f.upper_value, f.unit, f.qualifier, f.kind, f.as_of, f.as_of_precision,
         f.sentence)
        for f in scan(seed_body(), SEED_DATE)
    ]  # fmt: skip
    assert len(FACTS) == 13
    assert found == expected


def test_seed_figures_are_quoted_as_written_and_point_into_the_body():
    body = seed_body()
    figures = scan(body, SEED_DATE)
    assert [f.text for f in figures] == [
        "15,470,000", "14,020,000", "16 million", "20 million", "35 million", "26,830,000",
        "113,340,000", "95 million", "80%", "40%", "60%", "7% to 8%", "3%",
    ]  # fmt: skip
    assert all(body[f.start : f.end] == f.text for f in figures)


def test_seed_cues_name_the_words_that_qualify_figures():
    cues = {f.text: f.cues for f in scan(seed_body(), SEED_DATE)}
    assert "exceeded" in cues["16 million"]
    assert "reportedly" in cues["16 million"]
    assert "said to" in cues["20 million"]
    assert "by 2016" in cues["95 million"]
    assert "projected" in cues["80%"]


def test_values_are_valid_fact_choices():
    units = {"", *Fact.Unit.values}
    for figure in scan(seed_body() + " 約4割 1,547万人超 $5 billion", SEED_DATE):
        assert figure.unit in units
        assert figure.qualifier in Fact.Qualifier.values
        assert figure.kind in Fact.Kind.values
        assert figure.as_of_precision in Fact.Precision.values


@pytest.mark.parametrize(
    "text",
    [
        "Mixi Xmas 2012 was held in 2013, and 2012 saw a surge.",
        "See page 12, p. 45, pp. 3-5, section 7 and figure 2 of chapter 10.",
        "Mixi is one of the top three sites, and one of the oldest.",
        "The iPhone 5, iOS 6 and Android 4.1 arrived; COVID-19 came later.",
        "Nobody would go near it with a 10-foot pole, not 3 times, not twice.",
        "It was the 1st and 2nd best, No. 1 in #3 of 24 categories at 9:30.",
        "Sales were more than double, on 31 February 2012.",
        "The 2011-2012 season ran from 2010 to 2014.",
    ],
)
def test_text_without_figures_gives_none(text):
    assert scan(text, SEED_DATE) == []


def test_ranges_and_changes():
    text = (
        "Response rates were 7–8% and between 15 and 16 million users replied, "
        "while 3 to 4 percent left. Access rose from 40% to 60% in 2013."
    )
    assert [(t, v, u, unit) for t, v, u, unit, *_ in readings(text)] == [
        ("7–8%", 7, 8, "percent"),
        ("15 and 16 million", 15_000_000, 16_000_000, "users"),
        ("3 to 4 percent", 3, 4, "percent"),
        ("40%", 40, None, "percent"),
        ("60%", 60, None, "percent"),
    ]


def test_qualifiers_before_and_after_figures():
    text = (
        "Facebook topped 16 million users. LINE has nearly 35 million users. "
        "Twitter has at least 20 million accounts. GREE has up to 30 million players. "
        "Mixi kept 500 users or more. DeNA is estimated at 40 million users."
    )
    assert [(f.text, f.qualifier, f.kind, f.unit) for f in scan(text, SEED_DATE)] == [
        ("16 million", "over", "reported", "users"),
        ("35 million", "approximately", "reported", "users"),
        ("20 million", "at-least", "reported", "accounts"),
        ("30 million", "up-to", "reported", "users"),
        ("500", "at-least", "reported", "users"),
        ("40 million", "approximately", "estimate", "users"),
    ]


def test_compact_scales_and_currency():
    text = "Mixi had 26.83M users, 1.2bn page views and $5 billion in sales; 950K left."
    assert [(f.text, f.value) for f in scan(text)] == [
        ("26.83M", 26_830_000),
        ("1.2bn", 1_200_000_000),
        ("$5 billion", 5_000_000_000),
        ("950K", 950_000),
    ]
    assert [f.unit for f in scan(text)] == ["users", "", "", ""]


def test_dates_at_their_precision():
    text = (
        "On 30 November 2011 Mixi had 1,000,000 users. By March 31, 2013 it had 2,000,000. "
        "It had 3,000,000 in May 2014, 4,000,000 by 2016, and 5,000,000 in September. "
        "GREE has 6,000,000 users."
    )
    assert [(f.as_of, f.as_of_precision) for f in scan(text, SEED_DATE)] == [
        (datetime.date(2011, 11, 30), "day"),
        (datetime.date(2013, 3, 31), "day"),
        (datetime.date(2014, 5, 1), "month"),
        (datetime.date(2016, 1, 1), "year"),
        (datetime.date(2016, 9, 1), "month"),  # the year of the last date before it
        (datetime.date(2012, 1, 1), "year"),  # no date in its sentence: the article's year
    ]
    assert scan("GREE has 6,000,000 users.")[0].as_of is None


def test_japanese_figures_dates_and_qualifiers():
    text = (
        "ミクシィのアクティブユーザー数は2011年5月に1,547万人でピークを迎え、"
        "2012年9月には1,402万人に減少した。スマートフォン経由のアクセスは約4割。"
        "フェイスブックは1,600万人超、LINEは２０１３年に１億人を突破する見込み。"
        "回答者の35%が利用し、約四割が満足した。"
    )
    assert readings(text) == [
        ("1,547万人", 15_470_000, None, "users", "exact", "reported",
         datetime.date(2011, 5, 1), "month"),
        ("1,402万人", 14_020_000, None, "users", "exact", "reported",
         datetime.date(2012, 9, 1), "month"),
        ("4割", 40, None, "percent", "approximately", "reported",
         datetime.date(2012, 1, 1), "year"),
        ("1,600万人超", 16_000_000, None, "users", "over", "projection",
         datetime.date(2013, 1, 1), "year"),
        ("１億人を突破", 100_000_000, None, "users", "over", "projection",
         datetime.date(2013, 1, 1), "year"),
        ("35%", 35, None, "percent", "exact", "reported", datetime.date(2012, 1, 1), "year"),
        ("四割", 40, None, "percent", "approximately", "reported",
         datetime.date(2012, 1, 1), "year"),
    ]  # fmt: skip


def test_markdown_links_code_and_urls_are_not_prose():
    text = (
        "See [the 2012 report](https://example.com/2012/15,000,000-users) and "
        "`SELECT 1,000,000` or <img alt='' src='/5%.png'> at https://x.test/40%; "
        "**14 million** users stayed."
    )
    assert [(f.text, f.value) for f in scan(text)] == [("14 million", 14_000_000)]
