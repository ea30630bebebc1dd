"""The admin in the editor's language: at its one address (/admin/), the language the
editor chose with the language links, else their browser's, else English
(snsblog/languages.py, PreferredLanguageMiddleware)."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db.models import CharField, TextField
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    Comparison,
    Fact,
    Metric,
    Platform,
    Proposal,
    Redirect,
    Source,
)
from comments import reasons
from comments.models import Comment
from tests.snsblog.test_languages import LATIN_RUN, InterfaceText, translated_words

pytestmark = pytest.mark.django_db


def test_the_admin_speaks_the_language_the_editor_chose(editor_client):
    editor_client.cookies["django_language"] = "ja"
    answer = editor_client.get("/admin/")
    html = answer.content.decode()
    assert '<html lang="ja"' in html
    assert "サイト管理" in html  # Django's own Japanese
    assert answer["Content-Language"] == "ja"
    assert "Accept-Language" in answer["Vary"]
    assert "Cookie" in answer["Vary"]


def test_the_admin_speaks_the_language_the_browser_prefers(editor_client, client):
    answer = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ja-JP,ja;q=0.9,en;q=0.5")
    assert answer.status_code == 200
    assert '<html lang="ja"' in answer.content.decode()
    login = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ja")
    assert '<html lang="ja"' in login.content.decode()


def test_without_a_preference_the_admin_is_in_english(editor_client):
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}):
        answer = editor_client.get("/admin/", **headers)
        assert '<html lang="en"' in answer.content.decode()
        assert "Site administration" in answer.content.decode()
        assert "Accept-Language" in answer["Vary"]
        assert "Cookie" in answer["Vary"]
    # English chosen, a Japanese browser: the choice wins.
    editor_client.cookies["django_language"] = "en"
    answer = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ja")
    assert '<html lang="en"' in answer.content.decode()


def test_the_admin_links_choose_a_language_and_come_back(editor_client):
    path = "/admin/articles/article/?status__exact=draft"
    html = editor_client.get(path).content.decode()
    link = "/language/ja/?next=/admin/articles/article/%3Fstatus__exact%3Ddraft"
    assert f'<a lang="ja" hreflang="ja" href="{link}">日本語</a>' in html
    assert '<span lang="en" aria-current="true">English</span>' in html
    answer = editor_client.get(link)
    assert (answer.status_code, answer["Location"]) == (302, path)
    assert answer.cookies["django_language"].value == "ja"
    japanese = editor_client.get(path).content.decode()
    assert '<html lang="ja"' in japanese
    assert '<span lang="ja" aria-current="true">日本語</span>' in japanese
    back = editor_client.get("/language/en/?next=/admin/")
    assert back["Location"] == "/admin/"
    assert '<html lang="en"' in editor_client.get("/admin/").content.decode()


def test_the_login_page_has_the_language_links(client):
    html = client.get("/admin/login/").content.decode()
    assert 'href="/language/ja/?next=/admin/login/">日本語</a>' in html


def test_reader_pages_keep_their_languages(client, seed_article):
    """English pages still send a Japanese reader to /ja/; an address nothing answers,
    and what crawlers read at one address, stay as they were."""
    client.cookies["django_language"] = "ja"
    path = f"/articles/{seed_article.slug}/"
    assert client.get(path)["Location"] == f"/ja{path}"
    assert '<html lang="en">' in client.get("/no-such-page/").content.decode()
    japanese_sitemap = client.get("/sitemap.xml").content
    del client.cookies["django_language"]
    assert client.get("/sitemap.xml").content == japanese_sitemap


# The admin in Japanese: none of the English the project adds to Django's admin is left
# (Django's own strings come with Django's Japanese).

ADDRESS = re.compile(r"/\S*")
# Third-party names the admin shows as they are.
NAMES = {"taggit"}


class AdminText(InterfaceText):
    """The words of an admin page (test_languages.InterfaceText), with the labels of its
    buttons, but not the alt texts of Django's own icons, English in every language."""

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "img" and "/admin/img/" in (attributes.get("src") or ""):
            attrs = [(name, value) for name, value in attrs if name != "alt"]
        super().handle_starttag(tag, attrs)
        button = tag == "input" and attributes.get("type") in ("submit", "button")
        if button and attributes.get("value") and not self.left_out:
            self.texts.append(attributes["value"])


def admin_untranslated(html: str, content: str, allowed: set[str]) -> list[str]:
    """Runs of Latin words on the page that are neither in the catalogue's Japanese nor
    written by someone (test_languages.untranslated, for the admin's pages)."""
    parser = AdminText("ja")
    parser.feed(html)
    found = []
    for text in parser.texts:
        if ADDRESS.fullmatch(text):
            continue
        for run in LATIN_RUN.findall(text):
            words = [word.lower() for word in re.findall(r"[A-Za-z]+", run)]
            if all(word in allowed | NAMES for word in words):
                continue
            # A text cut short (truncatechars) may end in the middle of a word.
            end = "" if f"{run}…" in text else r"(?![A-Za-z])"
            written = rf"(?<![A-Za-z]){re.escape(run.strip(' .'))}{end}"
            if re.search(written, content, re.IGNORECASE):
                continue
            found.append(f"{run!r} in {text!r}")
    return found


