"""A discussion as people have it: in Chromium, against a live server."""

import datetime

import pytest
from django.utils import timezone

from comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def discussion(settings, make_article):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = ""
    return make_article(title="Mixi and Facebook", slug="mixi-and-facebook")


def fill_comment(page, name: str, email: str, text: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Comment", exact=True).fill(text)
    page.get_by_role("button", name="Post comment").click()


def test_comment_moderate_reply(live_server, new_page, discussion, editor_page):
    url = live_server.url + discussion.get_absolute_url()

    reader = new_page()
    reader.goto(url)
    assert reader.get_by_role("heading", name="Comments (0)").is_visible()
    fill_comment(reader, "Aiko", "aiko@example.jp", "Mixi was my first social network.")
    awaiting = reader.locator(".comment-awaiting")
    assert awaiting.inner_text() == "Your comment is awaiting moderation."
    comment = Comment.objects.get()
    assert reader.url.endswith(f"#comment-{comment.pk}")

    editor = editor_page(next_path="/admin/comments/comment/")
    assert "1 comment awaiting moderation" in editor.locator(".pending-count").inner_text()
    editor.locator(f'input[name="_selected_action"][value="{comment.pk}"]').check()
    editor.locator('select[name="action"]').select_option("approve")
    editor.get_by_role("button", name="Go").click()
    assert "1 comment approved." in editor.locator(".messagelist").inner_text()

    second = new_page()
    second.goto(url)
    assert second.get_by_role("heading", name="Comments (1)").is_visible()
    assert (
        "Mixi was my first social network." in second.locator(f"#comment-{comment.pk}").inner_text()
    )
    second.locator(f"#comment-{comment.pk} a.comment-reply").click()
    form = second.locator(f"#comment-{comment.pk} > #comment-form")
    assert form.is_visible(), "Reply moves the form under the comment"
    assert second.locator("#comment-form-heading").inner_text() == "Reply to Aiko"
    fill_comment(second, "Ken", "ken@example.jp", "Mine too, back in 2008.")
    reply = Comment.objects.get(author_name="Ken")
    assert reply.parent == comment
    nested = second.locator(f"#comment-{comment.pk} ol.replies > #comment-{reply.pk}")
    assert "Mine too, back in 2008." in nested.inner_text()
    assert "Your comment is awaiting moderation." in nested.inner_text()
    parent_box = second.locator(f"#comment-{comment.pk} > .comment-body").bounding_box()
    reply_box = nested.locator(".comment-body").bounding_box()
    assert reply_box["x"] > parent_box["x"]
    assert reply_box["y"] > parent_box["y"]


def test_refused_comment_keeps_the_text(live_server, new_page, discussion):
    page = new_page()
    page.goto(live_server.url + discussion.get_absolute_url())
    fill_comment(page, "Aiko", "not an email", "A long, thoughtful comment I do not want to lose.")
    assert "Enter a valid email address." in page.locator(".field-error").inner_text()
    assert (
        page.get_by_label("Comment", exact=True).input_value()
        == "A long, thoughtful comment I do not want to lose."
    )
    page.get_by_label("Email", exact=True).fill("aiko@example.jp")
    page.get_by_role("button", name="Post comment").click()
    assert page.locator(".comment-awaiting").is_visible()
    assert Comment.objects.count() == 1


def test_reply_without_javascript(live_server, new_page, discussion, approved_comment):
    page = new_page(java_script_enabled=False)
    page.goto(live_server.url + discussion.get_absolute_url())
    page.locator(f"#comment-{approved_comment.pk} a.comment-reply").click()
    assert "replyto=" in page.url
    assert page.locator("#comment-form-heading").inner_text() == "Reply to Ken"
    fill_comment(page, "Aiko", "aiko@example.jp", "Replying the old-fashioned way.")
    reply = Comment.objects.get(author_name="Aiko")
    assert reply.parent == approved_comment
    assert page.locator(
        f"#comment-{approved_comment.pk} ol.replies > #comment-{reply.pk}"
    ).is_visible()


@pytest.fixture
def approved_comment(discussion):
    comment = Comment(
        article=discussion, author_name="Ken", author_email="ken@example.jp",
        body="An approved comment.", status=Comment.Status.APPROVED,
    )  # fmt: skip
    comment.save()
    return comment


PAYLOAD = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'


def test_script_payload_never_runs(live_server, new_page, discussion, settings):
    settings.COMMENTS_MODERATION = "none"
    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + discussion.get_absolute_url())
    fill_comment(
        page, '"><script>alert(1)</script>', "x@example.jp", PAYLOAD + " javascript:alert(3)"
    )
    page.locator(".comment-text").wait_for()
    page.goto(live_server.url + discussion.get_absolute_url())
    assert PAYLOAD in page.locator(".comment-text").inner_text()
    assert '"><script>alert(1)</script>' in page.locator(".comment-author").inner_text()
    assert page.evaluate("window.pwned") is None
    assert dialogs == []


def test_comment_ages_read_the_same_with_and_without_javascript(live_server, new_page, discussion):
    """The script updates "… ago" in the reader's browser; it counts whole units, as the
    server does, so the two never disagree: 2 min 35 s is "2 minutes ago", not 3."""
    ages = {
        "2 minutes ago": datetime.timedelta(minutes=2, seconds=35),
        "1 hour ago": datetime.timedelta(minutes=100),
        "1 month ago": datetime.timedelta(days=45),
    }
    for label, age in ages.items():
        comment = Comment(
            article=discussion, author_name="Ken", author_email="ken@example.jp",
            body=f"Written {label}.", status=Comment.Status.APPROVED,
        )  # fmt: skip
        comment.full_clean()
        comment.save()
        Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - age)

    def read_ages(javascript: bool) -> dict[str, str]:
        page = new_page(java_script_enabled=javascript)
        page.goto(live_server.url + discussion.get_absolute_url())
        shown = {}
        for item in page.locator("li.comment").all():
            body = item.locator(".comment-text").inner_text().strip()
            shown[body] = item.locator(".comment-ago").first.inner_text().strip()
        return shown

    expected = {f"Written {label}.": label for label in ages}
    assert read_ages(javascript=False) == expected
    assert read_ages(javascript=True) == expected
