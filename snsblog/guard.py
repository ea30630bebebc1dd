"""The protections every form a reader posts goes through (a comment, a correction of
a fact), none of them calling an outside service: a signed, single-use token that
says when the form was shown, a hidden honeypot field, control characters refused in
addresses, and a rate limit per client address shared by every worker and server.

CSRF is Django's; size limits are the forms' max_length; link limits are each
form's rule (snsblog/text.py counts links), as the forms differ in what a link means.
"""

import fcntl
import hashlib
import os
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import models
from django.utils.translation import gettext_lazy as _

from snsblog.text import CONTROL

RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def make_form_token(target: models.Model, salt: str, issued_at: float | None = None) -> str:
    """A signed note of what the form is for and when it was shown, so a robot's instant
    post shows; the nonce makes each form's token unique, so it can be used once."""
    issued = int(time.time() if issued_at is None else issued_at)
    nonce = secrets.token_urlsafe(9)
    payload = {target._meta.model_name: target.pk, "issued": issued, "n": nonce}
    return signing.dumps(payload, salt=salt)


def refuse_control_characters(value: str) -> str:
    """Addresses are not retyped by us: one with a control character is refused."""
    if CONTROL.search(value):
        raise forms.ValidationError(
            _("Remove the invisible control characters from this field."), code="control"
        )
    return value


class GuardedForm(forms.Form):
    """A reader's form: its token checked in clean(), its honeypot read by the view.

    Subclasses set `token_salt`; what a reader is told when a post came too soon after
    the form was shown (`too_quick`), after too many posts (`too_fast`) or with a
    token already used (`already_used`); and, in __init__, `self.target`:
    the object the form was shown for, which its token names."""

    token_salt: str
    too_quick: str
    too_fast: str
    already_used: str
    target: models.Model

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def new_token(self) -> str:
        return make_form_token(self.target, self.token_salt)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            self.check_token(self.data.get("token", ""))
        return cleaned

    def check_token(self, token: str) -> None:
        name = self.target._meta.model_name
        try:
            issued = signing.loads(token, salt=self.token_salt)
            valid = issued[name] == self.target.pk and isinstance(issued["issued"], int)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            valid = False
        if not valid:
            self.add_error(
                None,
                _("This form could not be checked. Your text is kept below: post it again."),
            )
            return
        age = time.time() - issued["issued"]
        if age < settings.COMMENTS_MIN_SUBMIT_SECONDS:
            self.add_error(
                None,
                self.too_quick,
            )
        elif age > settings.COMMENTS_FORM_MAX_AGE_DAYS * 86400:
            self.add_error(
                None,
                _("This page was open for a long time. Your text is kept below: post it again."),
            )

    def refusal(self, ip_address: str | None) -> tuple[int, str] | None:
        """After the form is valid: the status and message of a post refused for
        coming too fast from its address (429) or repeating a used token (400)."""
        if over_rate_limit(ip_address):
            return 429, self.too_fast
        if form_already_used(self.data.get("token", "")):
            return 400, self.already_used
        return None

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    def prepare_for_retry(self) -> None:
        """Make a re-shown form postable again: a fresh token."""
        self.data = self.data.copy()
        self.data["token"] = self.new_token()


@dataclass(frozen=True)
class RateLimit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, rate: str) -> "RateLimit":
        """“5/m” is five per minute; “20/h”, “100/d” and “1/s” work the same way."""
        count, _, period = rate.partition("/")
        return cls(int(count), RATE_PERIODS[period.strip().lower()[:1]])


def over_rate_limit(ip_address: str | None) -> bool:
    """Count one post from this address; True (and not counted) when it is over the
    limit (COMMENTS_RATE_LIMIT, for comments and corrections together).

    A sliding window: the posts of the current fixed window plus those of the
    previous one, weighted by how much of it still lies within the last period.
    A burst straddling a window boundary therefore cannot pass twice the limit,
    as it could with fixed windows. The counts live in the shared cache, so every
    worker and app server sees them, and are incremented atomically: Redis's INCR,
    or under a file lock with the file cache, whose incr() is a read and a write.
    """
    if not settings.COMMENTS_RATE_LIMIT:
        return False
    limit = RateLimit.parse(settings.COMMENTS_RATE_LIMIT)
    window, elapsed = divmod(time.time(), limit.seconds)
    key = f"comments:rate:{ip_address or 'unknown'}:"
    current = key + str(int(window))
    with shared_cache_lock():
        posts = increment(current, timeout=2 * limit.seconds + 1)
        before = cache.get(key + str(int(window) - 1), 0)
        over = before * (1 - elapsed / limit.seconds) + posts > limit.count
        if over:
            # Only accepted posts count: a reader who waits is let through again.
            cache.decr(current)
    return over


def increment(key: str, timeout: int) -> int:
    for _attempt in range(3):
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr(): add it again
            continue
    raise RuntimeError(f"could not count {key}")


@contextmanager
def shared_cache_lock():
    """Serialise read-modify-write steps on the file cache across processes; a no-op
    on caches whose counters are atomic (Redis)."""
    backend = caches["default"]
    if not isinstance(backend, FileBasedCache):
        yield
        return
    os.makedirs(backend._dir, exist_ok=True)
    with open(os.path.join(backend._dir, "counters.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def form_already_used(token: str) -> bool:
    """Mark a form's token as used; True when it already was, so one form (with its
    CSRF pair) cannot be replayed to post again and again."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    timeout = settings.COMMENTS_FORM_MAX_AGE_DAYS * 86400 + 60
    return not cache.add(f"comments:form-used:{digest}", 1, timeout=timeout)