def written_in_the_admin() -> str:
    """Everything people wrote that the admin shows: every text field without choices
    of the models it edits, and the editors' names."""
    values = []
    for model in (Article, Fact, Fact.history.model, Metric, Platform, Source, Comparison,
                  Proposal, Redirect, Comment, User, Tag):  # fmt: skip
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, CharField | TextField)
            and not field.choices
            and field.name != "moderation_reason"  # the site's words (comments/reasons.py)
        ]
        for row in model.objects.values_list(*fields):
            values += [" ".join(str(value).split()) for value in row if value]
    return "\n".join(values)


@pytest.fixture
def admin_paths(seed_article, editor) -> list[str]:
    """Every kind of admin page the project changes, with something on each (and the
    redirects, which editors may be allowed to see)."""
    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="_redirect"))
    fact = seed_article.facts.order_by("pk").first()
    comment = Comment.objects.create(
        article=seed_article, author_name="Reader One", author_email="one@example.com",
        body="Facebook's figure counts something else.", status=Comment.Status.PENDING,
        moderation_reason=reasons.stored(reasons.TOO_MANY_LINKS, links=3, limit=2),
    )  # fmt: skip
    proposal = Proposal.objects.create(
        fact=fact, value=fact.value + 1, as_of=fact.as_of, as_of_precision=fact.as_of_precision,
        source_citation="Nikkei, 20 October 2012", note="Nikkei revised its figure.",
        name="Aiko", email="aiko@example.jp",
    )  # fmt: skip
    decided = Proposal.objects.create(
        fact=fact, value=fact.value + 2, as_of=fact.as_of, as_of_precision=fact.as_of_precision,
        source_url="https://www.nikkei.com/", name="Ken", email="ken@example.jp",
        status=Proposal.Status.REJECTED, decided_at=timezone.now(), decision_reason="No.",
    )  # fmt: skip
    redirect = Redirect.objects.create(old_path="/2012/05/mixi/", article=seed_article)
    metric = Metric.objects.get(name="monthly active users")
    draft = Article.objects.create(
        title="A draft", slug="a-draft", body="Mixi had 14 million users in 2012."
    )
    corrected = seed_article.facts.order_by("pk")[1]
    corrected.source = Source.objects.create(name="Nikkei Asia")  # the text still matches
    corrected._history_origin, corrected._history_credit = "correction", "Aiko"
    corrected._change_reason = "Nikkei revised it."
    corrected.save()
    version = corrected.history.earliest()
    return [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/?figures=unbacked",
        f"/admin/articles/article/{seed_article.pk}/change/",
        f"/admin/articles/article/{draft.pk}/change/",
        "/admin/articles/article/add/",
        "/admin/articles/fact/",
        f"/admin/articles/fact/{fact.pk}/change/",
        f"/admin/articles/fact/{corrected.pk}/history/",
        f"/admin/articles/fact/{corrected.pk}/history/{version.pk}/",
        "/admin/articles/fact/add/",
        "/admin/articles/proposal/",
        f"/admin/articles/proposal/{proposal.pk}/change/",
        f"/admin/articles/proposal/{decided.pk}/change/",
        "/admin/comments/comment/",
        f"/admin/comments/comment/{comment.pk}/change/",
        "/admin/articles/metric/",
        f"/admin/articles/metric/{metric.pk}/change/",
        "/admin/articles/comparison/",
        f"/admin/articles/comparison/{Comparison.objects.first().pk}/change/",
        "/admin/articles/platform/",
        f"/admin/articles/platform/{fact.platform_id}/change/",
        "/admin/articles/source/",
        f"/admin/articles/source/{fact.source_id}/change/",
        "/admin/articles/redirect/",
        f"/admin/articles/redirect/{redirect.pk}/change/",
    ]


def english_left(client, paths: list[str], **headers) -> dict[str, list[str]]:
    content, allowed = written_in_the_admin(), translated_words()
    report = {}
    for path in paths:
        answer = client.get(path, **headers)
        assert answer.status_code == 200, path
        html = answer.content.decode()
        assert '<html lang="ja"' in html, path
        if found := admin_untranslated(html, content, allowed):
            report[path] = found
    return report


def report_text(report: dict[str, list[str]]) -> str:
    return "untranslated in the Japanese admin:\n" + "\n".join(
        f"{path}: {', '.join(found)}" for path, found in report.items()
    )


def test_no_english_is_left_in_the_admin_of_an_editor_who_chose_japanese(
    editor_client, admin_paths
):
    editor_client.cookies["django_language"] = "ja"
    report = english_left(editor_client, admin_paths)
    assert not report, report_text(report)


