"""Editors change an article and what it shows in the admin; readers see it on the next
request to the article page, whichever worker rendered the page before."""

import json
import re
from urllib.parse import urlencode

from tests.e2e.http import Client
from tests.e2e.pages import (
    SEED_SLUG,
    change_form,
    read,
    save_change_form,
    unique,
)


def facts(client: Client) -> list[dict]:
    answer = client.get(f"/api/facts/?article={SEED_SLUG}&page_size=100")
    assert answer.status == 200, answer.status
    return json.loads(answer.text)["results"]


def fact_row(html: str, pk: int) -> str:
    match = re.search(rf'<tr id="fact-{pk}".*?</tr>', html, re.S)
    assert match, f"the page has no row for fact {pk}"
    return match.group(0)


def source_cell(html: str, pk: int) -> str:
    """The Source column of a fact's row: Metric, Value, As of, Kind, Source, Tags."""
    return re.findall(r"<td[^>]*>(.*?)</td>", fact_row(html, pk), re.S)[4]


def value_cell(row: str) -> str:
    """The Value cell of a fact's row, from its text on: the value, then its history."""
    cell = re.search(r'<td class="num"[^>]*>(.*?)</td>', row, re.S).group(1)
    return cell.strip()


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)


def admin_link(editor: Client, changelist: str, name: str) -> str:
    """The change form path of the object listed under this exact name."""
    page = read(editor, f"{changelist}?{urlencode({'q': name})}")
    links = re.findall(r'<a href="(/admin/[^"]+/(\d+)/change/)[^"]*">([^<]*)</a>', page)
    found = [path for path, _, text in links if text == name or text.startswith(f"{name}:")]
    assert found, f"{changelist} lists no {name!r}: {links}"
    return found[0]


def test_an_edited_article_title_shows_at_once(server, editor, new_client):
    reader = new_client()
    old = heading(read(reader))
    path = admin_link(editor, "/admin/articles/article/", old)

    form = change_form(editor, path, "article")
    assert form["title"] == old
    # The whole inline formset of facts goes back as it came.
    assert form["facts-TOTAL_FORMS"] == form["facts-INITIAL_FORMS"] == str(len(facts(reader)))
    new = f"Mixi and Facebook, revisited {unique('t')}"
    form["title"] = new
    save_change_form(editor, path, form)

    page = read(reader)
    assert heading(page) == new, "the article page shows the old title"
    assert f"<title>{new} · snsblog</title>" in page
    assert len(facts(reader)) == int(form["facts-TOTAL_FORMS"]), "facts were lost on saving"


def test_an_edited_fact_value_shows_at_once(server, editor, new_client):
    reader = new_client()
    fact = next(fact for fact in facts(reader) if fact["upper_value"] is None)
    assert fact["display_value"] in fact_row(read(reader), fact["id"])
    path = f"/admin/articles/fact/{fact['id']}/change/"

    form = change_form(editor, path, "fact")
    assert float(form["value"].replace(",", "")) == fact["value"]  # shown as “15,470,000”
    form["value"] = str(fact["value"] + 123)
    save_change_form(editor, path, form)

    changed = next(item for item in facts(reader) if item["id"] == fact["id"])
    assert changed["value"] == fact["value"] + 123
    row = fact_row(read(reader), fact["id"])
    shown = value_cell(row)
    assert shown.startswith(changed["display_value"]), "the article page shows the old value"
    # The old value is now only in the fact's history, under the new one.
    assert shown.count(fact["display_value"]) == 1
    assert f"was {fact['display_value']}" in shown


def test_a_renamed_tag_shows_at_once(server, editor, new_client):
    reader = new_client()
    assert '">smartphones</a>' in read(reader)
    path = admin_link(editor, "/admin/taggit/tag/", "smartphones")

    form = change_form(editor, path, "tag")
    new = unique("Smartphones")
    form["name"] = new
    save_change_form(editor, path, form)

    page = read(reader)
    assert f'">{new}</a>' in page, "the article page shows the old tag name"
    assert '">smartphones</a>' not in page


def test_a_renamed_source_shows_at_once(server, editor, new_client):
    reader = new_client()
    cited = [fact for fact in facts(reader) if fact["source"] == "Fuji Chimera Research"]
    assert cited
    page = read(reader)
    for fact in cited:
        assert "Fuji Chimera Research" in source_cell(page, fact["id"])
    path = admin_link(editor, "/admin/articles/source/", "Fuji Chimera Research")

    form = change_form(editor, path, "source")
    new = unique("Fuji Chimera ")
    form["name"] = new
    save_change_form(editor, path, form)

    page = read(reader)
    for fact in cited:
        cell = source_cell(page, fact["id"])
        assert new in cell, f"fact {fact['id']} shows the old source name"
        assert "Fuji Chimera Research" not in cell
