"""Each article page says the language it is written in."""

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
    assert '<html lang="ja">' in html


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
