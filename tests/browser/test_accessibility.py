"""axe-core finds no violations (WCAG 2.1 A and AA, and best practices) on any page a
reader or an editor sees: on a desktop and a phone, in the light and the dark scheme."""

import pytest
from taggit.models import Tag

from articles.models import Metric, Platform, Proposal
from comments.models import Comment
from tests.browser.axe import describe, run_axe
from tests.browser.login import EDITOR_PASSWORD, EDITOR_USERNAME, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]


@pytest.fixture
def discussed_article(seed_article):
    """The seed article with a thread of two approved comments and one pending comment,
    so the discussion and the moderation list are checked with content in them; and a
    corrected fact and one under review, so their marks are checked too."""

    def comment(body: str, status: str, parent: Comment | None = None) -> Comment:
        comment = Comment(
            article=seed_article,
            author_name="Aiko",
            author_email="aiko@example.jp",
            author_url="https://example.jp/aiko",
            body=body,
            status=status,
        )
        if parent is not None:
            comment.attach_to(parent, max_depth=4)
        comment.full_clean()
        comment.save()
        return comment

    first = comment("Mixi *was* everywhere in 2008.", Comment.Status.APPROVED)
    comment("And [now](https://mixi.jp/)?", Comment.Status.APPROVED, parent=first)
    comment("Waiting for a moderator.", Comment.Status.PENDING)
    corrected, reviewed = seed_article.facts.all()[:2]
    corrected.value += 1
    corrected._change_reason = "The source was revised."
    corrected.save()
    proposal = Proposal(
        fact=reviewed, value=reviewed.value + 1, as_of=reviewed.as_of,
        as_of_precision=reviewed.as_of_precision, source_citation="Nikkei", name="Aiko",
        email="aiko@example.jp",
    )  # fmt: skip
    proposal.full_clean()
    proposal.save()
    return seed_article


def public_paths(article) -> dict[str, str]:
    tag = Tag.objects.filter(fact__isnull=False).order_by("slug").first()
    platform = Platform.objects.order_by("slug").first()
    metric = Metric.objects.get(name="monthly active users")
    english = {
        "home": "/",
        "article": article.get_absolute_url(),
        "tag": tag and f"/tags/{tag.slug}/",
        "platform": platform.get_absolute_url(),
        "tags index": "/tags/",
        "platforms index": "/platforms/",
        "metric": metric.get_absolute_url(),
        "metrics index": "/metrics/",
        "archive": "/archive/",
        "search": "/search/?q=mixi",
        "privacy": "/privacy/",
        "not found": "/no-such-page/",
        "correction": f"/facts/{article.facts.first().pk}/correct/",
    }
    japanese = {f"{name} (ja)": path and "/ja" + path for name, path in english.items()}
    return english | japanese


def check(page, axe_source: str, url: str, name: str, expected_status: int = 200) -> str:
    response = page.goto(url)
    assert response.status == expected_status, f"{name}: {url} answered {response.status}"
    violations = run_axe(page, axe_source)
    return f"{name} ({url}):\n{describe(violations)}" if violations else ""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
def test_public_pages_have_no_violations(
    live_server, new_page, axe_source, discussed_article, size, scheme
):
    page = new_page(viewport=SIZES[size], color_scheme=scheme, bypass_csp=True)
    paths = public_paths(discussed_article)
    assert all(paths.values()), f"the seed data has a page of each kind: {paths}"
    reports = [
        check(
            page,
            axe_source,
            live_server.url + path,
            name,
            404 if name.startswith("not found") else 200,
        )
        for name, path in paths.items()
    ]
    failures = "\n\n".join(report for report in reports if report)
    assert not failures, f"axe violations at {size}, {scheme}:\n\n{failures}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
def test_editor_pages_have_no_violations(
    live_server, new_page, axe_source, discussed_article, editor, size, scheme
):
    page = new_page(viewport=SIZES[size], color_scheme=scheme, bypass_csp=True)
    base = live_server.url
    reports = [check(page, axe_source, base + "/admin/login/", "login")]
    log_in(page, base, EDITOR_USERNAME, EDITOR_PASSWORD)
    corrected = discussed_article.facts.all()[0]  # corrected by the fixture
    paths = {
        "index": "/admin/",
        "article change": f"/admin/articles/article/{discussed_article.pk}/change/",
        "comment list": "/admin/comments/comment/",
        "proposal list": "/admin/articles/proposal/",
        "fact history": f"/admin/articles/fact/{corrected.pk}/history/",
    }
    reports += [check(page, axe_source, base + path, name) for name, path in paths.items()]
    # The same pages in Japanese, chosen with the admin's language links.
    page.goto(base + "/language/ja/?next=/admin/")
    reports += [
        check(page, axe_source, base + path, f"{name} (ja)") for name, path in paths.items()
    ]
    failures = "\n\n".join(report for report in reports if report)
    assert not failures, f"axe violations at {size}, {scheme}:\n\n{failures}"
