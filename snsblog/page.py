"""The article page, put together from cached fragments and a few per-reader parts.

Rendering the page through nested templates would copy its big parts (the
article with its facts and charts, the comment tree) at every level of
nesting, on every request. Instead the page is a *shell* with markers, and the
fragments are spliced into it in one pass:

- the article fragment is rendered once per version of the article;
- the discussion fragment once per version of its comments (comments/discussion.py);
- the shell itself (base layout, comment form) is cached too while the reader has
  nothing of their own in it, with markers for the only per-request values: the
  CSRF token and the form's signed timestamp.

Fragments are kept in versioned slots (snsblog/fragments.py), so no process
ever serves a fragment older than what the database says it shows.
"""

import re
import secrets
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse

from articles.charts import article_charts
from articles.exports import json_ld
from articles.models import Article, Comparison
from comments.discussion import discussion_slots
from comments.forms import make_form_token
from comments.section import comments_section
from snsblog.fragments import fragments
from snsblog.site import absolute, base_url

MARKER = re.compile(rb"\xee\x80\x80(\w+)\xee\x80\x81")


def marker(name: str) -> str:
    """A stand-in for a part of the page: private-use characters that no escaping changes."""
    return f"\ue000{name}\ue001"


def splice(shell: bytes | str, parts: dict[str, bytes]) -> list[bytes]:
    """The shell with each marker replaced by its part, as chunks to send without joining."""
    chunks = MARKER.split(shell.encode() if isinstance(shell, str) else shell)
    for index in range(1, len(chunks), 2):
        name = chunks[index].decode()
        chunks[index] = parts.get(name, marker(name).encode())
    return chunks


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
    with fragments.deferred_writes() as pending:
        chunks = article_page(request, article, comment_form)
    return PageResponse(chunks, pending, status=status)


class PageResponse(HttpResponse):
    """A page whose new fragments reach the shared cache once it has been sent: the
    WSGI server closes a response after its last byte (gunicorn, runserver and the
    test client alike)."""

    def __init__(self, content, pending: dict, **kwargs) -> None:
        super().__init__(content, **kwargs)
        self.pending = pending

    def close(self) -> None:
        try:
            if self.pending:
                fragments.store(self.pending)
        finally:
            super().close()


def article_page(request: HttpRequest, article: Article, comment_form) -> list[bytes]:
    section, discussion = comments_section(request, article, comment_form)
    section = {**section, **head_urls(request, article)}
    if section["personal"] or not article.is_public:
        # The page holds the reader's own text, which could spell a marker: these
        # markers carry a random suffix that no reader can guess.
        suffix = secrets.token_hex(8)
        context = {"article": article, "fragments": markers(suffix), **section}
        context["refused"] = comment_form is not None
        discussion = place_reply_form(request, context, discussion)
        shell = render_to_string("articles/article_detail.html", context, request=request)
        parts = {
            f"article{suffix}": article_content(article, base_url(request)),
            f"discussion{suffix}": discussion,
        }
    else:
        context = {"article": article, "fragments": markers(), **section}
        shell = cached_shell(request, article, context)
        parts = {
            "discussion": discussion,
            "csrf": get_token(request).encode(),
            "token": make_form_token(article).encode(),
        }
    return splice(shell, parts)


def place_reply_form(request: HttpRequest, context: dict, discussion: bytes) -> bytes:
    """A reply form (asked for without JavaScript, or refused) goes under the comment it
    answers, when that comment is on this page of the discussion; else it stays at the end."""
    reply_to = context.get("reply_to")
    if reply_to is None or not context["is_open"]:
        return discussion
    slot = f"<!--reply-form-{reply_to.pk}-->".encode()
    if slot not in discussion:
        return discussion
    form = render_to_string("comments/form.html", context, request=request).encode()
    context["form_placed"] = True
    return discussion.replace(slot, form, 1)


def head_urls(request: HttpRequest, article: Article) -> dict[str, str]:
    """The page's canonical address and share card (whichever URL rendered it: the
    comment views show the page too)."""
    card = reverse("articles:card", kwargs={"slug": article.slug})
    return {
        "canonical_url": absolute(article.get_absolute_url(), request),
        "share_card_url": absolute(f"{card}?v={article.content_version}", request),
        "share_card_alt": f"{article.title}: title and headline chart",
    }


def markers(suffix: str = "") -> dict[str, str]:
    return {name: marker(name + suffix) for name in ("article", "discussion")}


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
        slots += discussion_slots(article)
    fragments.forget(slots)
