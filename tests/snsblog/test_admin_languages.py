"""The admin in the editor's language: at its one address (/admin/), the language the
editor chose with the language links, else their browser's, else English
(snsblog/languages.py, PreferredLanguageMiddleware)."""

import pytest

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
