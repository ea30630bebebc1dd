"""The comments under an article, as a reader sees them: paginated by thread,
built into a tree in Python from a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template import engines
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext_lazy

from articles.models import Article
from comments.models import Comment
from snsblog.fragments import fragments

RELATIVE_DATE_SECONDS = 600


@dataclass(slots=True)
class ShownComment:
    """What the discussion shows of a comment, read as a row: a page of 200 comments
    is built in half the time model instances take."""

    pk: int
    parent_id: int | None
    depth: int
    author_name: str
    author_url: str
    body_html: str
    status: str
    created_at: datetime.datetime

    @property
    def is_public(self) -> bool:
        return self.status == Comment.Status.APPROVED


DISPLAY_FIELDS = [
    "id", "parent_id", "depth", "author_name", "author_url", "body_html", "status", "created_at",
]  # fmt: skip


@dataclass
class Entry:
    """One comment in reading order, with what the template needs to nest it."""

    comment: ShownComment
    shown: bool
    public: bool
    has_replies: bool = False
    closes: range = range(0)
    created_iso: str = ""
    created_display: str = ""
    ago: str = ""

    @property
    def awaiting_moderation(self) -> bool:
        return self.shown and not self.public


@dataclass
class Discussion:
    count: int
    page: Page
    entries: list[Entry]


def thread_roots(article: Article, own_ids: list[int]) -> QuerySet[Comment]:
    """Top-level comments the reader may see, or whose replies they may see."""
    visible = Q(status=Comment.Status.APPROVED) | Q(pk__in=own_ids)
    has_visible_reply = Exists(
        Comment.objects.filter(thread=OuterRef("pk")).filter(
            Q(status=Comment.Status.APPROVED) | Q(pk__in=own_ids)
        )
    )
    return (
        Comment.objects.filter(article=article, parent=None)
        .filter(visible | has_visible_reply)
        .order_by("created_at", "id")
    )


def build_discussion(article: Article, own_ids: list[int], page_number) -> Discussion:
    """Three queries whatever the size of the discussion: the public count, the number
    of threads, and every comment of the threads on this page."""
    count = Comment.objects.public().filter(article=article).count()
    roots = thread_roots(article, own_ids).values("pk")
    per_page = settings.COMMENTS_PER_PAGE
    page = Paginator(roots, per_page).get_page(page_number)
    offset = (page.number - 1) * per_page
    page_roots = roots[offset : offset + per_page]
    rows = (
        Comment.objects.filter(Q(pk__in=page_roots) | Q(thread_id__in=page_roots))
        .order_by("created_at", "id")
        .values_list(*DISPLAY_FIELDS)
    )
    comments = [ShownComment(*row) for row in rows]
    return Discussion(count=count, page=page, entries=reading_order(comments, set(own_ids)))


def reading_order(comments: list[ShownComment], own_ids: set[int]) -> list[Entry]:
    """Depth-first order, oldest first at each level; hidden comments with visible
    replies stay as placeholders so the thread keeps its shape."""
    replies: dict[int | None, list[ShownComment]] = defaultdict(list)
    for comment in comments:
        replies[comment.parent_id].append(comment)

    def shown(comment: ShownComment) -> bool:
        return comment.is_public or comment.pk in own_ids

    keep: dict[int, bool] = {}

    def has_visible(comment: ShownComment) -> bool:
        visible = shown(comment)
        for reply in replies[comment.pk]:
            visible = has_visible(reply) or visible
        keep[comment.pk] = visible
        return visible

    roots = replies[None]
    for root in roots:
        has_visible(root)

    now = timezone.now()
    zone = timezone.get_current_timezone()
    japanese = get_language() == "ja"
    phrases: dict[tuple[int, int], str] = {}
    entries: list[Entry] = []
    stack = [root for root in reversed(roots) if keep[root.pk]]
    while stack:
        comment = stack.pop()
        children = [reply for reply in replies[comment.pk] if keep[reply.pk]]
        local = comment.created_at.astimezone(zone)
        entries.append(
            Entry(
                comment,
                shown(comment),
                comment.is_public,
                has_replies=bool(children),
                created_iso=local.isoformat(),
                created_display=comment_date(local, japanese),
                ago=time_ago(now - comment.created_at, phrases),
            )
        )
        stack.extend(reversed(children))
    for entry, following in pairwise([*entries, None]):
        if not entry.has_replies:
            next_depth = following.comment.depth if following else 0
            entry.closes = range(entry.comment.depth - next_depth)
    return entries


AGO_UNITS = [
    (365 * 86400, ngettext_lazy("%(count)d year ago", "%(count)d years ago", "count")),
    (30 * 86400, ngettext_lazy("%(count)d month ago", "%(count)d months ago", "count")),
    (7 * 86400, ngettext_lazy("%(count)d week ago", "%(count)d weeks ago", "count")),
    (86400, ngettext_lazy("%(count)d day ago", "%(count)d days ago", "count")),
    (3600, ngettext_lazy("%(count)d hour ago", "%(count)d hours ago", "count")),
    (60, ngettext_lazy("%(count)d minute ago", "%(count)d minutes ago", "count")),
]


def time_ago(delta: datetime.timedelta, phrases: dict | None = None) -> str:
    """“3 hours ago”: the largest whole unit, as readers say it (and as the browser's
    Intl.RelativeTimeFormat says it, in either language: static/js/comments.js).

    `phrases` keeps what was translated for one discussion: most of its comments
    share a phrase (“12 years ago”), which is then translated once, not per comment."""
    phrases = {} if phrases is None else phrases
    seconds = delta.total_seconds()
    for size, phrase in AGO_UNITS:
        if seconds >= size:
            key = (size, int(seconds // size))
            if key not in phrases:
                phrases[key] = str(phrase % {"count": key[1]})
            return phrases[key]
    return gettext("just now")


def comment_date(local: datetime.datetime, japanese: bool) -> str:
    """“7 Dec 2026, 14:30”; “2026年12月7日 14:30”."""
    if japanese:
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{local.day} {local:%b %Y, %H:%M}"


def page_of(comment: Comment, own_ids: list[int]) -> int:
    """The page of the discussion that holds a comment."""
    root_id = comment.thread_id or comment.pk
    root = Comment.objects.only("created_at").get(pk=root_id)
    earlier = thread_roots(comment.article, own_ids).filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, id__lt=root.pk)
    )
    return earlier.count() // settings.COMMENTS_PER_PAGE + 1


def requested_page(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def render_discussion(
    article: Article, own_ids: list[int], page_number: int, can_reply: bool
) -> tuple[str, int]:
    """The discussion's HTML and the number of pages it has."""
    discussion = build_discussion(article, own_ids, page_number)
    page_query = f"cpage={discussion.page.number}&" if discussion.page.number > 1 else ""
    # Words every comment repeats, translated once for the whole tree.
    labels = {"reply": gettext("Reply"), "comment_by": gettext("Comment by %(name)s")}
    context = {
        "discussion": discussion,
        "can_reply": can_reply,
        "page_query": page_query,
        "labels": labels,
    }
    html = engines["jinja2"].get_template("comments/discussion.jinja").render(context)
    return html, discussion.page.paginator.num_pages


