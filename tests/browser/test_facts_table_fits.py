"""Nothing in a facts table is clipped, and nothing in it runs off the page, at any
width from a small phone to a desktop, in the light and the dark scheme: on the
article page and on a platform's, a metric's and a tag's page; with the seed's names,
whose words stay whole, and with names made of one very long word, which wrap."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from articles.models import Fact, Metric, Platform, Proposal, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 360, 390, 414, 600, 768, 1024, 1280]
SCHEMES = ["light", "dark"]

# Every box in or around a facts table (its scrolling wrapper, the table, each row,
# cell, link and tag) whose content is wider than the box, and the wrapper if it reaches
# past the viewport. With the words in the table that are split across two lines.
MEASURE = """() => {
    const describe = element => {
        const cell = element.closest('th, td');
        const column = cell ? (cell.dataset.label || cell.textContent.trim()) : '';
        const name = element.tagName.toLowerCase()
            + (element.className ? '.' + [...element.classList].join('.') : '');
        const text = element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40);
        return `${name} [${column}] "${text}"`;
    };
    const clipped = [];
    const split = new Set();
    const tables = document.querySelectorAll('table.facts');
    for (const table of tables) {
        const wrapper = table.parentElement;
        for (const element of [wrapper, table, ...table.querySelectorAll('*')]) {
            // Text for screen readers only sits in a 1px box on purpose.
            if (element.closest('.visually-hidden')) continue;
            if (element.scrollWidth > element.clientWidth) {
                clipped.push(`${describe(element)}: scrollWidth ${element.scrollWidth}`
                    + ` > clientWidth ${element.clientWidth}`);
            }
        }
        const box = wrapper.getBoundingClientRect();
        if (box.left < 0 || box.right > innerWidth) {
            clipped.push(`${describe(wrapper)}: from ${box.left} to ${box.right}px`);
        }
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const word of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) split.add(word[0]);
            }
        }
    }
    return {
        tables: tables.length,
        cells: document.querySelectorAll('table.facts tbody :is(th, td)').length,
        clipped,
        split: [...split],
        pageWidth: document.documentElement.scrollWidth,
    };
}"""


def measure(page, path: str, scheme: str, widths: list[int]) -> tuple[list[str], list[str]]:
    """What is clipped and which words are split on `path`, at each width."""
    clipped, split = [], []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        found = page.evaluate(MEASURE)
        print(f"{path} {scheme} {width}px: {found['cells']} cells, page {found['pageWidth']}px")
        assert found["tables"] == 1, f"{path} shows one facts table"
        assert found["cells"] > 0
        clipped += [f"{width}px: {problem}" for problem in found["clipped"]]
        if found["pageWidth"] > width:
            clipped.append(f"{width}px: the page is {found['pageWidth']}px wide")
        split += [f"{width}px: {word}" for word in found["split"]]
    return clipped, split


def open_page(new_page, live_server, path: str, scheme: str):
    page = new_page(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page.goto(live_server.url + path)
    return page


SEED_PAGES = {
    "article": lambda: "/articles/so-mixi-now-has-an-official-facebook-page/",
    "platform": lambda: Platform.objects.get(slug="japan-mobile-market").get_absolute_url(),
    "metric": lambda: Metric.objects.get(name="smartphone accounts").get_absolute_url(),
    "tag": lambda: reverse("articles:tag", kwargs={"slug": "japan"}),
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("which", SEED_PAGES)
def test_nothing_in_the_facts_table_is_clipped(live_server, new_page, seed_article, which, scheme):
    path = SEED_PAGES[which]()
    page = open_page(new_page, live_server, path, scheme)
    clipped, split = measure(page, path, scheme, WIDTHS)
    assert not clipped, f"clipped on {path} ({scheme}):\n" + "\n".join(clipped)
    assert not split, f"words split on {path} ({scheme}):\n" + "\n".join(split)


LONG_PLATFORM = "Telekommunikationsdienstleistungsunternehmen"
LONG_SOURCE = "https://www.nikkei.com/article/DGXNASDD0904L_Z00C12A9TJ1000/"
LONG_TAG = "mobile-telecommunications-market-share-japan"


def add_fact(article, platform: Platform, metric: str, source: Source, tags: list[str]) -> None:
    fact = Fact(
        article=article,
        platform=platform,
        metric=Metric.objects.get(name=metric),
        value=Decimal("26830000"),
        unit=Fact.Unit.ACCOUNTS,
        qualifier=Fact.Qualifier.EXACT,
        kind=Fact.Kind.REPORTED,
        as_of=datetime.date(2011, 11, 1),
        as_of_precision=Fact.Precision.MONTH,
        source=source,
        statement="Smartphone accounts in Japan.",
        position=100,
    )
    fact.full_clean()
    fact.save()
    fact.tags.set(tags)


@pytest.fixture
def long_names(seed_article, make_article) -> dict[str, str]:
    """A platform named by one long word, with a fact in the seed article; another
    article whose one fact has a source named by a long URL and a long tag. The pages
    that show them, by name."""
    platform = Platform.objects.create(
        name=LONG_PLATFORM, slug="telekom", kind=Platform.Kind.MOBILE_CARRIER
    )
    fuji = Source.objects.get(name="Fuji Chimera Research")
    add_fact(seed_article, platform, "smartphone accounts", fuji, ["japan"])
    other = make_article(title="Smartphone accounts by carrier", slug="by-carrier")
    line = Platform.objects.get(slug="line")
    add_fact(
        other, line, "mobile phone accounts", Source.objects.create(name=LONG_SOURCE), [LONG_TAG]
    )
    return {
        "article": seed_article.get_absolute_url(),
        "platform": platform.get_absolute_url(),
        "other-article": other.get_absolute_url(),
        "metric": Metric.objects.get(name="smartphone accounts").get_absolute_url(),
    }


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    ("which", "widths"),
    [
        ("article", WIDTHS),
        ("platform", WIDTHS),
        ("other-article", WIDTHS),
        ("metric", WIDTHS),
    ],
)
def test_long_names_wrap_in_the_facts_table(
    live_server, new_page, long_names, which, widths, scheme
):
    path = long_names[which]
    page = open_page(new_page, live_server, path, scheme)
    shown = page.locator("table.facts").inner_text()
    assert LONG_PLATFORM in shown or LONG_SOURCE in shown
    clipped, split = measure(page, path, scheme, widths)
    assert not clipped, f"clipped on {path} ({scheme}):\n" + "\n".join(clipped)
    assert split, "a long word wraps"
    long_words = [LONG_PLATFORM, LONG_SOURCE, LONG_TAG]
    short_split = [entry for entry in split if not any(word in entry for word in long_words)]
    assert not short_split, f"short words split on {path} ({scheme}): {short_split}"


# Each mark under a value (its corrections, a correction under review, the link to
# propose one) that does not start on a line below the value's own text.
MARKS_BESIDE_VALUES = """() => {
    const beside = [];
    for (const cell of document.querySelectorAll('table.facts td.num')) {
        const range = document.createRange();
        range.setStart(cell, 0);
        range.setEnd(cell.firstChild, cell.firstChild.length);  // the value's text
        const value = range.getBoundingClientRect();
        for (const mark of cell.querySelectorAll(':scope > :is(.fact-history, .fact-review, .fact-correct)')) {
            const box = mark.getBoundingClientRect();
            if (box.top < value.bottom - 1) {
                beside.push(`${mark.className} "${mark.textContent.trim().slice(0, 30)}" at ${box.top}`
                    + ` beside "${cell.firstChild.data.trim()}" (${value.top} to ${value.bottom})`);
            }
        }
    }
    return {marks: document.querySelectorAll('table.facts td.num > .fact-correct').length, beside};
}"""


def test_the_marks_under_a_value_start_on_lines_of_their_own(live_server, new_page, seed_article):
    fact = seed_article.facts.order_by("pk").first()
    fact.value += 1000
    fact.save()  # a correction: the value gets its history
    Proposal.objects.create(
        fact=fact, value=fact.value + 1, as_of=fact.as_of, as_of_precision=fact.as_of_precision,
        source_citation="Nikkei, 20 October 2012", name="Aiko", email="aiko@example.jp",
    )  # fmt: skip
    path = seed_article.get_absolute_url()
    page = open_page(new_page, live_server, path, "light")
    assert page.locator("td.num > .fact-history").count() == 1
    assert page.locator("td.num > .fact-review").count() == 1
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found = page.evaluate(MARKS_BESIDE_VALUES)
        assert found["marks"] == seed_article.facts.count()
        problems += [f"{width}px: {problem}" for problem in found["beside"]]
    assert not problems, "\n".join(problems)
