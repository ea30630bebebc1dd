"""Under `make serve`, pages, feeds and the API are sent gzip-compressed to clients that
accept it, and plain to those that don't; static files come compressed by whitenoise."""

import gzip

from tests.e2e.http import Client, assets_of
from tests.e2e.pages import SEED_PATH, read

TEXT_ANSWERS = [
    ("/", "</html>"),
    (SEED_PATH, "</html>"),
    ("/feed/", "</rss>"),
    ("/feed/atom/", "</feed>"),
    ("/sitemap.xml", "</urlset>"),
    ("/api/facts/", '"results"'),
]


def test_pages_feeds_and_the_api_are_compressed_for_clients_that_accept_gzip(server):
    compressing = Client(server.url, headers={"Accept-Encoding": "gzip"})
    plain = Client(server.url)
    for path, ending in TEXT_ANSWERS:
        answer = compressing.get(path)
        assert answer.status == 200, f"{path} answered {answer.status}"
        assert answer.header("Content-Encoding") == "gzip", f"{path} was not compressed"
        assert "Accept-Encoding" in answer.header("Vary"), f"{path} does not vary on it"
        text = gzip.decompress(answer.body).decode()
        assert ending in text, f"{path} decompressed is not the whole answer"
        assert len(answer.body) < len(text.encode()) * 0.7, f"{path} is barely compressed"

        uncompressed = plain.get(path)
        assert uncompressed.header("Content-Encoding") == "", f"{path} compressed unasked"
        assert ending in uncompressed.text


def test_stylesheets_and_scripts_are_served_compressed(server, new_client):
    compressing = Client(server.url, headers={"Accept-Encoding": "gzip"})
    assets = [url for url in assets_of(read(new_client(), SEED_PATH)) if url.startswith("/static/")]
    assert any(url.endswith(".css") for url in assets)
    assert any(url.endswith(".js") for url in assets)
    for url in assets:
        answer = compressing.get(url)
        assert answer.status == 200, f"{url} answered {answer.status}"
        assert answer.header("Content-Encoding") == "gzip", f"{url} was not compressed"
        assert gzip.decompress(answer.body), f"{url} is empty"
