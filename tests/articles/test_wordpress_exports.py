"""Real WordPress exports (tests/articles/fixtures/wordpress/README.md names their
sources) import completely: counted here with a plain XML parse, not the importer."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from comments.models import Comment

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
MALFORMED = {
    "wordpress-importer--crazy-cdata.xml",
    "wordpress-importer--malformed.xml",
    "wordpress-importer--malformed-simple.xml",
}
WELL_FORMED = sorted(p.name for p in FIXTURES.glob("*.xml") if p.name not in MALFORMED)
THEME_UNIT_TEST = FIXTURES / "theme-unit-test--themeunittestdata.wordpress.xml"

pytestmark = pytest.mark.django_db


def import_wordpress(*args) -> str:
    out = io.StringIO()
    call_command("import_wordpress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def wordpress_child(element: ET.Element, name: str) -> str:
    """A child in any of WordPress's export namespaces (1.0, 1.1, 1.2; http or https)."""
    for child in element:
        namespace, _, local = child.tag.rpartition("}")
        if local == name and "wordpress.org/export/1." in namespace:
            return (child.text or "").strip()
    return ""


def count_file(path: Path) -> dict[str, int]:
    """Posts (not trashed), and real comments by approval, read straight from the XML."""
    counts = {"posts": 0, "approved": 0, "pending": 0}
    for _, element in ET.iterparse(path):
        if element.tag != "item":
            continue
        is_post = wordpress_child(element, "post_type") == "post"
        if is_post and wordpress_child(element, "status") not in {"trash", "auto-draft"}:
            counts["posts"] += 1
            for comment in element:
                if not comment.tag.endswith("}comment"):
                    continue
                if wordpress_child(comment, "comment_type") not in {"", "comment"}:
                    continue
                approval = wordpress_child(comment, "comment_approved")
                if approval == "1":
                    counts["approved"] += 1
                elif approval == "0":
                    counts["pending"] += 1
        element.clear()
    return counts


def count_database() -> dict[str, int]:
    return {
        "posts": Article.objects.count(),
        "approved": Comment.objects.filter(status=Comment.Status.APPROVED).count(),
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
    }


def snapshot() -> list[tuple]:
    articles = Article.objects.order_by("pk").values_list(
        "pk", "slug", "status", "published_at", "body_html", "content_version"
    )
    comments = Comment.objects.order_by("pk").values_list("pk", "parent_id", "status", "body")
    return [*articles, *comments]


@pytest.mark.parametrize("name", WELL_FORMED)
def test_every_real_export_imports_completely_and_once(name):
    expected = count_file(FIXTURES / name)
    summary = import_wordpress(str(FIXTURES / name))
    assert count_database() == expected, summary
    assert "refused" not in summary
    before = snapshot()
    again = import_wordpress(str(FIXTURES / name))
    assert snapshot() == before
    assert "imported (" not in again


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_exports_fail_with_one_line(name):
    with pytest.raises(CommandError) as failure:
        import_wordpress(str(FIXTURES / name))
    message = str(failure.value)
    assert message.startswith("Cannot read")
    assert "\n" not in message
    assert not Article.objects.exists()


def test_theme_unit_test_formatting_posts_render(client):
    import_wordpress(str(THEME_UNIT_TEST))
    markup = Article.objects.get(title="Markup: HTML Tags and Formatting")
    html = client.get(markup.get_absolute_url()).content.decode()
    for element in (
        "<h1>", "<h5>", "<h6>", "<blockquote", "<table>", "<dl>", "<dt>", "<del", "<ins",
        '<ol start="8">', "<q>", "<strike>", "<s>", "<kbd>", "<address>", "<var>",
    ):  # fmt: skip
        assert element in html, element
    assert "<ol>" in html
    assert "<ul>" in html
    no_content = Article.objects.get(title="Edge Case: No Content")
    assert client.get(no_content.get_absolute_url()).status_code == 200
    password = Article.objects.get(wordpress_id=1168)
    assert password.status == Article.Status.DRAFT
    gallery = Article.objects.get(title="Post Format: Gallery")
    assert "[gallery" not in gallery.body_html
    assert gallery.body_html.count("<li><a href=") >= 10
    captioned = Article.objects.get(title="Markup: Image Alignment")
    assert "[caption" not in captioned.body_html
    assert "<figcaption>" in captioned.body_html


def test_dry_run_reports_what_a_real_run_does():
    dry = import_wordpress(str(THEME_UNIT_TEST), "--dry-run")
    assert not Article.objects.exists()
    assert not Comment.objects.exists()
    real = import_wordpress(str(THEME_UNIT_TEST))
    assert dry.split("\n", 1)[1] == real.split("\n", 1)[1]
    assert dry.startswith("Dry run: nothing was changed.")
