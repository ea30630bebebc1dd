"""The admin shows which figures of an article's text facts back, and proposes the rest."""

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

from articles.models import Article, Fact


def add_links(html: str) -> list[dict[str, str]]:
    links = re.findall(r'href="(/admin/articles/fact/add/\?[^"]+)"', html)
    return [{k: v[0] for k, v in parse_qs(urlparse(unescape(u)).query).items()} for u in links]


def test_the_seed_article_has_every_figure_backed(editor_client, seed_article):
    assert Article.objects.get(pk=seed_article.pk).unbacked_figures == 0
    page = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/")
    html = page.content.decode()
    assert "13 figures in the text, 0 not backed by a fact." in html
    assert html.count('class="figure-backed"') == 13
    assert add_links(html) == []


def test_a_figure_without_its_fact_gets_a_prefilled_add_link(editor_client, seed_article):
    fact = seed_article.facts.get(value=16000000)
    fact.delete()
    assert Article.objects.get(pk=seed_article.pk).unbacked_figures == 1
    page = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/")
    html = page.content.decode()
    assert "13 figures in the text, 1 not backed by a fact." in html
    assert "over 16,000,000 users, reported, September 2012" in html
    (initial,) = add_links(html)
    assert initial == {
        "article": str(seed_article.pk),
        "platform": str(fact.platform_id),
        "metric": str(fact.metric_id),  # “active users in Japan”, named in the sentence
        "value": "16000000",
        "unit": "users",
        "qualifier": "over",
        "kind": "reported",
        "as_of": "2012-09-01",
        "as_of_precision": "month",
        "statement": fact.statement,
        "position": "12",
    }
    form = editor_client.get("/admin/articles/fact/add/", initial).content.decode()
    assert 'value="16000000"' in form
    assert 'value="2012-09-01"' in form


def test_saving_the_proposed_fact_backs_the_figure_and_returns(editor_client, seed_article):
    fact = seed_article.facts.get(value=16000000)
    metric, source = fact.metric_id, fact.source_id
    fact.delete()
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/")
    (initial,) = add_links(html.content.decode())
    assert Fact.objects.filter(article=seed_article).count() == 12  # nothing made unasked
    assert "source" not in initial  # “Facebook COO blog” is not named in the sentence
    data = {**initial, "metric": metric, "source": source, "tags": "facebook"}
    query = "&".join(f"{k}={v}" for k, v in initial.items() if k == "article")
    response = editor_client.post(f"/admin/articles/fact/add/?{query}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/admin/articles/article/{seed_article.pk}/change/#figures"
    added = Fact.objects.get(article=seed_article, value=16000000)
    assert (added.qualifier, added.as_of_precision) == ("over", "month")
    assert Article.objects.get(pk=seed_article.pk).unbacked_figures == 0


def test_the_list_counts_unbacked_figures_and_filters_on_them(
    editor_client, seed_article, make_article
):
    make_article(
        title="Line grows", slug="line-grows", body="LINE has 35 million users, 40% in Japan."
    )
    assert Article.objects.get(slug="line-grows").unbacked_figures == 2
    unbacked = editor_client.get("/admin/articles/article/?figures=unbacked").content.decode()
    assert "Line grows" in unbacked
    assert "Official Facebook Page" not in unbacked
    backed = editor_client.get("/admin/articles/article/?figures=backed").content.decode()
    assert "Official Facebook Page" in backed
    assert "Line grows" not in backed
    assert 'class="field-unbacked_figures">2<' in unbacked


def test_editing_the_body_recounts(seed_article):
    seed_article.body += "\n\nGREE reached 30 million users in 2012."
    seed_article.save()
    assert Article.objects.get(pk=seed_article.pk).unbacked_figures == 1


def test_platform_and_source_named_in_the_sentence_are_proposed(editor_client, seed_article):
    fact = seed_article.facts.get(value=15470000)
    fact.delete()
    html = editor_client.get(f"/admin/articles/article/{seed_article.pk}/change/")
    (initial,) = add_links(html.content.decode())
    assert initial["platform"] == str(fact.platform_id)  # Mixi
    assert initial["source"] == str(fact.source_id)  # Nikkei
    assert (initial["as_of"], initial["as_of_precision"]) == ("2011-05-01", "month")
