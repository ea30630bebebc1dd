"""The interface in English (at /...) and Japanese (at /ja/...): which one a reader
gets, the addresses of both, and no English left on a Japanese page but what editors
and readers wrote (snsblog/languages.py, locale/ja/LC_MESSAGES/django.po)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from taggit.models import Tag

from articles.models import Article, Comparison, Fact, Metric, Platform, Source
from comments.models import Comment

pytestmark = pytest.mark.django_db
CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "ja" / "LC_MESSAGES" / "django.po"
# A run of Latin words: a name, a metric, an English sentence.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’.-]*(?: +[A-Za-z][A-Za-z'’.-]*)*")
SHOWN_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "data-label"}
SKIPPED = {"script", "style", "code", "pre", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class InterfaceText(HTMLParser):
    """The words of a page the interface wrote: text and shown attributes, leaving out
    scripts, code and whatever is marked as written in another language (`lang`)."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # per open element: inside something left out?
        self.texts: list[str] = []

    @property
    def left_out(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        lang = attributes.get("lang")
        out = (
            self.left_out
            or tag in SKIPPED
            or (lang is not None and not lang.startswith(self.language) and tag != "html")
        )
        if not out:
            self.texts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]
        if tag not in VOID:
            self.stack.append(out)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.left_out and data.strip():
            self.texts.append(" ".join(data.split()))


SEARCHES = ["mixi", "nothing-matches-this"]


def written_content() -> str:
    """Everything editors, importers and readers wrote (searches too), as one text to
    search in."""
    values: list[str] = list(SEARCHES)
    for model, fields in (
        (Article, ["title", "excerpt", "body", "lang"]),
        (Platform, ["name", "country", "website"]),
        (Metric, ["name", "synonyms", "definition"]),
        (Source, ["name", "title", "url"]),
        (Fact, ["note"] if hasattr(Fact, "note") else []),
        (Comparison, ["caveat"]),
        (Tag, ["name", "slug"]),
        (Comment, ["author_name", "body"]),
        (User, ["first_name", "last_name", "username"]),
    ):
        for row in model.objects.values_list(*fields) if fields else []:
            values += [str(value) for value in row if value]
    return "\n".join(values)


def translated_words() -> set[str]:
    """Latin words the Japanese catalogue itself uses (SNS, Cookie, RSS…) and the
    names the site writes in every language."""
    text = "".join(re.findall(r'^msgstr "(.*)"$', CATALOGUE.read_text(), re.M))
    return {word.lower() for word in re.findall(r"[A-Za-z]+", text)} | {
        "snsblog", "rss", "atom", "csv", "json", "english",
    }  # fmt: skip


def untranslated(html: str, content: str, allowed: set[str]) -> list[str]:
    parser = InterfaceText("ja")
    parser.feed(html)
    found = []
    for text in parser.texts:
        for run in LATIN_RUN.findall(text):
            words = [w.lower() for w in re.findall(r"[A-Za-z]+", run)]
            if all(word in allowed for word in words):
                continue
            written = rf"(?<![A-Za-z]){re.escape(run.strip(' .'))}(?![A-Za-z])"
            if re.search(written, content, re.IGNORECASE):
                continue
            found.append(f"{run!r} in {text!r}")
    return found


@pytest.fixture
def japanese_pages(client, seed_article) -> dict[str, str]:
    """Every kind of public page, in Japanese, with a discussion on the article."""
    first = Comment.objects.create(
        article=seed_article, author_name="Reader One", author_email="one@example.com",
        body="Facebook's figure counts something else.", status=Comment.Status.APPROVED,
    )  # fmt: skip
    reply = Comment(
        article=seed_article, author_name="Reader Two", author_email="two@example.com",
        body="It does.", status=Comment.Status.APPROVED,
    )  # fmt: skip
    reply.attach_to(first, 5)
    reply.save()
    tag = Tag.objects.filter(fact__isnull=False).order_by("slug").first()
    paths = [
        "/ja/",
        f"/ja/articles/{seed_article.slug}/",
        f"/ja/tags/{tag.slug}/",
        "/ja/platforms/mixi/",
        "/ja/platforms/",
        "/ja/tags/",
        f"/ja/metrics/{Metric.objects.get(name='monthly active users').slug}/",
        "/ja/metrics/",
        "/ja/archive/",
        "/ja/archive/2012/",
        "/ja/archive/2012/12/",
        *(f"/ja/search/?q={words}" for words in SEARCHES),
        "/ja/privacy/",
        f"/ja/facts/{Fact.objects.order_by('pk').first().pk}/correct/",
        "/ja/no-such-page/",
    ]
    pages = {}
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == (404 if "no-such" in path else 200), path
        pages[path] = answer.content.decode()
    return pages


def test_no_english_is_left_on_a_japanese_page(japanese_pages):
    content, allowed = written_content(), translated_words()
    report = {
        path: found
        for path, html in japanese_pages.items()
        if (found := untranslated(html, content, allowed))
    }
    assert not report, "untranslated on Japanese pages:\n" + "\n".join(
        f"{path}: {', '.join(found)}" for path, found in report.items()
    )


def test_the_check_finds_a_string_nobody_marked(japanese_pages):
    """The test above fails on a new unmarked string (an English word in the page)."""
    html = japanese_pages["/ja/"].replace("</main>", "<p>Subscribe to our newsletter</p></main>")
    assert untranslated(html, written_content(), translated_words()) == [
        "'Subscribe to our newsletter' in 'Subscribe to our newsletter'"
    ]


