"""The moderation queue on a desktop and a phone: the Status, Created and On site columns
in view at 1280 px, each comment readable at 390 px without scrolling sideways, and the
comment change page's title clear of its buttons."""

import pytest

from comments.models import Comment

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
COLUMNS = ["status", "created_at", "on_site"]


@pytest.fixture
def queue(make_article):
    """Comments as they come: long titles, addresses and bodies."""
    article = make_article(
        title="Mixi, Facebook and LINE: how the Japanese social networks changed in 2012",
        slug="mixi-facebook-line-2012",
    )
    comments = []
    for number, status in enumerate(["pending", "approved", "spam", "pending"]):
        comment = Comment(
            article=article,
            author_name=f"Reader number {number} with a long display name",
            author_email=f"a.very.long.address.of.reader.{number}@mail.example-provider.co.jp",
            body="I still use Mixi every day, and so do most of my friends from school. " * 3,
            status=status,
        )
        comment.full_clean()
        comment.save()
        comments.append(comment)
    return comments


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_status_created_and_on_site_are_in_view_on_a_desktop(live_server, editor_page, queue):
    page = editor_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/admin/comments/comment/")
    width = page.evaluate("document.documentElement.clientWidth")
    # The list scrolls sideways inside its own box when too wide: in view means in it.
    shown = page.evaluate(
        "(() => { const r = document.querySelector('#changelist .results');"
        " return r.getBoundingClientRect().left + r.clientWidth; })()"
    )
    for column in COLUMNS:
        header = box(page, f"#result_list th.column-{column}")
        cell = box(page, f"#result_list td.field-{column}")
        assert header["x"] + header["width"] <= shown <= width, column
        assert cell["x"] + cell["width"] <= shown, column
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    widths = {
        cell.get_attribute("class"): round(cell.bounding_box()["width"])
        for cell in page.locator("#result_list tbody tr").first.locator("td, th").all()
    }
    print("desktop column widths:", widths)


def test_each_comment_is_readable_on_a_phone(live_server, editor_page, queue):
    page = editor_page(viewport=PHONE)
    page.goto(f"{live_server.url}/admin/comments/comment/")
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == len(queue)
    for index in range(rows.count()):
        row = rows.nth(index)
        for column in ["excerpt", *COLUMNS]:
            cell = row.locator(f".field-{column}").bounding_box()
            assert cell["x"] >= 0, column
            assert cell["x"] + cell["width"] <= width, column
        status = row.locator(".field-status")
        label = status.evaluate("el => getComputedStyle(el, '::before').content")
        assert label == '"Status: "'
        assert status.inner_text().strip() in {"Pending", "Approved", "Spam"}
        assert float(status.evaluate("el => getComputedStyle(el).fontSize")[:-2]) >= 13


def test_change_page_title_is_clear_of_the_buttons(live_server, editor_page, queue):
    for viewport in (DESKTOP, PHONE):
        page = editor_page(viewport=viewport)
        page.goto(f"{live_server.url}/admin/comments/comment/{queue[1].pk}/change/")
        tools = box(page, ".object-tools")
        for title in page.locator("#content h1, #content h2").all()[:2]:
            heading = title.bounding_box()
            overlaps = not (
                heading["y"] + heading["height"] <= tools["y"]
                or tools["y"] + tools["height"] <= heading["y"]
                or heading["x"] + heading["width"] <= tools["x"]
                or tools["x"] + tools["width"] <= heading["x"]
            )
            assert not overlaps, (viewport, title.inner_text())
        # Each button is whole inside the box of buttons, which hides what overflows it.
        tools_box = page.locator(".object-tools")
        for button in page.locator(".object-tools a").all():
            inner = button.bounding_box()
            assert tools_box.evaluate("el => getComputedStyle(el).overflow") == "hidden"
            assert inner["y"] >= tools["y"]
            assert inner["y"] + inner["height"] <= tools["y"] + tools["height"], (
                viewport,
                button.inner_text(),
            )
