"""A refused comment brings the reader to the form: the summary is in view, focused and
linked to each bad field, the title says so, and a refused reply stays under its comment."""

import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TEXT = "A long, thoughtful comment I do not want to lose."


@pytest.fixture
def seed_article(settings):
    """The real seed article: long enough that the form is far below the top."""
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = ""
    call_command("load_seed", verbosity=0)
    return Article.objects.get()


def fill(page, name: str, email: str, text: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Comment", exact=True).fill(text)
    page.get_by_role("button", name="Post comment").click()


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight && box.height > 0;
        }""",
        selector,
    )


def assert_brought_to_summary(page, article: Article) -> None:
    page.locator("#comment-errors").wait_for()
    assert page.title().startswith("Comment not posted – ")
    assert article.title in page.title()
    page.wait_for_function("document.activeElement.id === 'comment-errors'")
    assert in_viewport(page, "#comment-errors")
    assert page.locator("#comment-errors").get_attribute("role") == "alert"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_bad_email_brings_the_reader_to_the_summary(
    live_server, new_page, seed_article, size, javascript
):
    page = new_page(viewport=SIZES[size], java_script_enabled=javascript)
    page.goto(live_server.url + seed_article.get_absolute_url())
    assert not in_viewport(page, "#comment-form"), "the form starts far below the top"
    fill(page, "Aiko", "not an email", TEXT)
    assert_brought_to_summary(page, seed_article)
    link = page.locator("#comment-errors a", has_text="Email: Enter a valid email address.")
    assert link.get_attribute("href") == "#id_author_email"
    assert page.get_by_label("Comment", exact=True).input_value() == TEXT
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_author_email"


@pytest.mark.parametrize("size", SIZES)
def test_empty_form_lists_every_missing_field(live_server, new_page, seed_article, size):
    page = new_page(viewport=SIZES[size])
    page.goto(live_server.url + seed_article.get_absolute_url())
    page.get_by_role("button", name="Post comment").click()
    assert_brought_to_summary(page, seed_article)
    hrefs = page.locator("#comment-errors li a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert hrefs == ["#id_author_name", "#id_author_email", "#id_body"]


@pytest.mark.parametrize("size", SIZES)
def test_too_fast_brings_the_reader_to_the_summary(
    live_server, new_page, seed_article, settings, size
):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3600
    page = new_page(viewport=SIZES[size])
    page.goto(live_server.url + seed_article.get_absolute_url())
    fill(page, "Aiko", "aiko@example.jp", TEXT)
    assert_brought_to_summary(page, seed_article)
    assert page.get_by_label("Comment", exact=True).input_value() == TEXT
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("size", SIZES)
def test_rate_limit_brings_the_reader_to_the_summary(
    live_server, new_page, seed_article, settings, size
):
    settings.COMMENTS_RATE_LIMIT = "1/m"
    page = new_page(viewport=SIZES[size])
    url = live_server.url + seed_article.get_absolute_url()
    page.goto(url)
    fill(page, "Aiko", "aiko@example.jp", "The first comment.")
    page.locator(".comment-awaiting").wait_for()
    page.goto(url)
    with page.expect_response(lambda response: "/comments/post/" in response.url) as answer:
        fill(page, "Aiko", "aiko@example.jp", TEXT)
    assert answer.value.status == 429
    assert_brought_to_summary(page, seed_article)
    assert "posting too fast" in page.locator("#comment-errors").inner_text()


@pytest.fixture
def approved(seed_article):
    comment = Comment(
        article=seed_article, author_name="Ken", author_email="ken@example.jp",
        body="An approved comment.", status=Comment.Status.APPROVED,
    )  # fmt: skip
    comment.save()
    return comment


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_refused_reply_comes_back_under_its_comment(
    live_server, new_page, seed_article, approved, size, javascript
):
    page = new_page(viewport=SIZES[size], java_script_enabled=javascript)
    page.goto(live_server.url + seed_article.get_absolute_url())
    page.locator(f"#comment-{approved.pk} a.comment-reply").click()
    fill(page, "Aiko", "", TEXT)
    assert_brought_to_summary(page, seed_article)
    assert page.locator(f"#comment-{approved.pk} > #comment-form").count() == 1
    assert page.locator("#comment-form-heading").inner_text() == "Reply to Ken"
    assert page.get_by_label("Comment", exact=True).input_value() == TEXT
    page.get_by_label("Email", exact=True).fill("aiko@example.jp")
    page.get_by_role("button", name="Post comment").click()
    reply = Comment.objects.get(author_name="Aiko")
    assert reply.parent == approved
    assert page.url.endswith(f"#comment-{reply.pk}"), "a success redirects (post/redirect/get)"


def test_cancel_reply_keeps_focus(live_server, new_page, seed_article, approved):
    page = new_page()
    page.goto(live_server.url + seed_article.get_absolute_url())
    page.locator(f"#comment-{approved.pk} a.comment-reply").click()
    page.get_by_role("button", name="Cancel reply").click()
    assert page.evaluate("document.activeElement.classList.contains('comment-reply')")
    assert page.locator("#comment-form-home > #comment-form").count() == 1


def test_cancel_refused_reply_keeps_focus(live_server, new_page, seed_article, approved):
    page = new_page()
    page.goto(live_server.url + seed_article.get_absolute_url())
    page.locator(f"#comment-{approved.pk} a.comment-reply").click()
    fill(page, "Aiko", "", TEXT)
    page.locator("#comment-errors").wait_for()
    page.locator("a.cancel-reply").click()
    assert page.evaluate("document.activeElement.classList.contains('comment-reply')")
    assert page.locator("#comment-form-home > #comment-form").count() == 1
    assert page.locator("input[name=parent]").input_value() == ""


@pytest.mark.parametrize("size", SIZES)
def test_skip_link_leads_to_the_comments(live_server, new_page, seed_article, size):
    page = new_page(viewport=SIZES[size])
    page.goto(live_server.url + seed_article.get_absolute_url())
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to comments"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#comments")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_author_name":
            break
    assert page.evaluate("document.activeElement.id") == "id_author_name"


@pytest.mark.parametrize("size", SIZES)
def test_header_search_fits_and_facts_are_not_clipped(live_server, new_page, seed_article, size):
    page = new_page(viewport=SIZES[size])
    page.goto(live_server.url + seed_article.get_absolute_url())
    header = page.locator(".site-header").bounding_box()
    search = page.locator(".site-search").bounding_box()
    assert search["y"] + search["height"] <= header["y"] + header["height"]
    assert page.get_by_role("button", name="Search").is_visible()
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.table-scroll')]
            .filter(box => box.scrollWidth > box.clientWidth + 1).length"""
    )
    assert clipped == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]


@pytest.mark.parametrize("size", SIZES)
def test_chart_text_is_legible(live_server, new_page, seed_article, size):
    page = new_page(viewport=SIZES[size])
    page.goto(live_server.url + seed_article.get_absolute_url())
    heights = page.evaluate(
        """() => [...document.querySelectorAll('.chart text')]
            .map(text => text.getBoundingClientRect().height)"""
    )
    assert heights
    assert min(heights) >= 12, "no label smaller than 12 CSS pixels"
