"""The article change page previews the saved facts as the public page shows them, and
“Save and preview” saves and opens the article page."""

import re

from articles.models import Article
from articles.page import article_content
from tests.articles.test_admin import article_form


def section(html: str) -> str:
    """The facts section (charts and table) of a page."""
    match = re.search(r'<section class="facts-section".*?</section>', html, re.DOTALL)
    assert match, "no facts section"
    return match.group(0)


def test_change_page_previews_the_facts_as_the_article_page_shows_them(editor_client, seed_article):
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/").content.decode()
    preview = section(html)
    article = Article.objects.get(pk=seed_article.pk)
    public = section(article_content(article, "http://testserver").decode())
    assert preview == public
    assert preview.count("<svg") == 5  # Mixi against Facebook among them, with its caveat
    assert "Mixi against Facebook, 2012" in preview
    assert "Not quite the same measure:" in preview
    assert preview.count('<tr id="fact-') == 13
    assert "Preview of the facts" in html


def test_preview_follows_the_saved_facts(editor_client, seed_article):
    seed_article.facts.filter(value=14020000).update(value=14030000)
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/").content.decode()
    preview = section(html)
    assert "14,030,000 users" in preview
    assert "14,020,000 users" not in preview


def test_new_article_has_nothing_to_preview(editor_client, db):
    html = editor_client.get("/admin/articles/article/add/").content.decode()
    assert "Save the article to preview its facts as readers will see them." in html
    assert 'name="_preview"' in html


def test_save_and_preview_opens_the_draft(editor_client, mixi_and_nikkei):
    data = {**article_form(*mixi_and_nikkei), "status": "draft", "_preview": "Save and preview"}
    data["published_at_0"] = data["published_at_1"] = ""
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/articles/mixi-in-2012/"
    page = editor_client.get(response["Location"])
    assert page.status_code == 200
    assert "14,020,000 users" in page.content.decode()

    article = Article.objects.get(slug="mixi-in-2012")
    data["title"] = "Mixi in late 2012"
    change = f"/admin/articles/article/{article.pk}/change/"
    initial = {"facts-INITIAL_FORMS": "1", "facts-0-id": str(article.facts.get().pk)}
    response = editor_client.post(change, {**data, **initial})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/articles/mixi-in-2012/"
    assert "Mixi in late 2012" in editor_client.get("/articles/mixi-in-2012/").content.decode()


def test_plain_save_still_returns_to_the_list(editor_client, mixi_and_nikkei):
    response = editor_client.post("/admin/articles/article/add/", article_form(*mixi_and_nikkei))
    assert response["Location"] == "/admin/articles/article/"
