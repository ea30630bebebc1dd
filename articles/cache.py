"""Cached fragments of the article page, and the versions that keep them fresh.

A fragment's key holds its article's version, a random UUID kept in the
database. Anything that changes what the fragment shows replaces the version,
so the next request asks for a new key: no fragment is ever served stale,
whichever process renders it, and none needs a timeout to become right.
"""

import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Fact, Platform, Source
from articles.search import refresh_search_text


def article_content_key(article: Article) -> str:
    return f"article:{article.pk}:content:v{article.content_version}"


def bump_content(article_ids: Iterable[int]) -> None:
    """What the article page shows changed: new version, and the article counts as updated."""
    Article.objects.filter(pk__in=list(article_ids)).update(
        content_version=uuid.uuid4(), updated_at=timezone.now()
    )


def bump_comments(article_ids: Iterable[int]) -> None:
    Article.objects.filter(pk__in=list(article_ids)).update(comments_version=uuid.uuid4())


class FragmentCache:
    """Rendered fragments (UTF-8 bytes, ready to send) under versioned keys: this
    process's memory first, then the shared cache.

    A versioned key always names the same content, so keeping a copy in process
    memory cannot make it stale; the copy only saves reading and unpickling it.
    Memory is bounded: the least recently used fragments go first.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
                return value
        value = cache.get(key)
        if value is not None:
            self.remember(key, value)
        return value

    def set(self, key: str, value: bytes) -> None:
        cache.set(key, value, timeout=None)
        self.remember(key, value)

    def remember(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes // 4:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = value
            self.size += len(value)
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


fragments = FragmentCache(settings.FRAGMENT_MEMORY_BYTES)


def content_changed(article_ids: Iterable[int]) -> None:
    """What these articles show changed: new cache versions, fresh search text."""
    article_ids = set(article_ids)
    bump_content(article_ids)
    refresh_search_text(article_ids)


def fact_changed(sender, instance: Fact, **kwargs) -> None:
    content_changed([instance.article_id])


def tags_changed(sender, instance, action: str, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Article):
        content_changed([instance.pk])
    elif isinstance(instance, Fact):
        content_changed([instance.article_id])


def tag_renamed(sender, instance: Tag, created: bool, **kwargs) -> None:
    if created:
        return
    tagged = TaggedItem.objects.filter(tag=instance)
    content_changed(
        Article.objects.filter(
            Q(pk__in=tagged.filter(content_type__model="article").values("object_id"))
            | Q(facts__in=tagged.filter(content_type__model="fact").values("object_id"))
        ).values_list("pk", flat=True)
    )


def fact_source_changed(sender, instance: Platform | Source, created: bool, **kwargs) -> None:
    if created:
        return
    content_changed(instance.facts.values_list("article_id", flat=True))


def connect_signals() -> None:
    post_save.connect(fact_changed, sender=Fact, dispatch_uid="articles.cache.fact_saved")
    post_delete.connect(fact_changed, sender=Fact, dispatch_uid="articles.cache.fact_deleted")
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid="articles.cache.tags")
    post_save.connect(tag_renamed, sender=Tag, dispatch_uid="articles.cache.tag")
    for model in (Platform, Source):
        post_save.connect(
            fact_source_changed, sender=model, dispatch_uid=f"articles.cache.{model.__name__}"
        )
