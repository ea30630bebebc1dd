import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from comments.models import Comment

SAMPLE = Path(__file__).parent / "fixtures" / "wordpress-sample.xml"

pytestmark = pytest.mark.django_db


def import_wordpress(*args) -> str:
    out = io.StringIO()
    call_command("import_wordpress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_posts_become_articles(client):
    summary = import_wordpress(str(SAMPLE))
    assert "posts: imported (published) 1" in summary
    gree = Article.objects.get(slug="gree-gacha")
    assert gree.title == "GREE and the gacha question"
    assert gree.status == Article.Status.PUBLISHED
    assert gree.published_at == datetime.datetime(2012, 5, 8, 10, tzinfo=datetime.UTC)
    assert gree.author_name == "Yuko Tanaka"
    assert gree.excerpt == "Kompu gacha and the platforms."
    assert set(gree.tags.names()) == {"GREE", "gacha", "Social media"}
    html = client.get(gree.get_absolute_url()).content.decode()
    assert "<strong>kompu gacha</strong>" in html
    assert 'alert("old plugin")' not in html
    draft = Article.objects.get(title="ミクシィの下書き")
    assert draft.status == Article.Status.DRAFT
    assert draft.slug == "ミクシィの下書き"
    assert not Article.objects.filter(slug__in=["about", "trashed"]).exists()


def test_comments_keep_threads_dates_and_approval(client):
    import_wordpress(str(SAMPLE))
    gree = Article.objects.get(slug="gree-gacha")
    ken = Comment.objects.get(author_name="Ken")
    aiko = Comment.objects.get(author_name="愛子")
    assert (ken.status, ken.author_url, ken.ip_address) == (
        "approved",
        "https://ken.example/",
        "203.0.113.5",
    )
    assert ken.created_at == datetime.datetime(2012, 5, 8, 12, tzinfo=datetime.UTC)
    assert (aiko.parent, aiko.depth) == (ken, 1)
    assert Comment.objects.get(author_name="Taro").status == Comment.Status.PENDING
    assert not Comment.objects.filter(
        author_name__in=["Cheap pills", "Trashed", "Other blog"]
    ).exists()
    html = client.get(gree.get_absolute_url()).content.decode()
    assert "Comments (2)" in html
    assert "同感です。" in html
    assert "Still waiting for approval." not in html


def test_importing_twice_creates_nothing_twice():
    import_wordpress(str(SAMPLE))
    counts = (Article.objects.count(), Comment.objects.count())
    summary = import_wordpress(str(SAMPLE))
    assert (Article.objects.count(), Comment.objects.count()) == counts
    assert "posts: already there 2" in summary
    assert "already there 3" in summary.split("comments:")[1]


def test_dry_run_changes_nothing():
    summary = import_wordpress(str(SAMPLE), "--dry-run")
    assert summary.startswith("Dry run: nothing was changed.")
    assert "imported (approved) 2" in summary
    assert not Article.objects.exists()
    assert not Comment.objects.exists()


def test_broken_and_hostile_files_are_refused(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><item>")
    with pytest.raises(CommandError, match="Cannot read"):
        import_wordpress(str(broken))
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<rss><channel><title>&lol2;</title></channel></rss>"
    )
    with pytest.raises(CommandError, match="Cannot read"):
        import_wordpress(str(bomb))
    not_wordpress = tmp_path / "other.xml"
    not_wordpress.write_text("<html></html>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        import_wordpress(str(not_wordpress))
    assert not Article.objects.exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_ten_lines_in_a_log():
    """Real export: WPTT's theme unit test data (tests/articles/fixtures/wordpress/)."""
    export = str(
        Path(__file__).parent
        / "fixtures"
        / "wordpress"
        / "theme-unit-test--themeunittestdata.wordpress.xml"
    )
    log = io.StringIO()
    call_command("import_wordpress", export, "--dry-run", stdout=io.StringIO(), stderr=log)
    lines = log.getvalue().splitlines()
    total = int(lines[-1].split("/")[1].split()[0])
    assert total > 50
    assert "\r" not in log.getvalue()
    assert len(lines) == 10
    assert lines[-1] == f"{total}/{total} items"
    terminal = Terminal()
    call_command("import_wordpress", export, "--dry-run", stdout=io.StringIO(), stderr=terminal)
    drawn = terminal.getvalue()
    assert drawn.count("\r[") == total
    assert drawn.endswith(f"] {total}/{total} items\n")
