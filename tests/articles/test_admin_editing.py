"""The article change page as editors use it: a compact facts table with numbers as
people write them, labelled date and time inputs, the admin stylesheet."""

import re

import pytest

from articles.models import Article, Fact
from tests.articles.test_admin import article_form
from tests.articles.test_fact_history import submit
from tests.e2e.http import find_form


def test_fact_values_show_as_people_write_them(editor_client, seed_article):
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/").content.decode()
    assert 'value="15,470,000"' in html
    assert 'value="113,340,000"' in html
    assert "15470000.0000" not in html
    assert re.search(r'name="facts-11-upper_value"[^>]*value="8"', html)


def test_facts_are_a_table_one_row_a_fact(editor_client, seed_article):
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/").content.decode()
    assert re.search(r'id="facts-group"\s+data-inline-type="tabular"', html)
    assert html.count('<tr class="form-row has_original"') == 13


def test_numbers_typed_with_separators_are_saved(editor_client, editor, mixi_and_nikkei):
    data = article_form(*mixi_and_nikkei, value="14,020,000", upper_value="")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Fact.objects.get(article__slug="mixi-in-2012").value == 14020000


def test_a_number_that_is_not_one_is_refused_with_a_message(editor_client, mixi_and_nikkei):
    data = article_form(*mixi_and_nikkei, value="14 million")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert not Article.objects.filter(slug="mixi-in-2012").exists()


def test_date_and_time_inputs_have_names_of_their_own(editor_client, seed_article):
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/").content.decode()
    assert re.search(r'<input[^>]*name="published_at_0"[^>]*aria-label="Published at: date"', html)
    assert re.search(r'<input[^>]*name="published_at_1"[^>]*aria-label="Published at: time"', html)


def test_admin_pages_load_the_editors_stylesheet_and_unsaved_warning(editor_client, seed_article):
    index = editor_client.get("/admin/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/admin/editors[^"]*\.css">', index)
    change = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/")
    assert re.search(r'<script src="/static/js/admin/unsaved[^"]*\.js"', change.content.decode())


def test_fact_rows_keep_only_what_fits_on_one_line(editor_client, seed_article):
    """Each row: the browser's date input, an “add” link beside platform, metric and
    source but no change, delete or view links; and no navigation sidebar on the page."""
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/").content.decode()
    assert re.search(r'<input type="date" name="facts-0-as_of" value="2011-05-01"', html)
    for field in ("platform", "metric", "source"):
        assert f'id="add_id_facts-0-{field}"' in html
        assert f'id="change_id_facts-0-{field}"' not in html
        assert f'id="delete_id_facts-0-{field}"' not in html
        assert f'id="view_id_facts-0-{field}"' not in html
    assert 'id="nav-sidebar"' not in html
    assert 'id="nav-sidebar"' in editor_client.get("/admin/articles/fact/").content.decode()


def test_an_editor_in_japanese_saves_the_facts_as_the_form_shows_them(editor_client, seed_article):
    """The form shows digits in every language (not 1,547万, which the page writes), so
    saving a page unchanged saves every fact unchanged."""
    editor_client.cookies["django_language"] = "ja"
    path = f"/admin/articles/article/{seed_article.pk}/change/"
    html = editor_client.get(path).content.decode()
    assert 'value="15,470,000"' in html
    assert "万" not in "".join(re.findall(r'name="facts-\d+-value"[^>]*>', html))
    before = list(Fact.objects.order_by("pk").values_list("value", flat=True))
    response = submit(editor_client, path, find_form(html, id="article_form"), "Save")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Fact.objects.order_by("pk").values_list("value", flat=True)) == before


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("1,402万", 14020000),
        ("1402万", 14020000),
        ("12億3,000万", 1230000000),
        ("1.5億", 150000000),
        ("１４，０２０，０００", 14020000),  # full-width, as a Japanese keyboard types
        ("14 020 000", 14020000),
    ],
)
def test_numbers_written_the_japanese_way_are_saved(editor_client, mixi_and_nikkei, typed, saved):
    data = article_form(*mixi_and_nikkei, value=typed, upper_value="")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Fact.objects.get(article__slug="mixi-in-2012").value == saved


@pytest.mark.parametrize("typed", ["万", "1,402万人", "14 million", "1万2億"])
def test_what_is_not_a_number_is_refused_in_japanese_too(editor_client, mixi_and_nikkei, typed):
    editor_client.cookies["django_language"] = "ja"
    data = article_form(*mixi_and_nikkei, value=typed)
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "数値を入力してください。" in response.content.decode()
    assert not Article.objects.filter(slug="mixi-in-2012").exists()
