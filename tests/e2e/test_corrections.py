"""A reader's correction of a seed fact as `make serve` runs it: refused with the text
kept, sent, marked as under review, accepted by the editor in the admin, then shown to
every reader on the next request, whichever worker cached the page, with its history
in the facts download and the JSON-LD."""

import csv
import html
import io
import json
import re

from tests.e2e.http import Client, find_form
from tests.e2e.pages import SEED_PATH, admin_errors, form_errors, read, unique

# LINE's users in Japan: a seed fact that no comparison chart draws, which the other
# end-to-end tests leave alone.
OLD, NEW = "35,000,000 users", "36,000,000 users"


def fact_row(page: str) -> tuple[int, str]:
    """The facts table row of LINE's users in Japan: its fact id and its HTML."""
    for pk, row in re.findall(r'<tr id="fact-(\d+)"[^>]*>(.*?)</tr>', page, re.S):
        if "/platforms/line/" in row and "users in Japan" in row:
            return int(pk), row
    raise AssertionError("the page has no row for LINE's users in Japan")


def value_cell(row: str) -> str:
    cell = re.search(r'<td class="num" data-label="Value"[^>]*>(.*?)</td>', row, re.S)
    assert cell, row
    return cell.group(1)


def propose(reader: Client, path: str, **fields: str):
    form = find_form(read(reader, path), id="proposal-form")
    assert form.get("csrfmiddlewaretoken"), "the form has no CSRF token"
    assert form.get("token"), "the form has no signed form token"
    assert form["homepage"] == "", "the honeypot field must be empty"
    assert form["value"] == "35,000,000", "the form starts from the figure on the page"
    for name, value in fields.items():
        form[name] = value
    return reader.post(form.action, form.data())


def json_ld(page: str) -> dict:
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert script, "the page has no JSON-LD"
    return json.loads(script.group(1))


def test_a_readers_correction_reaches_every_reader_once_accepted(server, editor, new_client):
    readers = [new_client(f"reader{n}") for n in range(4)]
    for reader in readers:  # the page cached by both workers
        assert value_cell(fact_row(read(reader))[1]).startswith(OLD)
    pk, row = fact_row(read(readers[0]))
    link = re.search(r'<a class="fact-correct" href="([^"]+)"', row)
    assert link, "the row has no link to propose a correction"
    path = link.group(1)

    proposer = new_client("proposer")
    note = f"LINE's own count, {unique('note')}."
    refused = propose(proposer, path, value="36,000,000", note=note)  # no source given
    assert refused.status == 400, refused.status
    assert "Give a source" in refused.text
    kept = find_form(refused.text, id="proposal-form")
    assert (kept["note"], kept["value"]) == (note, "36,000,000"), "the reader's text was lost"

    sent = propose(
        proposer, path, value="36,000,000", note=note, name="Aiko", email="aiko@example.jp",
        credit="on", source_url="https://linecorp.example/ir/2012", source_citation="LINE IR",
    )  # fmt: skip
    assert sent.status == 302, f"sending answered {sent.status}:\n{form_errors(sent.text)}"
    assert "Correction under review" in value_cell(fact_row(read(readers[1]))[1])

    listing = editor.get("/admin/articles/proposal/?status__exact=open")
    assert listing.status == 200, listing.status
    rows = re.findall(r"<tr[^>]*>.*?</tr>", listing.text, re.S)
    (proposal_row,) = [row for row in rows if "LINE IR" in row]
    assert "35,000,000 users (2012; LINE)" in proposal_row
    assert "36,000,000 users (2012)" in proposal_row
    proposal_id = re.search(r'name="_selected_action" value="(\d+)"', proposal_row).group(1)
    change = f"/admin/articles/proposal/{proposal_id}/change/"
    form = find_form(editor.get(change).text, id="proposal_form")
    form["decision_reason"] = "Checked against LINE's report."
    accepted = editor.post(change, form.data(_accept="Accept"))
    assert accepted.status == 302, admin_errors(accepted)

    for reader in readers:
        page = read(reader)
        cell = value_cell(fact_row(page)[1])
        assert cell.startswith(NEW), cell
        assert "Corrected on" in cell
        history = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)))
        assert f"was {OLD} (2012, LINE). Checked against LINE's report. (proposed by Aiko)" in (
            history
        ), history
        assert "Correction under review" not in cell
        document = json_ld(page)
        (dataset,) = [node for node in document["@graph"] if node["@type"] == "Dataset"]
        # Other tests edit other facts of the seed article on the same server.
        (comment,) = [c for c in dataset["correction"] if f"was {OLD} (2012, LINE)" in c["text"]]
        assert comment["@type"] == "CorrectionComment"
        assert f"was {OLD} (2012, LINE), now {NEW} (2012, LINE IR)" in comment["text"]

    download = json.loads(readers[0].get(f"{SEED_PATH}facts.json").text)
    (record,) = [fact for fact in download["facts"] if fact["id"] == pk]
    assert record["display_value"] == NEW
    (change_record,) = record["history"]
    assert (change_record["old"]["value"], change_record["new"]["value"]) == (35000000, 36000000)
    assert (change_record["credit"], change_record["origin"]) == ("Aiko", "correction")
    rows = csv.DictReader(
        io.StringIO(readers[0].get(f"{SEED_PATH}facts.csv").text.lstrip("\ufeff"))
    )
    (csv_row,) = [row for row in rows if row["id"] == str(pk)]
    assert f"was {OLD} (2012, LINE), now {NEW}" in csv_row["history"]
