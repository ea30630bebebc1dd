"""Each article page says the language it is written in: its title and body carry
their own `lang`, apart from the interface's (the page's `<html lang>`), and the page
says so in words where the two differ."""

import pytest

from articles.formatting import guess_language

pytestmark = pytest.mark.django_db


def test_seed_article_is_english(client, seed_article):
    assert seed_article.lang == "en"
    html = client.get(seed_article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html


def test_japanese_article_page_says_ja(client, make_article):
    article = make_article(
        title="ミクシィの話", slug="mixi-ja", body="ミクシィは日本のSNSです。", lang="ja"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html  # the interface
    assert '<h1 lang="ja">ミクシィの話</h1>' in html
    assert '<div class="article-body" lang="ja">' in html
    assert "This article is written in Japanese." in html
    in_japanese = client.get("/ja/articles/mixi-ja/").content.decode()
    assert '<html lang="ja">' in in_japanese
    assert "この記事は" not in in_japanese  # no note where the languages agree


def test_an_english_article_in_the_japanese_interface_says_so(client, seed_article):
    html = client.get(f"/ja/articles/{seed_article.slug}/").content.decode()
    assert '<html lang="ja">' in html
    assert '<h1 lang="en">' in html
    assert "この記事は英語で書かれています。" in html


def test_invalid_language_tag_is_refused(make_article):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="language tag"):
        make_article(lang="English")


def test_guess_language():
    assert guess_language("ミクシィは日本のSNSです。LINEも人気。") == "ja"
    assert guess_language("So Mixi now has an Official Facebook Page... 日本") == "en"
    assert guess_language("") == "en"


def test_import_text_sets_the_language(tmp_path):
    from django.core.management import call_command

    from articles.models import Article

    path = tmp_path / "ja.txt"
    path.write_text("ミクシィの公式ページ\n\nミクシィがフェイスブックに公式ページを作りました。\n")
    call_command("import_text", str(path), stdout=__import__("io").StringIO())
    assert Article.objects.get().lang == "ja"
