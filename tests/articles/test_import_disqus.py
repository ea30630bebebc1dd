"""Disqus comments onto imported articles (fixtures/disqus-ja.xml follows the format
Disqus documents for its XML export)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.django_db


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def blog():
    run("import_wordpress", str(FIXTURES / "wordpress-ja.xml"))


def test_threads_match_articles_and_replies_keep_parents(blog):
    summary = run("import_disqus", str(FIXTURES / "disqus-ja.xml"))
    assert "threads: matched 2, unmatched 1" in summary
    assert "unmatched thread 2003: https://sns-note.example/about/" in summary
    first = Comment.objects.get(import_source="disqus", import_id="3001")
    reply = Comment.objects.get(import_source="disqus", import_id="3002")
    assert first.article.wordpress_id == 123
    assert (reply.parent, reply.depth) == (first, 1)
    assert first.author_name == "良"
    assert first.created_at == datetime.datetime(2012, 12, 3, 9, tzinfo=datetime.UTC)
    assert first.body == "Disqusからのコメントです。\n\n二段落目 リンク (https://example.jp/a)"
    assert Comment.objects.get(import_id="3005").article.wordpress_id == 124
    assert not Comment.objects.filter(import_id__in=["3003", "3004", "3006"]).exists()
    # The WordPress comment with the same text from the same address is another comment.
    assert Comment.objects.filter(body="ありがとうございます").count() == 3


def test_second_import_and_dry_run_change_nothing(blog):
    dry = run("import_disqus", str(FIXTURES / "disqus-ja.xml"), "--dry-run")
    assert not Comment.objects.filter(import_source="disqus").exists()
    real = run("import_disqus", str(FIXTURES / "disqus-ja.xml"))
    assert dry.split("\n", 1)[1] == real.split("\n", 1)[1]
    before = list(Comment.objects.values_list("pk", "parent_id", "body"))
    again = run("import_disqus", str(FIXTURES / "disqus-ja.xml"))
    assert list(Comment.objects.values_list("pk", "parent_id", "body")) == before
    assert "comments: left out (deleted, spam) 2, left out (unmatched thread) 1" in again
    assert "already there 3" in again


def test_unreadable_files_fail_with_one_line(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<disqus><thread>")
    with pytest.raises(CommandError, match=r"^Cannot read .* as a Disqus export"):
        run("import_disqus", str(broken))
    with pytest.raises(CommandError, match="not a Disqus export"):
        run("import_disqus", str(FIXTURES / "wordpress-ja.xml"))
