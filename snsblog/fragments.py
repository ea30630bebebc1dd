"""The fragment cache behind the article page, shared by the articles and comments apps.

A fragment is stored in a *slot*: one key per part of one article's page (its
content, its page shell, each page of its discussion), whatever version it holds.
The value carries the version it was rendered for, a random UUID kept in the
database (`Article.content_version`, `Article.comments_version`). A read names the
version it needs and gets nothing when the slot holds another one, so:

- no process ever serves a fragment older than the database says, whichever
  process rendered it;
- the number of keys per article is bounded (a new version overwrites its slot
  instead of adding a key), and every key expires after FRAGMENT_TIMEOUT, so the
  shared cache cannot grow for ever (Redis: see docs/deployment.md for maxmemory-policy);
- erasing a person's data can delete the slots that hold it (`forget`).

Keys carry the language the fragment was rendered in (the interface is in English
and Japanese), and a fingerprint of the settings that change how a page renders
(DEBUG, static files, the comment settings, ...), so `make run` and `make serve`
from one checkout never serve each other's fragments; the cache's KEY_PREFIX
carries the release, so a deploy never serves the previous code's.

Each process also keeps recently used fragments in memory (bounded, least
recently used first) under the same slot and version check.

A page can defer its writes to the shared cache until it has been sent
(`deferred_writes`, snsblog/page.py): storing a freshly rendered page's fragments
(pickled, compressed, written) took an eighth of its cold render, which the reader
no longer waits for. This process's memory has them at once.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

# Settings that change the HTML of a page or fragment.
RENDER_SETTINGS = (
    "DEBUG", "STATIC_URL", "STORAGES", "SITE_URL", "TIME_ZONE", "LANGUAGE_CODE", "USE_TZ",
    "COMMENTS_MODERATION", "COMMENTS_MAX_DEPTH", "COMMENTS_PER_PAGE", "COMMENTS_MAX_LINKS",
    "COMMENTS_CLOSE_AFTER_DAYS", "COMMENTS_IP_RETENTION_DAYS", "COMMENTS_FORM_MAX_AGE_DAYS",
)  # fmt: skip


def render_fingerprint() -> str:
    """A digest of the settings that change how pages render."""
    values = repr([(name, getattr(settings, name, None)) for name in RENDER_SETTINGS])
    return hashlib.sha256(values.encode()).hexdigest()[:10]


Stored = tuple[str, float, bytes]  # version, time rendered, UTF-8 HTML


class FragmentCache:
    """Rendered fragments (UTF-8 bytes, ready to send) in versioned slots: this
    process's memory first, then the shared cache."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, Stored] = OrderedDict()
        self.lock = threading.Lock()
        self.local = threading.local()

    @staticmethod
    def key(slot: str, language: str | None = None) -> str:
        return f"fragment:{render_fingerprint()}:{language or get_language()}:{slot}"

    def get(self, slot: str, version: str, max_age: float | None = None) -> bytes | None:
        """The fragment in `slot` if it was rendered for `version` (and, with max_age,
        less than max_age seconds ago); None otherwise."""
        key = self.key(slot)
        with self.lock:
            stored = self.entries.get(key)
            if stored is not None:
                self.entries.move_to_end(key)
        if stored is None or not self.fresh(stored, version, max_age):
            stored = cache.get(key)
            if stored is None or not self.fresh(stored, version, max_age):
                return None
            self.remember(key, stored)
        return stored[2]

    @staticmethod
    def fresh(stored: Stored, version: str, max_age: float | None) -> bool:
        if stored[0] != version:
            return False
        return max_age is None or time.time() - stored[1] < max_age

    def set(self, slot: str, version: str, value: bytes) -> None:
        key = self.key(slot)
        stored = (version, time.time(), value)
        pending = getattr(self.local, "pending", None)
        if pending is None:
            cache.set(key, stored, timeout=settings.FRAGMENT_TIMEOUT)
        else:
            pending[key] = stored
        self.remember(key, stored)

    @contextmanager
    def deferred_writes(self) -> Iterator[dict[str, Stored]]:
        """Within this block, writes to the shared cache are collected, not made:
        pass what it yields to `store` once the response is sent."""
        self.local.pending = pending = {}
        try:
            yield pending
        finally:
            self.local.pending = None

    def store(self, pending: dict[str, Stored]) -> None:
        """Write deferred fragments to the shared cache. A failure loses nothing the
        database holds: the next request renders them again."""
        try:
            cache.set_many(pending, timeout=settings.FRAGMENT_TIMEOUT)
        except Exception:
            logger.exception("page fragments could not be stored in the shared cache")

    def forget(self, slots: Iterable[str]) -> None:
        """Delete slots, in every language, everywhere this process can reach: its
        memory and the shared cache."""
        keys = [self.key(slot, code) for slot in slots for code, _ in settings.LANGUAGES]
        cache.delete_many(keys)
        with self.lock:
            for key in keys:
                stored = self.entries.pop(key, None)
                if stored is not None:
                    self.size -= len(stored[2])

    def remember(self, key: str, stored: Stored) -> None:
        if len(stored[2]) > self.max_bytes // 4:
            return
        with self.lock:
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= len(previous[2])
            self.entries[key] = stored
            self.size += len(stored[2])
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


fragments = FragmentCache(settings.FRAGMENT_MEMORY_BYTES)
