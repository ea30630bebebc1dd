import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article

SEED = Path(__file__).resolve().parents[2] / "articles" / "seed" / "mixi-facebook-page.txt"

pytestmark = pytest.mark.django_db


def import_text(*args) -> str:
    out = io.StringIO()
    call_command("import_text", *args, stdout=out)
    return out.getvalue()


def test_imports_the_seed_text_as_a_draft():
    assert "as a draft" in import_text(str(SEED), "--tags", "mixi, japan")
    article = Article.objects.get()
    assert article.title == "So Mixi now has an Official Facebook Page..."
    assert article.slug == "so-mixi-now-has-an-official-facebook-page"
    assert article.status == Article.Status.DRAFT
    assert article.body.count("\n\n") == 12
    assert not article.body.rstrip().endswith("Comments")
    assert set(article.tags.names()) == {"mixi", "japan"}


def test_importing_twice_changes_nothing():
    import_text(str(SEED))
    assert "nothing to do" in import_text(str(SEED))
    assert Article.objects.count() == 1


def test_japanese_post_and_trailing_comment_count(tmp_path):
    post = tmp_path / "post.txt"
    post.write_text(
        "ミクシィの今\r\n\r\n一段落目。\r\n続き。\r\n\r\n二段落目。\r\n\r\nComments3\r\n",
        encoding="utf-8",
    )
    import_text(str(post))
    article = Article.objects.get()
    assert article.slug == "ミクシィの今"
    assert article.body == "一段落目。 続き。\n\n二段落目。"


def test_unreadable_files_are_refused(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_text(str(tmp_path / "missing.txt"))
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="Cannot read"):
        import_text(str(binary))
    empty = tmp_path / "empty.txt"
    empty.write_text("Only a title\n")
    with pytest.raises(CommandError, match="needs a title line"):
        import_text(str(empty))
