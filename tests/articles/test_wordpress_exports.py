"""Real WordPress exports (tests/articles/fixtures/wordpress/README.md names their
sources: WordPress's importer tests, the theme unit tests and blogs in French, Chinese,
Japanese and English) import completely, counted here with a plain XML parse, not the
importer; a second import changes no row."""

import io
import re
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


def parse(path: Path) -> ET.ElementTree:
    """The export as XML, without the control characters XML forbids (a real blog's
    export has one, written out by WordPress unescaped)."""
    data = re.sub(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", b"", path.read_bytes())
    return ET.ElementTree(ET.fromstring(data))


def dated(element: ET.Element) -> bool:
    return any(
        wordpress_child(element, name)[:4] not in {"", "0000"}
        for name in ("post_date_gmt", "post_date")
    )


def count_file(path: Path) -> dict[str, int]:
    """Posts (not trashed) by whether they are public, and real comments by approval,
    read straight from the XML."""
    counts = {"published": 0, "drafts": 0, "approved": 0, "pending": 0}
    for element in parse(path).getroot().iter("item"):
        is_post = wordpress_child(element, "post_type") == "post"
        status = wordpress_child(element, "status")
        if is_post and status not in {"trash", "auto-draft"}:
            public = (
                status in {"publish", "future"}
                and not wordpress_child(element, "post_password")
                and dated(element)
            )
            counts["published" if public else "drafts"] += 1
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
    return counts


def count_database() -> dict[str, int]:
    return {
        "published": Article.objects.filter(status=Article.Status.PUBLISHED).count(),
        "drafts": Article.objects.filter(status=Article.Status.DRAFT).count(),
        "approved": Comment.objects.filter(status=Comment.Status.APPROVED).count(),
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
    }


def snapshot() -> str:
    """Every row the import could have written, in full."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=["contenttypes", "auth.permission", "sessions", "admin"],
        stdout=out,
    )
    return out.getvalue()


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


def post_ids(path: Path) -> set[str]:
    return {
        wordpress_child(item, "post_id")
        for item in parse(path).getroot().iter("item")
        if wordpress_child(item, "post_type") == "post"
    }


def test_two_blogs_whose_post_ids_overlap_are_never_merged():
    """Post IDs are per site: a post of one blog is not “already there” because a
    post of another had its ID (WordPress's importer matches title and date)."""
    first = FIXTURES / "bitcoinfrance--bitcoinfrance.github.io--wordpress.xml"
    second = FIXTURES / "cedricporter--cedricporter.github.com--wordpress.xml"
    assert post_ids(first) & post_ids(second)  # the case under test
    import_wordpress(str(first))
    summary = import_wordpress(str(second))
    expected = {key: count_file(first)[key] + count_file(second)[key] for key in count_file(first)}
    assert count_database() == expected
    assert "already there" not in summary.split("old addresses")[0]


def titles_and_dates(path: Path) -> set[tuple[str, str]]:
    return {
        ((item.findtext("title") or "").strip(), wordpress_child(item, "post_date"))
        for item in parse(path).getroot().iter("item")
        if wordpress_child(item, "post_type") == "post"
    }


def test_the_same_blog_exported_twice_is_one_blog():
    """WPTT's theme unit test data and the importer's newer copy of it are one blog
    written out twice (http and https GUIDs): the second finds every post the first
    brought by title and date, and brings only the posts it adds."""
    newer = FIXTURES / "wordpress-importer--theme-unit-test-data.xml"
    added = titles_and_dates(newer) - titles_and_dates(THEME_UNIT_TEST)
    assert added  # the newer copy has posts of its own
    import_wordpress(str(THEME_UNIT_TEST))
    before = count_database()
    again = import_wordpress(str(newer))
    assert f"posts: imported (published) {len(added)}, already there" in again
    assert count_database()["published"] == before["published"] + len(added)
