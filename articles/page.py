"""The article page: the article's fragment, the discussion under it and a shell around
them, put together by the page machinery (snsblog/page.py).

- the article fragment (header, body, charts, facts table) is rendered once per
  version of the article;
- the discussion comes from the comments app, through the small interface below
  (`Discussion`), which settings.ARTICLE_DISCUSSION names: this app never imports
  the comments app, which builds on it;
- the shell itself (base layout, comment form) is cached too while the reader has
  nothing of their own in it, with markers for the only per-request values: the
  CSRF token and the form's signed timestamp.

Fragments are kept in versioned slots (snsblog/fragments.py), so no process ever
serves a fragment older than what the database says it shows.
"""

import secrets
from collections.abc import Iterable
from functools import cache
from typing import Protocol

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from articles.charts.layout import article_charts
from articles.exports import json_ld
from articles.models import Article, Comparison
from snsblog.addresses import address
from snsblog.fragments import fragments
from snsblog.languages import alternates
from snsblog.page import marker, markers, page_response, splice
from snsblog.site import absolute, base_url

PARTS = ("article", "discussion")


class Discussion(Protocol):
    """What the article page needs from the comments under it."""

    def section(self, request: HttpRequest, article: Article, form) -> tuple[dict, bytes]:
        """The comment form's template context (with "personal", "form", "is_open",
        "reply_to") and the discussion's HTML; `form` is a refused form, or None."""

    def form_token(self, article: Article) -> str:
        """The comment form's signed timestamp, filled into the cached shell per request."""

    def place_reply_form(self, request: HttpRequest, context: dict, html: bytes) -> bytes:
        """The discussion with the reader's reply form under the comment it answers."""

    def slots(self, article: Article) -> list[str]:
        """Every fragment slot the discussion of this article can fill."""


@cache
def discussion() -> Discussion:
    return import_string(settings.ARTICLE_DISCUSSION)


def article_content(article: Article, base: str) -> bytes:
    """Header, body, charts and facts table: rendered once per version of the article
    (and address of the site, which its JSON-LD carries: snsblog/site.py)."""
    slot, version = f"article:{article.pk}:content", f"{article.content_version}:{base}"
    content = fragments.get(slot, version)
    if content is None:
        # Body and rendered body in one query: the page's own query leaves both out.
        article.refresh_from_db(fields=["body", "body_html"])
        facts = list(article.facts.with_details())
        context = {
            "article": article,
            "facts": facts,
            "charts": article_charts(
                facts, Comparison.objects.among({fact.metric_id for fact in facts})
            ),
            "json_ld": json_ld(article, facts, base),
        }
        content = render_to_string("articles/_article_content.html", context).encode()
        fragments.set(slot, version, content)
    return content


def render_article(
    request: HttpRequest, article: Article, status: int = 200, comment_form=None
) -> HttpResponse:
    """The article page; the comments views also use it to show a refused comment again."""
    return page_response(lambda: article_page(request, article, comment_form), status=status)


def article_page(request: HttpRequest, article: Article, comment_form) -> list[bytes]:
    section, html = discussion().section(request, article, comment_form)
    section = {**section, **head_urls(request, article)}
    if section["personal"] or not article.is_public:
        # The page holds the reader's own text, which could spell a marker: these
        # markers carry a random suffix that no reader can guess.
        suffix = secrets.token_hex(8)
        context = {"article": article, "fragments": markers(PARTS, suffix), **section}
        context.update(language_addresses(request, article))
        context["refused"] = comment_form is not None
        html = discussion().place_reply_form(request, context, html)
        shell = render_to_string("articles/article_detail.html", context, request=request)
        parts = {
            f"article{suffix}": article_content(article, base_url(request)),
            f"discussion{suffix}": html,
        }
    else:
        context = {"article": article, "fragments": markers(PARTS), **section}
        shell = cached_shell(request, article, context)
        parts = {
            "discussion": html,
            "csrf": get_token(request).encode(),
            "token": discussion().form_token(article).encode(),
        }
    return splice(shell, parts)


def head_urls(request: HttpRequest, article: Article) -> dict[str, str]:
    """The page's canonical address and share card: the article's, whichever URL
    rendered it (the comment views show the page too)."""
    card = address("articles:card", article.slug)
    return {
        "canonical_url": absolute(article.get_absolute_url(), request),
        "share_card_url": absolute(f"{card}?v={article.content_version}", request),
        "share_card_alt": f"{article.title}: title and headline chart",
    }


def language_addresses(request: HttpRequest, article: Article) -> dict:
    """The article's address in each language (hreflang and the language links), for
    a shell being rendered: a refused comment is shown at the address it was posted
    to, which only takes POST."""
    path = article.get_absolute_url()
    return {
        "page_path": path,
        "language_alternates": [(code, absolute(url, request)) for code, url in alternates(path)],
    }


def cached_shell(request: HttpRequest, article: Article, context: dict) -> bytes:
    """The page as every reader without a form of their own sees it, article included."""
    state = "open" if context["is_open"] else "closed"
    others = (
        getattr(article, "public_signature", None)
        or Article.objects.for_page(article.slug).public_signature
    )
    base = base_url(request)
    slot = f"article:{article.pk}:shell:{state}"
    version = f"{article.content_version}:{others}:{base}"
    shell = fragments.get(slot, version)
    if shell is None:
        # Only editors' text is in this shell, never a reader's.
        context["form"].fields["token"].initial = marker("token")
        context["csrf_token"] = marker("csrf")
        context.update(language_addresses(request, article))
        page = render_to_string("articles/article_detail.html", context, request=request)
        shell = b"".join(splice(page, {"article": article_content(article, base)}))
        fragments.set(slot, version, shell)
    return shell


def forget_pages(articles: Iterable[Article]) -> None:
    """Delete every cached fragment of these articles' pages, wherever it is stored
    (for erasure: a new version alone leaves the old text in the cache until it expires)."""
    slots = []
    for article in articles:
        slots += [f"article:{article.pk}:content"]
        slots += [f"article:{article.pk}:shell:{state}" for state in ("open", "closed")]
        slots += discussion().slots(article)
    fragments.forget(slots)
