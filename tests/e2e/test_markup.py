"""Every public page `make serve` answers is valid HTML to html-validate.

The pages are found as a reader finds them: every link of the site followed from the
home page (admin, static files, feeds and downloads aside), plus what no link leads
to: searches, a page that does not exist, a refused comment and a refused correction
(one correction form stands for the one every fact links to). html-validate (pinned
in package-lock.json) parses them as HTML5, SVG included: it reports misnested,
unclosed and unknown elements, duplicate attributes and ids and bad character
references, and checks each element's permitted content.
"""

import re
import subprocess
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from tests.e2e.http import find_form, links_of
from tests.e2e.pages import SEED_PATH, comment_form, read

HTML_VALIDATE_CONFIG = Path(__file__).with_name("htmlvalidate.json")
MAX_PAGES = 160
NOT_PAGES = re.compile(
    r"^(/ja)?/(admin|static|media|comments/post|facts|language)/|/feed/|\.(csv|json|xml|txt|png)$"
)


def site_links(html: str) -> set[str]:
    paths = set()
    for href in links_of(html):
        url = urlsplit(urldefrag(href).url)
        if url.scheme or url.netloc or not url.path.startswith("/"):
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if not NOT_PAGES.search(url.path):
            paths.add(path)
    return paths


def public_pages(client) -> dict[str, str]:
    """Every page a reader reaches by following links from the home page, in English
    and in Japanese."""
    pages: dict[str, str] = {}
    queue = ["/", "/ja/"]
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in pages:
            continue
        answer = client.get(path)
        assert answer.status == 200, f"{path}, linked from the site, answered {answer.status}"
        if not answer.header("Content-Type").startswith("text/html"):
            continue
        pages[path] = answer.text
        queue += sorted(site_links(answer.text) - pages.keys())
    return pages


def saved(pages: dict[str, str], folder: Path) -> dict[Path, str]:
    files = {}
    for number, (path, html) in enumerate(sorted(pages.items())):
        file = folder / f"page-{number:03}.html"
        file.write_text(html, encoding="utf-8")
        files[file] = path
    return files


def pages_to_check(new_client) -> dict[str, str]:
    reader = new_client()
    pages = public_pages(reader)
    # What the crawl must have reached, or it proves little.
    for expected in ("/", SEED_PATH, "/tags/", "/platforms/", "/archive/", "/privacy/"):
        assert expected in pages, f"{expected} was not reached from the home page"
        assert "/ja" + expected in pages, f"/ja{expected} was not reached from /ja/"
    assert any(path.startswith("/metrics/") for path in pages), "no metric page was reached"

    for language in ("", "/ja"):
        for search in (
            "/search/?q=mixi",
            "/search/?q=%E3%83%9F%E3%82%AF%E3%82%B7%E3%82%A3",
            "/search/?q=",
        ):
            pages[language + search] = read(reader, language + search)
        missing = reader.get(language + "/no-such-page/")
        assert missing.status == 404
        pages[f"{language}/no-such-page/ (404)"] = missing.text

    form = comment_form(read(reader))
    refused = reader.post(form.action, form.data())  # every field empty
    assert refused.status == 400, refused.status
    assert 'role="alert"' in refused.text
    pages[f"{form.action} (refused comment)"] = refused.text

    correct = re.search(r'<a class="fact-correct" href="([^"]+)"', read(reader)).group(1)
    pages[correct] = read(reader, correct)
    proposal = find_form(pages[correct], id="proposal-form")
    refused = reader.post(proposal.action, proposal.data(value="", source_url="not a url"))
    assert refused.status == 400, refused.status
    pages[f"{correct} (refused correction)"] = refused.text
    return pages


def test_every_public_page_is_valid_to_html_validate(html_validate, server, new_client, tmp_path):
    files = saved(pages_to_check(new_client), tmp_path)
    assert len(files) >= 40, sorted(files.values())

    validate = subprocess.run(
        [str(html_validate), "--config", str(HTML_VALIDATE_CONFIG), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = validate.stdout + validate.stderr
    for file, path in files.items():
        report = report.replace(str(file), path)
    assert validate.returncode == 0, f"html-validate:\n{report}"
