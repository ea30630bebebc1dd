import re

import pytest
from django.test import Client

from articles.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db


def page_of(client: Client, article: Article) -> str:
    return client.get(article.get_absolute_url()).content.decode()


def test_new_commenter_waits_for_moderation_and_sees_it(client, post, article):
    response = post(article)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "First comment under this name and email address."
    own_page = page_of(client, article)
    assert "Your comment is awaiting moderation." in own_page
    assert "Mixi still matters to me." in own_page
    assert "Comments (0)" in own_page
    public_page = page_of(Client(), article)
    assert "Mixi still matters to me." not in public_page
    assert "awaiting moderation" not in public_page


def test_known_commenter_is_approved_at_once(client, post, article, approved):
    approved(author_email="aiko@example.jp", author_name="aiko")
    post(article, body="Second thoughts.", author_name=" Aiko ")
    comment = Comment.objects.get(body="Second thoughts.")
    assert comment.status == Comment.Status.APPROVED
    page = page_of(Client(), article)
    assert "Second thoughts." in page
    assert "Comments (2)" in page


def test_a_known_email_under_another_name_is_moderated(post, article, approved):
    approved(author_email="aiko@example.jp", author_name="Aiko")
    post(article, body="Official news!", author_name="snsblog editors (official)")
    comment = Comment.objects.get(body="Official news!")
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "First comment under this name and email address."


def test_moderation_all_holds_known_commenters(post, article, approved, settings):
    settings.COMMENTS_MODERATION = "all"
    approved(author_email="aiko@example.jp")
    post(article, body="Held anyway.")
    assert Comment.objects.get(body="Held anyway.").status == Comment.Status.PENDING


def test_moderation_none_approves_strangers(post, article, settings):
    settings.COMMENTS_MODERATION = "none"
    post(article)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_reply_is_nested_under_its_parent(client, post, article, approved):
    parent = approved("The parent comment.")
    approved("Another top-level comment.")
    post(article, parent=str(parent.pk), body="A reply.", author_email="ken@example.jp",
         author_name="Ken")  # fmt: skip
    reply = Comment.objects.get(body="A reply.")
    assert (reply.parent, reply.thread, reply.depth) == (parent, parent, 1)
    html = page_of(Client(), article)
    nested = re.search(
        rf'<li id="comment-{parent.pk}".*?<ol class="replies">\s*<li id="comment-{reply.pk}"',
        html,
        re.S,
    )
    assert nested, html
    assert html.index("A reply.") < html.index("Another top-level comment.")


def test_deep_replies_attach_to_the_deepest_allowed_level(post, article, approved, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    level0 = approved("level 0")
    level1 = approved("level 1", parent=level0)
    level2 = approved("level 2", parent=level1)
    post(article, parent=str(level2.pk), body="too deep", author_email="ken@example.jp")
    reply = Comment.objects.get(body="too deep")
    assert reply.parent == level1
    assert reply.depth == 2
    assert reply.thread == level0


def test_reply_link_works_without_javascript(client, article, approved):
    parent = approved("Reply to me.", author_name="Ken")
    html = client.get(f"{article.get_absolute_url()}?replyto={parent.pk}").content.decode()
    assert "Reply to Ken" in html
    assert f'name="parent" value="{parent.pk}"' in html


def test_plain_text_with_links_and_paragraphs(client, post, article, settings):
    settings.COMMENTS_MODERATION = "none"
    post(article, body="First line\nsecond line\n\nSee https://example.com/mixi <b>bold</b>")
    html = page_of(client, article)
    assert "<p>First line<br>second line</p>" in html
    assert (
        '<a href="https://example.com/mixi" rel="nofollow ugc">https://example.com/mixi</a>' in html
    )
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_author_website_is_a_nofollow_link(client, post, article, settings):
    settings.COMMENTS_MODERATION = "none"
    post(article, author_url="https://aiko.example.jp/")
    assert '<a href="https://aiko.example.jp/" rel="nofollow ugc">Aiko</a>' in page_of(
        client, article
    )


def test_email_is_never_shown(client, post, article, settings):
    settings.COMMENTS_MODERATION = "none"
    post(article)
    assert "aiko@example.jp" not in page_of(Client(), article)


def test_remember_me_sets_a_cookie_only_when_ticked(client, post, article):
    response = post(article)
    assert "commenter" not in response.cookies
    response = post(
        article, body="Again, remembered.", remember="on", author_url="https://a.example/"
    )
    assert response.cookies["commenter"]["httponly"]
    form = client.get(article.get_absolute_url()).content.decode()
    assert 'value="Aiko"' in form
    assert 'value="aiko@example.jp"' in form
    assert 'value="https://a.example/"' in form
    response = post(article, body="Forget me now.")
    assert response.cookies["commenter"].value == ""


def test_comment_can_be_posted_in_japanese(client, post, article, settings):
    settings.COMMENTS_MODERATION = "none"
    post(article, author_name="愛子", body="ミクシィはまだ使っています。")
    html = page_of(client, article)
    assert "愛子" in html
    assert "ミクシィはまだ使っています。" in html


def test_permalink_lands_on_the_comment(client, article, approved):
    comment = approved("Find me.")
    response = client.get(f"/comments/{comment.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"


def test_permalink_of_a_pending_comment_is_404_for_others(client, article, approved):
    comment = approved("Not yet.", status=Comment.Status.PENDING)
    assert client.get(f"/comments/{comment.pk}/").status_code == 404
    assert client.get("/comments/999999/").status_code == 404
