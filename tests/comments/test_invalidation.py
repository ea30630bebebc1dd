"""Every path that changes a discussion replaces its article's comments_version,
so the cached discussion is rendered anew on the next request."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment
from comments.moderation import set_status

pytestmark = pytest.mark.django_db


def version(article: Article) -> str:
    return Article.objects.values_list("comments_version", flat=True).get(pk=article.pk)


@pytest.fixture
def changes(article):
    """Asserts that the block replaced the article's comments_version."""

    class Changes:
        def __enter__(self):
            self.before = version(article)

        def __exit__(self, *exc):
            if exc[0] is None:
                assert version(article) != self.before

    return Changes


def test_save_and_delete(article, approved, changes):
    with changes():
        comment = approved("New.")
    with changes():
        comment.body = "Edited."
        comment.save()
    with changes():
        comment.delete()


def test_bulk_update_and_delete(article, approved, changes):
    approved("One.")
    with changes():
        Comment.objects.filter(article=article).update(status=Comment.Status.SPAM)
    with changes():
        Comment.objects.filter(article=article).delete()


def test_moderation_and_erasure(article, approved, changes):
    comment = approved("Pending.", status=Comment.Status.PENDING, author_email="a@example.jp")
    with changes():
        set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    with changes():
        call_command("commenter_data", "a@example.jp", "--erase", stdout=io.StringIO())


def test_admin_change_form_and_actions(article, approved, editor_client, changes):
    comment = approved("Before.")
    data = {
        "author_name": comment.author_name, "author_email": comment.author_email,
        "author_url": "", "body": "After.", "status": "approved",
    }  # fmt: skip
    with changes():
        response = editor_client.post(f"/admin/comments/comment/{comment.pk}/change/", data)
        assert response.status_code == 302
    with changes():
        editor_client.post(
            "/admin/comments/comment/", {"action": "remove", "_selected_action": [comment.pk]}
        )
    assert editor_client.get(article.get_absolute_url()).content.decode().count("After.") == 0


def test_a_change_shows_on_the_next_request(client, article, approved):
    comment = approved("First wording.")
    assert "First wording." in client.get(article.get_absolute_url()).content.decode()
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>Second wording.</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Second wording." in page
    assert "First wording." not in page
