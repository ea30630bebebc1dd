"""The seed article's headline comparison as `make serve` sends it: Mixi against Facebook
in 2012, with its caveat beside the chart and in its text alternative; an editor's new
caveat reaches every reader on the next request, whichever worker cached the page."""

import html
import re

from tests.e2e.pages import admin_ids, change_form, read, save_change_form, unique

TITLE = "Mixi against Facebook, 2012"


def comparison_figure(page: str) -> str:
    for figure in re.findall(r'<figure class="chart">.*?</figure>', page, re.S):
        if re.search(rf'<title id="[^"]+">{re.escape(TITLE)}</title>', figure):
            return figure
    raise AssertionError(f"the page has no chart titled {TITLE!r}")


def caveat_shown(figure: str) -> tuple[str, str]:
    """The caveat as the caption shows it and as the chart's description reads it."""
    caption = re.search(r'<span class="chart-caveat">(.*?)</span></figcaption>', figure, re.S)
    desc = re.search(r"<desc[^>]*>.*?Not quite the same measure: (.*?)</desc>", figure, re.S)
    assert caption, figure
    assert desc, figure
    label = '<span class="chart-caveat-label">Not quite the same measure:</span> '
    return html.unescape(caption.group(1).removeprefix(label)), html.unescape(desc.group(1))


def test_the_seed_article_draws_mixi_against_facebook(server, new_client):
    reader = new_client()
    figure = comparison_figure(read(reader))
    labels = re.findall(r'<text class="chart-label"[^>]*>([^<]*)</text>', figure)
    assert labels == ["Facebook, active users in Japan", "Mixi, monthly active users"]
    values = re.findall(r'<text class="chart-value"[^>]*>([^<]*)</text>', figure)
    assert values == ["over 16M", "14.02M"]
    caption, desc = caveat_shown(figure)
    assert caption == desc
    assert caption.startswith("Mixi's figure, from the Nikkei")
    for path in ("/platforms/mixi/", "/platforms/facebook/", "/metrics/active-users-in-japan/"):
        assert caveat_shown(comparison_figure(read(reader, path)))[0] == caption, path


def test_an_edited_caveat_shows_at_once(server, editor, new_client):
    readers = [new_client(f"reader{n}") for n in range(4)]
    for reader in readers:  # the page cached by both workers
        comparison_figure(read(reader))
    (pk,) = admin_ids(editor, "/admin/articles/comparison/")
    path = f"/admin/articles/comparison/{pk}/change/"
    form = change_form(editor, path, "comparison")
    assert form["caveat"].startswith("Mixi's figure")
    new = f"Counted differently; {unique('caveat')} says how."
    form["caveat"] = new
    save_change_form(editor, path, form)

    for reader in readers:
        assert caveat_shown(comparison_figure(read(reader))) == (new, new)
