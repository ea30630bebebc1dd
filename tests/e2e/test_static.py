"""Under `make serve` every stylesheet and script is the hashed file of the manifest,
served by whitenoise with a cache lifetime of a year or more."""

import re

from tests.e2e.http import assets_of
from tests.e2e.pages import SEED_PATH, read

READER_PAGES = [
    "/",
    SEED_PATH,
    "/tags/mixi/",
    "/platforms/mixi/",
    "/search/?q=mixi",
    "/archive/",
    "/archive/2012/",
    "/privacy/",
    "/admin/login/",
]
EDITOR_PAGES = [
    "/admin/",
    "/admin/comments/comment/",
    "/admin/articles/article/",
    "/admin/articles/fact/",
    "/admin/taggit/tag/",
]
HASHED = re.compile(r"^/static/[^?#]+\.[0-9a-f]{12}\.(css|js)$")
A_YEAR = 365 * 86400
# Scripts that are views, not files: the admin's JavaScript translation catalogue.
DYNAMIC_SCRIPTS = {"/admin/jsi18n/"}


def max_age(cache_control: str) -> int:
    match = re.search(r"max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else 0


def test_every_stylesheet_and_script_is_hashed_and_cached_for_long(server, editor, new_client):
    reader = new_client()
    editor_pages = list(EDITOR_PAGES)
    # Change forms load the most scripts: an article with its inline facts, and a fact.
    listing = read(editor, "/admin/articles/article/")
    editor_pages += re.findall(r'href="(/admin/articles/article/\d+/change/)"', listing)[:1]
    listing = read(editor, "/admin/articles/fact/")
    editor_pages += re.findall(r'href="(/admin/articles/fact/\d+/change/)"', listing)[:1]
    assert len(editor_pages) == len(EDITOR_PAGES) + 2, "no change form to visit"

    assets: dict[str, str] = {}
    for client, pages in ((reader, READER_PAGES), (editor, editor_pages)):
        for path in pages:
            found = assets_of(read(client, path))
            assert any(url.endswith(".css") for url in found), f"{path} loads no stylesheet"
            for url in found:
                if url in DYNAMIC_SCRIPTS:
                    continue
                assert HASHED.match(url), f"{path} loads {url}, not a hashed static file"
                assets.setdefault(url, path)
    assert any(url.endswith(".js") for url in assets), "no page loads a script"

    for url, page in assets.items():
        answer = reader.get(url)
        assert answer.status == 200, f"{url} (from {page}) answered {answer.status}"
        cache_control = answer.header("Cache-Control")
        assert max_age(cache_control) >= A_YEAR, f"{url} is cached only as {cache_control!r}"
        assert answer.body, f"{url} is empty"
