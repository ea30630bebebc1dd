"""Running text at a reading measure of 60–75 characters a line on a desktop, and
headings on a modular scale: each a constant ratio larger than the level below."""

import statistics

import pytest

from articles.models import Metric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Characters on each full line (a paragraph's last line is left out) of the article body.
CHARACTERS_PER_LINE = """(selector) => {
    const lines = [];
    for (const paragraph of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
        const perLine = new Map();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (rect) {
                    const top = Math.round(rect.top);
                    perLine.set(top, (perLine.get(top) || 0) + 1);
                }
            }
        }
        lines.push(...[...perLine.values()].slice(0, -1));
    }
    return lines;
}"""

FONT_SIZES = """() => ['body', 'h3', 'h2', 'h1'].map(
    selector => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize)
)"""


def test_running_text_has_a_reading_measure(live_server, new_page, seed_article):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + seed_article.get_absolute_url())
    lines = page.evaluate(CHARACTERS_PER_LINE, ".article-body p")
    print("characters per line:", sorted(lines))
    assert len(lines) > 20, "the seed article has many full lines"
    assert 60 <= statistics.median(lines) <= 75
    assert max(lines) <= 80


def test_a_metric_definition_has_the_reading_measure(live_server, new_page, seed_article):
    metric = Metric.objects.get(name="monthly active users")
    metric.definition = " ".join(["Unique users who used the service in a month."] * 4)
    metric.save()
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + metric.get_absolute_url())
    lines = page.evaluate(CHARACTERS_PER_LINE, ".metric-definition")
    print("characters per line:", lines)
    assert len(lines) >= 2, "the definition runs over several lines"
    assert max(lines) <= 80


@pytest.mark.parametrize(("width", "ratio"), [(1280, 1.25), (390, 1.2)])
def test_headings_are_on_a_modular_scale(live_server, new_page, seed_article, width, ratio):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url + seed_article.get_absolute_url())
    body, h3, h2, h1 = page.evaluate(FONT_SIZES)
    steps = [h3 / body, h2 / h3, h1 / h2]
    print(f"font sizes at {width}px:", body, h3, h2, h1)
    assert steps == pytest.approx([ratio] * 3, rel=0.01)
