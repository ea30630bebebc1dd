import pytest
from django.contrib.auth.models import Group, User

from articles.editors import EDITORS_GROUP
from articles.models import Article, Fact, Metric, Platform, Source


def fact_form(prefix: str = "facts", **fact) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    data.update({f"{prefix}-0-{name}": value for name, value in fact.items()})
    return data


def article_form(platform: Platform, source: Source, **fact_fields) -> dict:
    fact = {
        "platform": platform.pk,
        "metric": Metric.objects.named("monthly active users").pk,
        "value": "14020000",
        "unit": "users",
        "qualifier": "exact",
        "kind": "reported",
        "as_of": "2012-09-17",
        "as_of_precision": "month",
        "source": source.pk,
        "statement": "Mixi had 14,020,000 monthly active users.",
        "tags": "mixi, active-users",
        "position": "0",
        **fact_fields,
    }
    return {
        "title": "Mixi in 2012",
        "slug": "mixi-in-2012",
        "body": "Mixi had **14 million** users.",
        "body_format": "markdown",
        "excerpt": "",
        "lang": "en",
        "tags": "mixi, japan",
        "status": "published",
        "published_at_0": "2012-12-01",
        "published_at_1": "09:00:00",
        "comments_enabled": "on",
        **fact_form(**fact),
    }


def test_editor_adds_an_article_with_a_fact(editor_client, editor, mixi_and_nikkei):
    response = editor_client.post("/admin/articles/article/add/", article_form(*mixi_and_nikkei))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="mixi-in-2012")
    assert article.author == editor
    assert set(article.tags.names()) == {"mixi", "japan"}
    fact = article.facts.get()
    assert fact.display_value == "14,020,000 users"
    assert fact.display_as_of == "September 2012"
    assert set(fact.tags.names()) == {"mixi", "active-users"}
    assert (
        "<strong>14 million</strong>"
        in editor_client.get(article.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("fact_fields", "message"),
    [
        ({"value": "140", "unit": "percent"}, "A percentage cannot be above 100."),
        ({"value": "8", "upper_value": "7", "unit": "percent"}, "The upper value of a range must be above its value."),
        ({"value": "7", "upper_value": "8", "unit": "percent", "qualifier": "over"}, "A range can only be exact or approximate"),
    ],
)  # fmt: skip
def test_admin_explains_nonsense_facts(editor_client, mixi_and_nikkei, fact_fields, message):
    form = article_form(*mixi_and_nikkei, **fact_fields)
    response = editor_client.post("/admin/articles/article/add/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()
    assert not Fact.objects.exists()


def test_admin_article_list_and_view_on_site(editor_client, seed_article):
    listing = editor_client.get("/admin/articles/article/?q=Mixi")
    assert listing.status_code == 200
    assert seed_article.title in listing.content.decode()
    change = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/")
    assert change.status_code == 200
    assert "View on site" in change.content.decode()
    assert "monthly active users" in change.content.decode()


def test_editor_cannot_manage_users_or_groups(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_non_staff_user_cannot_reach_the_admin(client, db):
    client.force_login(User.objects.create_user("reader", password="x"))
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editors_group_has_exactly_the_editor_permissions(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert apps == {"articles", "taggit"} | ({"comments"} & apps)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_fact", "delete_platform", "view_source", "add_tag"} <= codenames
    assert not {"add_user", "change_group", "view_permission"} & codenames
