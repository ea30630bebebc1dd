"""Leaving: a WXR export of everything, which imports back into an empty site."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment

EXPORT = Path(__file__).parent / "fixtures" / "wordpress-ja.xml"

pytestmark = pytest.mark.django_db


def state() -> tuple:
    articles = sorted(
        (a.title, a.slug, a.status, a.published_at, a.body_html, tuple(sorted(a.tags.names())))
        for a in Article.objects.all()
    )
    comments = sorted(
        (c.article.slug, c.author_name, c.body, c.status, c.created_at, c.depth,
         c.parent.body if c.parent else None)
        for c in Comment.objects.select_related("article", "parent")
    )  # fmt: skip
    return articles, comments


def test_export_imports_back_the_same_articles_tags_and_threads(tmp_path):
    call_command("import_wordpress", str(EXPORT), stdout=io.StringIO(), stderr=io.StringIO())
    before = state()
    out = io.StringIO()
    call_command("export_wordpress", stdout=out)
    exported = tmp_path / "export.xml"
    exported.write_text(out.getvalue(), encoding="utf-8")
    Comment.objects.all().delete()
    Article.objects.all().delete()
    call_command("import_wordpress", str(exported), stdout=io.StringIO(), stderr=io.StringIO())
    assert state() == before
    assert before[0]
    assert len(before[1]) == 6