def discussion_html(article: Article, own_ids: list[int], page_value, is_open: bool) -> bytes:
    """The rendered discussion as UTF-8, from the cache when the reader has nothing pending here.

    Cached per article and page under the article's comments_version, replaced by
    every change to its comments, so a cached discussion is never stale. Relative
    dates (“3 hours ago”) are rendered anew every RELATIVE_DATE_SECONDS in the same
    slot; the page script keeps them exact.
    """
    can_reply = is_open and settings.COMMENTS_MAX_DEPTH > 1
    number = requested_page(page_value)
    pending_here = own_ids and list(
        Comment.objects.filter(pk__in=own_ids, article=article)
        .exclude(status=Comment.Status.APPROVED)
        .values_list("pk", flat=True)
    )
    if pending_here:
        html, _ = render_discussion(article, pending_here, number, can_reply)
        return html.encode()

    version = str(article.comments_version)
    pages_slot = f"discussion:{article.pk}:pages"
    pages = fragments.get(pages_slot, version)
    if pages is not None:
        # Past the last page reads the last page: a slot per page that exists, no more.
        number = min(number, int(pages))
    slot = f"discussion:{article.pk}:page{number}:{'open' if can_reply else 'closed'}"
    html = fragments.get(slot, version, max_age=RELATIVE_DATE_SECONDS)
    if html is None:
        rendered, page_count = render_discussion(article, [], number, can_reply)
        html = rendered.encode()
        if number <= page_count:
            fragments.set(slot, version, html)
        fragments.set(pages_slot, version, str(page_count).encode())
    return html


def discussion_slots(article: Article) -> list[str]:
    """Every cache slot that can hold a page of this article's discussion."""
    pages = Comment.objects.filter(article=article, parent=None).count()
    pages = pages // settings.COMMENTS_PER_PAGE + 1
    slots = [f"discussion:{article.pk}:pages"]
    for number in range(1, pages + 1):
        slots += [f"discussion:{article.pk}:page{number}:{state}" for state in ("open", "closed")]
    return slots
