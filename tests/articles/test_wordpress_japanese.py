"""A Japanese blog's export (fixtures/wordpress-ja.xml): percent-encoded slugs,
threads, repeated comment texts, password-protected posts, dates without GMT."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment

EXPORT = Path(__file__).parent / "fixtures" / "wordpress-ja.xml"

pytestmark = pytest.mark.django_db


def import_wordpress(*args) -> str:
    out = io.StringIO()
    call_command("import_wordpress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_percent_encoded_slugs_are_decoded_and_cleaned():
    summary = import_wordpress(str(EXPORT))
    assert Article.objects.get(wordpress_id=123).slug == "ミクシィ"
    # U+202E (a bidi override) and an emoji cannot be in a slug: removed.
    assert Article.objects.get(wordpress_id=124).slug == "グリー"
    assert "refused" not in summary


def test_html_body_is_rendered_as_wordpress_does(client):
    import_wordpress(str(EXPORT))
    article = Article.objects.get(wordpress_id=123)
    assert article.body_format == Article.BodyFormat.HTML
    assert "<strong>1,402万人</strong>でした。<br>\n日経の記事より。" in article.body_html
    assert "<h5>出典</h5>" in article.body_html
    assert "<del>1,500万人</del>" in article.body_html
    assert article.excerpt == "ミクシィの月間利用者数は1,402万人でした。 日経の記事より。"
    assert set(article.tags.names()) == {"ミクシィ", "SNS"}
    assert article.author_name == "山田花子"
    assert get_user_model().objects.get(username="hanako").has_usable_password() is False
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h5>出典</h5>" in page


def test_dates_come_from_gmt_or_from_local_time_in_the_exports_offset():
    import_wordpress(str(EXPORT))
    published = Article.objects.get(wordpress_id=123).published_at
    assert published == datetime.datetime(2012, 12, 1, 0, 30, tzinfo=datetime.UTC)
    # No GMT date: 21:00 in the export's +09:00 (learnt from the other posts).
    draft = Article.objects.get(wordpress_id=124)
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at == datetime.datetime(2013, 1, 15, 12, tzinfo=datetime.UTC)


def test_password_protected_posts_and_their_comments_stay_private(client):
    summary = import_wordpress(str(EXPORT))
    members = Article.objects.get(wordpress_id=125)
    assert members.status == Article.Status.DRAFT
    assert "password-protected" in summary
    assert "会員限定の記事" in summary
    assert client.get(members.get_absolute_url()).status_code == 404
    assert "秘密" not in client.get("/feed/").content.decode()
    assert "秘密" not in client.get("/comments/feed/").content.decode()


def test_same_text_in_two_threads_stays_two_comments(client):
    import_wordpress(str(EXPORT))
    article = Article.objects.get(wordpress_id=123)
    thanks = Comment.objects.filter(body="ありがとうございます").order_by("import_id")
    assert [c.parent.import_id for c in thanks] == ["501", "502"]
    assert [c.depth for c in thanks] == [1, 1]
    first = Comment.objects.get(import_id="501")
    assert first.created_at == datetime.datetime(2012, 12, 1, 1, tzinfo=datetime.UTC)
    assert first.body == "詳しくはこちら (https://example.jp/mixi) 。\n面白い記事でした。"
    assert Comment.objects.get(import_id="505").status == Comment.Status.PENDING
    assert not Comment.objects.filter(import_id="506").exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count("ありがとうございます") == 2
    assert "&lt;strong&gt;" not in page
    assert "<strong>面白い" not in page
    assert 'href="https://example.jp/mixi"' in page


def test_second_import_changes_nothing():
    import_wordpress(str(EXPORT))
    before = list(Comment.objects.values_list("pk", "import_id", "parent_id", "body"))
    summary = import_wordpress(str(EXPORT))
    assert list(Comment.objects.values_list("pk", "import_id", "parent_id", "body")) == before
    assert "posts: already there 3" in summary
    assert "already there 6" in summary.split("comments:")[1]


def test_old_wordpress_addresses_redirect_permanently(client):
    import_wordpress(str(EXPORT))
    article = Article.objects.get(wordpress_id=123)
    response = client.get("/?p=123")
    assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())
    response = client.get("/2012/12/01/%e3%83%9f%e3%82%af%e3%82%b7%e3%82%a3/")
    assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())
    # Drafts, unknown IDs and nonsense do not redirect, and tell nothing.
    assert client.get("/?p=124").status_code == 404
    assert client.get("/?p=999").status_code == 404
    assert client.get("/?p=abc").status_code == 404
    assert client.get("/2012/13/01/x/").status_code == 404
    assert client.get("/2011/01/01/%e3%83%9f%e3%82%af%e3%82%b7%e3%82%a3/").status_code == 404