def test_no_english_is_left_in_the_admin_of_a_japanese_browser(editor_client, admin_paths):
    report = english_left(editor_client, admin_paths, HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")
    assert not report, report_text(report)


def test_no_english_is_left_on_the_login_page(client, db):
    client.cookies["django_language"] = "ja"
    report = english_left(client, ["/admin/login/"])
    assert not report, report_text(report)


def test_the_check_finds_english_nobody_translated(editor_client, admin_paths):
    """The tests above fail on a new unmarked string, a button's label among them, and
    not on Django's own icons."""
    editor_client.cookies["django_language"] = "ja"
    html = editor_client.get("/admin/articles/article/").content.decode()
    assert 'alt="Search"' in html  # Django's, English in every language
    html = html.replace(
        "</h1>", '</h1><p>Check the figures</p><input type="submit" value="Publish now">', 1
    )
    assert admin_untranslated(html, written_in_the_admin(), translated_words()) == [
        "'Check the figures' in 'Check the figures'",
        "'Publish now' in 'Publish now'",
    ]


def test_without_a_preference_the_projects_admin_strings_are_english(editor_client, admin_paths):
    pages = {path: editor_client.get(path).content.decode() for path in admin_paths}
    proposal = next(path for path in admin_paths if "/proposal/" in path and "change" in path)
    assert 'value="Accept: change the fact"' in pages[proposal]
    article = next(path for path in admin_paths if "/article/" in path and "change" in path)
    assert "figures in the text, 0 not backed by a fact." in pages[article]
    assert "comment awaiting moderation</a>" in pages["/admin/"]
    assert all('<html lang="en"' in html for html in pages.values())


def test_moderating_says_what_was_done_in_japanese(editor_client, seed_article):
    comments = [
        Comment.objects.create(
            article=seed_article,
            author_name=name,
            author_email=f"{name}@example.jp",
            body=f"Comment by {name}.",
            status=Comment.Status.PENDING,
        )
        for name in ("aiko", "ken")
    ]
    editor_client.cookies["django_language"] = "ja"
    answer = editor_client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [comment.pk for comment in comments]},
        follow=True,
    )
    html = answer.content.decode()
    assert "2件のコメントを承認しました。" in html
    assert '<button type="submit" class="undo-button">元に戻す</button>' in html
    undone = editor_client.post("/admin/comments/comment/undo/", follow=True).content.decode()
    assert "2件のコメントを元に戻しました。" in undone
    # Removing, which can be undone, is not deleting (削除), which cannot.
    assert '<option value="remove">非表示にする</option>' in undone
    assert "削除" in undone  # Django's "Delete selected comments"
    removed = editor_client.post(
        "/admin/comments/comment/",
        {"action": "remove", "_selected_action": [comment.pk for comment in comments]},
        follow=True,
    ).content.decode()
    assert "2件のコメントを非表示にしました。" in removed
    assert '<a href="?status__exact=removed">非表示</a>' in removed  # the status filter


def test_deciding_corrections_says_what_was_done_in_japanese(editor_client, admin_paths):
    editor_client.cookies["django_language"] = "ja"
    waiting = Proposal.objects.get(status=Proposal.Status.OPEN)
    answer = editor_client.post(
        "/admin/articles/proposal/",
        {"action": "reject_selected", "_selected_action": [waiting.pk]},
        follow=True,
    )
    assert "1件の修正を却下しました。" in answer.content.decode()
    again = editor_client.post(
        f"/admin/articles/proposal/{waiting.pk}/change/", {"_accept": "1"}, follow=True
    )
    assert "この提案はすでに判断済みです。" in again.content.decode()


def test_the_lockout_page_is_in_the_editors_language(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 1
    client.cookies["django_language"] = "ja"
    answer = client.post("/admin/login/", {"username": "eddie", "password": "wrong"})
    html = answer.content.decode()
    assert answer.status_code == 429
    assert '<html lang="ja"' in html
    assert "<h1>ログインの失敗が多すぎます</h1>" in html
    assert '<div id="site-name"><a href="/admin/">snsblog 編集</a></div>' in html
    assert "1回失敗したため、このログインはロックされています。15分後に" in html
    assert not admin_untranslated(html, "", translated_words())
    english = Client().post(
        "/admin/login/", {"username": "eddie", "password": "wrong"}, REMOTE_ADDR="192.0.2.9"
    )
    assert "Try again in 15 minutes," in english.content.decode()
    assert '<a href="/admin/">snsblog editors</a>' in english.content.decode()


def test_a_redirect_shows_where_it_sends_readers_whatever_the_editors_language(
    editor_client, admin_paths, seed_article
):
    editor_client.cookies["django_language"] = "ja"
    html = editor_client.get("/admin/articles/redirect/").content.decode()
    assert f">/articles/{seed_article.slug}/<" in html
    assert f"/ja/articles/{seed_article.slug}/" not in html


def test_djangos_own_names_keep_their_japanese(admin_client):
    """The catalogue's words for units (“users”: 人) do not rename Django's models."""
    admin_client.cookies["django_language"] = "ja"
    html = admin_client.get("/admin/").content.decode()
    assert 'href="/admin/auth/user/">ユーザー</a>' in html
