"""Every Tab stop of the article page shows a focus indicator with at least 3:1 contrast
against the colours next to it (WCAG 2.2, 1.4.11 and 2.4.13), in light and dark, on a
desktop and a phone.

The indicator is a solid outline set off from the element, with a ring of another
colour in the gap: the outline is measured against the ring inside it and against
the background outside it, which is the backdrop of the element's parent.
"""

import pytest

from tests.browser.colours import contrast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
MAX_STOPS = 120

FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const opaque = colour => !/^rgba\\(.*, 0\\)$|^transparent$/.test(colour);
    let backdrop = 'rgb(255, 255, 255)';
    for (let node = element.parentElement; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (opaque(colour)) { backdrop = colour; break; }
    }
    const ring = (style.boxShadow.match(/rgba?\\([^)]*\\)/) || [null])[0];
    return {
        name: element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
            + (element.getAttribute('href') ? ' ' + element.getAttribute('href') : ''),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outlineColor: style.outlineColor,
        ring: ring,
        backdrop: backdrop,
    };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_every_tab_stop_has_a_focus_indicator_with_3_to_1_contrast(
    live_server, new_page, seed_article, size, scheme
):
    page = new_page(viewport=SIZES[size], color_scheme=scheme)
    page.goto(live_server.url + seed_article.get_absolute_url())
    page.locator("body").click(position={"x": 1, "y": 1})
    stops, problems = [], []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (stops and focused["name"] == stops[0]["name"]):
            break  # past the last stop, to the browser's own controls, or round again
        stops.append(focused)
        name = focused["name"]
        if focused["outlineStyle"] in ("none", "hidden") or focused["outlineWidth"] < 2:
            problems.append(f"{name}: no outline of 2 px or more ({focused})")
            continue
        against_backdrop = contrast(focused["outlineColor"], focused["backdrop"])
        if against_backdrop < 3:
            problems.append(f"{name}: outline {against_backdrop:.2f}:1 against {focused}")
        if focused["ring"] and contrast(focused["outlineColor"], focused["ring"]) < 3:
            problems.append(f"{name}: outline against its ring {focused}")
    names = [stop["name"] for stop in stops]
    print(f"{size} {scheme}: {len(stops)} stops")
    # The round covers the header, the article, its facts and the comment form.
    assert len(stops) > 20, names
    assert any("#id_author_name" in name for name in names), names
    assert any("search" in name or "input" in name for name in names[:6]), names[:6]
    assert not problems, "\n".join(problems)
