"""The article page in the dark scheme is dark and readable, and on paper it keeps the
article, its charts and its facts table and drops the search, the comment form and the
footer."""

import pytest

from tests.browser.axe import describe, run_axe
from tests.browser.colours import contrast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def visible(page, selector: str) -> bool:
    locator = page.locator(selector)
    assert locator.count() > 0, f"{selector} is on the page"
    return locator.first.is_visible()


def test_dark_article_is_dark_and_readable(live_server, new_page, axe_source, seed_article):
    page = new_page(viewport=DESKTOP, color_scheme="dark", bypass_csp=True)
    page.goto(live_server.url + seed_article.get_absolute_url())
    colours = page.evaluate(
        """() => {
            const style = element => getComputedStyle(element);
            return {
                page: style(document.body).backgroundColor,
                text: style(document.querySelector('.article-body p')).color,
                caption: style(document.querySelector('table.facts caption')).color,
            };
        }"""
    )
    print("dark article colours:", colours)
    assert contrast(colours["page"], "rgb(0, 0, 0)") < 1.5, "the page is dark"
    assert contrast(colours["text"], colours["page"]) >= 7
    assert contrast(colours["caption"], colours["page"]) >= 4.5
    violations = [v for v in run_axe(page, axe_source) if v["id"] == "color-contrast"]
    assert not violations, describe(violations)


def test_print_keeps_the_article_and_drops_the_chrome(live_server, new_page, seed_article):
    page = new_page(viewport=DESKTOP)
    page.goto(live_server.url + seed_article.get_absolute_url())
    on_screen = ["form.site-search", "#comment-form", "footer.site-footer"]
    kept = ["article h1", ".article-body p", "figure.chart svg", "table.facts"]
    assert all(visible(page, selector) for selector in on_screen + kept)
    page.emulate_media(media="print")
    hidden = [selector for selector in on_screen if visible(page, selector)]
    assert not hidden, f"shown on paper: {hidden}"
    lost = [selector for selector in kept if not visible(page, selector)]
    assert not lost, f"missing on paper: {lost}"
    assert page.locator("table.facts tbody tr").first.is_visible()
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
