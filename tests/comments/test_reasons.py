"""Why a comment was held, stored in English and read by each editor in their own
language (comments/reasons.py)."""

import pytest
from django.utils import translation

from comments import reasons
from comments.models import Comment

pytestmark = pytest.mark.django_db

VALUES = {"entry": "casino (100%)", "links": "3", "limit": "2"}


@pytest.mark.parametrize("sentence", reasons.SENTENCES)
def test_every_reason_reads_the_same_in_english_and_is_worded_in_japanese(sentence):
    stored = reasons.stored(sentence, **VALUES) if "%(" in sentence else sentence
    with translation.override("en"):
        assert reasons.in_active_language(stored) == stored
    with translation.override("ja"):
        japanese = reasons.in_active_language(stored)
    assert japanese != stored
    assert not any(
        letter.isascii() and letter.isalpha()
        for letter in japanese.replace("casino", "").replace("WordPress", "").replace("Disqus", "")
    )
    for name, value in VALUES.items():
        if f"%({name})s" in sentence:
            assert value in japanese


def test_a_reason_the_site_did_not_write_is_shown_as_it_was_stored():
    with translation.override("ja"):
        assert reasons.in_active_language("Held by hand: see the thread.") == (
            "Held by hand: see the thread."
        )
        assert reasons.in_active_language("Has many links.") == "Has many links."


def test_an_editor_reads_why_a_readers_comment_was_held_in_their_language(
    post, article, editor_client
):
    post(article, body="Sources: https://a.example/ https://b.example/ https://c.example/")
    comment = Comment.objects.get()
    assert comment.moderation_reason == "Has 3 links (more than 2)."  # stored in English
    path = f"/admin/comments/comment/{comment.pk}/change/"
    english = editor_client.get(path).content.decode()
    assert "Has 3 links (more than 2)." in english
    editor_client.cookies["django_language"] = "ja"
    japanese = editor_client.get(path).content.decode()
    assert "リンクが3個あります（上限は2個）。" in japanese
    assert "Has 3 links" not in japanese
