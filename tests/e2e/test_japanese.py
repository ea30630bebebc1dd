"""A reader who prefers Japanese, against `make serve`: the browser's Accept-Language
leads to the Japanese seed article, whose facts, charts and comments read in Japanese;
a refused comment comes back in Japanese with its text, and the email about a reply
goes out in Japanese. Readers of the English page, on any worker, still get English.
An editor who chooses Japanese gets the admin in Japanese at its one address."""

import email.header
import re
import time

from tests.e2e.conftest import EDITOR_PASSWORD, EDITOR_USERNAME
from tests.e2e.http import Client, find_form
from tests.e2e.pages import (
    SEED_PATH,
    admin_action,
    comment_form,
    read,
    unique,
)

JAPANESE_SEED = "/ja" + SEED_PATH


def japanese_reader(new_client) -> Client:
    reader = new_client("japanese reader")
    reader.headers["Accept-Language"] = "ja-JP,ja;q=0.9,en;q=0.3"
    return reader


def mail_to(server, address: str, timeout: float = 20) -> str:
    """The console email to this address that `make serve` printed (EMAIL_HOST unset)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in server.output().split("\n" + "-" * 79):
            if f"To: {address}" in message:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} in the server's output")


def test_the_japanese_reader_reads_the_seed_article_in_japanese(server, new_client):
    reader = japanese_reader(new_client)
    answer = reader.get(SEED_PATH)
    assert (answer.status, answer.location) == (302, JAPANESE_SEED)
    page = read(reader, JAPANESE_SEED)
    assert '<html lang="ja">' in page
    for shown in (
        "この記事のプラットフォームデータ",  # the facts section
        "Mixi対Facebook（2012年）",  # the comparison chart's title
        "1,402万人",  # a figure as Japanese writes it
        "2012年9月",  # its date
        "この記事は英語で書かれています。",  # the article's own language
        "コメント（",  # the discussion
        "コメントを書く",  # the form
    ):
        assert shown in page, shown
    # Another reader, on whichever worker cached the Japanese page, gets English.
    for _ in range(4):
        english = read(new_client("english reader"))
        assert "Platform facts in this article" in english
        assert "この記事" not in english


def test_a_refused_comment_comes_back_in_japanese_with_its_text(server, new_client):
    reader = japanese_reader(new_client)
    form = comment_form(read(reader, JAPANESE_SEED))
    assert form.action.startswith("/ja/comments/post/")
    text = unique("名前のないコメント")
    form["body"] = text  # no name, no email
    answer = reader.post(form.action, form.data())
    assert answer.status == 400
    assert "コメントは投稿されませんでした。入力した文章は下に残っています。" in answer.text
    assert "この欄は必須です。" in answer.text
    assert f">{text}</textarea>" in answer.text


def test_the_reply_email_is_in_japanese(server, editor, new_client):
    reader, other = japanese_reader(new_client), new_client("english replier")
    name, address = unique("Aiko"), f"{unique('aiko')}@example.jp"
    form = comment_form(read(reader, JAPANESE_SEED))
    form["author_name"], form["author_email"] = name, address
    form["body"] = "返信があればメールで教えてください。"
    form["notify_replies"] = "on"
    posted = reader.post(form.action, form.data())
    assert posted.status == 302, posted.status
    parent = int(re.search(r"#comment-(\d+)$", posted.location).group(1))
    admin_action(editor, "approve", parent)

    replier = unique("Ken")
    page = read(other, SEED_PATH)
    form = comment_form(page)
    form["parent"] = str(parent)
    form["author_name"], form["author_email"] = replier, f"{replier.lower()}@example.com"
    form["body"] = "Here is an answer."
    answer = other.post(form.action, form.data())
    assert answer.status == 302, answer.status
    reply = int(re.search(r"#comment-(\d+)$", answer.location).group(1))
    admin_action(editor, "approve", reply)

    message = mail_to(server, address)
    subject = re.search(r"^Subject: (.*(?:\n[ \t].*)*)", message, re.M).group(1)
    decoded = str(email.header.make_header(email.header.decode_header(subject)))
    assert decoded == f"[snsblog] {replier}さんがあなたのコメントに返信しました"
    assert f"{replier}さんが「" in message
    assert "Here is an answer." in message
    assert "/ja/comments/unsubscribe/" in message


def test_an_editor_who_chose_japanese_gets_the_admin_in_japanese(server, editor, new_client):
    japanese_editor = new_client("japanese editor")
    chosen = japanese_editor.get("/language/ja/?next=/admin/login/%3Fnext%3D/admin/")
    assert (chosen.status, chosen.location) == (302, "/admin/login/?next=/admin/")
    login = japanese_editor.get(chosen.location)
    assert '<html lang="ja"' in login.text
    form = find_form(login.text, id="login-form")
    form["username"], form["password"] = EDITOR_USERNAME, EDITOR_PASSWORD
    assert japanese_editor.post("/admin/login/?next=/admin/", form.data()).status == 302
    index = japanese_editor.get("/admin/")
    assert '<html lang="ja"' in index.text
    assert "snsblog 編集" in index.text  # the site's header, from the catalogue
    assert "承認待ちのコメント<strong>" in index.text
    comments = japanese_editor.get("/admin/comments/comment/").text
    assert '<option value="approve">承認する</option>' in comments
    # A fact saved as its Japanese form shows it (digits, not 万), and its History.
    facts = japanese_editor.get("/admin/articles/fact/").text
    change = re.search(r'href="(/admin/articles/fact/\d+/change/)', facts)[1]
    fact_form = find_form(japanese_editor.get(change).text, id="fact_form")
    saved = japanese_editor.post(change, fact_form.data(_save="保存"))
    assert saved.status == 302, saved.text[:2000]
    history = japanese_editor.get(change.replace("/change/", "/history/")).text
    assert '<th scope="col">出どころ</th>' in history
    assert "<td>取り込み</td>" in history  # the seed's facts came with load_seed
    # The editor who chose nothing, on whichever worker, still gets English.
    for _ in range(4):
        assert '<html lang="en"' in editor.get("/admin/").text
