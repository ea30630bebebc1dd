"""The chart of comparable measures on a phone and a desktop: every label at least 12 CSS
pixels and inside the chart, and the caveat shown right beside it, on the article,
platform and metric pages."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = ["/articles/so-mixi-now-has-an-official-facebook-page/", "/platforms/facebook/",
         "/metrics/monthly-active-users/"]  # fmt: skip

LAYOUT = """() => {
    const figure = [...document.querySelectorAll('figure.chart')]
        .find(f => f.querySelector('title').textContent.startsWith('Mixi against Facebook'));
    if (!figure) return null;
    const svg = figure.querySelector('svg').getBoundingClientRect();
    const caveat = figure.querySelector('.chart-caveat');
    const box = caveat.getBoundingClientRect();
    return {
        texts: [...figure.querySelectorAll('svg text')].map(text => {
            const r = text.getBoundingClientRect();
            return {text: text.textContent, height: r.height, left: r.left, right: r.right};
        }),
        svg: {left: svg.left, right: svg.right, top: svg.top},
        caveat: {text: caveat.textContent, bottom: box.bottom, height: box.height,
                 visible: box.width > 0 && getComputedStyle(caveat).visibility === 'visible',
                 size: parseFloat(getComputedStyle(caveat).fontSize)},
        page: document.documentElement.scrollWidth,
    };
}"""


@pytest.mark.parametrize("size", SIZES)
def test_the_comparison_chart_is_readable_with_its_caveat(
    live_server, new_page, seed_article, size
):
    page = new_page(viewport=SIZES[size])
    for path in PAGES:
        page.goto(live_server.url + path)
        layout = page.evaluate(LAYOUT)
        assert layout is not None, f"{path} has no Mixi against Facebook chart"
        assert len(layout["texts"]) == 4, path  # two labels, two values
        for text in layout["texts"]:
            assert text["height"] >= 12, (path, text)
            assert layout["svg"]["left"] - 0.5 <= text["left"], (path, text)
            assert text["right"] <= layout["svg"]["right"] + 0.5, (path, text)
        caveat = layout["caveat"]
        assert caveat["visible"], path
        assert caveat["text"].startswith("Not quite the same measure: Mixi's figure"), path
        assert caveat["size"] >= 12, path
        # Beside the chart: right above it, in its caption.
        assert 0 <= layout["svg"]["top"] - caveat["bottom"] <= 24, (path, layout)
        assert layout["page"] <= SIZES[size]["width"], path
