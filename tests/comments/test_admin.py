import pytest
from django.test import Client

from comments.models import Comment

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/comments/comment/"


def run_action(client: Client, action: str, *comments: Comment):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [c.pk for c in comments]}, follow=True
    )


def test_editor_sees_the_pending_count(editor_client, approved):
    approved("waiting 1", status=Comment.Status.PENDING)
    approved("waiting 2", status=Comment.Status.PENDING)
    approved("fine")
    listing = editor_client.get(CHANGELIST).content.decode()
    assert "<strong>2</strong> comments awaiting moderation" in listing
    home = editor_client.get("/admin/").content.decode()
    assert "<strong>2</strong> comments awaiting moderation" in home


def test_approving_shows_the_comment_at_once(editor_client, article, approved):
    comment = approved("Approve me.", status=Comment.Status.PENDING)
    reader = Client()
    assert "Approve me." not in reader.get(article.get_absolute_url()).content.decode()
    response = run_action(editor_client, "approve", comment)
    assert "1 comment approved." in response.content.decode()
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "Approve me." in page
    assert "Comments (1)" in page


@pytest.mark.parametrize(("action", "status"), [("mark_spam", "spam"), ("remove", "removed")])
def test_spam_and_remove_hide_the_comment_at_once(editor_client, article, approved, action, status):
    comment = approved("Hide me.")
    reader = Client()
    assert "Hide me." in reader.get(article.get_absolute_url()).content.decode()
    run_action(editor_client, action, comment)
    comment.refresh_from_db()
    assert comment.status == status
    assert "Hide me." not in reader.get(article.get_absolute_url()).content.decode()


def test_filters_and_search(editor_client, approved, make_article):
    approved("about LINE", author_name="Yuki", author_email="yuki@example.jp")
    approved("about GREE", author_name="Taro", status=Comment.Status.PENDING)
    by_status = editor_client.get(CHANGELIST + "?status__exact=pending").content.decode()
    assert "about GREE" in by_status
    assert "about LINE" not in by_status
    by_email = editor_client.get(CHANGELIST + "?q=yuki@example.jp").content.decode()
    assert "about LINE" in by_email
    assert "about GREE" not in by_email
    assert editor_client.get(CHANGELIST + "?created_at__year=2026").status_code == 200


def test_change_page_links_to_the_comment_on_the_site(editor_client, approved):
    comment = approved("Linked.")
    listing = editor_client.get(CHANGELIST).content.decode()
    assert f'href="/comments/{comment.pk}/"' in listing
    change = editor_client.get(f"{CHANGELIST}{comment.pk}/change/")
    assert change.status_code == 200
    assert "View on site" in change.content.decode()
    assert f'href="/comments/{comment.pk}/" class="viewsitelink"' in change.content.decode()


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
)
def test_a_comment_readers_cannot_see_has_no_link_to_the_site(editor_client, approved, status):
    comment = approved("Not shown.", status=status)
    change = editor_client.get(f"{CHANGELIST}{comment.pk}/change/").content.decode()
    assert "viewsitelink" not in change
    assert editor_client.get(f"/comments/{comment.pk}/").status_code == 404  # it would lead here


def test_non_staff_cannot_moderate(client, approved, django_user_model):
    comment = approved("Pending.", status=Comment.Status.PENDING)
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    response = client.post(CHANGELIST, {"action": "approve", "_selected_action": [comment.pk]})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_comment_is_named_by_its_article_and_author_in_each_language(editor_client, approved):
    comment = approved("Mixi still matters.", author_name="コメント太郎")
    path = f"{CHANGELIST}{comment.pk}/change/"
    english = editor_client.get(path).content.decode()
    assert "コメント太郎 on Mixi and Facebook: Mixi still matters." in english
    editor_client.cookies["django_language"] = "ja"
    japanese = editor_client.get(path).content.decode()
    # The title in 「」, so a name that ends in コメント does not run into it.
    assert "「Mixi and Facebook」へのコメント太郎さんのコメント：Mixi still matters." in japanese
