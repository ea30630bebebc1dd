"""An editor adds an article by pasting a paragraph, accepts the facts the admin proposes
for its figures (“Add this fact”), and publishes: the facts stored are those an editor
would have typed by hand.

Measured (2 cores shared with other jobs, headless Chromium, live test server, run with
`.venv/bin/pytest -s tests/browser/test_facts_from_text.py`, which prints both): for the
two figures of the paragraph, 7 clicks — Save and continue editing; Add this fact and
Save, twice; Published; Save — besides typing the title and pasting the text, nothing
typed; 4.1 s from opening the add page to the saved article. The proposals fill in the
platform, metric (“MAU” found as a synonym), value, unit (the metric's), qualifier,
kind, date and precision, source and sentence: by hand, up to 10 fields a fact.
"""

import datetime
import re
import time
from decimal import Decimal

import pytest

from articles.models import Article, Metric, Platform, Source

PARAGRAPH = (
    "According to the Nikkei, Mixi had 15.47 million monthly active users in May 2011. "
    "By September 2012 Mixi was down to 14.02 million MAU, the Nikkei reported."
)

# What an editor types by hand for the paragraph above: platform, metric, value, unit,
# qualifier, kind, as of, precision, source, statement.
BY_HAND = [
    ("mixi", "monthly active users", Decimal("15470000"), "users", "exact", "reported",
     datetime.date(2011, 5, 1), "month", "Nikkei",
     "According to the Nikkei, Mixi had 15.47 million monthly active users in May 2011."),
    ("mixi", "monthly active users", Decimal("14020000"), "users", "exact", "reported",
     datetime.date(2012, 9, 1), "month", "Nikkei",
     "By September 2012 Mixi was down to 14.02 million MAU, the Nikkei reported."),
]  # fmt: skip


def as_typed(fact) -> tuple:
    return (
        fact.platform.slug,
        fact.metric.name,
        fact.value,
        fact.unit,
        fact.qualifier,
        fact.kind,
        fact.as_of,
        fact.as_of_precision,
        fact.source.name,
        fact.statement,
    )


@pytest.fixture
def vocabulary(db):
    """What the site knows before the article: the platform, the source, the metric."""
    Platform.objects.create(name="Mixi", slug="mixi", kind=Platform.Kind.SOCIAL_NETWORK)
    Source.objects.create(name="Nikkei")
    metric = Metric(
        name="monthly active users", slug="monthly-active-users", unit="users", synonyms="MAU"
    )
    metric.full_clean()
    metric.save()


def test_facts_proposed_from_a_pasted_paragraph_equal_those_typed_by_hand(
    live_server, editor_page, vocabulary
):
    page = editor_page(viewport={"width": 1280, "height": 800})
    clicks = 0

    def click(locator) -> None:
        nonlocal clicks
        clicks += 1
        locator.click()

    started = time.monotonic()
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_title").fill("Mixi's users in 2011 and 2012")
    page.locator("#id_body").fill(PARAGRAPH)
    click(page.get_by_role("button", name="Save and continue editing"))
    page.wait_for_url("**/change/")
    for _ in BY_HAND:
        click(page.get_by_role("link", name="Add this fact").first)
        page.wait_for_url("**/fact/add/**")
        click(page.locator("input[name=_save]"))
        page.wait_for_url("**/article/*/change/**")
    assert page.get_by_role("link", name="Add this fact").count() == 0
    assert "2 figures in the text, 0 not backed by a fact." in page.content()
    page.locator("#id_status").select_option("published")
    clicks += 1
    click(page.locator("input[name=_save]"))
    # The list, keeping the #figures of the page before.
    page.wait_for_url(re.compile(r"/admin/articles/article/(#figures)?$"))
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    seconds = time.monotonic() - started
    print(f"clicks: {clicks}, seconds: {seconds:.1f}")

    article = Article.objects.get()
    assert article.is_public
    stored = [as_typed(fact) for fact in article.facts.order_by("position", "id")]
    assert stored == BY_HAND
    assert [fact.upper_value for fact in article.facts.all()] == [None, None]
    assert clicks == 7