def test_japanese_pages_name_their_language_and_their_english_twin(client, seed_article):
    html = client.get(f"/ja/articles/{seed_article.slug}/").content.decode()
    assert '<html lang="ja">' in html
    english = f"http://testserver/articles/{seed_article.slug}/"
    japanese = f"http://testserver/ja/articles/{seed_article.slug}/"
    assert f'<link rel="canonical" href="{japanese}">' in html
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in html
    assert f'<link rel="alternate" hreflang="ja" href="{japanese}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{english}">' in html
    assert "この記事のプラットフォームデータ" in html
    english_page = client.get(f"/articles/{seed_article.slug}/").content.decode()
    assert f'<link rel="canonical" href="{english}">' in english_page
    assert f'<link rel="alternate" hreflang="ja" href="{japanese}">' in english_page


def test_figures_and_dates_read_as_japanese_writes_them(client, seed_article):
    html = client.get(f"/ja/articles/{seed_article.slug}/").content.decode()
    for shown in ("1,402万人", "1,600万人超", "約2,000万人", "1億1,334万アカウント",
                  "2012年9月", "2012年12月1日", "約40%"):  # fmt: skip
        assert shown in html, shown
    english = client.get(f"/articles/{seed_article.slug}/").content.decode()
    for shown in ("14,020,000 users", "over 16,000,000 users", "about 20,000,000 users",
                  "September 2012", "1 December 2012"):  # fmt: skip
        assert shown in english, shown


def test_a_browser_that_prefers_japanese_gets_the_japanese_page(client, seed_article):
    path = f"/articles/{seed_article.slug}/?cpage=1"
    answer = client.get(path, HTTP_ACCEPT_LANGUAGE="ja-JP,ja;q=0.9,en;q=0.5")
    assert answer.status_code == 302
    assert answer["Location"] == f"/ja/articles/{seed_article.slug}/?cpage=1"
    assert "Accept-Language" in answer["Vary"]
    assert "Cookie" in answer["Vary"]
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.status_code == 200
    assert "Accept-Language" in english["Vary"]
    assert client.get(path).status_code == 200  # search engines send none


def test_the_readers_choice_is_remembered_and_wins(client, seed_article):
    answer = client.get("/language/ja/?next=/platforms/mixi/")
    assert (answer.status_code, answer["Location"]) == (302, "/ja/platforms/mixi/")
    cookie = answer.cookies["django_language"]
    assert cookie.value == "ja"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert client.get("/platforms/mixi/")["Location"] == "/ja/platforms/mixi/"
    back = client.get("/language/en/?next=/ja/platforms/mixi/")
    assert back["Location"] == "/platforms/mixi/"
    # English chosen, a Japanese browser: the choice wins.
    assert client.get("/platforms/mixi/", HTTP_ACCEPT_LANGUAGE="ja").status_code == 200


def test_the_language_links_refuse_what_is_not_theirs(client):
    assert client.get("/language/fr/?next=/").status_code == 404
    for elsewhere in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        answer = client.get("/language/ja/", {"next": elsewhere})
        assert answer["Location"] == "/ja/", elsewhere
    assert client.get("/language/ja/")["Location"] == "/ja/"


def test_the_language_links_work_without_javascript(client, seed_article):
    html = client.get(f"/articles/{seed_article.slug}/").content.decode()
    link = f'href="/language/ja/?next=/articles/{seed_article.slug}/">日本語</a>'
    assert link in html
    assert '<span lang="en" aria-current="true">English</span>' in html


def test_feeds_have_a_japanese_edition(client, seed_article):
    feed = client.get("/ja/feed/").content.decode()
    assert "<language>ja</language>" in feed
    assert "出典付きの数字で書いています" in feed
    assert f"http://testserver/ja/articles/{seed_article.slug}/" in feed
    comments = client.get(f"/ja/articles/{seed_article.slug}/comments/feed/").content.decode()
    assert f"「{seed_article.title}」へのコメント" in comments
    english = client.get("/feed/").content.decode()
    assert "<language>en</language>" in english
    assert "Writing about social networks" in english


def test_the_facts_download_speaks_the_interface_language(client, seed_article):
    japanese = client.get(f"/ja/articles/{seed_article.slug}/facts.csv").content.decode()
    header = japanese.lstrip("\ufeff").split("\r\n", 1)[0]
    assert header.startswith("ID,プラットフォーム,プラットフォームのスラッグ,指標,値,")
    assert "1,402万人" in japanese
    english = client.get(f"/articles/{seed_article.slug}/facts.csv").content.decode()
    assert english.lstrip("\ufeff").startswith("id,platform,platform_slug,metric,value,")
    # JSON keeps its keys, whatever the language.
    data = client.get(f"/ja/articles/{seed_article.slug}/facts.json").json()
    assert "display_value" in data["facts"][0]


def test_the_sitemap_lists_both_languages_with_their_alternates(client, seed_article):
    sitemap = client.get("/sitemap.xml").content.decode()
    english = f"http://testserver/articles/{seed_article.slug}/"
    japanese = f"http://testserver/ja/articles/{seed_article.slug}/"
    assert f"<loc>{english}</loc>" in sitemap
    assert f"<loc>{japanese}</loc>" in sitemap
    assert f'<xhtml:link rel="alternate" hreflang="ja" href="{japanese}"/>' in sitemap
    assert f'<xhtml:link rel="alternate" hreflang="x-default" href="{english}"/>' in sitemap
