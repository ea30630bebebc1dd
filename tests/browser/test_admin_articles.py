"""The seed article's change page in a browser: about two screens on a desktop, nothing
wider than a phone's screen, and breadcrumbs readable in the dark theme."""

import pytest

from tests.browser.axe import describe, run_axe
from tests.browser.colours import contrast
from tests.browser.login import log_in

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def logged_in_superuser(new_page, live_server, admin_user):
    """pytest-django's superuser: every related-object link and permission shows."""

    def login(**options):
        return log_in(new_page(**options), live_server.url, "admin", "password")

    return login


def overflowing(page, selector: str) -> list[str]:
    """The visible elements matching `selector` that reach past the right edge of their
    form row (which cuts them off) or of the screen."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
            .filter(e => e.getClientRects().length)
            .filter(e => {
                const right = e.getBoundingClientRect().right;
                const row = e.closest('.form-row, .submit-row') || document.body;
                return right > Math.min(row.getBoundingClientRect().right,
                                        document.documentElement.clientWidth) + 1;
            })
            .map(e => e.id || e.name || e.tagName)""",
        selector,
    )


def test_seed_change_page_fits_two_desktop_screens(live_server, logged_in_superuser, seed_article):
    """The seed article's change page (13 facts) as a superuser at 1280×800: 1,547 px
    tall, about two screens (was 2,699 px; 10,500 px before the facts became a table),
    the facts table 1,198 px wide at its narrowest in the 1,240 px it has. At 390×844:
    2,568 px (was 3,577 px), no wider than the screen, the facts table scrolling in its
    own box. Measured with Debian's Chromium and fonts; the bound leaves about 3%."""
    url = f"{live_server.url}/admin/articles/article/{seed_article.pk}/change/"
    page = logged_in_superuser(viewport=DESKTOP)
    page.goto(url)
    height = page.evaluate("document.documentElement.scrollHeight")
    widths = page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            screen: document.documentElement.clientWidth,
            table: document.querySelector('#facts-group table').scrollWidth,
            group: document.querySelector('#facts-group').clientWidth,
        })"""
    )
    print("desktop:", height, widths)
    assert page.locator("#facts-group tr.has_original").count() == 13
    assert height <= 1_600
    assert widths["page"] <= widths["screen"]
    # Every column of the facts, Delete included, in view without scrolling the table.
    assert widths["table"] <= widths["group"]

    phone = logged_in_superuser(viewport=PHONE)
    phone.goto(url)
    width = phone.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth]")
    print("phone:", phone.evaluate("document.documentElement.scrollHeight"), width)
    assert max(width) <= PHONE["width"]
    fields = "fieldset.aligned:not(.collapse) :is(input, select, textarea):not([type=hidden])"
    assert overflowing(phone, fields) == []
    assert overflowing(phone, ".submit-row input") == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_folded_sections_opened_have_no_axe_violations(
    live_server, logged_in_superuser, seed_article, axe_source, size, scheme
):
    """The figures and the preview, folded away on the seed article, opened: axe finds
    nothing, and they stay within the page's width."""
    viewport = {"desktop": DESKTOP, "phone": PHONE}[size]
    page = logged_in_superuser(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    page.goto(f"{live_server.url}/admin/articles/article/{seed_article.pk}/change/")
    opened = page.evaluate(
        "() => { const all = document.querySelectorAll('fieldset details');"
        " all.forEach(d => { d.open = true; }); return all.length; }"
    )
    assert opened == 2
    violations = run_axe(page, axe_source)
    assert not violations, describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_seed_change_page_height_for_an_editor(live_server, editor_page, seed_article):
    """As an editor: 1,547 px at 1280×800 and 2,568 px at 390×844 (were 2,505 and
    3,230 px)."""
    heights = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = editor_page(viewport=viewport)
        page.goto(f"{live_server.url}/admin/articles/article/{seed_article.pk}/change/")
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
    print("change page heights:", heights)
    assert heights["desktop"] <= 1_600
    assert heights["phone"] <= 2_800


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_breadcrumb_links_are_readable(live_server, editor_page, seed_article, scheme):
    page = editor_page(viewport=DESKTOP, color_scheme=scheme)
    page.goto(f"{live_server.url}/admin/articles/article/{seed_article.pk}/change/")
    link = page.locator("div.breadcrumbs a").first
    color = link.evaluate("a => getComputedStyle(a).color")
    background = link.evaluate("a => getComputedStyle(a.closest('.breadcrumbs')).backgroundColor")
    assert contrast(color, background) >= 4.5
