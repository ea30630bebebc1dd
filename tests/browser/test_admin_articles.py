"""The seed article's change page in a browser: its height on a desktop and a phone,
and breadcrumbs readable in the dark theme."""

import pytest
from django.contrib.auth.models import Group, User

from articles.editors import EDITORS_GROUP

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def logged_in_editor(db, new_page, live_server):
    User.objects.create_user("hana", "hana@example.jp", "editor-secret-42", is_staff=True)
    User.objects.get(username="hana").groups.add(Group.objects.get(name=EDITORS_GROUP))

    def login(**options):
        page = new_page(**options)
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Username").fill("hana")
        page.get_by_label("Password").fill("editor-secret-42")
        page.get_by_role("button", name="Log in").click()
        return page

    return login


def relative_luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        [relative_luminance(foreground), relative_luminance(background)], reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def test_seed_change_page_height(live_server, logged_in_editor, seed_article):
    """Measured with the 13 facts as a table and the figures (all backed) folded away:
    2,505 px on a 1280×800 desktop, about three screens (was 10,500 px), and 3,230 px at
    390 px (was about 21,000 px). The bounds leave about 10% for other fonts."""
    heights = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = logged_in_editor(viewport=viewport)
        page.goto(f"{live_server.url}/admin/articles/article/{seed_article.pk}/change/")
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
    print("change page heights:", heights)
    assert heights["desktop"] < 2_800
    assert heights["phone"] < 3_600


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_breadcrumb_links_are_readable(live_server, logged_in_editor, seed_article, scheme):
    page = logged_in_editor(viewport=DESKTOP, color_scheme=scheme)
    page.goto(f"{live_server.url}/admin/articles/article/{seed_article.pk}/change/")
    link = page.locator("div.breadcrumbs a").first
    color = link.evaluate("a => getComputedStyle(a).color")
    background = link.evaluate("a => getComputedStyle(a.closest('.breadcrumbs')).backgroundColor")
    assert contrast(color, background) >= 4.5
