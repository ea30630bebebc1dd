"""The comments under an article, as a reader sees them: paginated by thread,
built into a tree in Python from a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from articles.models import Article
from comments.models import Comment

DISPLAY_FIELDS = [
    "id", "article_id", "parent_id", "thread_id", "depth", "author_name", "author_url",
    "body_html", "status", "created_at",
]  # fmt: skip


@dataclass
class Entry:
    """One comment in reading order, with what the template needs to nest it."""

    comment: Comment
    shown: bool
    has_replies: bool = False
    closes: range = range(0)

    @property
    def awaiting_moderation(self) -> bool:
        return self.shown and not self.comment.is_public


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
    comments = list(
        Comment.objects.filter(Q(pk__in=page_roots) | Q(thread_id__in=page_roots))
        .only(*DISPLAY_FIELDS)
        .order_by("created_at", "id")
    )
    return Discussion(count=count, page=page, entries=reading_order(comments, set(own_ids)))


def reading_order(comments: list[Comment], own_ids: set[int]) -> list[Entry]:
    """Depth-first order, oldest first at each level; hidden comments with visible
    replies stay as placeholders so the thread keeps its shape."""
    replies: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        replies[comment.parent_id].append(comment)

    def shown(comment: Comment) -> bool:
        return comment.is_public or comment.pk in own_ids

    keep: dict[int, bool] = {}

    def has_visible(comment: Comment) -> bool:
        visible = shown(comment)
        for reply in replies[comment.pk]:
            visible = has_visible(reply) or visible
        keep[comment.pk] = visible
        return visible

    roots = replies[None]
    for root in roots:
        has_visible(root)

    entries: list[Entry] = []
    stack = [root for root in reversed(roots) if keep[root.pk]]
    while stack:
        comment = stack.pop()
        children = [reply for reply in replies[comment.pk] if keep[reply.pk]]
        entries.append(Entry(comment, shown(comment), has_replies=bool(children)))
        stack.extend(reversed(children))
    for entry, following in pairwise([*entries, None]):
        if not entry.has_replies:
            next_depth = following.comment.depth if following else 0
            entry.closes = range(entry.comment.depth - next_depth)
    return entries


def page_of(comment: Comment, own_ids: list[int]) -> int:
    """The page of the discussion that holds a comment."""
    root_id = comment.thread_id or comment.pk
    root = Comment.objects.only("created_at").get(pk=root_id)
    earlier = thread_roots(comment.article, own_ids).filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, id__lt=root.pk)
    )
    return earlier.count() // settings.COMMENTS_PER_PAGE + 1
