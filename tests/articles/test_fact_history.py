"""Every change of a fact is kept: who, when, why, the figure before and after; readers
see the corrections on the page, in the downloads, the API and the JSON-LD."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Fact, Source
from articles.models.history import ChangeOrigin
from snsblog.fragments import fragments
from tests.articles.migrating import migrate, migrate_to_latest
from tests.articles.test_publishing import json_ld
from tests.articles.test_schema_org import problems
from tests.e2e.http import find_form

MIXI_MAU = "Mixi monthly active users: 14,020,000 users (September 2012)"


def mixi_mau() -> Fact:
    return next(fact for fact in Fact.objects.all() if str(fact) == MIXI_MAU)


def correct(fact: Fact, value: str, reason: str = "", **attributes) -> Fact:
    fact.value = Decimal(value)
    fact._change_reason = reason or None
    for name, attribute in attributes.items():
        setattr(fact, f"_{name}", attribute)
    fact.full_clean()
    fact.save()
    return fact


def test_a_change_keeps_who_when_why_and_the_figure_before_and_after(seed_article, editor):
    fact = correct(mixi_mau(), "14200000", "Nikkei revised it.", history_user=editor)
    record = fact.history.latest()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "~",
        editor,
        "Nikkei revised it.",
    )
    (correction,) = Fact.objects.get(pk=fact.pk).corrections
    assert correction.fields == ["value"]
    assert correction.origin == ChangeOrigin.EDIT
    assert correction.old.display_value == "14,020,000 users"
    assert correction.new.display_value == "14,200,000 users"
    assert correction.summary == "was 14,020,000 users (September 2012, Nikkei)"


def test_the_seed_is_recorded_as_an_import(seed_article):
    record = mixi_mau().history.get()
    assert (record.history_type, record.history_origin) == ("+", ChangeOrigin.IMPORT)


def test_a_save_that_changes_no_figure_is_not_a_correction(seed_article):
    fact = mixi_mau()
    fact.statement = "Reworded."
    fact.save()
    assert fact.history.count() == 2
    assert Fact.objects.get(pk=fact.pk).corrections == []


def test_a_new_source_is_a_correction_too(seed_article):
    fact = mixi_mau()
    fact.source = Source.objects.create(name="Mixi IR")
    fact.save()
    (correction,) = Fact.objects.get(pk=fact.pk).corrections
    assert (correction.fields, correction.old.source, correction.new.source) == (
        ["source"],
        "Nikkei",
        "Mixi IR",
    )


def test_the_page_shows_a_correction_on_the_next_request(client, seed_article):
    assert "Corrected on" not in client.get(seed_article.get_absolute_url()).content.decode()
    correct(mixi_mau(), "14200000", "Nikkei revised it.")
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert "Corrected on" in page
    assert "was 14,020,000 users (September 2012, Nikkei). Nikkei revised it." in page
    metric_page = client.get("/metrics/monthly-active-users/").content.decode()
    assert "was 14,020,000 users (September 2012, Nikkei)" in metric_page


def test_a_proposers_credit_is_shown(client, seed_article):
    correct(mixi_mau(), "14200000", history_origin=ChangeOrigin.CORRECTION, history_credit="Aiko")
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert "(proposed by Aiko)" in page


def test_a_correction_reads_with_japanese_punctuation_in_japanese(client, seed_article):
    fact = correct(mixi_mau(), "14200000", "日経が数字を改めた。", history_credit="<b>Aiko</b>")
    correct(Fact.objects.get(pk=fact.pk), "14300000", history_credit="")
    page = client.get(f"/ja{seed_article.get_absolute_url()}").content.decode()
    lines = [
        re.sub(r"<time[^>]*>(.*?)</time>", r"\1", line)
        for line in re.findall(r"<li>(<time.*?)</li>", page[page.index('class="fact-history"') :])
    ]
    day = lines[0].split("：", 1)[0]
    assert lines[:2] == [
        f"{day}：修正前は1,420万人（2012年9月、Nikkei）",
        f"{day}：修正前は1,402万人（2012年9月、Nikkei）。日経が数字を改めた。（&lt;b&gt;Aiko&lt;/b&gt;さんの提案）",
    ]


def test_downloads_and_the_api_carry_the_history(client, seed_article):
    fact = correct(mixi_mau(), "14200000", "Nikkei revised it.")
    url = seed_article.get_absolute_url()
    records = json.loads(client.get(f"{url}facts.json").content)["facts"]
    (history,) = [r["history"] for r in records if r["id"] == fact.pk]
    (change,) = history
    assert change["old"]["value"] == 14020000
    assert change["new"]["value"] == 14200000
    assert (change["reason"], change["origin"], change["changed"]) == (
        "Nikkei revised it.",
        "edit",
        ["value"],
    )
    assert all(r["history"] == [] for r in records if r["id"] != fact.pk)

    rows = csv.DictReader(io.StringIO(client.get(f"{url}facts.csv").content.decode("utf-8-sig")))
    (cell,) = [row["history"] for row in rows if row["id"] == str(fact.pk)]
    assert "was 14,020,000 users (September 2012, Nikkei), now 14,200,000 users" in cell

    api = json.loads(client.get(f"/api/facts/?article={seed_article.slug}&page_size=50").content)
    (history,) = [r["history"] for r in api["results"] if r["id"] == fact.pk]
    assert history == [change]


def test_json_ld_has_the_correction_and_stays_valid_schema_org(client, seed_article):
    correct(mixi_mau(), "14200000", "Nikkei revised it.")
    document = json_ld(client.get(seed_article.get_absolute_url()).content.decode())
    (dataset,) = [node for node in document["@graph"] if node["@type"] == "Dataset"]
    (comment,) = dataset["correction"]
    assert comment["@type"] == "CorrectionComment"
    assert "was 14,020,000 users" in comment["text"]
    observations = {node["@id"]: node for node in document["@graph"]}
    assert observations[comment["about"]["@id"]]["value"] == 14200000
    assert dataset["dateModified"] == comment["datePublished"]
    assert problems(document) == []


def cold_page_queries(client, url: str) -> int:
    cache.clear()
    fragments.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_corrections_cost_one_query_and_only_when_there_are_some(client, seed_article):
    url = seed_article.get_absolute_url()
    without = cold_page_queries(client, url)
    correct(mixi_mau(), "14200000")
    assert cold_page_queries(client, url) == without + 1
    revised = Source.objects.create(name="Revised")
    for fact in Fact.objects.all():
        fact.source = revised
        fact.save()
    assert cold_page_queries(client, url) == without + 1


def submit(client, path: str, form, button: str):
    """Post an admin form as its Save button (named `_save`) sends it."""
    data: dict[str, list[str]] = {}
    for name, value in form.data(_save=button):
        data.setdefault(name, []).append(value)
    return client.post(path, data)


def test_the_admin_records_the_editor_and_the_reason(editor_client, editor, seed_article):
    fact = mixi_mau()
    page = editor_client.get(f"/admin/articles/fact/{fact.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(value="14,200,000", tags="mixi", change_reason="Nikkei revised it.")
    response = editor_client.post(f"/admin/articles/fact/{fact.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = fact.history.latest()
    assert (record.history_user, record.history_change_reason, record.value) == (
        editor,
        "Nikkei revised it.",
        14200000,
    )
    history = editor_client.get(f"/admin/articles/fact/{fact.pk}/history/").content.decode()
    assert "Nikkei revised it." in history
    assert "14,200,000 users" in history


@pytest.mark.django_db(transaction=True)
def test_the_migration_records_the_facts_there_were(seed_article):
    before = list(Fact.objects.values_list("pk", "value", "source_id"))
    try:
        migrate([("articles", "0015_redirect")])  # backwards: facts kept
        assert list(Fact.objects.values_list("pk", "value", "source_id")) == before
        apps = migrate([("articles", "0016_fact_history")])
        records = apps.get_model("articles", "HistoricalFact").objects.all()
        assert records.count() == len(before) == 13
        assert {record.history_origin for record in records} == {"start"}
    finally:
        migrate_to_latest()
    fact = correct(mixi_mau(), "14200000")
    assert Fact.objects.get(pk=fact.pk).corrections[0].old.display_value == "14,020,000 users"


def test_the_article_page_of_the_admin_gives_one_reason_to_every_changed_fact(
    editor_client, editor, seed_article
):
    fact = mixi_mau()
    path = f"/admin/articles/article/{seed_article.pk}/change/"
    form = find_form(editor_client.get(path).content.decode(), id="article_form")
    form["facts-1-value"] = "14,200,000"
    form["facts_change_reason"] = "Nikkei revised it."
    response = submit(editor_client, path, form, "Save")
    assert response.status_code == 302, response.content.decode()[:2000]
    record = fact.history.latest()
    assert (record.history_user, record.history_change_reason, record.value) == (
        editor,
        "Nikkei revised it.",
        14200000,
    )
    unchanged = Fact.objects.exclude(pk=fact.pk)
    assert all(fact.history.count() == 1 for fact in unchanged)


def history_rows(html: str) -> list[list[str]]:
    """The History page's table, cell by cell, as text."""
    start = html.index('<table id="change-history">')
    table = html[start : html.index("</table>", start)]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_the_history_page_says_what_each_version_changed(editor_client, editor, seed_article):
    fact = correct(mixi_mau(), "14200000", "Nikkei revised it.", history_user=editor)
    fact = Fact.objects.get(pk=fact.pk)
    correct(fact, "14300000", history_origin=ChangeOrigin.CORRECTION, history_credit="Aiko")
    html = editor_client.get(f"/admin/articles/fact/{fact.pk}/history/").content.decode()
    assert "<title>History of “Mixi monthly active users: 14,300,000 users" in html
    heading, *versions = history_rows(html)
    assert heading == [
        "Saved", "Figure", "Change", "Origin", "Credited to", "Saved by", "Why it changed",
        "What changed",
    ]  # fmt: skip
    assert [version[1:] for version in versions] == [
        ["14,300,000 users (September 2012)", "Changed", "Reader&#x27;s correction", "Aiko",
         "—", "—", "Value: 14,200,000 → 14,300,000"],
        ["14,200,000 users (September 2012)", "Changed", "Editor&#x27;s edit", "—",
         "eddie", "Nikkei revised it.", "Value: 14,020,000 → 14,200,000"],
        ["14,020,000 users (September 2012)", "Added", "Import", "—", "—",
         "Loaded with the seed article.", ""],
    ]  # fmt: skip
    assert "3 versions" in html
    editor_client.cookies["django_language"] = "ja"
    japanese = editor_client.get(f"/admin/articles/fact/{fact.pk}/history/").content.decode()
    assert "<li><strong>値：</strong>14,020,000 → 14,200,000</li>" in japanese


def test_an_editor_goes_back_to_a_saved_version_and_says_why(editor_client, editor, seed_article):
    fact = correct(mixi_mau(), "14200000", "A misreading.", history_user=editor)
    first = fact.history.earliest()
    path = f"/admin/articles/fact/{fact.pk}/history/{first.pk}/"
    html = editor_client.get(path).content.decode()
    assert "Facts</a> &rsaquo;" in html
    assert "Historical" not in html
    # The way back names the fact as it is now, not as the version had it.
    assert f'<a href="/admin/articles/fact/{fact.pk}/change/">{fact}</a>' in html
    assert str(fact).endswith("14,200,000 users (September 2012)")
    form = find_form(html, id="historicalfact_form")
    assert form["value"] == "14,020,000"
    form["change_reason"] = "Back to Nikkei's figure."
    response = submit(editor_client, path, form, "Go back to this version")
    assert response.status_code == 302, response.content.decode()[:2000]
    fact.refresh_from_db()
    assert fact.value == 14020000
    latest = fact.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.history_origin) == (
        editor,
        "Back to Nikkei's figure.",
        ChangeOrigin.EDIT,
    )
    assert fact.history.count() == 3
