import io
import json
import logging
import sqlite3
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from snsblog.logformat import JsonFormatter

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_request_id_is_returned_and_kept_from_a_proxy(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="edge-42")["X-Request-ID"] == "edge-42"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"


def explode(request):
    raise RuntimeError("boom")


SLEEP_SECONDS = 0.3


def slow(request):
    time.sleep(SLEEP_SECONDS)
    return HttpResponse("done")


def fast(request):
    return HttpResponse("done")


urlpatterns = [path("explode/", explode), path("slow/", slow), path("fast/", fast)]


@override_settings(ROOT_URLCONF=__name__)
def test_server_errors_are_logged_with_the_request_id(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.get("/explode/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    lines = [JsonFormatter().format(record) for record in caplog.records]
    events = [json.loads(line) for line in lines]
    assert any(e.get("request_id") == request_id and "exception" in e for e in events), lines
    assert any(e.get("message") == "server error" and e.get("status") == 500 for e in events)
    assert all("\n" not in line for line in lines)


def request_log(caplog) -> list[dict]:
    records = [r for r in caplog.records if r.name == "snsblog.requests"]
    return [json.loads(JsonFormatter().format(record)) for record in records]


@override_settings(ROOT_URLCONF=__name__, SLOW_REQUEST_MS=200)
def test_slow_requests_are_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="snsblog.requests"):
        response = client.get("/slow/")
    events = request_log(caplog)
    assert [e["message"] for e in events] == ["slow request"]
    event = events[0]
    assert event["path"] == "/slow/"
    assert event["status"] == 200
    assert event["request_id"] == response["X-Request-ID"]
    assert event["duration_ms"] >= SLEEP_SECONDS * 1000


@override_settings(ROOT_URLCONF=__name__, SLOW_REQUEST_MS=200)
def test_fast_requests_are_not_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="snsblog.requests"):
        assert client.get("/fast/").status_code == 200
    assert request_log(caplog) == []


@pytest.mark.django_db(transaction=True)
def test_backup_copies_the_database_and_restores(tmp_path, seed_article):
    target = tmp_path / "copy.sqlite3"
    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup", str(target))
        return
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    assert "Backed up the database" in out.getvalue()
    restored = tmp_path / "restored.sqlite3"
    restored.write_bytes(target.read_bytes())
    with sqlite3.connect(restored) as database:
        title = database.execute("SELECT title FROM articles_article").fetchone()[0]
        facts = database.execute("SELECT COUNT(*) FROM articles_fact").fetchone()[0]
    assert title == seed_article.title
    assert facts == 13
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(target))


def test_healthz_answers_a_load_balancer_probing_by_address(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    for host in ["10.0.0.5:8000", "app-1.internal", "[fd00::5]"]:
        response = client.get("/healthz", HTTP_HOST=host)
        assert response.status_code == 200, host
        assert response.json()["status"] == "ok"
        # Only /healthz: every other path still checks the Host.
        assert client.get("/", HTTP_HOST=host, secure=True).status_code == 400
