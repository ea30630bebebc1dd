"""Comments as readers and the editor meet them: posted, moderated, edited and erased,
each change seen by another reader on the very next request, whichever worker answers."""

import time

from tests.e2e.http import alternate_links
from tests.e2e.pages import (
    SEED_PATH,
    admin_action,
    admin_ids,
    approve_first_comment,
    approved_on_article,
    change_form,
    comment_count,
    comment_ids,
    post_comment,
    read,
    save_change_form,
    unique,
)

ROUNDS = 20


def commenter(label: str) -> tuple[str, str]:
    name = unique(label.capitalize())
    return name, f"{name.lower()}@example.com"


def test_a_returning_commenters_comment_shows_to_another_reader_at_once(server, editor, new_client):
    author, reader = new_client("author"), new_client("reader")
    name, email = commenter("returning")
    first, _ = approve_first_comment(editor, author, name, email)
    page = read(reader)
    assert first in comment_ids(page), "the approved first comment is not on the page"
    count = comment_count(page)

    for round_ in range(1, ROUNDS + 1):
        text = unique(f"round{round_}x")
        pk = post_comment(author, name, email, f"Another thought, {text}.")
        page = read(reader)
        missing = f"round {round_}: comment {pk} is not on the page another reader gets next"
        assert pk in comment_ids(page), missing
        assert text in page, missing
        assert comment_count(page) == count + round_, f"round {round_}: the count is stale"

    # Every worker must have shown the comments: on a busy machine one worker can take
    # all 20 reads, so read on (each read checked) until another one answers.
    time.sleep(0.2)  # gunicorn logs a request after answering it
    workers = server.workers_that_answered(reader.user_agent, SEED_PATH)
    for _ in range(200):
        if len(workers) >= 2:
            break
        page = read(reader)
        assert pk in comment_ids(page), "a worker shows a stale discussion"
        time.sleep(0.05)
        workers = server.workers_that_answered(reader.user_agent, SEED_PATH)
    assert len(workers) >= 2, f"every read was answered by one worker: {workers}"


def comment_path(pk: int) -> str:
    return f"/admin/comments/comment/{pk}/change/"


def visible_comment(server, editor, new_client) -> tuple[int, str, object]:
    """An approved comment (its id and text) and a reader who sees it."""
    author, reader = new_client("author"), new_client("reader")
    name, email = commenter("moderated")
    pk, text = approve_first_comment(editor, author, name, email)
    page = read(reader)
    assert pk in comment_ids(page), "the approved comment is not on the page"
    assert text in page
    return pk, text, reader


def test_approving_in_the_change_form_shows_the_comment(server, editor, new_client, article_id):
    author, reader = new_client("author"), new_client("reader")
    name, email = commenter("pending")
    text = unique("held")
    pk = post_comment(author, name, email, f"Held for now, {text}.")
    page = read(reader)
    assert pk not in comment_ids(page), "a pending comment is public"
    assert text not in page
    approved = approved_on_article(editor, article_id)

    form = change_form(editor, comment_path(pk), "comment")
    assert form["status"] == "pending"
    assert form["body"] == f"Held for now, {text}."
    form["status"] = "approved"
    save_change_form(editor, comment_path(pk), form)

    page = read(reader)
    assert pk in comment_ids(page), "the approved comment is not shown"
    assert text in page
    assert comment_count(page) == approved + 1 == approved_on_article(editor, article_id)


def test_editing_in_the_change_form_shows_the_new_text(server, editor, new_client):
    pk, old, reader = visible_comment(server, editor, new_client)
    new = unique("edited")
    form = change_form(editor, comment_path(pk), "comment")
    form["body"] = f"Corrected by the editor, {new}."
    form["author_name"] = new_name = unique("Renamed")
    save_change_form(editor, comment_path(pk), form)

    page = read(reader)
    assert new in page, "the edited comment shows its old text"
    assert new_name in page, "the edited comment shows its old name"
    assert old not in page


def test_removing_in_the_change_form_hides_the_comment(server, editor, new_client):
    pk, text, reader = visible_comment(server, editor, new_client)
    count = comment_count(read(reader))
    form = change_form(editor, comment_path(pk), "comment")
    form["status"] = "removed"
    save_change_form(editor, comment_path(pk), form)

    page = read(reader)
    assert pk not in comment_ids(page), "the removed comment is shown"
    assert text not in page
    assert comment_count(page) == count - 1


def test_the_approve_action_shows_the_comment(server, editor, new_client, article_id):
    author, reader = new_client("author"), new_client("reader")
    name, email = commenter("actioned")
    text = unique("waiting")
    pk = post_comment(author, name, email, f"Waiting, {text}.")
    page = read(reader)
    assert pk not in comment_ids(page), "a pending comment is public"
    approved = approved_on_article(editor, article_id)

    admin_action(editor, "approve", pk)

    page = read(reader)
    assert pk in comment_ids(page), "the approved comment is not shown"
    assert text in page
    assert comment_count(page) == approved + 1 == approved_on_article(editor, article_id)


def test_the_remove_and_spam_actions_hide_the_comment(server, editor, new_client):
    for action in ("remove", "mark_spam"):
        pk, text, reader = visible_comment(server, editor, new_client)
        count = comment_count(read(reader))

        admin_action(editor, action, pk)

        page = read(reader)
        assert pk not in comment_ids(page), f"{action}: the comment is still shown"
        assert text not in page, f"{action}: the comment's text is still shown"
        assert comment_count(page) == count - 1, f"{action}: the count is stale"


def comment_feeds(html: str) -> list[str]:
    feeds = [href for kind, title, href in alternate_links(html) if "Comments" in title]
    assert feeds, "the article page links no comment feed"
    return ["/comments/feed/", *feeds]


def test_erasing_a_commenter_removes_their_name_and_text_everywhere(server, editor, new_client):
    author, reader = new_client("author"), new_client("reader")
    name, email = commenter("erasable")
    pk, text = approve_first_comment(editor, author, name, email)

    page = read(reader)
    feeds = comment_feeds(page)
    places = [SEED_PATH, *feeds, "/admin/comments/comment/?o=-6"]
    for place in places:
        client = editor if place.startswith("/admin/") else reader
        shown = read(client, place)
        assert name in shown, f"{place} does not show the name to erase"
        assert text in shown, f"{place} does not show the text to erase"
    assert admin_ids(editor, "/admin/comments/comment/", name) == [pk]

    erased = server.manage("commenter_data", email, "--erase")
    assert "1 comment " in erased.stdout, erased.stdout

    for place in places:
        client = editor if place.startswith("/admin/") else reader
        shown = read(client, place)
        assert name not in shown, f"{place} still shows the erased commenter's name"
        assert text not in shown, f"{place} still shows the erased commenter's text"
    assert admin_ids(editor, "/admin/comments/comment/", name) == []
    assert admin_ids(editor, "/admin/comments/comment/", text) == []
